/**
 * Duration histograms of the daily rollups: fixed one-minute buckets, so histograms of any days,
 * counters or halls add up bucket by bucket and percentiles over a month come from their sum.
 */
import { HISTOGRAM_BUCKET_MS, HISTOGRAM_BUCKETS } from './facts';

export function emptyHistogram(): number[] {
	return new Array<number>(HISTOGRAM_BUCKETS).fill(0);
}

/** The bucket of a duration: [i, i+1) minutes; the last bucket holds everything from 240 minutes on. */
export function histogramBucket(ms: number): number {
	if (!(ms > 0)) return 0;
	return Math.min(HISTOGRAM_BUCKETS - 1, Math.floor(ms / HISTOGRAM_BUCKET_MS));
}

export function addToHistogram(histogram: number[], ms: number): void {
	const i = histogramBucket(ms);
	histogram[i] = (histogram[i] ?? 0) + 1;
}

/** Adds `more` into `into`, bucket by bucket. */
export function addHistograms(into: number[], more: readonly number[]): number[] {
	for (let i = 0; i < HISTOGRAM_BUCKETS; i++) into[i] = (into[i] ?? 0) + (more[i] ?? 0);
	return into;
}

export function histogramCount(histogram: readonly number[]): number {
	let n = 0;
	for (const c of histogram) n += c;
	return n;
}

/**
 * The p-quantile (0 < p ≤ 1) by nearest rank, as the upper bound of the bucket the rank falls in:
 * never below the exact nearest-rank value and less than one minute above it. In the last bucket
 * (240 minutes and more) the answer is its lower bound, 240 minutes: "at least". Null for no data.
 */
export function histogramPercentile(histogram: readonly number[], p: number): number | null {
	if (!(p > 0 && p <= 1)) throw new RangeError(`percentile ${p} is not in (0, 1]`);
	const total = histogramCount(histogram);
	if (total === 0) return null;
	const rank = Math.ceil(p * total);
	let seen = 0;
	for (let i = 0; i < HISTOGRAM_BUCKETS; i++) {
		seen += histogram[i] ?? 0;
		if (seen >= rank) return i === HISTOGRAM_BUCKETS - 1 ? i * HISTOGRAM_BUCKET_MS : (i + 1) * HISTOGRAM_BUCKET_MS;
	}
	return (HISTOGRAM_BUCKETS - 1) * HISTOGRAM_BUCKET_MS;
}
