/**
 * The archive (ArchiveStore) over the relational store: one Kysely implementation for SQLite and
 * PostgreSQL, schema in migrations.ts.
 *
 * - `copyEvents` is idempotent: `insert … on conflict do nothing`, in statements of ≤ 500 rows, one
 *   transaction per call; the day is created as `copying`. A copy that would leave a gap (first seq
 *   beyond lastSeq + 1, or events out of order) is refused.
 * - Status moves forward only: copying → verified → projected → dropped. `markVerified` never takes
 *   a projected or dropped day back (it leaves it as it is); `saveFacts` needs a verified (or later)
 *   day and keeps `dropped`; `markDropped` needs a projected day (a day dropped unprojected would
 *   never get its facts).
 * - `saveFacts` replaces the day's tickets, sessions and rollups in one transaction.
 * - Reads give back exactly the objects saved (nulls, booleans, arrays), ordered by code unit in
 *   JS after the SQL `order by`: a PostgreSQL database with a linguistic collation orders text
 *   otherwise than SQLite, and both engines must answer alike (the sort costs O(n) on sorted input).
 * - `purge` works day by day, one transaction each, over projected or dropped days only (a day
 *   still being copied or verified must keep equalling the live log). `tickets` in its report
 *   counts ticket facts; `events` counts event rows; `days`, days with either.
 *
 * SQLite note: Kysely opens SQLite transactions with a deferred BEGIN, and a deferred transaction
 * that reads before it writes fails with SQLITE_BUSY (no wait) when another connection committed
 * meanwhile. Every write transaction here therefore starts with a write.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { HallEvent, StoredEvent } from '../../core/events';
import { hallDayId, type HallDayKey } from '../../core/hall-day';
import { ARCHIVE_STATUSES, type ArchivedDay, type ArchiveStatus, type ArchiveStore, type PurgePlan, type PurgeReport, type ServedByService, type SessionTotal } from '../../core/ports';
import { PROJECTION_VERSION, type ServingSums, type CounterSession, type DailyRollup, type DailyTotal, type DayFacts, type FactOutcome, type Measures, type Serving, type TicketChannel, type TicketFact } from '../../core/facts';
import { addSums, emptySums, sumsOf } from '../../core/serving-sums';
import { wholeMonths } from '../../core/report-period';
import type { FinishOutcome, PriorityClass } from '../../core/model';
import { SqlAssessmentStore } from './sql-assessment-store';
import { SqlAuditStore } from './sql-audit-store';
import { SqlConfigStore } from './sql-config-store';
import { SqlDeviceTokenStore } from './sql-device-token-store';
import { chunks, columnsOf } from './chunks';
import { selectedColumns, SUM_COLUMN_NAMES, sumColumns, toSums } from './sum-columns';
import { openRelationalDb, type RelationalDb, type RelationalEngine, type RelationalTarget } from './database';
import { migrateToLatest } from './migrations';
import type { ArchiveDaysTable, ArchiveEventsTable, ArchiveSchema, CounterSessionsTable, DailyRollupsTable, DailySessionTotalsTable, DailyTotalsTable, MonthlyRollupsTable, MonthlyTotalsTable, TicketFactsTable } from './schema';

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

type Db = Kysely<ArchiveSchema>;

function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function checkDay(name: string, day: string): void {
	if (!DAY_PATTERN.test(day)) throw new RangeError(`${name} must be a day (YYYY-MM-DD), got "${day}"`);
}

function flag(value: boolean | null): number | null {
	return value === null ? null : value ? 1 : 0;
}

function unflag(value: number | null): boolean | null {
	return value === null ? null : value !== 0;
}

function toDay(row: Selectable<ArchiveDaysTable>): ArchivedDay {
	if (!(ARCHIVE_STATUSES as readonly string[]).includes(row.status)) throw new Error(`archive day ${row.hall}:${row.day} has an unknown status "${row.status}"`);
	return {
		hall: row.hall,
		day: row.day,
		status: row.status as ArchiveStatus,
		events: row.events,
		digest: row.digest,
		closedAt: row.closed_at,
		verifiedAt: row.verified_at,
		projectedAt: row.projected_at,
		droppedAt: row.dropped_at,
		purgedAt: row.purged_at,
		projection: row.projected_at === null ? null : row.projection
	};
}

function eventRow(key: HallDayKey, e: StoredEvent): ArchiveEventsTable {
	const { seq, ...event } = e;
	return { hall: key.hall, day: key.day, seq, type: event.type, at: event.at, body: JSON.stringify(event) };
}

function toStored(row: { seq: number; body: string }): StoredEvent {
	return { ...(JSON.parse(row.body) as HallEvent), seq: row.seq };
}

function ticketRow(f: TicketFact): TicketFactsTable {
	const r = f.rating;
	return {
		hall: f.hall,
		day: f.day,
		ticket: f.ticket,
		issued_service: f.issuedService,
		zone: f.zone,
		department: f.department,
		service: f.service,
		priority: f.priority,
		channel: f.channel,
		kiosk: f.kiosk ?? null,
		issued_at: f.issuedAt,
		first_called_at: f.firstCalledAt ?? null,
		started_at: f.startedAt ?? null,
		finished_at: f.finishedAt ?? null,
		counter: f.counter ?? null,
		staff: f.staff ?? null,
		servings: JSON.stringify(f.servings),
		transfers: f.transfers,
		recalls: f.recalls,
		requeues: f.requeues,
		outcome: f.outcome ?? null,
		finish_outcome: f.finishOutcome ?? null,
		wait_ms: f.waitMs ?? null,
		service_ms: f.serviceMs ?? null,
		within_target: flag(f.withinTarget ?? null),
		rating_overall: r ? r.overall : null,
		rating_efficiency: r ? r.efficiency : null,
		rating_level: r ? r.level : null,
		rating_attitude: r ? r.attitude : null,
		rating_reasons: r ? JSON.stringify(r.reasons) : null,
		rating_counter: r ? r.counter : null,
		rating_staff: r ? (r.staff ?? null) : null,
		rating_at: r ? r.at : null,
		identity_hash: f.identityHash ?? null,
		identity_masked: f.identityMasked ?? null,
		holder_masked: f.holderMasked ?? null
	};
}

function toTicket(row: TicketFactsTable): TicketFact {
	return {
		hall: row.hall,
		day: row.day,
		ticket: row.ticket,
		issuedService: row.issued_service,
		zone: row.zone,
		department: row.department,
		service: row.service,
		priority: row.priority as PriorityClass,
		channel: row.channel as TicketChannel,
		kiosk: row.kiosk,
		issuedAt: row.issued_at,
		firstCalledAt: row.first_called_at,
		startedAt: row.started_at,
		finishedAt: row.finished_at,
		counter: row.counter,
		staff: row.staff,
		servings: JSON.parse(row.servings) as Serving[],
		transfers: row.transfers,
		recalls: row.recalls,
		requeues: row.requeues,
		outcome: row.outcome as FactOutcome | null,
		finishOutcome: row.finish_outcome as FinishOutcome | null,
		waitMs: row.wait_ms,
		serviceMs: row.service_ms,
		withinTarget: unflag(row.within_target),
		rating:
			row.rating_overall === null
				? null
				: {
						overall: row.rating_overall,
						efficiency: row.rating_efficiency ?? 0,
						level: row.rating_level ?? 0,
						attitude: row.rating_attitude ?? 0,
						reasons: JSON.parse(row.rating_reasons ?? '[]') as string[],
						counter: row.rating_counter ?? '',
						staff: row.rating_staff,
						at: row.rating_at ?? 0
					},
		identityHash: row.identity_hash,
		identityMasked: row.identity_masked,
		holderMasked: row.holder_masked
	};
}

function sessionRow(s: CounterSession): CounterSessionsTable {
	return {
		hall: s.hall,
		day: s.day,
		counter: s.counter,
		n: s.n,
		kind: s.kind,
		staff: s.staff,
		reason: s.reason ?? null,
		from_at: s.from,
		to_at: s.to ?? null,
		busy_ms: s.busyMs
	};
}

function toSession(row: CounterSessionsTable): CounterSession {
	return {
		hall: row.hall,
		day: row.day,
		counter: row.counter,
		n: row.n,
		kind: row.kind as CounterSession['kind'],
		staff: row.staff,
		reason: row.reason,
		from: row.from_at,
		to: row.to_at,
		busyMs: row.busy_ms
	};
}

function rollupRow(r: DailyRollup): DailyRollupsTable {
	return { hall: r.hall, day: r.day, service: r.service, counter: r.counter, staff: r.staff, ...sumColumns(r) };
}

function toRollup(row: DailyRollupsTable, measures: Measures = 'all'): DailyRollup {
	return { hall: row.hall, day: row.day, service: row.service, counter: row.counter, staff: row.staff, ...toSums(row, measures) };
}

const ROLLUP_COLUMNS: (keyof DailyRollupsTable)[] = ['hall', 'day', 'service', 'counter', 'staff', ...SUM_COLUMN_NAMES];
const TOTAL_COLUMNS: (keyof DailyTotalsTable)[] = ['hall', 'day', ...SUM_COLUMN_NAMES];
const MONTH_ROLLUP_COLUMNS: (keyof MonthlyRollupsTable)[] = ['hall', 'month', 'service', 'counter', 'staff', ...SUM_COLUMN_NAMES];
const MONTH_TOTAL_COLUMNS: (keyof MonthlyTotalsTable)[] = ['hall', 'month', 'days', ...SUM_COLUMN_NAMES];

function toTotal(row: DailyTotalsTable, measures: Measures = 'all'): DailyTotal {
	return { hall: row.hall, day: row.day, ...toSums(row, measures) };
}

/** Whether a row belongs to the hall-day being saved; a fact of another day is a caller's bug. */
function checkBelongs(key: HallDayKey, what: string, row: { hall: string; day: string }): void {
	if (row.hall !== key.hall || row.day !== key.day) {
		throw new RangeError(`${what} of ${row.hall}:${row.day} cannot be saved with hall-day ${hallDayId(key)}`);
	}
}

