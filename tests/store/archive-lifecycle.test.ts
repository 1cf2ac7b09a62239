/**
 * The life of a hall-day after its hours, end to end on real stores: a busy day (10,000 tickets,
 * about 43,000 events) in the live store (SQLite, and a private Redis), the lifecycle closes it after
 * midnight, copies it into the archive (SQLite), verifies the copy, projects it and drops it from the
 * live store; the archived facts equal the projection of the live log, and the runner reads the
 * dropped day from the archive. With the archive down (a private PostgreSQL, killed) nothing is
 * dropped and the failure is visible; once it is back the next round finishes the day.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archiver } from '../../server/app/archiver';
import { DayLifecycle } from '../../server/app/day-lifecycle';
import { HallRunner } from '../../server/app/hall-runner';
import { LogDigest } from '../../server/app/log-digest';
import type { StoredEvent } from '../../server/core/events';
import type { HallDayKey } from '../../server/core/hall-day';
import { indexHall } from '../../server/core/hall-index';
import type { ArchiveStore, EventStore } from '../../server/core/ports';
import { projectDay } from '../../server/core/project-day';
import { RedisEventStore } from '../../server/store/redis/redis-event-store';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';
import { appendBusyDay, buildBusyDay, busyHall, type BusyDay } from '../fixtures/busy-day';
import { startPostgres, type PostgresServer } from '../support/postgres-server';
import { startRedis, type RedisServer } from '../support/redis-server';

const DAY = '2026-03-12';
/** 00:40 the next morning in Shanghai: the close was due at midnight, the retries across it are over. */
const NEXT_MORNING = Date.parse('2026-03-13T00:40:00+08:00');
const KEEP_LIVE_MS = 7 * 86_400_000;
const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined };
const hall = busyHall();

let busy: BusyDay;
const dirs: string[] = [];
beforeAll(() => {
	busy = buildBusyDay(hall, DAY, 10_000);
});
afterAll(() => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'hallq-archive-'));
	dirs.push(dir);
	return dir;
}

async function readAll(read: (after: number) => Promise<StoredEvent[]>): Promise<StoredEvent[]> {
	const all: StoredEvent[] = [];
	for (;;) {
		const page = await read(all.length);
		all.push(...page);
		if (page.length < 5000) return all;
	}
}

function lifecycleOn(live: EventStore, archive: ArchiveStore, now: () => number) {
	const runner = new HallRunner({ index: indexHall(hall), store: live, archive, clock: { now }, log: quiet, onEvents: () => undefined });
	const archiver = new Archiver({ live, archive, halls: new Map([[hall.id, hall]]), now });
	const lifecycle = new DayLifecycle({ runners: new Map([[hall.id, runner]]), live, archiver, clock: { now }, log: quiet, keepLiveMs: KEEP_LIVE_MS });
	return { runner, lifecycle };
}

/** Runs the lifecycle over the busy day in `live`; checks the archive against the live log. */
async function archiveAndCheck(live: EventStore, archive: ArchiveStore): Promise<{ key: HallDayKey; closedLog: StoredEvent[]; runner: HallRunner }> {
	await appendBusyDay(live, busy);
	const { runner, lifecycle } = lifecycleOn(live, archive, () => NEXT_MORNING);
	// Before the close is due nothing happens to the day.
	const evening = lifecycleOn(live, archive, () => Date.parse(`${DAY}T23:50:00+08:00`));
	await evening.lifecycle.tick();
	expect(await archive.day(busy.key)).toBeNull();
	await evening.runner.close();

	await lifecycle.tick();
	expect(lifecycle.status().failing).toEqual([]);
	const day = await archive.day(busy.key);
	expect(day?.status).toBe('dropped');
	expect(lifecycle.status()).toMatchObject({ archived: 1, dropped: 1 });

	// The archive holds exactly the live log, closed: the events, the close, the digest.
	const closedLog = await readAll((after) => archive.readEvents(busy.key, after, 5000));
	expect(closedLog).toHaveLength(busy.events.length + 1);
	expect(closedLog.slice(0, -1).map(({ seq: _seq, ...e }) => e)).toEqual(busy.events);
	expect(closedLog.at(-1)).toMatchObject({ type: 'DayClosed', reason: 'midnight', at: Date.parse('2026-03-13T00:00:00+08:00') });
	const digest = new LogDigest();
	digest.add(closedLog);
	expect(day).toMatchObject({ events: closedLog.length, digest: digest.hex() });

	// Its facts are the projection of that log: what a report of the live day would have shown.
	const expected = projectDay(hall, DAY, closedLog);
	expect(await archive.ticketFacts(hall.id, DAY, DAY)).toEqual(expected.tickets);
	expect(await archive.rollups(hall.id, DAY, DAY)).toEqual(expected.rollups);
	const sessions = await archive.counterSessions(hall.id, DAY, DAY);
	const order = (s: { counter: string; n: number }) => `${s.counter.padStart(4, '0')}#${String(s.n).padStart(4, '0')}`;
	expect(sessions.map(order).sort()).toEqual(expected.sessions.map(order).sort());
	expect(sessions).toEqual(expect.arrayContaining(expected.sessions));
	const served = expected.tickets.filter((t) => t.outcome === 'served').length;
	expect(served).toBe(Object.values(busy.state.tickets).filter((t) => t.status === 'done').length);
	expect(expected.tickets.filter((t) => t.outcome === 'unserved').length).toBeGreaterThan(100);

	// A second round (another process, or this one again) changes nothing.
	const again = lifecycleOn(live, archive, () => NEXT_MORNING + 60_000);
	await again.lifecycle.tick();
	expect(again.lifecycle.status()).toMatchObject({ archived: 0, failing: [] });
	expect(await archive.day(busy.key)).toEqual(day);
	await again.runner.close();

	// The runner finds the dropped day in the archive.
	expect(await runner.dayEventsAfter(DAY, closedLog.length - 2, 10)).toEqual(closedLog.slice(-2));
	return { key: busy.key, closedLog, runner };
}

