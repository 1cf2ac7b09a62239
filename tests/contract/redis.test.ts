import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { RedisEventStore } from '../../server/store/redis/redis-event-store';
import { startRedis, type RedisServer } from '../support/redis-server';
import { eventStoreContract } from './event-store.contract';

let redis: RedisServer;
let admin: Redis;
let run = 0;

beforeAll(async () => {
	redis = await startRedis();
	admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
	admin.on('error', () => undefined);
});
afterAll(async () => {
	await admin?.quit();
	await redis?.stop();
});

/** Deletes every key under a prefix. */
async function removePrefix(prefix: string): Promise<void> {
	let cursor = '0';
	do {
		const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
		if (keys.length > 0) await admin.unlink(...keys);
		cursor = next;
	} while (cursor !== '0');
}

eventStoreContract('redis (private redis-server, AOF everysec)', async () => {
	// A fresh key prefix per test: tests are isolated without flushing the server.
	const keyPrefix = `hallq-t${++run}:`;
	return {
		store: await RedisEventStore.connect(redis.url, { keyPrefix }),
		reopen: () => RedisEventStore.connect(redis.url, { keyPrefix }),
		cleanup: () => removePrefix(keyPrefix)
	};
});
