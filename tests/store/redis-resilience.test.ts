/**
 * The Redis store under a stopped, a killed and a script-flushed Redis: commands fail fast with
 * StoreUnavailableError, the same store object recovers by itself, and what Redis acknowledged
 * (AOF, appendfsync always) is there after a crash, to the last answer.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HallEvent, TicketIssued } from '../../server/core/events';
import type { HallDayKey } from '../../server/core/hall-day';
import type { EventStore } from '../../server/core/ports';
import { createRedisClient, RedisEventStore, StoreUnavailableError } from '../../server/store/redis/redis-event-store';
import { startRedis, type RedisServer } from '../support/redis-server';

const DAY = '2025-03-03';
let run = 0;
const nextKey = (): HallDayKey => ({ hall: `hall-${++run}`, day: DAY });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ticket(req: string, n: number): TicketIssued {
	return {
		type: 'TicketIssued',
		at: Date.now(),
		req,
		ticket: `A${String(n).padStart(4, '0')}`,
		prefix: 'A',
		serial: n,
		service: 'HJ-001',
		priority: 'none',
		kiosk: 'K01',
		token: `tk_${req}_${n}`,
		identityHash: null,
		identityMasked: null,
		holderMasked: null
	};
}

/** A batch of `size` events sharing the request id `<tag>-<size>`. */
function batch(tag: string, size: number, from: number): HallEvent[] {
	return Array.from({ length: size }, (_, i) => ticket(`${tag}-${size}`, from + i + 1));
}

/** Retries `fn` until it resolves (the store reconnecting by itself), at most `ms`. */
async function eventually<T>(fn: () => Promise<T>, ms = 10_000): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		try {
			return await fn();
		} catch (err) {
			if (Date.now() > deadline) throw err;
			await sleep(50);
		}
	}
}

/** How long `p` takes to reject, and with what. */
async function rejection(p: Promise<unknown>): Promise<{ err: unknown; ms: number }> {
	const t0 = performance.now();
	try {
		await p;
	} catch (err) {
		return { err, ms: performance.now() - t0 };
	}
	throw new Error('expected a rejection');
}

