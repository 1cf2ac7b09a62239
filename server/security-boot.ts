/** The security store and session settings from the environment (used by boot.ts). */
import { mkdirSync } from 'node:fs';
import { wholeNumber } from './env-number';
import { rateLimitPolicies, type RateLimitPolicies } from './app/rate-limits';
import { dirname, resolve } from 'node:path';
import { DEFAULT_LOCKOUT, type LockoutPolicy, type SecurityStore } from './core/security';
import type { ApiHooks } from './http/api';
import type { CookiePolicy, CookieSecure } from './http/session-cookie';
import type { HallIo } from './realtime/attach';
import { rooms } from './realtime/rooms';
import { RedisSecurityStore } from './store/redis/redis-security-store';
import { SqliteSecurityStore } from './store/sqlite/sqlite-security-store';
import { SqliteCaseStore } from './store/sqlite/sqlite-case-store';
import { RedisCaseStore } from './store/redis/redis-case-store';
import type { CaseStore } from './core/follow-up';

function sqliteFile(env: NodeJS.ProcessEnv): { file: string; synchronous: 'FULL' | 'NORMAL' | 'OFF' } {
	const file = resolve(env.HALLQ_DB ?? 'data/hallq.db');
	mkdirSync(dirname(file), { recursive: true });
	return { file, synchronous: (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase() as 'FULL' | 'NORMAL' | 'OFF' };
}

/** Beside the event log: the same SQLite file (its own tables), or the same Redis. */
export async function openSecurityStore(env: NodeJS.ProcessEnv): Promise<SecurityStore> {
	if (env.STORE === 'redis') return RedisSecurityStore.connect(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
	const { file, synchronous } = sqliteFile(env);
	return SqliteSecurityStore.open(file, { synchronous });
}

/** Follow-up cases, beside the event log like the security store. */
export async function openCaseStore(env: NodeJS.ProcessEnv): Promise<CaseStore> {
	if (env.STORE === 'redis') return RedisCaseStore.connect(env.REDIS_URL ?? 'redis://127.0.0.1:6379');
	const { file, synchronous } = sqliteFile(env);
	return SqliteCaseStore.open(file, { synchronous });
}

export interface SecuritySettings {
	lockout: LockoutPolicy;
	cookies: CookiePolicy;
	/** HALLQ_RATE_LIMITS (docs/security.md "Rate limits"). */
	rateLimits: RateLimitPolicies | 'off';
	/** HALLQ_TRUST_PROXY: reverse proxies in front whose X-Forwarded-For is believed. */
	trustedHops: number;
}

export function securitySettings(env: NodeJS.ProcessEnv): SecuritySettings {
	const secure = (env.HALLQ_COOKIE_SECURE ?? 'auto') as CookieSecure;
	if (!['auto', 'on', 'off'].includes(secure)) throw new Error(`HALLQ_COOKIE_SECURE must be auto, on or off, not ${secure}`);
	const allowedOrigins = [env.HALLQ_PUBLIC_URL, ...(env.HALLQ_ALLOWED_ORIGINS ?? '').split(',')].map((o) => o?.trim() ?? '').filter(Boolean);
	const failures = wholeNumber(env, 'HALLQ_LOCKOUT_FAILURES', DEFAULT_LOCKOUT.maxFailures, 1, 100);
	const minutes = wholeNumber(env, 'HALLQ_LOCKOUT_MINUTES', DEFAULT_LOCKOUT.lockMs / 60_000, 1, 24 * 60);
	return {
		lockout: { maxFailures: failures, windowMs: DEFAULT_LOCKOUT.windowMs, lockMs: minutes * 60_000 },
		cookies: { secure, allowedOrigins },
		rateLimits: rateLimitPolicies(env.HALLQ_RATE_LIMITS),
		trustedHops: wholeNumber(env, 'HALLQ_TRUST_PROXY', 0, 0, 10, 'hops')
	};
}

/** Disconnects through the Socket.IO adapter, so the sockets on every process go. */
export function disconnectHooks(io: HallIo): ApiHooks {
	return {
		signedOutEverywhere: (hall, staff) => io.in(rooms.staff(hall, staff)).disconnectSockets(true),
		deviceRevoked: (hall, device) => io.in(rooms.device(hall, device)).disconnectSockets(true)
	};
}
