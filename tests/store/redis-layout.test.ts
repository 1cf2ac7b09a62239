/**
 * The Redis store's key layout and the guards of its scripts, seen from redis itself.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HallEvent } from '../../server/core/events';
import { fold, initialState } from '../../server/core/evolve';
import type { HallDayKey } from '../../server/core/hall-day';
import { hallDayKeys, RedisEventStore, StoreUnavailableError } from '../../server/store/redis/redis-event-store';
import { startRedis, type RedisServer } from '../support/redis-server';

const DAY = '2025-03-03';

function opened(n: number): HallEvent {
	return { type: 'CounterOpened', at: 1_740_000_000_000 + n, req: `r-${n}`, counter: `C${n % 7}`, staff: `S${n % 5}` };
}
const many = (from: number, count: number) => Array.from({ length: count }, (_, i) => opened(from + i));

/** The Cluster hash tag of a key: what lies between the first `{` and the next `}`. */
function hashTag(key: string): string | null {
	const open = key.indexOf('{');
	const close = key.indexOf('}', open + 1);
	return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : null;
}

describe('RedisEventStore key layout and script guards', () => {
	let redis: RedisServer;
	let admin: Redis;
	let store: RedisEventStore;

	beforeAll(async () => {
		redis = await startRedis();
		admin = new Redis(redis.url);
		admin.on('error', () => undefined);
	});
	afterEach(async () => {
		await store?.close();
		await admin.flushdb();
	});
	afterAll(async () => {
		await admin?.quit();
		await redis?.stop();
	});

	it('keeps a hall-day under one hash tag: a stream with ids 0-<seq>, a version string, a snapshot hash, a restore hold', async () => {
		store = await RedisEventStore.connect(redis.url);
		const key: HallDayKey = { hall: 'city', day: DAY };
		const k = store.keys(key);
		expect(k).toEqual({
			events: 'hallq:{city:2025-03-03}:events',
			version: 'hallq:{city:2025-03-03}:version',
			snapshot: 'hallq:{city:2025-03-03}:snapshot',
			hold: 'hallq:{city:2025-03-03}:hold'
		});
		await store.append(key, 0, many(1, 3));
		await store.saveSnapshot(key, { version: 2, state: fold(initialState('city', DAY), many(1, 2)) });
		expect(await admin.type(k.events)).toBe('stream');
		expect(await admin.type(k.version)).toBe('string');
		expect(await admin.type(k.snapshot)).toBe('hash');
		expect(await admin.get(k.version)).toBe('3');
		expect(await admin.hget(k.snapshot, 'version')).toBe('2');
		// The hold exists only while lost events are given back, and expires by itself.
		expect(await admin.exists(k.hold)).toBe(0);
		await store.append(key, 3, [], undefined, { holdMs: 60_000 });
		expect(await admin.type(k.hold)).toBe('string');
		expect(await admin.pttl(k.hold)).toBeGreaterThan(50_000);
		await admin.del(k.hold);
		const entries = await admin.xrange(k.events, '-', '+');
		expect(entries.map(([id]) => id)).toEqual(['0-1', '0-2', '0-3']);
		expect(JSON.parse(entries[0]![1][1]!)).toEqual(opened(1));
		expect(new Set(Object.values(k).map(hashTag))).toEqual(new Set(['city:2025-03-03']));
	});

	it('escapes braces and colons so every hall-day keeps its own tag', async () => {
		store = await RedisEventStore.connect(redis.url, { keyPrefix: 'x:' });
		const odd: HallDayKey[] = [
			{ hall: 'a{b}', day: DAY },
			{ hall: 'a', day: `b}:${DAY}` },
			{ hall: 'a:b', day: DAY },
			{ hall: 'a', day: `b:${DAY}` },
			{ hall: '}', day: DAY },
			{ hall: '%7B', day: DAY }
		];
		const tags = odd.map((key) => {
			const tag = new Set(Object.values(hallDayKeys('x:', key)).map(hashTag));
			expect(tag.size).toBe(1);
			return [...tag][0];
		});
		expect(new Set(tags).size).toBe(odd.length);
		for (const [i, key] of odd.entries()) {
			expect(await store.append(key, 0, many(i * 10, i + 1))).toMatchObject({ ok: true, version: i + 1 });
		}
		for (const [i, key] of odd.entries()) expect((await store.load(key)).version).toBe(i + 1);
		expect(() => new RedisEventStore(admin, { keyPrefix: 'bad{' })).toThrow(RangeError);
	});

	it('loads a long log in pages after a snapshot', async () => {
		store = await RedisEventStore.connect(redis.url, { loadPageSize: 100 });
		const key: HallDayKey = { hall: 'busy', day: DAY };
		const all = many(1, 1050);
		let version = 0;
		for (let i = 0; i < all.length; i += 150) {
			const res = await store.append(key, version, all.slice(i, i + 150));
			if (!res.ok) throw new Error('conflict');
			version = res.version;
		}
		let loaded = await store.load(key);
		expect(loaded.version).toBe(1050);
		expect(loaded.events.map((e) => e.seq)).toEqual(Array.from({ length: 1050 }, (_, i) => i + 1));
		const state = fold(initialState('busy', DAY), all.slice(0, 333));
		await store.saveSnapshot(key, { version: 333, state });
		loaded = await store.load(key);
		expect(loaded.snapshot).toEqual({ version: 333, state });
		expect(loaded.events[0]?.seq).toBe(334);
		expect(loaded.events).toHaveLength(1050 - 333);
	});

	it('refuses to append over a log whose version key is gone, and writes nothing', async () => {
		store = await RedisEventStore.connect(redis.url);
		const key: HallDayKey = { hall: 'damaged', day: DAY };
		await store.append(key, 0, many(1, 2));
		await admin.del(store.keys(key).version);
		const err = await store.append(key, 0, many(3, 1)).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(Error);
		expect(err).not.toBeInstanceOf(StoreUnavailableError);
		expect((err as Error).message).toMatch(/HALLQ_CORRUPT/);
		expect(await admin.xlen(store.keys(key).events)).toBe(2);
	});

	it('maps a Redis that cannot write (read-only replica, OOM) to StoreUnavailableError', async () => {
		store = await RedisEventStore.connect(redis.url);
		const key: HallDayKey = { hall: 'oom', day: DAY };
		await store.append(key, 0, many(1, 1));
		await admin.config('SET', 'maxmemory', '1');
		try {
			const err = await store.append(key, 1, many(2, 1)).catch((e: unknown) => e);
			expect(err).toBeInstanceOf(StoreUnavailableError);
			expect((err as Error).message).toMatch(/OOM/);
			// Reads still work.
			expect((await store.load(key)).version).toBe(1);
		} finally {
			await admin.config('SET', 'maxmemory', '0');
		}
		expect(await store.append(key, 1, many(2, 1))).toMatchObject({ ok: true, version: 2 });
	});
});