/** Removes an event body's personal fields; true when it changed anything. */
/** Per event type, the field that holds a reason typed by staff. */
const TYPED_REASON_FIELDS: Readonly<Record<string, string>> = {
	TicketCalled: 'reason',
	TicketTransferred: 'reason',
	CounterClosed: 'note',
	DayClosed: 'note',
	AlertAcknowledged: 'note'
};

function scrub(event: Record<string, unknown>, identity: boolean, secrets: boolean): boolean {
	let changed = false;
	if (event.type === 'TicketIssued') {
		if (identity) {
			for (const field of ['identityHash', 'identityMasked', 'holderMasked']) {
				if (event[field] !== null && event[field] !== undefined) {
					event[field] = null;
					changed = true;
				}
			}
		}
		if (secrets && event.token !== '') {
			event.token = '';
			changed = true;
		}
	} else if (event.type === 'TicketRated' && identity && event.comment !== '') {
		event.comment = '';
		changed = true;
	} else if (identity) {
		// Reasons typed by staff (audit.ts FREE_TEXT_REASONS): emptied, not removed, so a call out of order stays one.
		const field = TYPED_REASON_FIELDS[event.type as string];
		if (field && typeof event[field] === 'string' && event[field] !== '') {
			event[field] = '';
			changed = true;
		}
	}
	return changed;
}

