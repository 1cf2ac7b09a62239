/**
 * The Redis client of the small record stores (security, follow-up cases): a fail-fast client of its
 * own (see createRedisClient), connected before use, and every call's failure as StoreUnavailableError.
 */
import type { Redis } from 'ioredis';
import { createRedisClient, StoreUnavailableError, type RedisClientOptions } from './redis-event-store';

export type RecordsClientOptions = RedisClientOptions & { keyPrefix?: string };

function unavailable(err: unknown): StoreUnavailableError {
	return new StoreUnavailableError(`redis: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

export async function connectRecordsClient(url: string, connectionName: string, options: RecordsClientOptions): Promise<Redis> {
	const client = createRedisClient(url, { connectionName, ...options, lazyConnect: true });
	try {
		await client.connect();
	} catch (err) {
		client.disconnect();
		throw unavailable(err);
	}
	return client;
}

/** One Redis call; its failure becomes StoreUnavailableError (the caller answers STORE.UNAVAILABLE). */
export async function recordsCall<T>(call: () => Promise<T>): Promise<T> {
	try {
		return await call();
	} catch (err) {
		throw unavailable(err);
	}
}

export async function closeRecordsClient(client: Redis): Promise<void> {
	await client.quit().catch(() => undefined);
	client.disconnect();
}
