/** Time for the reader driver, injected so tests run the polling loop on a virtual clock. */
export interface Clock {
	now(): number;
	/** Resolves after `ms`, or early (never rejects) when `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms, signal) =>
		new Promise<void>((resolve) => {
			if (signal?.aborted) return resolve();
			const timer = setTimeout(done, ms);
			signal?.addEventListener('abort', done, { once: true });
			function done(): void {
				clearTimeout(timer);
				signal?.removeEventListener('abort', done);
				resolve();
			}
		})
};