export class SqlArchiveStore implements ArchiveStore {
	private closed = false;
	readonly assessments: SqlAssessmentStore;
	readonly audit: SqlAuditStore;
	readonly configs: SqlConfigStore;
	readonly deviceTokens: SqlDeviceTokenStore;

	/** Takes over `relational` (closed with the store); its schema must be migrated (see `open`). */
	constructor(private readonly relational: RelationalDb) {
		this.assessments = new SqlAssessmentStore(() => this.db);
		this.audit = new SqlAuditStore(() => this.db);
		this.configs = new SqlConfigStore(() => this.db);
		this.deviceTokens = new SqlDeviceTokenStore(() => this.db);
	}

	/** Opens the relational store, migrates it to the latest schema and returns the archive on it. */
	static async open(target: RelationalTarget): Promise<SqlArchiveStore> {
		const relational = openRelationalDb(target);
		try {
			await migrateToLatest(relational.db);
			const store = new SqlArchiveStore(relational);
			await store.buildMissingMonths();
			return store;
		} catch (err) {
			await relational.close();
			throw err;
		}
	}

	get engine(): RelationalEngine {
		return this.relational.engine;
	}

	private get db(): Db {
		if (this.closed) throw new Error('archive store is closed');
		return this.relational.db;
	}

	async day(key: HallDayKey): Promise<ArchivedDay | null> {
		const row = await this.db.selectFrom('archive_days').selectAll().where('hall', '=', key.hall).where('day', '=', key.day).executeTakeFirst();
		return row ? toDay(row) : null;
	}

	async days(hall: string, fromDay: string, toDay_: string): Promise<ArchivedDay[]> {
		const rows = await this.db
			.selectFrom('archive_days')
			.selectAll()
			.where('hall', '=', hall)
			.where('day', '>=', fromDay)
			.where('day', '<=', toDay_)
			.orderBy('day')
			.execute();
		return rows.map(toDay).sort((a, b) => compareText(a.day, b.day));
	}