describe('RedisEventStore resilience', () => {
	let redis: RedisServer;
	let admin: Redis;
	const stores: EventStore[] = [];

	beforeAll(async () => {
		redis = await startRedis();
		admin = new Redis(redis.url, { maxRetriesPerRequest: 1, commandTimeout: 2000 });
		admin.on('error', () => undefined);
	});
	afterEach(async () => {
		redis.resume();
		for (const s of stores.splice(0)) await s.close();
	});
	afterAll(async () => {
		admin?.disconnect();
		await redis?.stop();
	});

	async function open(): Promise<RedisEventStore> {
		const store = await RedisEventStore.connect(redis.url, { keyPrefix: 'res:' });
		stores.push(store);
		return store;
	}

	it('fails fast while Redis is stopped (SIGSTOP) and works again after SIGCONT, same store object', async () => {
		const store = await open();
		const key = nextKey();
		expect(await store.append(key, 0, batch('a', 3, 0))).toMatchObject({ ok: true, version: 3 });

		redis.pause();
		const late = batch('paused', 1, 3);
		const appendFailure = await rejection(store.append(key, 3, late));
		expect(appendFailure.err).toBeInstanceOf(StoreUnavailableError);
		expect((appendFailure.err as Error).name).toBe('StoreUnavailableError');
		expect(appendFailure.ms).toBeLessThan(3000);
		const loadFailure = await rejection(store.load(key));
		expect(loadFailure.err).toBeInstanceOf(StoreUnavailableError);
		expect(loadFailure.ms).toBeLessThan(3000);
		// A new connection meanwhile fails fast too (the TCP connect succeeds, the handshake times out).
		const connectFailure = await rejection(RedisEventStore.connect(redis.url, { keyPrefix: 'res:' }));
		expect(connectFailure.err).toBeInstanceOf(StoreUnavailableError);
		expect(connectFailure.ms).toBeLessThan(5000);
		const ms = (f: { ms: number }) => `${f.ms.toFixed(0)} ms`;
		console.log(`SIGSTOP: append rejected in ${ms(appendFailure)}, load in ${ms(loadFailure)}, connect in ${ms(connectFailure)}`);

		redis.resume();
		const t0 = performance.now();
		const loaded = await eventually(() => store.load(key));
		console.log(`SIGCONT: first load answered after ${(performance.now() - t0).toFixed(0)} ms`);
		// The timed-out append was in Redis's socket buffer: its outcome was unknown to the caller and
		// it may have landed now — whole or not at all.
		expect([3, 4]).toContain(loaded.version);
		if (loaded.version === 4) expect(loaded.events[3]).toEqual({ ...late[0], seq: 4 });
		const next = await store.append(key, loaded.version, batch('after', 2, loaded.version));
		expect(next).toMatchObject({ ok: true, version: loaded.version + 2 });
	});

	it('keeps what was acknowledged across a SIGKILL and restart from the AOF, and reconnects by itself', async () => {
		const store = await open();
		const key = nextKey();
		interface Ack {
			version: number;
			size: number;
			req: string;
			at: number;
		}
		const acks: Ack[] = [];
		const failures: number[] = [];
		let behind = 0;
		let stop = false;
		// Acks count as "after the restart" only once restart() returned: an append in flight at the
		// kill can still be acknowledged before Redis actually dies.
		let restartedAt = Number.POSITIVE_INFINITY;
		let afterRestart = 0;

		const writer = (async () => {
			let version = 0;
			// Every append since the last known version whose outcome is unknown: several can fail in a
			// row while Redis is down, and any one of them (at most one: they share the expected version)
			// may have landed.
			let unanswered: string[] = [];
			for (let n = 1; !stop; n++) {
				const size = (n % 3) + 1;
				const events = batch(`w-b${n}`, size, version);
				const t0 = performance.now();
				try {
					const res = await store.append(key, version, events);
					if (res.ok) {
						acks.push({ version: res.version, size, req: `w-b${n}-${size}`, at: performance.now() });
						version = res.version;
						unanswered = [];
						if (performance.now() > restartedAt) afterRestart += 1;
					} else if (res.version > version) {
						// Only one writer: events it did not know of are one of its own batches whose append
						// failed with an unknown outcome (Redis stored it, then died before answering).
						const missed = [...new Set(res.missed.map((e) => e.req))];
						expect(missed).toHaveLength(1);
						expect(unanswered).toContain(missed[0]);
						version = res.version;
						unanswered = [];
					} else {
						// Or the store is behind (it lost its last writes).
						expect(res.missed).toEqual([]);
						behind += 1;
						version = (await store.load(key)).version;
						unanswered = [];
					}
				} catch (err) {
					expect(err).toBeInstanceOf(StoreUnavailableError);
					unanswered.push(`w-b${n}-${size}`);
					failures.push(performance.now() - t0);
					await sleep(20);
				}
			}
		})();

		await sleep(2500);
		const ackedBeforeKill = acks.length;
		const killedAt = performance.now();
		redis.kill('SIGKILL');
		await sleep(500);
		await redis.restart();
		restartedAt = performance.now();
		await eventually(async () => {
			if (afterRestart < 20) throw new Error('not yet');
		});
		const recoveredMs = acks.find((a) => a.at > restartedAt)!.at - restartedAt;
		stop = true;
		await writer;

		const loaded = await store.load(key);
		const events = loaded.events;
		expect(events.map((e) => e.seq)).toEqual(Array.from({ length: loaded.version }, (_, i) => i + 1));
		// Whole batches only: each request id appears as often as its batch size, in one run.
		const sizes = new Map<string, number>();
		for (const e of events) sizes.set(e.req, (sizes.get(e.req) ?? 0) + 1);
		for (const [req, count] of sizes) expect(count, req).toBe(Number(req.split('-').at(-1)));

		const present = (a: Ack) => events[a.version - 1]?.req === a.req && events[a.version - a.size]?.req === a.req;
		const beforeKill = acks.filter((a) => a.at < killedAt);
		// appendfsync always: Redis fsyncs before it answers, so not even the last answer is lost.
		expect(beforeKill.length).toBeGreaterThan(10);
		for (const a of beforeKill) expect(present(a), `acked ${(killedAt - a.at).toFixed(0)} ms before the kill`).toBe(true);
		expect(behind).toBe(0);
		for (const a of acks.filter((x) => x.at > restartedAt)) expect(present(a)).toBe(true);

		expect(failures.length).toBeGreaterThan(0);
		expect(Math.max(...failures)).toBeLessThan(2000);
		console.log(
			`SIGKILL: ${ackedBeforeKill} appends acknowledged before the kill, all kept; ${failures.length} appends failed fast ` +
				`(slowest ${Math.max(...failures).toFixed(0)} ms) while Redis was down; ` +
				`first append ${recoveredMs.toFixed(0)} ms after restart`
		);
	}, 30_000);

	it('reports a store behind the caller when Redis comes back without its data', async () => {
		// No AOF: a restart loses everything, like a replica promoted before it caught up.
		const volatile = await startRedis({ appendonly: false });
		const store = await RedisEventStore.connect(volatile.url);
		stores.push(store);
		try {
			const key = nextKey();
			expect(await store.append(key, 0, batch('v', 3, 0))).toMatchObject({ ok: true, version: 3 });
			volatile.kill('SIGKILL');
			await volatile.restart();
			const res = await eventually(() => store.append(key, 3, batch('v2', 1, 3)));
			expect(res).toEqual({ ok: false, version: 0, missed: [] });
			expect(await store.load(key)).toEqual({ snapshot: null, events: [], version: 0 });
		} finally {
			await store.close();
			await volatile.stop();
		}
	});

	it('reloads its scripts after SCRIPT FLUSH (NOSCRIPT)', async () => {
		const store = await open();
		const key = nextKey();
		expect(await store.append(key, 0, batch('s1', 2, 0))).toMatchObject({ ok: true, version: 2 });
		await store.saveSnapshot(key, { version: 0, state: { note: 'any JSON' } as never });
		await admin.script('FLUSH');
		expect(await store.append(key, 2, batch('s2', 1, 2))).toMatchObject({ ok: true, version: 3 });
		await admin.script('FLUSH');
		expect((await store.load(key)).version).toBe(3);
		await admin.script('FLUSH');
		await store.saveSnapshot(key, { version: 3, state: { note: 'newer' } as never });
		expect((await store.load(key)).snapshot?.version).toBe(3);
		// A conflict through a freshly flushed cache still reports the missed events.
		await admin.script('FLUSH');
		const res = await store.append(key, 1, batch('s3', 1, 1));
		expect(res).toMatchObject({ ok: false, version: 3 });
		expect(!res.ok && res.missed.map((e) => e.seq)).toEqual([2, 3]);
	});

	it('rejects at once, with StoreUnavailableError, when nothing listens', async () => {
		// A port that was free a moment ago: nothing listens there.
		const dead = await startRedis({ appendonly: false });
		const url = dead.url;
		await dead.stop();
		const failure = await rejection(RedisEventStore.connect(url));
		expect(failure.err).toBeInstanceOf(StoreUnavailableError);
		expect(failure.ms).toBeLessThan(2500);

		// A store on a client that keeps trying in the background (a process started before Redis).
		const client = createRedisClient(url, { lazyConnect: false });
		const store = new RedisEventStore(client, {}, true);
		stores.push(store);
		const appendFailure = await rejection(store.append(nextKey(), 0, batch('x', 1, 0)));
		expect(appendFailure.err).toBeInstanceOf(StoreUnavailableError);
		expect(appendFailure.ms).toBeLessThan(100);
	});
});
