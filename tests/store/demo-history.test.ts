/**
 * `npm run demo:history` (scripts/demo-history.ts) on real files with the three sample halls and
 * HALLQ_HISTORY_DAYS=5: the archive holds the past working days, projected and dropped as every past
 * day is, with rollups; bad ratings opened follow-up cases in several states, every step in the past;
 * a day the live store holds is left alone; a second run adds nothing. The clock is injected at
 * 23:30 UTC, when Shanghai is already on the next day, so the test holds at any hour and date.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHalls } from '../../server/boot';
import { isOverdue } from '../../server/core/follow-up';
import { hallDayId } from '../../server/core/hall-day';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { SqliteCaseStore } from '../../server/store/sqlite/sqlite-case-store';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';
import { demoHistory, type DemoHistoryReport } from '../../scripts/demo-history';
import { realisticDay } from '../../scripts/history/realistic-day';

/** Friday 2026-03-13 23:30 UTC: Saturday 03-14 07:30 in Shanghai, so the five days back are Monday 03-09 to Friday 03-13. */
const NOW = Date.parse('2026-03-13T23:30:00Z');
const WEEK = ['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'];
/** A day of the township the live store holds already (a real day, not yet archived). */
const LIVE_DAY = '2026-03-12';
const HALLS = ['city', 'county', 'township'];

let dir: string;
let env: NodeJS.ProcessEnv;
let first: DemoHistoryReport;
const printed: string[] = [];

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'hallq-demo-history-'));
	env = { HALLQ_DB: join(dir, 'hallq.db'), HALLQ_HISTORY_DAYS: '5', STORE: 'sqlite', ARCHIVE_URL: '', HALLQ_ARCHIVE_DB: '', LOG_LEVEL: 'silent' };
	const township = loadHalls(env).find((h) => h.id === 'township');
	if (!township) throw new Error('no township sample hall');
	const live = SqliteEventStore.open(join(dir, 'hallq.db'));
	const day = realisticDay(township, LIVE_DAY, 1);
	const appended = await live.append(day.key, 0, day.events);
	if (!appended.ok) throw new Error('live day not appended');
	await live.close();
	first = await demoHistory({ env, now: () => NOW, print: (line) => printed.push(line) });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run demo:history', () => {
	it('archives the past working days of every hall, except one the live store holds, and prints a line per hall', () => {
		expect(first.halls.map((h) => [h.hall, h.daysAdded, h.daysThere])).toEqual([
			['city', 5, 0],
			['county', 5, 0],
			['township', 4, 1]
		]);
		for (const h of first.halls) expect(h.tickets).toBeGreaterThan(h.daysAdded * 20);
		expect(printed).toHaveLength(4);
		expect(printed[0]).toMatch(/^city: 5 day\(s\) added, [\d,]+ tickets, \d+ follow-up case\(s\)$/);
		expect(printed[2]).toContain('1 already there');
		expect(printed[3]).toMatch(/^demo history: 14 hall-day\(s\) added in \d+\.\d s$/);
	});

	it('leaves each archived day projected and dropped (read from the archive), with rollups, facts and totals', async () => {
		const archive = await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'hallq-archive.db') });
		try {
			for (const hall of HALLS) {
				const days = await archive.days(hall, '2026-03-01', '2026-03-31');
				const expected = hall === 'township' ? WEEK.filter((d) => d !== LIVE_DAY) : WEEK;
				expect(days.map((d) => d.day)).toEqual(expected);
				for (const d of days) {
					expect(d.status).toBe('dropped');
					expect(d.projection).not.toBeNull();
					expect(d.events).toBeGreaterThan(0);
				}
				expect((await archive.rollups(hall, WEEK[0] as string, WEEK[4] as string)).length).toBeGreaterThan(0);
				const totals = await archive.totals([hall], WEEK[0] as string, WEEK[4] as string);
				const issued = totals.reduce((n, t) => n + t.issued, 0);
				expect(issued).toBe(first.halls.find((h) => h.hall === hall)?.tickets);
				expect((await archive.ticketFacts(hall, WEEK[0] as string, WEEK[4] as string)).length).toBe(issued);
			}
		} finally {
			await archive.close();
		}
	});

	it('opens a follow-up case for each bad rating, in several states, every step in the past and in order', async () => {
		const cases = SqliteCaseStore.open(join(dir, 'hallq.db'));
		try {
			const all = (await Promise.all(HALLS.map((h) => cases.list(h)))).flat();
			expect(all.length).toBe(first.halls.reduce((n, h) => n + h.casesOpened, 0));
			expect(all.length).toBeGreaterThan(5);
			const statuses = new Set(all.map((c) => c.status));
			expect(statuses.size).toBeGreaterThanOrEqual(3);
			expect(statuses.has('open')).toBe(true);
			for (const c of all) {
				expect(WEEK).toContain(c.day);
				expect(c.overall).toBeLessThanOrEqual(2);
				// Fifteen working days: none of a week old is overdue yet.
				expect(isOverdue(c, '2026-03-14')).toBe(false);
				expect(c.history.map((s) => s.status)).toEqual(['calledBack', 'rectified', 'closed'].slice(0, c.history.length));
				let last = c.ratedAt;
				for (const step of c.history) {
					expect(step.at).toBeGreaterThan(last);
					expect(step.at).toBeLessThan(NOW);
					expect(step.by).toMatch(/^sup\d+$/);
					last = step.at;
				}
			}
		} finally {
			await cases.close();
		}
	});

	it('keeps the live day as it was', async () => {
		const live = SqliteEventStore.open(join(dir, 'hallq.db'));
		try {
			expect((await live.days()).map(hallDayId)).toEqual([`township:${LIVE_DAY}`]);
		} finally {
			await live.close();
		}
	});

	it('adds nothing the second time, and says so', { timeout: 60_000 }, async () => {
		const lines: string[] = [];
		const again = await demoHistory({ env, now: () => NOW, print: (line) => lines.push(line) });
		expect(again.halls.map((h) => [h.hall, h.daysAdded, h.casesOpened])).toEqual(HALLS.map((h) => [h, 0, 0]));
		expect(lines[3]).toMatch(/^demo history: nothing to add/);
	});
});