	async copyEvents(key: HallDayKey, events: StoredEvent[]): Promise<void> {
		const first = events[0]?.seq ?? 1;
		if (!Number.isSafeInteger(first) || first < 1) throw new RangeError(`event seq must be a positive integer, got ${first}`);
		events.forEach((e, i) => {
			if (e.seq !== first + i) throw new RangeError(`events to copy must be in seq order without gaps: ${e.seq} at position ${i} after ${first}`);
		});
		await this.db.transaction().execute(async (trx) => {
			// A write first (see the SQLite note above).
			await trx
				.insertInto('archive_days')
				.values({ hall: key.hall, day: key.day, status: 'copying', events: 0 })
				.onConflict((oc) => oc.columns(['hall', 'day']).doNothing())
				.execute();
			const last = await lastSeqOf(trx, key);
			if (first > last + 1) throw new RangeError(`copy of ${hallDayId(key)} would leave a gap: stored up to ${last}, copy starts at ${first}`);
			const rows = events.filter((e) => e.seq > last).map((e) => eventRow(key, e));
			for (const chunk of chunks(rows, 6)) {
				await trx
					.insertInto('archive_events')
					.values(chunk)
					.onConflict((oc) => oc.columns(['hall', 'day', 'seq']).doNothing())
					.execute();
			}
		});
	}

	async lastSeq(key: HallDayKey): Promise<number> {
		return lastSeqOf(this.db, key);
	}

	async readEvents(key: HallDayKey, afterSeq: number, limit: number): Promise<StoredEvent[]> {
		if (limit <= 0) return [];
		const rows = await this.db
			.selectFrom('archive_events')
			.select(['seq', 'body'])
			.where('hall', '=', key.hall)
			.where('day', '=', key.day)
			.where('seq', '>', afterSeq)
			.orderBy('seq')
			.limit(Math.floor(limit))
			.execute();
		return rows.map(toStored);
	}

	async markVerified(key: HallDayKey, verified: { events: number; digest: string; closedAt: number | null; at: number }): Promise<void> {
		const result = await this.db
			.updateTable('archive_days')
			.set({ status: 'verified', events: verified.events, digest: verified.digest, closed_at: verified.closedAt, verified_at: verified.at })
			.where('hall', '=', key.hall)
			.where('day', '=', key.day)
			.where('status', 'in', ['copying', 'verified'])
			.executeTakeFirst();
		if (result.numUpdatedRows > 0n) return;
		// Projected or dropped: already past verification, left as it is. Absent: nothing was copied.
		if (!(await this.day(key))) throw new Error(`hall-day ${hallDayId(key)} is not in the archive: copy its events before verifying`);
	}

	async saveFacts(key: HallDayKey, facts: DayFacts, at: number): Promise<void> {
		for (const t of facts.tickets) checkBelongs(key, `ticket ${t.ticket}`, t);
		for (const s of facts.sessions) checkBelongs(key, `session ${s.counter}#${s.n}`, s);
		for (const r of facts.rollups) checkBelongs(key, `rollup ${r.service}/${r.counter}/${r.staff}`, r);
		const tickets = facts.tickets.map(ticketRow);
		const sessions = facts.sessions.map(sessionRow);
		const sessionTotals = sessionTotalRows(key, facts.sessions);
		const rollups = facts.rollups.map(rollupRow);
		const totals = sumColumns(sumsOf(facts.rollups));
		await this.db.transaction().execute(async (trx) => {
			// The status first: a write (see the SQLite note above), and it refuses an unverified day.
			const marked = await trx
				.updateTable('archive_days')
				.set((eb) => ({
					status: eb.case().when('status', '=', 'dropped').then('dropped').else('projected').end(),
					projected_at: at,
					projection: PROJECTION_VERSION
				}))
				.where('hall', '=', key.hall)
				.where('day', '=', key.day)
				.where('status', 'in', ['verified', 'projected', 'dropped'])
				.executeTakeFirst();
			if (marked.numUpdatedRows === 0n) {
				const day = await trx.selectFrom('archive_days').select('status').where('hall', '=', key.hall).where('day', '=', key.day).executeTakeFirst();
				throw new Error(`hall-day ${hallDayId(key)} is ${day ? `still ${day.status}` : 'not in the archive'}: facts are saved from a verified copy only`);
			}
			for (const table of ['ticket_facts', 'counter_sessions', 'daily_session_totals', 'daily_rollups', 'daily_totals'] as const) {
				await trx.deleteFrom(table).where('hall', '=', key.hall).where('day', '=', key.day).execute();
			}
			for (const chunk of chunks(tickets, columnsOf(tickets[0]))) await trx.insertInto('ticket_facts').values(chunk).execute();
			for (const chunk of chunks(sessions, columnsOf(sessions[0]))) await trx.insertInto('counter_sessions').values(chunk).execute();
			for (const chunk of chunks(sessionTotals, columnsOf(sessionTotals[0]))) await trx.insertInto('daily_session_totals').values(chunk).execute();
			for (const chunk of chunks(rollups, columnsOf(rollups[0]))) await trx.insertInto('daily_rollups').values(chunk).execute();
			await trx.insertInto('daily_totals').values({ hall: key.hall, day: key.day, ...totals }).execute();
			await rebuildMonth(trx, key.hall, key.day.slice(0, 7));
		});
	}

