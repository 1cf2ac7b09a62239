import { describe, expect, it } from 'vitest';
import { failOnUnhandled, takeUnhandled } from '../../support/unhandled';

const nextUnhandled = () => new Promise<unknown>((resolve) => process.once('unhandledRejection', resolve));

describe('the unhandled-rejection guard of every test (tests/support/unhandled.ts)', () => {
	it('fails the test in which a rejection went unhandled, naming it', async () => {
		const seen = nextUnhandled();
		const p = Promise.reject(new Error('planted rejection'));
		await seen;
		await p.catch(() => undefined);
		expect(failOnUnhandled).toThrow(/1 unhandled rejection\(s\) during this test:\nError: planted rejection/);
		expect(takeUnhandled()).toEqual([]);
	});

	it('lets a test with none pass', () => {
		expect(failOnUnhandled).not.toThrow();
	});
});
