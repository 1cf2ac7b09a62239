/**
 * The Redis store's follower: one blocking read over several hall-day logs, on its own connection,
 * that wakes when another process appends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallEvent } from '../../server/core/events';
import type { HallDayKey } from '../../server/core/hall-day';
import { RedisEventStore, StoreUnavailableError } from '../../server/store/redis/redis-event-store';
import { startRedis, type RedisServer } from '../support/redis-server';

const opened = (n: number): HallEvent => ({ type: 'CounterOpened', at: 1_740_000_000_000 + n, req: `r-${n}`, counter: `C${n}`, staff: `S${n}` });
const city: HallDayKey = { hall: 'city', day: '2025-03-03' };
const county: HallDayKey = { hall: 'county', day: '2025-03-03' };

describe('RedisEventStore.waitForEvents', () => {
	let redis: RedisServer;
	let writer: RedisEventStore;
	let follower: RedisEventStore;

	beforeAll(async () => {
		redis = await startRedis();
		writer = await RedisEventStore.connect(redis.url);
		follower = await RedisEventStore.connect(redis.url);
	});
	afterAll(async () => {
		await writer?.close();
		await follower?.close();
		await redis?.stop();
	});

	it('returns nothing after the timeout, and wakes as soon as another store appends to any followed hall', async () => {
		const t0 = Date.now();
		expect(await follower.waitForEvents([{ key: city, afterSeq: 0 }, { key: county, afterSeq: 0 }], 300)).toEqual([]);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(250);

		const waiting = follower.waitForEvents([{ key: city, afterSeq: 0 }, { key: county, afterSeq: 0 }], 5000);
		await new Promise((r) => setTimeout(r, 100));
		const appendedAt = Date.now();
		await writer.append(county, 0, [opened(1), opened(2)]);
		const got = await waiting;
		expect(Date.now() - appendedAt).toBeLessThan(1000);
		expect(got).toHaveLength(1);
		expect(got[0]?.key).toEqual(county);
		expect(got[0]?.events.map((e) => e.seq)).toEqual([1, 2]);
		expect(got[0]?.events[1]).toMatchObject({ type: 'CounterOpened', counter: 'C2', seq: 2 });

		// Positions are exact: events before a position are not sent again; both logs at once.
		await writer.append(city, 0, [opened(3)]);
		await writer.append(county, 2, [opened(4)]);
		const both = await follower.waitForEvents([{ key: city, afterSeq: 0 }, { key: county, afterSeq: 2 }], 1000);
		expect(both.map((g) => [g.key.hall, g.events.map((e) => e.seq)]).sort()).toEqual([
			['city', [1]],
			['county', [3]]
		]);
	});

	it('keeps the main connection free while the follower blocks', async () => {
		const waiting = follower.waitForEvents([{ key: { hall: 'quiet', day: '2025-03-03' }, afterSeq: 0 }], 1500);
		const t0 = Date.now();
		await follower.append({ hall: 'other', day: '2025-03-03' }, 0, [opened(5)]);
		expect(Date.now() - t0).toBeLessThan(500);
		expect(await waiting).toEqual([]);
	});

	it('rejects with StoreUnavailableError while Redis is stopped, and follows again after', async () => {
		redis.pause();
		try {
			await expect(follower.waitForEvents([{ key: city, afterSeq: 1 }], 1000)).rejects.toBeInstanceOf(StoreUnavailableError);
		} finally {
			redis.resume();
		}
		await writer.append(city, 1, [opened(6)]);
		await expect
			.poll(async () => (await follower.waitForEvents([{ key: city, afterSeq: 1 }], 200).catch(() => [])).map((g) => g.events.length), { timeout: 8000 })
			.toEqual([1]);
	}, 20_000);
});