describe('archiving a closed hall-day', () => {
	it('SQLite live store: closed after midnight, archived, verified, projected, deleted from the live file', { timeout: 180_000 }, async () => {
		const dir = tempDir();
		const live = SqliteEventStore.open(join(dir, 'hallq.db'), { synchronous: 'NORMAL' });
		const archive = await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'hallq-archive.db'), synchronous: 'NORMAL' });
		try {
			const { runner } = await archiveAndCheck(live, archive);
			expect(await live.days()).toEqual([]);
			expect(await live.readAfter(busy.key, 0, 10)).toEqual([]);
			await runner.close();
		} finally {
			await live.close();
			await archive.close();
		}
	});

	describe('Redis live store', () => {
		let redis: RedisServer;
		beforeAll(async () => {
			redis = await startRedis();
		}, 60_000);
		afterAll(async () => {
			await redis?.stop();
		});

		it('the dropped day keeps its keys for the configured days, then Redis forgets it', { timeout: 180_000 }, async () => {
			const dir = tempDir();
			const live = await RedisEventStore.connect(redis.url);
			const archive = await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'hallq-archive.db'), synchronous: 'NORMAL' });
			const client = new Redis(redis.url);
			try {
				const { runner } = await archiveAndCheck(live, archive);
				const keys = await client.keys(`*{${busy.key.hall}:${busy.key.day}}*`);
				expect(keys.length).toBeGreaterThanOrEqual(2);
				for (const k of keys) {
					const ttl = await client.pttl(k);
					expect(ttl, k).toBeGreaterThan(KEEP_LIVE_MS - 120_000);
					expect(ttl, k).toBeLessThanOrEqual(KEEP_LIVE_MS);
				}
				await runner.close();
			} finally {
				client.disconnect();
				await live.close();
				await archive.close();
			}
		});
	});

	describe('archive down', () => {
		let pg: PostgresServer;
		beforeAll(async () => {
			pg = await startPostgres();
		}, 120_000);
		afterAll(async () => {
			await pg?.stop();
		});

		it('nothing is dropped, the failure is in the status; the next round after it is back finishes the day', { timeout: 180_000 }, async () => {
			const dir = tempDir();
			const live = SqliteEventStore.open(join(dir, 'hallq.db'), { synchronous: 'NORMAL' });
			const archive = await SqlArchiveStore.open({ kind: 'postgres', url: pg.url });
			try {
				await appendBusyDay(live, busy);
				let now = NEXT_MORNING;
				const { runner, lifecycle } = lifecycleOn(live, archive, () => now);
				pg.kill('SIGKILL');
				await lifecycle.tick();
				const [failure, ...more] = lifecycle.status().failing;
				// The re-projection of stale days needs the archive too, and says so.
				expect(more).toEqual([expect.objectContaining({ hall: '*', day: 'projection', code: expect.stringMatching(/^[A-Z]+\.[A-Z_]+$/) })]);
				expect(failure).toMatchObject({ hall: hall.id, day: DAY, attempts: 1, code: expect.stringMatching(/^[A-Z]+\.[A-Z_]+$/) });
				// The day is closed in the live store and still whole there.
				const liveLog = await readAll((after) => live.readAfter(busy.key, after, 5000));
				expect(liveLog).toHaveLength(busy.events.length + 1);
				expect(await live.days()).toEqual([busy.key]);

				now += 30_000;
				await lifecycle.tick();
				expect(lifecycle.status().failing[0]).toMatchObject({ attempts: 2, since: failure?.since });

				await pg.restart();
				now += 30_000;
				await lifecycle.tick();
				expect(lifecycle.status()).toMatchObject({ failing: [], archived: 1, dropped: 1 });
				expect((await archive.day(busy.key))?.status).toBe('dropped');
				expect(await readAll((after) => archive.readEvents(busy.key, after, 5000))).toEqual(liveLog);
				expect(await live.days()).toEqual([]);
				await runner.close();
			} finally {
				await live.close();
				await archive.close();
			}
		});
	});
});
