/**
 * After an upgrade of the projection (PROJECTION_VERSION), days archived by the older code are
 * projected again from their archived events: the archiver finds them, their facts become what the
 * current projection makes of the log, and a second pass finds none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { Archiver } from '../../server/app/archiver';
import { decide } from '../../server/core/decide';
import { indexHall } from '../../server/core/hall-index';
import { PROJECTION_VERSION } from '../../server/core/facts';
import { projectDay } from '../../server/core/project-day';
import { auditEntriesOf } from '../../server/core/audit';
import type { StoredEvent } from '../../server/core/events';
import type { HallDayKey } from '../../server/core/hall-day';
import { openRelationalDb } from '../../server/store/sql/database';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';
import { appendBusyDay, buildBusyDay, busyHall } from '../fixtures/busy-day';

const hall = busyHall();
const DAY = '2026-03-02';
let dir: string | undefined;

async function archiveAll(archive: SqlArchiveStore, key: HallDayKey): Promise<StoredEvent[]> {
	const out: StoredEvent[] = [];
	for (;;) {
		const page = await archive.readEvents(key, out.length, 5000);
		out.push(...page);
		if (page.length < 5000) return out;
	}
}

afterEach(() => {
	if (dir) rmSync(dir, { recursive: true, force: true });
	dir = undefined;
});

describe('re-projecting days of an older projection', () => {
	it('projects a stale day again from its events, and only once', async () => {
		dir = mkdtempSync(join(tmpdir(), 'hallq-reproject-'));
		const live = SqliteEventStore.open(join(dir, 'live.db'));
		const target = { kind: 'sqlite' as const, file: join(dir, 'archive.db') };
		const archive = await SqlArchiveStore.open(target);
		try {
			const built = buildBusyDay(hall, DAY, 300, 5);
			const closeAt = Date.parse(`${DAY}T10:30:00Z`);
			const close = decide(indexHall(hall), built.state, { kind: 'closeDay', req: 'close', reason: 'supervisor', by: 'sup', note: '测试提前结束' }, closeAt);
			await appendBusyDay(live, { ...built, events: [...built.events, ...close] });
			const archiver = new Archiver({ live, archive, halls: new Map([[hall.id, hall]]), now: () => closeAt + 60_000 });
			expect((await archiver.archive(built.key)).kind).toBe('archived');
			const expected = projectDay(hall, DAY, [...built.events, ...close]);
			// The archived day's audit trail is its log, one entry per event, as the core maps them.
			const allDay = { hall: hall.id, from: DAY, to: DAY };
			const stored = await archiveAll(archive, built.key);
			const trail = auditEntriesOf(indexHall(hall), DAY, stored);
			expect(trail).toHaveLength(built.events.length + close.length);
			expect(await archive.audit.logEntries(allDay, null, 100_000, [])).toStrictEqual(trail);
			expect(trail.find((e) => e.action === 'day.close')).toMatchObject({ actor: 'sup', reason: '测试提前结束', detail: 'cause=supervisor' });

			// What 0001-era code left: projection 1, none of the new measures.
			const raw = openRelationalDb(target);
			await sql`update archive_days set projection = 1`.execute(raw.db);
			await sql`update daily_rollups set issued = 0, rating_5 = 0, arrivals_by_hour = '[]'`.execute(raw.db);
			await sql`update counter_sessions set busy_ms = 0`.execute(raw.db);
			// …and no audit entries (they came with projection 3).
			await sql`delete from audit_entries`.execute(raw.db);
			await raw.close();
			expect(await archive.staleProjections([hall.id], 10)).toEqual([built.key]);
			expect((await archive.rollups(hall.id, DAY, DAY)).reduce((n, r) => n + r.issued, 0)).toBe(0);

			expect(await archiver.reprojectStale(5)).toBe(1);
			expect(await archive.rollups(hall.id, DAY, DAY)).toStrictEqual(expected.rollups);
			// The store gives sessions by counter then number.
			const byCounter = [...expected.sessions].sort((a, b) => (a.counter < b.counter ? -1 : a.counter > b.counter ? 1 : a.n - b.n));
			expect(await archive.counterSessions(hall.id, DAY, DAY)).toStrictEqual(byCounter);
			expect(expected.rollups.reduce((n, r) => n + r.issued, 0)).toBe(300);
			expect((await archive.day(built.key))?.projection).toBe(PROJECTION_VERSION);
			expect(await archive.audit.logEntries(allDay, null, 100_000, [])).toStrictEqual(trail);
			expect(await archiver.reprojectStale(5)).toBe(0);
		} finally {
			await archive.close();
			await live.close();
		}
	}, 60_000);
});