	/**
	 * Builds the month rollups of every hall-month that has projected days but none (the months
	 * archived before migration 0004); run when the store opens. Another process building the same
	 * month at once makes one of the two inserts fail: that month is built all the same.
	 */
	async buildMissingMonths(): Promise<number> {
		const months = await this.db
			.selectFrom('daily_totals')
			.select(['hall', sql<string>`substr(day, 1, 7)`.as('month')])
			.distinct()
			.execute();
		const built = new Set((await this.db.selectFrom('monthly_totals').select(['hall', 'month']).execute()).map((m) => `${m.hall}/${m.month}`));
		let n = 0;
		for (const m of months) {
			if (built.has(`${m.hall}/${m.month}`)) continue;
			try {
				await this.db.transaction().execute((trx) => rebuildMonth(trx, m.hall, m.month));
				n++;
			} catch (err) {
				if (!(await this.db.selectFrom('monthly_totals').select('month').where('hall', '=', m.hall).where('month', '=', m.month).executeTakeFirst())) throw err;
			}
		}
		return n;
	}

	async monthRollups(hall: string, months: readonly string[], measures: Measures = 'all'): Promise<DailyRollup[]> {
		if (months.length === 0) return [];
		const rows = await this.db
			.selectFrom('monthly_rollups')
			.select(selectedColumns(MONTH_ROLLUP_COLUMNS, measures))
			.where('hall', '=', hall)
			.where('month', 'in', [...months])
			.execute();
		return rows
			.map((r): DailyRollup => {
				const row = r as MonthlyRollupsTable;
				return { hall: row.hall, day: `${row.month}-01`, service: row.service, counter: row.counter, staff: row.staff, ...toSums(row, measures) };
			})
			.sort((a, b) => compareText(a.day, b.day) || compareText(a.service, b.service) || compareText(a.counter, b.counter) || compareText(a.staff, b.staff));
	}

	async monthTotals(halls: readonly string[], months: readonly string[], measures: Measures = 'all'): Promise<DailyTotal[]> {
		if (halls.length === 0 || months.length === 0) return [];
		const rows = await this.db
			.selectFrom('monthly_totals')
			.select(selectedColumns(MONTH_TOTAL_COLUMNS, measures))
			.where('hall', 'in', [...halls])
			.where('month', 'in', [...months])
			.execute();
		return rows
			.map((r): DailyTotal => {
				const row = r as MonthlyTotalsTable;
				return { hall: row.hall, day: `${row.month}-01`, ...toSums(row, measures) };
			})
			.sort((a, b) => compareText(a.day, b.day) || compareText(a.hall, b.hall));
	}

	async markDropped(key: HallDayKey, at: number): Promise<void> {
		const result = await this.db
			.updateTable('archive_days')
			.set({ status: 'dropped', dropped_at: at })
			.where('hall', '=', key.hall)
			.where('day', '=', key.day)
			.where('status', '=', 'projected')
			.executeTakeFirst();
		if (result.numUpdatedRows > 0n) return;
		const day = await this.day(key);
		if (day?.status === 'dropped') return;
		throw new Error(`hall-day ${hallDayId(key)} is ${day ? day.status : 'not in the archive'}: only a projected day is dropped from the live store`);
	}

	async ticketFacts(hall: string, fromDay: string, toDay_: string): Promise<TicketFact[]> {
		const rows = await this.db
			.selectFrom('ticket_facts')
			.selectAll()
			.where('hall', '=', hall)
			.where('day', '>=', fromDay)
			.where('day', '<=', toDay_)
			.orderBy('day')
			.orderBy('issued_at')
			.orderBy('ticket')
			.execute();
		return rows.map(toTicket).sort((a, b) => compareText(a.day, b.day) || a.issuedAt - b.issuedAt || compareText(a.ticket, b.ticket));
	}

	async counterSessions(hall: string, fromDay: string, toDay_: string): Promise<CounterSession[]> {
		const rows = await this.db
			.selectFrom('counter_sessions')
			.selectAll()
			.where('hall', '=', hall)
			.where('day', '>=', fromDay)
			.where('day', '<=', toDay_)
			.orderBy('day')
			.orderBy('counter')
			.orderBy('n')
			.execute();
		return rows.map(toSession).sort((a, b) => compareText(a.day, b.day) || compareText(a.counter, b.counter) || a.n - b.n);
	}

