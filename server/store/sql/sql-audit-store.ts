/**
 * The audit trail's tables (migration 0005): the log entries of projected hall-days, replaced with
 * the day's facts, and the security events, appended. Neither is edited but by the retention purge,
 * which blanks what is personal and keeps who did what and when.
 */
import type { Kysely } from 'kysely';
import { FREE_TEXT_REASONS, type AuditFilter, type LogAction, type LogAuditEntry } from '../../core/audit';
import type { HallDayKey } from '../../core/hall-day';
import type { AuditStore, LogPosition, SecurityPosition } from '../../core/ports';
import type { SecurityAction, SecurityEvent } from '../../core/security';
import { chunks } from './chunks';
import type { ArchiveSchema, AuditEntriesTable, SecurityEventsTable } from './schema';

function logEntryOf(r: AuditEntriesTable): LogAuditEntry {
	return { hall: r.hall, day: r.day, seq: r.seq, at: Number(r.at), action: r.action as LogAction, actor: r.actor, ticket: r.ticket, counter: r.counter, reason: r.reason, detail: r.detail };
}

function securityEventOf(r: SecurityEventsTable): SecurityEvent {
	return { id: r.id, hall: r.hall, day: r.day, at: Number(r.at), action: r.action as SecurityAction, actor: r.actor, subject: r.subject, client: r.client, detail: r.detail };
}

export class SqlAuditStore implements AuditStore {
	constructor(private readonly db: () => Kysely<ArchiveSchema>) {}

	async saveLogEntries(key: HallDayKey, entries: readonly LogAuditEntry[]): Promise<void> {
		for (const e of entries) if (e.hall !== key.hall || e.day !== key.day) throw new RangeError(`audit entry ${e.hall}:${e.day}#${e.seq} cannot be saved with ${key.hall}:${key.day}`);
		const rows: AuditEntriesTable[] = entries.map((e) => ({ hall: e.hall, day: e.day, seq: e.seq, at: e.at, action: e.action, actor: e.actor, ticket: e.ticket, counter: e.counter, reason: e.reason, detail: e.detail }));
		await this.db()
			.transaction()
			.execute(async (trx) => {
				await trx.deleteFrom('audit_entries').where('hall', '=', key.hall).where('day', '=', key.day).execute();
				for (const chunk of chunks(rows, 10)) await trx.insertInto('audit_entries').values(chunk).execute();
			});
	}

	async logEntries(filter: AuditFilter, after: LogPosition | null, limit: number, exceptDays: readonly string[]): Promise<LogAuditEntry[]> {
		let q = this.db().selectFrom('audit_entries').selectAll().where('hall', '=', filter.hall).where('day', '>=', filter.from).where('day', '<=', filter.to);
		if (after) q = q.where((eb) => eb.or([eb('day', '>', after.day), eb.and([eb('day', '=', after.day), eb('seq', '>', after.seq)])]));
		if (exceptDays.length > 0) q = q.where('day', 'not in', [...exceptDays]);
		if (filter.actor !== undefined) q = q.where('actor', '=', filter.actor);
		if (filter.ticket !== undefined) q = q.where('ticket', '=', filter.ticket);
		const action = filter.action;
		// One code, or a family (`auth` → every `auth.` code).
		if (action !== undefined) q = q.where((eb) => eb.or([eb('action', '=', action), eb('action', 'like', `${action}.%`)]));
		const rows = await q.orderBy('day').orderBy('seq').limit(limit).execute();
		return rows.map(logEntryOf);
	}

	async securityEvents(filter: AuditFilter, after: SecurityPosition | null, limit: number): Promise<SecurityEvent[]> {
		// Security events name no ticket.
		if (filter.ticket !== undefined) return [];
		let q = this.db().selectFrom('security_events').selectAll().where('hall', '=', filter.hall).where('day', '>=', filter.from).where('day', '<=', filter.to);
		if (after) q = q.where((eb) => eb.or([eb('at', '>', after.at), eb.and([eb('at', '=', after.at), eb('id', '>', after.id)])]));
		const actor = filter.actor;
		if (actor !== undefined) q = q.where((eb) => eb.or([eb('actor', '=', actor), eb('subject', '=', actor)]));
		const action = filter.action;
		// One code, or a family (`auth` → every `auth.` code).
		if (action !== undefined) q = q.where((eb) => eb.or([eb('action', '=', action), eb('action', 'like', `${action}.%`)]));
		const rows = await q.orderBy('at').orderBy('id').limit(limit).execute();
		return rows.map(securityEventOf);
	}

	async record(e: SecurityEvent): Promise<boolean> {
		const r = await this.db()
			.insertInto('security_events')
			.values({ id: e.id, hall: e.hall, day: e.day, at: e.at, action: e.action, actor: e.actor, subject: e.subject, client: e.client, detail: e.detail })
			.onConflict((oc) => oc.column('id').doNothing())
			.executeTakeFirst();
		return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
	}

	async latestSecurityEvent(hall: string, action: SecurityAction): Promise<SecurityEvent | null> {
		const row = await this.db().selectFrom('security_events').selectAll().where('hall', '=', hall).where('action', '=', action).orderBy('at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
		return row ? securityEventOf(row) : null;
	}

	async purge(identityBefore: string, dryRun: boolean): Promise<{ entries: number; securityEvents: number }> {
		const db = this.db();
		const freeText = [...FREE_TEXT_REASONS];
		if (dryRun) {
			const [entries, events] = await Promise.all([
				db
					.selectFrom('audit_entries')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('day', '<', identityBefore)
					.where('action', 'in', freeText)
					.where('reason', 'is not', null)
					.executeTakeFirst(),
				db
					.selectFrom('security_events')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('day', '<', identityBefore)
					.where('client', 'is not', null)
					.executeTakeFirst()
			]);
			return { entries: Number(entries?.n ?? 0), securityEvents: Number(events?.n ?? 0) };
		}
		const entries = await db.updateTable('audit_entries').set({ reason: null }).where('day', '<', identityBefore).where('action', 'in', freeText).where('reason', 'is not', null).executeTakeFirst();
		const events = await db.updateTable('security_events').set({ client: null }).where('day', '<', identityBefore).where('client', 'is not', null).executeTakeFirst();
		return { entries: Number(entries.numUpdatedRows), securityEvents: Number(events.numUpdatedRows) };
	}
}
