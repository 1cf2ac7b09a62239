import type { Clock } from '../core/ports';

const WINDOW_MS = 10 * 60_000;
/** Sign-in attempts per client address in the window: a hall's staff share a few addresses. */
const MAX_CLIENT_ATTEMPTS = 120;

/**
 * Slows password guessing from one client address (attempts in a window). In memory, per process.
 * Guessing one account is stopped by the lockout (server/app/accounts.ts), shared by every process.
 */
export class LoginLimiter {
	private readonly clientAttempts = new Map<string, number[]>();

	constructor(private readonly clock: Clock) {}

	/** Whether this attempt may go on; counts it for the client. */
	allow(client: string): boolean {
		const now = this.clock.now();
		const attempts = this.recent(this.clientAttempts, client, now);
		if (attempts.length >= MAX_CLIENT_ATTEMPTS) return false;
		attempts.push(now);
		return true;
	}

	private recent(map: Map<string, number[]>, key: string, now: number): number[] {
		const kept = (map.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
		map.set(key, kept);
		if (map.size > 10_000) for (const [k, v] of map) if (v.every((t) => now - t >= WINDOW_MS)) map.delete(k);
		return kept;
	}
}
