import { describe, expect, it } from 'vitest';
import { isTransientStoreError, untilStoreAnswers } from '../../../server/start-wait';

const coded = (code: string) => Object.assign(new Error(code), { code });

function fakeTime() {
	let t = 0;
	const pauses: number[] = [];
	const warnings: object[] = [];
	return {
		pauses,
		warnings,
		wait: { deadlineMs: 5000, now: () => t, sleep: async (ms: number) => void (pauses.push(ms), (t += ms)), log: { warn: (o: object) => void warnings.push(o) } }
	};
}

describe('untilStoreAnswers', () => {
	it('retries transient store errors with a growing pause until the step answers', async () => {
		const time = fakeTime();
		let calls = 0;
		const got = await untilStoreAnswers('load', async () => {
			calls++;
			if (calls < 5) throw coded(calls % 2 ? 'STORE.UNAVAILABLE' : 'SQLITE_BUSY');
			return 'loaded';
		}, time.wait);
		expect(got).toBe('loaded');
		expect(calls).toBe(5);
		expect(time.pauses).toEqual([200, 400, 800, 1600]);
		expect(time.warnings).toHaveLength(4);
	});

	it('gives up with the last error when the deadline would pass', async () => {
		const time = fakeTime();
		const err = coded('STORE.UNAVAILABLE');
		await expect(untilStoreAnswers('load', () => Promise.reject(err), time.wait)).rejects.toBe(err);
		// 200 + 400 + 800 + 1600 = 3000; the next pause of 2000 would end at 5000, exactly the deadline.
		expect(time.pauses).toEqual([200, 400, 800, 1600, 2000]);
	});

	it('does not retry anything else', async () => {
		const time = fakeTime();
		let calls = 0;
		const bad = new Error('HALLQ_REDIS_DURABILITY must be strict or relaxed');
		await expect(untilStoreAnswers('check', () => (calls++, Promise.reject(bad)), time.wait)).rejects.toBe(bad);
		expect(calls).toBe(1);
		expect(time.pauses).toEqual([]);
	});

	it('knows which codes are transient', () => {
		expect(isTransientStoreError(coded('ECONNREFUSED'))).toBe(true);
		expect(isTransientStoreError(coded('SQLITE_CORRUPT'))).toBe(false);
		expect(isTransientStoreError('STORE.UNAVAILABLE')).toBe(false);
		expect(isTransientStoreError(null)).toBe(false);
	});
});