	async rollups(hall: string, fromDay: string, toDay_: string, measures: Measures = 'all'): Promise<DailyRollup[]> {
		const rows = await this.db
			.selectFrom('daily_rollups')
			.select(selectedColumns(ROLLUP_COLUMNS, measures))
			.where('hall', '=', hall)
			.where('day', '>=', fromDay)
			.where('day', '<=', toDay_)
			.orderBy('day')
			.orderBy('service')
			.orderBy('counter')
			.orderBy('staff')
			.execute();
		return rows
			.map((r) => toRollup(r as DailyRollupsTable, measures))
			.sort((a, b) => compareText(a.day, b.day) || compareText(a.service, b.service) || compareText(a.counter, b.counter) || compareText(a.staff, b.staff));
	}

	async totals(halls: readonly string[], fromDay: string, toDay_: string, measures: Measures = 'all'): Promise<DailyTotal[]> {
		if (halls.length === 0) return [];
		const rows = await this.db
			.selectFrom('daily_totals')
			.select(selectedColumns(TOTAL_COLUMNS, measures))
			.where('hall', 'in', [...halls])
			.where('day', '>=', fromDay)
			.where('day', '<=', toDay_)
			.orderBy('day')
			.orderBy('hall')
			.execute();
		return rows.map((r) => toTotal(r as DailyTotalsTable, measures)).sort((a, b) => compareText(a.day, b.day) || compareText(a.hall, b.hall));
	}

	async totalsPerDay(halls: readonly string[], fromDay: string, toDay_: string): Promise<DailyTotal[]> {
		if (halls.length === 0) return [];
		const scalars = selectedColumns(SUM_COLUMN_NAMES, 'counts');
		const rows = await this.db
			.selectFrom('daily_totals')
			.select((eb) => ['day', ...scalars.map((c) => (c.endsWith('_max_ms') ? eb.fn.max(c) : eb.fn.sum(c)).as(c))])
			.where('hall', 'in', [...halls])
			.where('day', '>=', fromDay)
			.where('day', '<=', toDay_)
			.groupBy('day')
			.orderBy('day')
			.execute();
		return rows.map((r) => {
			const row = r as unknown as Record<string, unknown>;
			// PostgreSQL answers sums as numeric strings.
			const sums = Object.fromEntries(scalars.map((c) => [c, Number(row[c] ?? 0)]));
			return toTotal({ ...sums, hall: '', day: String(row.day) } as unknown as DailyTotalsTable, 'counts');
		});
	}

	async servedByService(halls: readonly string[], fromDay: string, toDay_: string): Promise<ServedByService[]> {
		if (halls.length === 0) return [];
		// Whole calendar months are summed from their month rollups, the rest from the days'.
		const { months, ranges } = wholeMonths(fromDay, toDay_);
		const parts = await Promise.all([
			months.length === 0
				? []
				: this.db
						.selectFrom('monthly_rollups')
						.select(['hall', 'service', (eb) => eb.fn.sum<number | string | bigint>('served').as('served')])
						.where('hall', 'in', [...halls])
						.where('month', 'in', months)
						.groupBy(['hall', 'service'])
						.execute(),
			...ranges.map((r) =>
				this.db
					.selectFrom('daily_rollups')
					.select(['hall', 'service', (eb) => eb.fn.sum<number | string | bigint>('served').as('served')])
					.where('hall', 'in', [...halls])
					.where('day', '>=', r.from)
					.where('day', '<=', r.to)
					.groupBy(['hall', 'service'])
					.execute()
			)
		]);
		const served = new Map<string, ServedByService>();
		for (const row of parts.flat()) {
			const k = `${row.hall}\u0000${row.service}`;
			const known = served.get(k);
			if (known) known.served += Number(row.served);
			else served.set(k, { hall: row.hall, service: row.service, served: Number(row.served) });
		}
		return [...served.values()].sort((a, b) => compareText(a.hall, b.hall) || compareText(a.service, b.service));
	}

