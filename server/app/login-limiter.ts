import type { Clock } from '../core/ports';

const WINDOW_MS = 10 * 60_000;
/** Failed sign-ins per account in the window before it must wait. */
const MAX_ACCOUNT_FAILURES = 8;
/** Sign-in attempts per client address in the window: a hall's staff share a few addresses. */
const MAX_CLIENT_ATTEMPTS = 120;

/** Slows password guessing: per account (failures) and per client address (attempts). In memory, per process. */
export class LoginLimiter {
	private readonly accountFailures = new Map<string, number[]>();
	private readonly clientAttempts = new Map<string, number[]>();

	constructor(private readonly clock: Clock) {}

	/** Whether this attempt may go on; counts it for the client. */
	allow(client: string, account: string): boolean {
		const now = this.clock.now();
		const attempts = this.recent(this.clientAttempts, client, now);
		if (attempts.length >= MAX_CLIENT_ATTEMPTS) return false;
		attempts.push(now);
		return this.recent(this.accountFailures, account, now).length < MAX_ACCOUNT_FAILURES;
	}

	failed(account: string): void {
		const now = this.clock.now();
		this.recent(this.accountFailures, account, now).push(now);
	}

	succeeded(account: string): void {
		this.accountFailures.delete(account);
	}

	private recent(map: Map<string, number[]>, key: string, now: number): number[] {
		const kept = (map.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
		map.set(key, kept);
		if (map.size > 10_000) for (const [k, v] of map) if (v.every((t) => now - t >= WINDOW_MS)) map.delete(k);
		return kept;
	}
}
