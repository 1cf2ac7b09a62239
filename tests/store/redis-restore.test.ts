/**
 * Giving a Redis store back the events it lost (restarted from an older copy, or a failover to a
 * late replica), when several processes hold different lengths of the lost tail: a restoring append
 * holds every other append for a while, so the process that published the most can put its part
 * back before anyone appends new events over those seqs.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HallRunner } from '../../server/app/hall-runner';
import type { Command } from '../../server/core/commands';
import type { HallEvent, StoredEvent } from '../../server/core/events';
import type { HallDayKey } from '../../server/core/hall-day';
import { indexHall } from '../../server/core/hall-index';
import { RedisEventStore } from '../../server/store/redis/redis-event-store';
import { startRedis, type RedisServer } from '../support/redis-server';
import { testHall } from '../support/test-hall';

const opened = (n: number): HallEvent => ({ type: 'CounterOpened', at: 1_740_000_000_000 + n, req: `r-${n}`, counter: `C${n}`, staff: `S${n}` });
const index = indexHall(testHall());
let n = 0;
const issue = (): Command => ({ kind: 'issue', req: `req-${++n}`, service: 'S1', priority: 'none', kiosk: 'K1', token: `t${n}`, identity: null });
const quiet = { warn: () => undefined, error: () => undefined };
const tickets = (events: StoredEvent[]) => events.flatMap((e) => (e.type === 'TicketIssued' ? [e.ticket] : []));

let redis: RedisServer;
let admin: Redis;
let run = 0;
const stores: RedisEventStore[] = [];

beforeAll(async () => {
	redis = await startRedis();
	admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
	admin.on('error', () => undefined);
});
afterEach(async () => {
	for (const s of stores.splice(0)) await s.close();
});
afterAll(async () => {
	await admin?.quit();
	await redis?.stop();
});

/** A store of its own (a process's connection) under a prefix fresh for each test. */
async function connect(prefix: string): Promise<RedisEventStore> {
	const store = await RedisEventStore.connect(redis.url, { keyPrefix: prefix });
	stores.push(store);
	return store;
}

/** What an older copy of the store looks like: the log cut back to `version` events. */
async function cutBack(store: RedisEventStore, key: HallDayKey, version: number): Promise<void> {
	const k = store.keys(key);
	// Written anew, as a copy is: a stream keeps its highest id ever, so XDEL would not do.
	const kept = await admin.xrange(k.events, '-', `0-${version}`);
	await admin.del(k.events);
	for (const [id, fields] of kept) await admin.xadd(k.events, id, ...fields);
	await admin.set(k.version, String(version));
}

describe('the Redis store while lost events are given back', () => {
	it('holds every other append while a restoring one renewed the hold, and lets restoring appends in', async () => {
		const prefix = `hold-${++run}:`;
		const a = await connect(prefix);
		const b = await connect(prefix);
		const key: HallDayKey = { hall: 'city', day: '2025-03-03' };
		await a.append(key, 0, [opened(1), opened(2), opened(3)]);

		expect(await a.append(key, 3, [opened(4)], undefined, { holdMs: 60_000 })).toMatchObject({ ok: true, version: 4 });
		const held = await b.append(key, 4, [opened(5)]);
		expect(held).toMatchObject({ ok: false, version: 4, missed: [] });
		expect(held.ok === false && held.heldMs).toBeGreaterThan(50_000);
		expect((await b.load(key)).version).toBe(4);
		// Another process's part of the tail goes in during the hold; a conflict is still a conflict.
		expect(await b.append(key, 4, [opened(5)], undefined, { holdMs: 60_000 })).toMatchObject({ ok: true, version: 5 });
		expect(await a.append(key, 4, [opened(6)])).toMatchObject({ ok: false, version: 5, missed: [{ seq: 5, req: 'r-5' }] });

		// A short hold ends by itself, and appends go in again.
		await admin.del(a.keys(key).hold);
		await b.append(key, 5, [], undefined, { holdMs: 200 });
		const started = Date.now();
		let result = await a.append(key, 5, [opened(6)]);
		while (!result.ok && Date.now() - started < 10_000) result = await a.append(key, 5, [opened(6)]);
		expect(result).toMatchObject({ ok: true, version: 6 });
	});

	/**
	 * Process A published seqs 1..5, process B only 1..3 (it had not followed the last two) when the
	 * store came back with only seq 1. B is first: it puts back 2..3 and its own next append is held;
	 * A then puts back 4..5, and both go on after them. Without the hold, B's ticket would have taken
	 * seq 4 and A's A004 and A005, acknowledged to kiosks, would be lost.
	 */
	async function twoTails(prefix: string) {
		const storeA = await connect(prefix);
		const storeB = await connect(prefix);
		const a = new HallRunner({ index, store: storeA, clock: { now: () => Date.now() }, log: quiet, onEvents: () => undefined, restoreHoldMs: 1500 });
		const b = new HallRunner({ index, store: storeB, clock: { now: () => Date.now() }, log: quiet, onEvents: () => undefined, restoreHoldMs: 1500 });
		const key = a.keyAt(Date.now());
		await b.current();
		for (let i = 0; i < 3; i++) await a.execute(issue());
		b.ingestFollowed(key, await storeB.readAfter(key, 0, 10));
		await expect.poll(async () => (await b.current()).state.version).toBe(3);
		for (let i = 0; i < 2; i++) await a.execute(issue());
		await cutBack(storeA, key, 1);
		return { a, b, storeA, key };
	}

	it('when the process with the shorter tail comes first, the other still puts its part back before any new ticket', async () => {
		const { a, b, storeA, key } = await twoTails(`tails-${++run}:`);
		const fromB = b.execute(issue());
		await expect.poll(async () => Number(await admin.get(storeA.keys(key).version)), { timeout: 10_000 }).toBe(3);
		const fromA = a.execute(issue());
		const answers = await Promise.all([fromB, fromA]);
		expect(answers.map((o) => o.record.ticket).sort()).toEqual(['A006', 'A007']);
		const log = await storeA.readAfter(key, 0, 20);
		expect(tickets(log)).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006', 'A007']);
		expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
	});

	it('an idle process puts its part back when its connection to the store comes back, without a command', async () => {
		const { a, b, storeA, key } = await twoTails(`idle-${++run}:`);
		const fromB = b.execute(issue());
		await expect.poll(async () => Number(await admin.get(storeA.keys(key).version)), { timeout: 10_000 }).toBe(3);
		a.storeReconnected();
		expect((await fromB).record.ticket).toBe('A006');
		expect(tickets(await storeA.readAfter(key, 0, 20))).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006']);
	});
});