	async sessionTotals(halls: readonly string[], fromDay: string, toDay_: string): Promise<SessionTotal[]> {
		if (halls.length === 0) return [];
		const rows = await this.db
			.selectFrom('daily_session_totals')
			.selectAll()
			.where('hall', 'in', [...halls])
			.where('day', '>=', fromDay)
			.where('day', '<=', toDay_)
			.execute();
		return rows
			.map((r): SessionTotal => ({ hall: r.hall, day: r.day, kind: r.kind as SessionTotal['kind'], reason: r.reason === '' ? null : r.reason, ms: Number(r.ms), busyMs: Number(r.busy_ms) }))
			.sort((a, b) => compareText(a.hall, b.hall) || compareText(a.day, b.day) || compareText(a.kind, b.kind) || compareText(a.reason ?? '', b.reason ?? ''));
	}

	async staleProjections(halls: readonly string[], limit: number): Promise<HallDayKey[]> {
		if (halls.length === 0) return [];
		const rows = await this.db
			.selectFrom('archive_days')
			.select(['hall', 'day'])
			.where('hall', 'in', [...halls])
			.where('status', 'in', ['projected', 'dropped'])
			.where('projection', '<', PROJECTION_VERSION)
			.orderBy('day', 'desc')
			.orderBy('hall')
			.limit(limit)
			.execute();
		return rows.map((r) => ({ hall: r.hall, day: r.day }));
	}

