/**
 * Token buckets, the client address behind trusted proxies, and HALLQ_RATE_LIMITS
 * (server/app/rate-limits.ts, server/http/client-address.ts), with a clock the test moves.
 */
import { describe, expect, it } from 'vitest';
import { RATE_LIMITS, RateLimits, rateLimitPolicies, TokenBuckets } from '../../../server/app/rate-limits';
import { clientAddress } from '../../../server/http/client-address';

describe('a token bucket', () => {
	it('lets a burst through, then one request per refill, each key on its own', () => {
		let now = 0;
		const buckets = new TokenBuckets({ burst: 3, perSecond: 0.5 }, () => now);
		expect([buckets.take('k1'), buckets.take('k1'), buckets.take('k1')]).toEqual([0, 0, 0]);
		// Empty: the next token is 2 s away (0.5 a second).
		expect(buckets.take('k1')).toBe(2000);
		expect(buckets.take('k2')).toBe(0);
		now = 1000;
		expect(buckets.take('k1')).toBe(1000);
		now = 2000;
		expect(buckets.take('k1')).toBe(0);
		expect(buckets.take('k1')).toBe(2000);
		// Refills up to the burst, never beyond.
		now = 60_000;
		expect([buckets.take('k1'), buckets.take('k1'), buckets.take('k1'), buckets.take('k1')]).toEqual([0, 0, 0, 2000]);
	});

	it('wait() looks without taking', () => {
		let now = 0;
		const buckets = new TokenBuckets({ burst: 1, perSecond: 1 }, () => now);
		expect(buckets.wait('k')).toBe(0);
		expect(buckets.wait('k')).toBe(0);
		expect(buckets.take('k')).toBe(0);
		expect(buckets.wait('k')).toBe(1000);
		now = 500;
		expect(buckets.wait('k')).toBe(500);
		now = 1000;
		expect(buckets.take('k')).toBe(0);
	});

	it('off lets everything through', () => {
		const limits = new RateLimits('off', () => 0);
		expect(Array.from({ length: 1000 }, () => limits.take('issue', 'k')).every((w) => w === 0)).toBe(true);
	});
});

describe('HALLQ_RATE_LIMITS', () => {
	it('unset: the defaults; off; single limits changed', () => {
		expect(rateLimitPolicies(undefined)).toEqual(RATE_LIMITS);
		expect(rateLimitPolicies('off')).toBe('off');
		expect(rateLimitPolicies('issue=30/0.5, http=1000/100')).toEqual({ ...RATE_LIMITS, issue: { burst: 30, perSecond: 0.5 }, http: { burst: 1000, perSecond: 100 } });
	});

	it('a bad entry says what is expected', () => {
		expect(() => rateLimitPolicies('issue=30')).toThrow('HALLQ_RATE_LIMITS: "issue=30" is not name=burst/perSecond with name one of device, issue, staff, phone, refusedHandshake, http');
		expect(() => rateLimitPolicies('tickets=3/1')).toThrow('"tickets=3/1" is not name=burst/perSecond');
		expect(() => rateLimitPolicies('issue=0/1')).toThrow('issue needs a burst of at least 1 and a rate above 0');
	});
});

describe('the client address', () => {
	const req = (remote: string, xff?: string | string[]) => ({ socket: { remoteAddress: remote }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } }) as Parameters<typeof clientAddress>[0];

	it('without trusted proxies: the connection, whatever X-Forwarded-For says', () => {
		expect(clientAddress(req('198.51.100.7', '203.0.113.5'), 0)).toBe('198.51.100.7');
	});

	it('behind one proxy: the address the proxy saw, not what the client wrote before it', () => {
		expect(clientAddress(req('10.0.0.2', '203.0.113.5'), 1)).toBe('203.0.113.5');
		// The client forged an entry; the proxy appended the real one: the forged one is ignored.
		expect(clientAddress(req('10.0.0.2', '1.2.3.4, 203.0.113.5'), 1)).toBe('203.0.113.5');
		expect(clientAddress(req('10.0.0.2', ['1.2.3.4', '203.0.113.5']), 1)).toBe('203.0.113.5');
		// A proxy that sent no header: its own address.
		expect(clientAddress(req('10.0.0.2'), 1)).toBe('10.0.0.2');
	});

	it('behind two proxies (a CDN, then nginx): two from the right', () => {
		expect(clientAddress(req('10.0.0.2', '1.2.3.4, 203.0.113.5, 172.16.0.9'), 2)).toBe('203.0.113.5');
		// Fewer entries than hops: the leftmost there is.
		expect(clientAddress(req('10.0.0.2', '203.0.113.5'), 3)).toBe('203.0.113.5');
	});
});
