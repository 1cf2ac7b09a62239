/**
 * Token buckets (docs/security.md "Rate limits"): every key (a device, a staff member, a phone's
 * ticket, a client address) holds up to `burst` tokens, refilled at `perSecond`; a request takes
 * one or is refused with RATE.LIMITED before anything is decided, so a refused request changes
 * nothing. In memory, per process: with N processes behind a balancer a client gets at most N times
 * its share, which is still a bound.
 */

export interface BucketPolicy {
	burst: number;
	perSecond: number;
}

/** What each limit counts, and its default: generous for people and devices at work, tight for a flood. */
export const RATE_LIMITS = {
	/** Every socket event of one device (kiosk, board, evaluator, agent, wall monitor). */
	device: { burst: 120, perSecond: 20 },
	/** `ticket:issue` of one kiosk: a person needs some 15 s at a kiosk; a stolen token cannot empty a quota in seconds. */
	issue: { burst: 12, perSecond: 0.2 },
	/** Every socket event of one signed-in person. */
	staff: { burst: 120, perSecond: 20 },
	/** Every socket event of one phone (its ticket link). */
	phone: { burst: 30, perSecond: 2 },
	/** Handshakes refused (a wrong token, session or ticket link) from one client address: guessing. */
	refusedHandshake: { burst: 30, perSecond: 0.5 },
	/** HTTP API requests of one client address (a hall's offices may share one). */
	http: { burst: 300, perSecond: 50 }
} as const satisfies Record<string, BucketPolicy>;

export type RateLimitName = keyof typeof RATE_LIMITS;
export type RateLimitPolicies = Record<RateLimitName, BucketPolicy>;

/** Keys kept before full (idle) buckets are dropped. */
const MAX_KEYS = 50_000;

export class TokenBuckets {
	private readonly buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		private readonly policy: BucketPolicy,
		private readonly now: () => number
	) {}

	/** Takes a token of `key`: 0 when there was one, else the milliseconds until there is. */
	take(key: string): number {
		const bucket = this.refilled(key, this.now());
		if (bucket.tokens < 1) return this.until(bucket);
		bucket.tokens -= 1;
		return 0;
	}

	/** 0 when `key` has a token, else the milliseconds until it has; takes nothing. */
	wait(key: string): number {
		const bucket = this.buckets.get(key);
		return bucket ? this.until(this.refilled(key, this.now())) : 0;
	}

	private until(bucket: { tokens: number }): number {
		return bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) / this.policy.perSecond) * 1000);
	}

	private refilled(key: string, now: number): { tokens: number; at: number } {
		let bucket = this.buckets.get(key);
		if (!bucket) {
			if (this.buckets.size >= MAX_KEYS) this.dropFull(now);
			bucket = { tokens: this.policy.burst, at: now };
			this.buckets.set(key, bucket);
			return bucket;
		}
		const elapsed = Math.max(0, now - bucket.at) / 1000;
		bucket.tokens = Math.min(this.policy.burst, bucket.tokens + elapsed * this.policy.perSecond);
		bucket.at = now;
		return bucket;
	}

	/** Buckets that have refilled are the same as no bucket. */
	private dropFull(now: number): void {
		for (const [key, b] of this.buckets) if (b.tokens + (Math.max(0, now - b.at) / 1000) * this.policy.perSecond >= this.policy.burst) this.buckets.delete(key);
	}
}

/** One bucket set per limit; `off`: every request passes (benchmarks of the bare cost, never production). */
export class RateLimits {
	private readonly sets: Map<RateLimitName, TokenBuckets> | null;

	constructor(
		policies: RateLimitPolicies | 'off',
		now: () => number,
		private readonly onLimited: (limit: RateLimitName) => void = () => {}
	) {
		this.sets = policies === 'off' ? null : new Map(Object.entries(policies).map(([name, p]) => [name as RateLimitName, new TokenBuckets(p, now)]));
	}

	/** 0 when `key` may go on under `limit` (a token taken), else the milliseconds to wait. */
	take(limit: RateLimitName, key: string): number {
		const wait = this.sets?.get(limit)?.take(key) ?? 0;
		if (wait > 0) this.onLimited(limit);
		return wait;
	}

	/** 0 when `key` has a token under `limit`, else the milliseconds to wait (and the caller refuses); takes nothing. */
	wait(limit: RateLimitName, key: string): number {
		const wait = this.sets?.get(limit)?.wait(key) ?? 0;
		if (wait > 0) this.onLimited(limit);
		return wait;
	}
}

/**
 * HALLQ_RATE_LIMITS: unset for the defaults, `off`, or `name=burst/perSecond,…` to change some
 * (e.g. `issue=30/0.5`); a bad entry stops the start.
 */
export function rateLimitPolicies(value: string | undefined): RateLimitPolicies | 'off' {
	const policies: RateLimitPolicies = { ...RATE_LIMITS };
	if (value === undefined || value.trim() === '') return policies;
	if (value.trim() === 'off') return 'off';
	for (const entry of value.split(',')) {
		const m = /^\s*(\w+)=(\d+)\/(\d+(?:\.\d+)?)\s*$/.exec(entry);
		const name = m?.[1] as RateLimitName | undefined;
		if (!m || !name || !Object.hasOwn(RATE_LIMITS, name)) {
			throw new Error(`HALLQ_RATE_LIMITS: "${entry.trim()}" is not name=burst/perSecond with name one of ${Object.keys(RATE_LIMITS).join(', ')}`);
		}
		const burst = Number(m[2]);
		const perSecond = Number(m[3]);
		if (burst < 1 || perSecond <= 0) throw new Error(`HALLQ_RATE_LIMITS: ${name} needs a burst of at least 1 and a rate above 0`);
		policies[name] = { burst, perSecond };
	}
	return policies;
}
