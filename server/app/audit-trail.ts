/**
 * The audit trail of a hall between two days, wherever each part is: the log entries of projected
 * days in the archive's table, of the other days (today, a day not archived yet, a day projected by
 * an older code) made from their events here with the same pure mapping (core/audit.ts), and the
 * security events. Pages go on from a cursor that holds the position in each stream, so an entry is
 * never shown twice or skipped while the day goes on.
 */
import { fail } from '../core/errors';
import { auditEntriesOf, fromLogEntry, fromSecurityEvent, logEntryMatches, type AuditEntry, type AuditFilter, type LogAuditEntry } from '../core/audit';
import type { StoredEvent } from '../core/events';
import { PROJECTION_VERSION } from '../core/facts';
import type { ArchiveStore, LogPosition, SecurityPosition } from '../core/ports';
import type { HallRunner } from './hall-runner';

const EVENT_PAGE = 5000;
/** A past day's entries made from its events are kept this long (it may still be closing). */
const PAST_DAY_KEEP_MS = 60_000;
const KEPT_DAYS = 8;

export interface AuditPage {
	entries: AuditEntry[];
	/** The cursor of the next page; null when this is the last. */
	next: string | null;
}

interface Cursor {
	log: LogPosition | null;
	sec: SecurityPosition | null;
}

const afterLog = (e: LogAuditEntry, p: LogPosition | null) => p === null || e.day > p.day || (e.day === p.day && e.seq > p.seq);
const byDaySeq = (a: LogAuditEntry, b: LogAuditEntry) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.seq - b.seq);

export function encodeCursor(c: Cursor): string {
	return Buffer.from(JSON.stringify(c)).toString('base64url');
}

/** The cursor of a page, or VALIDATION.FAILED for one this server did not make. */
export function decodeCursor(text: string): Cursor {
	try {
		const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
		const logOk = c.log === null || (typeof c.log?.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c.log.day) && Number.isInteger(c.log.seq));
		const secOk = c.sec === null || (Number.isInteger(c.sec?.at) && typeof c.sec?.id === 'string' && c.sec.id.length <= 64);
		if (logOk && secOk) return { log: c.log, sec: c.sec };
	} catch {
		// below
	}
	fail('VALIDATION.FAILED', 'the audit cursor is not one this server gave');
}

export class AuditTrail {
	/** Entries made from events, per `hall/day`: today's by log version, a past day's for a minute. */
	private readonly made = new Map<string, { stamp: number; at: number; entries: LogAuditEntry[] }>();

	constructor(private readonly o: { runners: ReadonlyMap<string, HallRunner>; archive: ArchiveStore; now: () => number }) {}

	/** Up to `limit` entries matching the filter after the cursor, in time order (each source in its own order). */
	async page(filter: AuditFilter, cursor: string | null, limit: number): Promise<AuditPage> {
		const at = cursor === null ? { log: null, sec: null } : decodeCursor(cursor);
		const fetch = limit + 1;
		const eventDays = await this.eventDays(filter);
		const [stored, made, sec] = await Promise.all([
			this.o.archive.audit.logEntries(filter, at.log, fetch, eventDays),
			this.madeEntries(filter, eventDays, at.log, fetch),
			this.o.archive.audit.securityEvents(filter, at.sec, fetch)
		]);
		const log = [...stored, ...made].sort(byDaySeq).slice(0, fetch);
		const entries: AuditEntry[] = [];
		let i = 0;
		let j = 0;
		while (entries.length < limit) {
			const a = log[i];
			const b = sec[j];
			if (a === undefined && b === undefined) break;
			if (b === undefined || (a !== undefined && a.at <= b.at)) {
				entries.push(fromLogEntry(a as LogAuditEntry));
				i++;
			} else {
				entries.push(fromSecurityEvent(b));
				j++;
			}
		}
		const lastLog = log[i - 1];
		const lastSec = sec[j - 1];
		const more = i < log.length || j < sec.length;
		const next: Cursor = { log: lastLog ? { day: lastLog.day, seq: lastLog.seq } : at.log, sec: lastSec ? { at: lastSec.at, id: lastSec.id } : at.sec };
		return { entries, next: more ? encodeCursor(next) : null };
	}

	/** Every matching entry, a page at a time (an export holds one page in memory). */
	async *all(filter: AuditFilter): AsyncGenerator<AuditEntry> {
		let cursor: string | null = null;
		do {
			const page: AuditPage = await this.page(filter, cursor, 1000);
			yield* page.entries;
			cursor = page.next;
		} while (cursor !== null);
	}

	/**
	 * Days of the range whose entries are not in the archive's table: not projected there by this
	 * code (today, a day still live, a day projected by an older projection). Their entries are made
	 * from their events, wherever those are.
	 */
	private async eventDays(f: AuditFilter): Promise<string[]> {
		const runner = this.runner(f.hall);
		const today = runner.keyAt(this.o.now()).day;
		const archived = await this.o.archive.days(f.hall, f.from, f.to);
		const inTable = new Set(archived.filter((d) => (d.status === 'projected' || d.status === 'dropped') && (d.projection ?? 0) >= PROJECTION_VERSION).map((d) => d.day));
		const days = new Set<string>();
		for (const d of archived) if (!inTable.has(d.day)) days.add(d.day);
		for (const key of await runner.liveDays()) if (key.day >= f.from && key.day <= f.to && !inTable.has(key.day)) days.add(key.day);
		if (today >= f.from && today <= f.to && !inTable.has(today)) days.add(today);
		return [...days].sort();
	}

	private async madeEntries(f: AuditFilter, days: readonly string[], after: LogPosition | null, limit: number): Promise<LogAuditEntry[]> {
		const out: LogAuditEntry[] = [];
		for (const day of days) {
			if (after && day < after.day) continue;
			for (const e of await this.entriesOf(f.hall, day)) {
				if (afterLog(e, after) && logEntryMatches(e, f)) out.push(e);
				if (out.length >= limit) return out;
			}
		}
		return out;
	}

	private async entriesOf(hall: string, day: string): Promise<LogAuditEntry[]> {
		const runner = this.runner(hall);
		const now = this.o.now();
		const key = `${hall}/${day}`;
		const isToday = day === runner.keyAt(now).day;
		const stamp = isToday ? (await runner.current()).state.version : -1;
		const kept = this.made.get(key);
		if (kept && kept.stamp === stamp && (isToday || now - kept.at < PAST_DAY_KEEP_MS)) return kept.entries;
		const events: StoredEvent[] = [];
		for (;;) {
			const page = await runner.dayEventsAfter(day, events.length, EVENT_PAGE);
			events.push(...page);
			if (page.length < EVENT_PAGE) break;
		}
		const entries = auditEntriesOf(runner.index, day, events);
		this.made.delete(key);
		this.made.set(key, { stamp, at: now, entries });
		for (const old of this.made.keys()) if (this.made.size > KEPT_DAYS) this.made.delete(old);
		return entries;
	}

	private runner(hall: string): HallRunner {
		return this.o.runners.get(hall) ?? fail('HALL.NOT_FOUND', `no hall ${hall}`);
	}
}
