import { describe, expect, it } from 'vitest';
import { HISTOGRAM_BUCKETS } from '../../../server/core/facts';
import { addHistograms, addToHistogram, emptyHistogram, histogramBucket, histogramCount, histogramPercentile } from '../../../server/core/histogram';

const MIN = 60_000;

describe('duration histograms', () => {
	it('buckets are whole minutes; 240 minutes and more share the last', () => {
		expect([0, 59_999, MIN, 10 * MIN + 1, 239 * MIN + 59_999, 240 * MIN, 1000 * MIN, -5].map(histogramBucket)).toEqual([0, 0, 1, 10, 239, 240, 240, 0]);
		expect(emptyHistogram()).toHaveLength(HISTOGRAM_BUCKETS);
	});

	it('the percentile is the upper bound of the nearest-rank bucket (worked by hand)', () => {
		// Waits of 1.5, 2.2, 2.9, 7 and 30 minutes: buckets 1, 2, 2, 7, 30.
		const h = emptyHistogram();
		for (const m of [1.5, 2.2, 2.9, 7, 30]) addToHistogram(h, m * MIN);
		// Median: rank ceil(0.5 × 5) = 3 → the third value (2.9 min) is in bucket 2 → 3 minutes.
		expect(histogramPercentile(h, 0.5)).toBe(3 * MIN);
		// 90th: rank ceil(4.5) = 5 → 30 min in bucket 30 → 31 minutes.
		expect(histogramPercentile(h, 0.9)).toBe(31 * MIN);
		// 20th: rank 1 → 1.5 min → 2 minutes.
		expect(histogramPercentile(h, 0.2)).toBe(2 * MIN);
		expect(histogramPercentile(emptyHistogram(), 0.5)).toBeNull();
		expect(() => histogramPercentile(h, 0)).toThrow(RangeError);
	});

	it('in the last bucket the percentile is "at least 240 minutes"', () => {
		const h = emptyHistogram();
		addToHistogram(h, 500 * MIN);
		expect(histogramPercentile(h, 0.9)).toBe(240 * MIN);
	});

	it('sums of histograms give the percentile of all values together, within a minute above the exact one', () => {
		const values: number[] = [];
		const parts = [emptyHistogram(), emptyHistogram(), emptyHistogram()];
		let seed = 7;
		for (let i = 0; i < 3000; i++) {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			const ms = (seed % (90 * MIN)) + 1;
			values.push(ms);
			addToHistogram(parts[i % 3] as number[], ms);
		}
		const all = parts.reduce((sum, h) => addHistograms(sum, h), emptyHistogram());
		expect(histogramCount(all)).toBe(3000);
		values.sort((a, b) => a - b);
		for (const p of [0.5, 0.9, 0.99]) {
			const exact = values[Math.ceil(p * values.length) - 1] as number;
			const estimate = histogramPercentile(all, p) as number;
			expect(estimate).toBeGreaterThan(exact);
			expect(estimate - exact).toBeLessThanOrEqual(MIN);
		}
	});
});
