import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { RedisCaseStore } from '../../server/store/redis/redis-case-store';
import { RedisSecurityStore } from '../../server/store/redis/redis-security-store';
import { caseStoreContract } from './case-store.contract';
import { startRedis, type RedisServer } from '../support/redis-server';
import { securityStoreContract } from './security-store.contract';

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

async function removePrefix(prefix: string): Promise<void> {
	const keys = await admin.keys(`${prefix}*`);
	if (keys.length > 0) await admin.unlink(...keys);
}

securityStoreContract('redis (private redis-server)', async () => {
	const keyPrefix = `hallq-r${++run}:`;
	return {
		store: await RedisSecurityStore.connect(redis.url, { keyPrefix }),
		reopen: () => RedisSecurityStore.connect(redis.url, { keyPrefix }),
		cleanup: () => removePrefix(keyPrefix)
	};
});

caseStoreContract('redis (private redis-server)', async () => {
	const keyPrefix = `hallq-c${++run}:`;
	return {
		store: await RedisCaseStore.connect(redis.url, { keyPrefix }),
		reopen: () => RedisCaseStore.connect(redis.url, { keyPrefix }),
		cleanup: () => removePrefix(keyPrefix)
	};
});
