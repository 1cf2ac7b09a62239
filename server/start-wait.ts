/**
 * Start-up steps that need a store (connect, the durability check, loading the halls, migrating the
 * archive) are retried while the store is only slow or briefly away, instead of ending the process:
 * a process restarted while Redis is loading, paused, or answering late on a loaded machine waits
 * for it (docs/deployment.md "Start-up"). Anything else (a bad setting, a refused Redis) still
 * stops the start at once.
 */

/** Codes of a store that is there but not answering yet: worth waiting for. */
const TRANSIENT_CODES = new Set(['STORE.UNAVAILABLE', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P03']);

export function isTransientStoreError(err: unknown): boolean {
	const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
	return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

export interface StartWait {
	/** How long a step may keep failing transiently before the start gives up, in milliseconds. */
	deadlineMs: number;
	log: { warn(obj: object, msg: string): void };
	sleep?: (ms: number) => Promise<void>;
	now?: () => number;
}

const FIRST_PAUSE_MS = 200;
const LONGEST_PAUSE_MS = 2000;

/** Runs `step` until it succeeds, retrying transient store errors with a growing pause until the deadline. */
export async function untilStoreAnswers<T>(what: string, step: () => Promise<T>, o: StartWait): Promise<T> {
	const now = o.now ?? Date.now;
	const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
	const giveUpAt = now() + o.deadlineMs;
	for (let attempt = 1, pause = FIRST_PAUSE_MS; ; attempt++, pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
		try {
			return await step();
		} catch (err) {
			if (!isTransientStoreError(err) || now() + pause > giveUpAt) throw err;
			o.log.warn({ step: what, attempt, err: err instanceof Error ? err.message : String(err) }, 'store not answering at start-up; waiting for it');
			await sleep(pause);
		}
	}
}
