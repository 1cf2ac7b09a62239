/**
 * The runner looks the hall-day up once a minute (HallRunner.keyAt): the day must still change
 * exactly at local midnight, and a clock that moves back within a minute or across midnight must
 * still get its own day.
 */
import { describe, expect, it } from 'vitest';
import { HallRunner } from '../../../server/app/hall-runner';
import { indexHall } from '../../../server/core/hall-index';
import type { EventStore } from '../../../server/core/ports';
import { testHall } from '../../support/test-hall';

/** Midnight of 13 March 2025 in Shanghai (UTC+8). */
const MIDNIGHT = Date.parse('2025-03-12T16:00:00Z');

function runner(): HallRunner {
	// keyAt reads no store.
	return new HallRunner({ index: indexHall(testHall()), store: {} as EventStore, clock: { now: () => MIDNIGHT }, log: { warn: () => undefined, error: () => undefined }, onEvents: () => undefined });
}

describe('the hall-day of a moment', () => {
	it('changes at local midnight, to the millisecond', () => {
		const r = runner();
		expect(r.keyAt(MIDNIGHT - 60_000).day).toBe('2025-03-12');
		expect(r.keyAt(MIDNIGHT - 1).day).toBe('2025-03-12');
		expect(r.keyAt(MIDNIGHT).day).toBe('2025-03-13');
		expect(r.keyAt(MIDNIGHT + 59_999).day).toBe('2025-03-13');
	});

	it('follows a clock that goes back across midnight', () => {
		const r = runner();
		expect(r.keyAt(MIDNIGHT + 10).day).toBe('2025-03-13');
		expect(r.keyAt(MIDNIGHT - 10).day).toBe('2025-03-12');
		expect(r.keyAt(MIDNIGHT + 30_000)).toEqual({ hall: 'test', day: '2025-03-13' });
	});
});