	async purge(plan: PurgePlan, at: number): Promise<PurgeReport> {
		checkDay('identityBefore', plan.identityBefore);
		checkDay('secretsBefore', plan.secretsBefore);
		const before = plan.identityBefore > plan.secretsBefore ? plan.identityBefore : plan.secretsBefore;
		const candidates = await this.db
			.selectFrom('archive_days')
			.select(['hall', 'day'])
			.where('day', '<', before)
			.where('status', 'in', ['projected', 'dropped'])
			.orderBy('day')
			.orderBy('hall')
			.execute();
		const report: PurgeReport = { days: 0, events: 0, tickets: 0 };
		for (const key of candidates) {
			const identity = key.day < plan.identityBefore;
			const secrets = key.day < plan.secretsBefore;
			const done = plan.dryRun
				? await this.purgeDay(this.db, key, identity, secrets, true, at)
				: await this.db.transaction().execute((trx) => this.purgeDay(trx, key, identity, secrets, false, at));
			if (done.events + done.tickets === 0) continue;
			report.days += 1;
			report.events += done.events;
			report.tickets += done.tickets;
		}
		// The WAL keeps the pages as they were before the purge until a checkpoint writes them back.
		if (!plan.dryRun && report.days > 0 && this.engine === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
		return report;
	}

	/** One day of `purge`: what it removes (or, dry, would remove). */
	private async purgeDay(
		q: Db,
		key: HallDayKey,
		identity: boolean,
		secrets: boolean,
		dryRun: boolean,
		at: number
	): Promise<{ events: number; tickets: number }> {
		if (!dryRun) {
			// Lock the day first: a write for SQLite (see above), and on PostgreSQL a row lock that
			// makes a second purge of the same day wait, then find nothing left to remove.
			await q.updateTable('archive_days').set({ purged_at: sql<number | null>`purged_at` }).where('hall', '=', key.hall).where('day', '=', key.day).execute();
		}
		// Bodies are our own compact JSON (JSON.stringify): a key with a string value reads `"key":"`,
		// and a quote inside a string value is escaped, so these patterns find exactly the events that
		// still hold something to remove (SQLite's LIKE ignores ASCII case: any extra row is checked
		// again after parsing and left alone).
		const rows = await q
			.selectFrom('archive_events')
			.select(['seq', 'type', 'at', 'body'])
			.where('hall', '=', key.hall)
			.where('day', '=', key.day)
			.where((eb) => {
				const issued = eb('type', '=', 'TicketIssued');
				const alternatives = [];
				if (identity) {
					alternatives.push(
						eb.and([
							issued,
							eb.or([
								eb('body', 'like', '%"identityHash":"%'),
								eb('body', 'like', '%"identityMasked":"%'),
								eb('body', 'like', '%"holderMasked":"%')
							])
						]),
						eb.and([eb('type', '=', 'TicketRated'), eb('body', 'not like', '%"comment":""%')]),
						...Object.entries(TYPED_REASON_FIELDS).map(([type, field]) => eb.and([eb('type', '=', type), eb('body', 'like', `%"${field}":"%`), eb('body', 'not like', `%"${field}":""%`)]))
					);
				}
				if (secrets) alternatives.push(eb.and([issued, eb('body', 'not like', '%"token":""%')]));
				return eb.or(alternatives);
			})
			.orderBy('seq')
			.execute();
		const changed: ArchiveEventsTable[] = [];
		for (const row of rows) {
			const event = JSON.parse(row.body) as Record<string, unknown>;
			if (scrub(event, identity, secrets)) changed.push({ hall: key.hall, day: key.day, seq: row.seq, type: row.type, at: row.at, body: JSON.stringify(event) });
		}

		let tickets = 0;
		if (identity) {
			if (dryRun) {
				const counted = await q
					.selectFrom('ticket_facts')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('hall', '=', key.hall)
					.where('day', '=', key.day)
					.where((eb) => eb.or([eb('identity_hash', 'is not', null), eb('identity_masked', 'is not', null), eb('holder_masked', 'is not', null)]))
					.executeTakeFirst();
				tickets = Number(counted?.n ?? 0);
			} else {
				const updated = await q
					.updateTable('ticket_facts')
					.set({ identity_hash: null, identity_masked: null, holder_masked: null })
					.where('hall', '=', key.hall)
					.where('day', '=', key.day)
					.where((eb) => eb.or([eb('identity_hash', 'is not', null), eb('identity_masked', 'is not', null), eb('holder_masked', 'is not', null)]))
					.executeTakeFirst();
				tickets = Number(updated.numUpdatedRows);
			}
		}
		if (dryRun || changed.length + tickets === 0) return { events: changed.length, tickets };

		// Rewritten as delete + multi-row insert: a few statements per day instead of one update per event.
		for (const chunk of chunks(changed, 6)) {
			await q
				.deleteFrom('archive_events')
				.where('hall', '=', key.hall)
				.where('day', '=', key.day)
				.where(
					'seq',
					'in',
					chunk.map((r) => r.seq)
				)
				.execute();
			await q.insertInto('archive_events').values(chunk).execute();
		}
		await q.updateTable('archive_days').set({ purged_at: at }).where('hall', '=', key.hall).where('day', '=', key.day).execute();
		return { events: changed.length, tickets };
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		await this.relational.close();
	}
}

/** A hall-day's counter sessions summed by kind and reason (the lengths of closed days' sessions; an open one counts 0). */
function sessionTotalRows(key: HallDayKey, sessions: readonly CounterSession[]): DailySessionTotalsTable[] {
	const rows = new Map<string, DailySessionTotalsTable>();
	for (const s of sessions) {
		const reason = s.reason ?? '';
		const k = `${s.kind}\u0000${reason}`;
		let row = rows.get(k);
		if (!row) rows.set(k, (row = { hall: key.hall, day: key.day, kind: s.kind, reason, ms: 0, busy_ms: 0 }));
		row.ms += (s.to ?? s.from) - s.from;
		row.busy_ms += s.busyMs;
	}
	return [...rows.values()];
}

/** Rewrites a hall-month's month rollups and total from its days' rollups and totals (in the caller's transaction). */
async function rebuildMonth(trx: Db, hall: string, month: string): Promise<void> {
	const first = `${month}-01`;
	const last = `${month}-31`;
	const days = await trx.selectFrom('daily_rollups').selectAll().where('hall', '=', hall).where('day', '>=', first).where('day', '<=', last).execute();
	const groups = new Map<string, { service: string; counter: string; staff: string; sums: ServingSums }>();
	for (const row of days) {
		const k = `${row.service}\u0000${row.counter}\u0000${row.staff}`;
		let g = groups.get(k);
		if (!g) groups.set(k, (g = { service: row.service, counter: row.counter, staff: row.staff, sums: emptySums() }));
		addSums(g.sums, toSums(row));
	}
	const totals = await trx.selectFrom('daily_totals').selectAll().where('hall', '=', hall).where('day', '>=', first).where('day', '<=', last).execute();
	await trx.deleteFrom('monthly_rollups').where('hall', '=', hall).where('month', '=', month).execute();
	await trx.deleteFrom('monthly_totals').where('hall', '=', hall).where('month', '=', month).execute();
	const rows = [...groups.values()].map((g): MonthlyRollupsTable => ({ hall, month, service: g.service, counter: g.counter, staff: g.staff, ...sumColumns(g.sums) }));
	for (const chunk of chunks(rows, columnsOf(rows[0]))) await trx.insertInto('monthly_rollups').values(chunk).execute();
	if (totals.length > 0) await trx.insertInto('monthly_totals').values({ hall, month, days: totals.length, ...sumColumns(sumsOf(totals.map((t) => toSums(t)))) }).execute();
}

async function lastSeqOf(q: Db, key: HallDayKey): Promise<number> {
	const row = await q
		.selectFrom('archive_events')
		.select((eb) => eb.fn.max('seq').as('last'))
		.where('hall', '=', key.hall)
		.where('day', '=', key.day)
		.executeTakeFirst();
	return Number(row?.last ?? 0);
}
