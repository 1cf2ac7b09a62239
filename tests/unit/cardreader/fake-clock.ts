import type { Clock } from '../../../cardreader/clock';

/** Virtual time: a sleep advances `now` by its length when it runs out (not when cut short), one macrotask later. */
export class FakeClock implements Clock {
	time = 0;
	readonly sleeps: number[] = [];

	now = (): number => this.time;

	sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
		new Promise<void>((resolve) => {
			if (signal?.aborted) return resolve();
			this.sleeps.push(ms);
			const abort = (): void => resolve();
			signal?.addEventListener('abort', abort, { once: true });
			setImmediate(() => {
				signal?.removeEventListener('abort', abort);
				if (!signal?.aborted) this.time += ms;
				resolve();
			});
		});
}
