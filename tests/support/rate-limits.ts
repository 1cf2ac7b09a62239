import { RATE_LIMITS } from '../../server/app/rate-limits';

/**
 * HALLQ_RATE_LIMITS for servers that tests and benchmarks drive far faster than people do (hundreds
 * of tickets a second from one kiosk): every limit so high it never refuses, while every request
 * still goes through its buckets (many tests also issue dozens of tickets from one kiosk socket).
 * tests/e2e/csp.test.ts uses every page as people do on the defaults; tests/realtime/rate-limits.test.ts
 * shows the defaults refusing.
 */
export const LOAD_RATE_LIMITS = Object.keys(RATE_LIMITS)
	.map((name) => `${name}=1000000/100000`)
	.join(',');
