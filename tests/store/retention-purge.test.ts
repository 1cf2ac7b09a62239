/**
 * The retention purge on real files: two archived days with fictitious card holders, one 182 days
 * old and one 9 days old on the injected clock. The purge CLI's dry run tells what would go and
 * changes nothing; the lifecycle's daily purge then removes the old day's identities and both days'
 * status-link secrets; a grep of every database file (and its WAL) finds none of them, while the
 * recent day's identities are still there and every statistic of both days is unchanged.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archiver } from '../../server/app/archiver';
import { DayLifecycle } from '../../server/app/day-lifecycle';
import { HallRunner } from '../../server/app/hall-runner';
import { indexHall } from '../../server/core/hall-index';
import { DEFAULT_RETENTION } from '../../server/core/retention';
import type { TicketFact } from '../../server/core/facts';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';
import { appendBusyDay, buildBusyDay, busyHall, type BusyDay } from '../fixtures/busy-day';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const hall = busyHall();
const OLD = '2026-03-12';
const RECENT = '2026-09-01';
const TODAY = '2026-09-10';
const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined };

let dir: string;
let old: BusyDay;
let recent: BusyDay;
const facts: Record<string, TicketFact[]> = {};

function lifecycle(live: SqliteEventStore, archive: SqlArchiveStore, now: number, purge = true) {
	const clock = { now: () => now };
	const runner = new HallRunner({ index: indexHall(hall), store: live, archive, clock, log: quiet, onEvents: () => undefined });
	const archiver = new Archiver({ live, archive, halls: new Map([[hall.id, hall]]), now: clock.now });
	const l = new DayLifecycle({ runners: new Map([[hall.id, runner]]), live, archiver, clock, log: quiet, keepLiveMs: 0, purge: purge ? { archive, policy: DEFAULT_RETENTION } : undefined });
	return { runner, lifecycle: l };
}

/** Every byte of every file in the folder (databases, their -wal and -shm files). */
function allBytes(): Buffer {
	return Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
}

async function purgeCli(...args: string[]): Promise<string> {
	const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/cli/purge.ts', ...args], {
		cwd: ROOT,
		env: { ...process.env, HALLQ_DB: join(dir, 'hallq.db'), ARCHIVE_URL: '', HALLQ_ARCHIVE_DB: '', LOG_LEVEL: 'silent' }
	});
	return stdout;
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'hallq-purge-'));
	old = buildBusyDay(hall, OLD, 400, 31, ['司马', '诸葛', '欧阳']);
	recent = buildBusyDay(hall, RECENT, 400, 52);
	const live = SqliteEventStore.open(join(dir, 'hallq.db'));
	const archive = await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'hallq-archive.db') });
	try {
		for (const day of [old, recent]) {
			await appendBusyDay(live, day);
			// The next morning: closed, archived, dropped (by a process that does not purge).
			const { runner, lifecycle: l } = lifecycle(live, archive, Date.parse(`${day.key.day}T08:00:00+08:00`) + 86_400_000, false);
			await l.tick();
			expect(l.status().failing).toEqual([]);
			expect((await archive.day(day.key))?.status).toBe('dropped');
			facts[day.key.day] = await archive.ticketFacts(hall.id, day.key.day, day.key.day);
			await runner.close();
		}
	} finally {
		await live.close();
		await archive.close();
	}
	expect(old.identities.length).toBeGreaterThan(100);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the retention purge', () => {
	it('the days and their personal fields are on disk before the purge', () => {
		const bytes = allBytes();
		for (const id of [old.identities[0], recent.identities[0]]) {
			expect(bytes.includes(id?.hash ?? '?')).toBe(true);
			expect(bytes.includes(id?.masked ?? '?')).toBe(true);
		}
		expect(bytes.includes(old.tokens[0] ?? '?')).toBe(true);
	});

	it('a dry run tells what would go and changes nothing; the daily purge removes it, the statistics stay', { timeout: 120_000 }, async () => {
		const before = allBytes();
		const dry = await purgeCli('--dry-run', '--today', TODAY);
		expect(dry).toContain(`identities of hall-days before 2026-03-14 (180 days), status-link secrets before 2026-09-03 (7 days)`);
		const [, tickets, events, days] = /would remove personal fields from (\d+) ticket fact\(s\) and (\d+) archived event\(s\) of (\d+) hall-day\(s\)/.exec(dry) ?? [];
		const oldWithCard = facts[OLD]?.filter((t) => t.identityHash !== null).length;
		expect(Number(tickets)).toBe(oldWithCard);
		expect(Number(days)).toBe(2);
		// Every TicketIssued of both days (tokens), and the old day's ratings with a comment.
		const oldComments = old.events.filter((e) => e.type === 'TicketRated' && e.comment !== '').length;
		expect(Number(events)).toBe(old.tokens.length + recent.tokens.length + oldComments);
		expect(allBytes().equals(before)).toBe(true);

		const live = SqliteEventStore.open(join(dir, 'hallq.db'));
		const archive = await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'hallq-archive.db') });
		try {
			const dryAgain = await archive.purge({ identityBefore: '2026-03-14', secretsBefore: '2026-09-03', dryRun: true }, 0);
			expect(dryAgain).toEqual({ days: 2, events: Number(events), tickets: Number(tickets) });
			const { runner, lifecycle: l } = lifecycle(live, archive, Date.parse(`${TODAY}T09:00:00+08:00`));
			await l.tick();
			expect(l.status().lastPurge).toEqual({ day: TODAY, report: dryAgain });
			// Once a day: the next round purges nothing.
			await l.tick();
			expect(l.status().failing).toEqual([]);

			const bytes = allBytes();
			for (const id of old.identities) {
				expect(bytes.includes(id.hash), id.hash).toBe(false);
				expect(bytes.includes(id.masked), id.masked).toBe(false);
			}
			for (const name of ['司马*', '诸葛*', '欧阳*']) expect(bytes.includes(name), name).toBe(false);
			for (const token of [...old.tokens, ...recent.tokens]) expect(bytes.includes(token), token).toBe(false);
			// Rating comments (free text a citizen typed) go with the identities: none left in the old day.
			const oldEvents = await archive.readEvents({ hall: hall.id, day: OLD }, 0, 100_000);
			expect(oldEvents.filter((e) => e.type === 'TicketRated' && e.comment !== '')).toEqual([]);
			expect(oldEvents.filter((e) => e.type === 'TicketRated')).toHaveLength(old.events.filter((e) => e.type === 'TicketRated').length);

			// The recent day keeps its identities; both days keep every statistic.
			const oldNow = await archive.ticketFacts(hall.id, OLD, OLD);
			const recentNow = await archive.ticketFacts(hall.id, RECENT, RECENT);
			expect(recentNow).toEqual(facts[RECENT]);
			expect(oldNow).toEqual(facts[OLD]?.map((t) => ({ ...t, identityHash: null, identityMasked: null, holderMasked: null })));
			expect(await archive.purge({ identityBefore: '2026-03-14', secretsBefore: '2026-09-03', dryRun: false }, 0)).toEqual({ days: 0, events: 0, tickets: 0 });
			await runner.close();
		} finally {
			await live.close();
			await archive.close();
		}
		const after = await purgeCli('--dry-run', '--today', TODAY);
		expect(after).toContain('would remove personal fields from 0 ticket fact(s) and 0 archived event(s) of 0 hall-day(s)');
	});
});
