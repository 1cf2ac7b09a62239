/**
 * `npm run archive -- --backfill` on real files: every closed (or due) hall-day still in the live
 * store is closed, archived and dropped, and a second run finds nothing left; then "facts between
 * two days" reads the archived day from the archive and today from the live log, without the
 * caller knowing where each lives, equal to the projection of each day's log.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DayFactsReader } from '../../server/app/day-facts';
import { HallRunner } from '../../server/app/hall-runner';
import { hallDayOf } from '../../server/core/hall-day';
import { indexHall } from '../../server/core/hall-index';
import type { StoredEvent } from '../../server/core/events';
import { projectDay } from '../../server/core/project-day';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';
import { appendBusyDay, buildBusyDay, busyHall } from '../fixtures/busy-day';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hall = busyHall();
let dir: string;
/** Two days before the wall clock's today in Shanghai: the CLI runs on the real clock. */
let past: string;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			['--import', 'tsx', 'server/cli/archive.ts', ...args],
			{ cwd: ROOT, env: { ...process.env, HALLQ_DB: join(dir, 'hallq.db'), HALLQ_CONFIG: join(dir, 'hall.json'), STORE: 'sqlite', ARCHIVE_URL: '', HALLQ_ARCHIVE_DB: '', LOG_LEVEL: 'silent' } },
			(err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
		);
	});
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'hallq-backfill-'));
	writeFileSync(join(dir, 'hall.json'), JSON.stringify(hall));
	const today = hallDayOf(hall.id, hall.timeZone, Date.now()).day;
	past = new Date(Date.parse(`${today}T12:00:00Z`) - 2 * 86_400_000).toISOString().slice(0, 10);
	const live = SqliteEventStore.open(join(dir, 'hallq.db'));
	await appendBusyDay(live, buildBusyDay(hall, past, 500, 3));
	await live.close();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run archive -- --backfill', () => {
	it('refuses to run without --backfill, changing nothing', async () => {
		const r = await cli();
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('usage: npm run archive -- --backfill');
		const live = SqliteEventStore.open(join(dir, 'hallq.db'));
		expect(await live.days()).toEqual([{ hall: hall.id, day: past }]);
		await live.close();
	});

	it('archives and drops every past day, then finds nothing to do', { timeout: 120_000 }, async () => {
		const first = await cli('--backfill');
		expect(first.stderr).toBe('');
		expect(first.stdout).toContain(`${hall.id}:${past}  dropped`);
		expect(first.stdout).toContain('1 hall-day(s) in the live store: 1 archived now, 1 dropped now, 0 failing');
		expect(first.code).toBe(0);
		const second = await cli('--backfill');
		expect(second.stdout).toContain('0 hall-day(s) in the live store: 0 archived now, 0 dropped now, 0 failing');
	});

	it('facts between two days: the archived day from the archive, today from the live log', { timeout: 60_000 }, async () => {
		const live = SqliteEventStore.open(join(dir, 'hallq.db'));
		const archive = await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'hallq-archive.db') });
		try {
			const now = Date.now();
			const today = hallDayOf(hall.id, hall.timeZone, now).day;
			const runner = new HallRunner({ index: indexHall(hall), store: live, archive, clock: { now: () => now }, log: { warn: () => undefined, error: () => undefined }, onEvents: () => undefined });
			await runner.execute({ kind: 'openCounter', req: 'o1', counter: 'C1', staff: 'w1' });
			await runner.execute({ kind: 'issue', req: 'i1', service: 'S1', priority: 'none', kiosk: 'K1', token: 'faketok-today', identity: null });
			await runner.execute({ kind: 'callNext', req: 'c1', counter: 'C1', staff: 'w1' });
			const reader = new DayFactsReader({ runners: new Map([[hall.id, runner]]), archive, now: () => now });
			const facts = await reader.between(hall.id, past, today);
			const archivedLog = await archive.readEvents({ hall: hall.id, day: past }, 0, 100_000);
			const todayLog: StoredEvent[] = await live.readAfter({ hall: hall.id, day: today }, 0, 1000);
			const pastFacts = projectDay(hall, past, archivedLog);
			const todayFacts = projectDay(hall, today, todayLog);
			expect(facts.tickets).toEqual([...pastFacts.tickets, ...todayFacts.tickets]);
			expect(facts.rollups).toEqual([...pastFacts.rollups, ...todayFacts.rollups]);
			expect(facts.tickets.at(-1)).toMatchObject({ day: today, ticket: 'A001', outcome: null, counter: 'C1' });
			expect(await reader.today(hall.id)).toEqual(todayFacts);
			// A range of the past day only does not touch today.
			expect((await reader.between(hall.id, past, past)).tickets).toHaveLength(500);
			await runner.close();
		} finally {
			await live.close();
			await archive.close();
		}
	});
});
