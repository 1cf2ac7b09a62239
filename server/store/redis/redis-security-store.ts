/**
 * The Redis adapter of the security store (server/core/security.ts), shared by every server process:
 * a lockout reached on one process holds on all, and so does a session epoch or a revoked token.
 *
 *   <prefix>sec:epochs            HASH  "<hall>/<staff>" → epoch (HINCRBY)
 *   <prefix>sec:passwords         HASH  "<hall>/<staff>" → {"hash","at"}
 *   <prefix>sec:login:<account>   HASH  count, first, until  (one Lua script counts and locks)
 *   <prefix>sec:revoked           HASH  token sha256 → {"hall","device","at","by"}
 */
import type { Redis } from 'ioredis';
import type { LockoutPolicy, RevokedDevice, SecurityStore } from '../../core/security';
import { closeRecordsClient, connectRecordsClient, recordsCall, type RecordsClientOptions } from './records-client';

/** Counts a failure in the window; locks at the limit. Returns the lock's end, or 0. Keys expire a day after they matter. */
const LOGIN_FAILED = `
local now = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local lock = tonumber(ARGV[4])
local untilAt = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if untilAt > now then return untilAt end
local first = tonumber(redis.call('HGET', KEYS[1], 'first') or '0')
local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
if count == 0 or now - first >= window then
  first = now
  count = 0
end
count = count + 1
if count >= max then
  redis.call('HSET', KEYS[1], 'count', 0, 'first', now, 'until', now + lock)
  redis.call('PEXPIRE', KEYS[1], lock + 86400000)
  return now + lock
end
redis.call('HSET', KEYS[1], 'count', count, 'first', first, 'until', 0)
redis.call('PEXPIRE', KEYS[1], window + 86400000)
return 0
`;

type SecurityRedis = Redis & { hallqLoginFailed(key: string, now: number, max: number, window: number, lock: number): Promise<number> };

export class RedisSecurityStore implements SecurityStore {
	private readonly client: SecurityRedis;

	private constructor(
		client: Redis,
		private readonly prefix: string
	) {
		client.defineCommand('hallqLoginFailed', { numberOfKeys: 1, lua: LOGIN_FAILED });
		this.client = client as SecurityRedis;
	}

	static async connect(url: string, options: RecordsClientOptions = {}): Promise<RedisSecurityStore> {
		return new RedisSecurityStore(await connectRecordsClient(url, 'hallq-security', options), options.keyPrefix ?? 'hallq:');
	}

	private key(name: string): string {
		return `${this.prefix}sec:${name}`;
	}

	private redis<T>(call: () => Promise<T>): Promise<T> {
		return recordsCall(call);
	}

	async epoch(hall: string, staff: string): Promise<number> {
		return Number((await this.redis(() => this.client.hget(this.key('epochs'), `${hall}/${staff}`))) ?? 0);
	}

	async bumpEpoch(hall: string, staff: string): Promise<number> {
		return this.redis(() => this.client.hincrby(this.key('epochs'), `${hall}/${staff}`, 1));
	}

	async passwordHash(hall: string, staff: string): Promise<string | null> {
		const raw = await this.redis(() => this.client.hget(this.key('passwords'), `${hall}/${staff}`));
		return raw ? (JSON.parse(raw) as { hash: string }).hash : null;
	}

	async setPasswordHash(hall: string, staff: string, hash: string, at: number): Promise<void> {
		await this.redis(() => this.client.hset(this.key('passwords'), `${hall}/${staff}`, JSON.stringify({ hash, at })));
	}

	async lockedUntil(account: string, now: number): Promise<number | null> {
		const until = Number((await this.redis(() => this.client.hget(this.key(`login:${account}`), 'until'))) ?? 0);
		return until > now ? until : null;
	}

	async loginFailed(account: string, now: number, policy: LockoutPolicy): Promise<number | null> {
		const until = await this.redis(() => this.client.hallqLoginFailed(this.key(`login:${account}`), now, policy.maxFailures, policy.windowMs, policy.lockMs));
		return Number(until) > 0 ? Number(until) : null;
	}

	async loginSucceeded(account: string): Promise<void> {
		await this.redis(() => this.client.del(this.key(`login:${account}`)));
	}

	async revokeDevice(r: RevokedDevice): Promise<void> {
		await this.redis(() => this.client.hsetnx(this.key('revoked'), r.tokenHash, JSON.stringify({ hall: r.hall, device: r.device, at: r.at, by: r.by })));
	}

	async restoreDevice(hall: string, device: string): Promise<boolean> {
		const mine = (await this.revokedDevices(hall)).filter((r) => r.device === device).map((r) => r.tokenHash);
		if (mine.length === 0) return false;
		await this.redis(() => this.client.hdel(this.key('revoked'), ...mine));
		return true;
	}

	async isRevoked(tokenHash: string): Promise<boolean> {
		return (await this.redis(() => this.client.hexists(this.key('revoked'), tokenHash))) === 1;
	}

	async revokedDevices(hall: string): Promise<RevokedDevice[]> {
		const all = await this.redis(() => this.client.hgetall(this.key('revoked')));
		return Object.entries(all)
			.map(([tokenHash, raw]) => ({ tokenHash, ...(JSON.parse(raw) as Omit<RevokedDevice, 'tokenHash'>) }))
			.filter((r) => r.hall === hall)
			.sort((a, b) => a.at - b.at || a.device.localeCompare(b.device));
	}

	async close(): Promise<void> {
		await closeRecordsClient(this.client);
	}
}
