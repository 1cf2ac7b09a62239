/**
 * HallQ answers a command only once its events are durable, so on Redis it needs an AOF fsynced
 * before every reply: with `appendfsync everysec` a busy disk makes Redis postpone its AOF writes
 * while it keeps answering, and a Redis crash then loses acknowledged events (issue 16: an answered
 * `ticket:start` missing from the log after a SIGKILL of Redis).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { durabilityProblem, RedisEventStore } from '../../server/store/redis/redis-event-store';
import { startRedis, type RedisServer } from '../support/redis-server';
import { startTestServer, type TestServer } from '../support/server';
import { testHall } from '../support/test-hall';

let redis: RedisServer | undefined;
let server: TestServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
	await redis?.stop();
	redis = undefined;
});

describe('Redis durability', () => {
	it('names what each setting risks', () => {
		expect(durabilityProblem({ appendonly: 'yes', appendfsync: 'always' })).toBeNull();
		expect(durabilityProblem({ appendonly: 'yes', appendfsync: 'everysec' })).toMatch(/appendfsync everysec: .*loses acknowledged/);
		expect(durabilityProblem({ appendonly: 'no', appendfsync: 'always' })).toMatch(/appendonly no/);
	});

	it('reads the settings of the Redis it talks to', async () => {
		redis = await startRedis({ appendfsync: 'everysec' });
		const store = await RedisEventStore.connect(redis.url);
		try {
			expect(await store.durability()).toEqual({ appendonly: 'yes', appendfsync: 'everysec' });
		} finally {
			await store.close();
		}
	});

	it('refuses to start on a Redis with appendfsync everysec, unless told to accept the risk', async () => {
		redis = await startRedis({ appendfsync: 'everysec' });
		const env = { STORE: 'redis', REDIS_URL: redis.url };
		await expect(startTestServer([testHall()], { env })).rejects.toThrow(/appendfsync everysec.*appendfsync always \(docs\/deployment.md\)/);
		server = await startTestServer([testHall()], { env: { ...env, HALLQ_REDIS_DURABILITY: 'relaxed' } });
		expect(server.url).toMatch(/^http:/);
	});

	it('keeps every acknowledged append through a SIGKILL of Redis the moment it answered (appendfsync always)', async () => {
		redis = await startRedis();
		const store = await RedisEventStore.connect(redis.url);
		const key = { hall: 'test', day: '2026-12-04' };
		let acknowledged = 0;
		try {
			// Several appends in flight at once, as several processes would send them; only the one
			// at the right version succeeds, the others are refused and sent again.
			const writer = async (w: number) => {
				for (let i = 0; i < 100; i++) {
					for (;;) {
						const r = await store.append(key, acknowledged, [{ type: 'Noted', req: `w${w}:${i}` } as never]);
						if (r.ok) {
							acknowledged = Math.max(acknowledged, r.version);
							break;
						}
						acknowledged = Math.max(acknowledged, r.version);
					}
				}
			};
			await Promise.all([0, 1, 2].map(writer));
		} finally {
			await store.close();
		}
		redis.kill('SIGKILL');
		await redis.restart();
		const again = await RedisEventStore.connect(redis.url);
		try {
			expect((await again.load(key)).version).toBe(acknowledged);
			expect(acknowledged).toBe(300);
		} finally {
			await again.close();
		}
	});

	it('starts on a Redis that fsyncs every write', async () => {
		redis = await startRedis();
		server = await startTestServer([testHall()], { env: { STORE: 'redis', REDIS_URL: redis.url } });
		expect(server.url).toMatch(/^http:/);
	});

	it('refuses a misspelt HALLQ_REDIS_DURABILITY', async () => {
		redis = await startRedis();
		await expect(startTestServer([testHall()], { env: { STORE: 'redis', REDIS_URL: redis.url, HALLQ_REDIS_DURABILITY: 'lax' } })).rejects.toThrow(/must be strict or relaxed/);
	});
});
