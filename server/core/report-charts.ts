/**
 * The figures behind a report's charts, from the same rows and sums as its table: the hourly
 * curves and the wait distribution of the total, one point per day, satisfaction by counter.
 */
import { HISTOGRAM_BUCKET_MS, type ServingSums } from './facts';
import { servingKpis } from './kpis';
import type { Text } from './model';
import type { RowFigures } from './report-rows';

/** Bin edges in minutes of the wait distribution; the last bin is everything from 120 minutes. */
export const WAIT_BIN_EDGES = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120] as const;

export interface WaitBinFigures {
	fromMinutes: number;
	toMinutes: number | null;
	count: number;
}

/** The one-minute histogram's counts in the wider bins of the chart (exact: the edges are whole minutes). */
export function waitBins(sums: ServingSums): WaitBinFigures[] {
	const perMinute = HISTOGRAM_BUCKET_MS / 60_000;
	return WAIT_BIN_EDGES.map((from, i) => {
		const to = WAIT_BIN_EDGES[i + 1] ?? null;
		let count = 0;
		sums.waitHistogram.forEach((n, bucket) => {
			const minute = bucket * perMinute;
			if (minute >= from && (to === null || minute < to)) count += n;
		});
		return { fromMinutes: from, toMinutes: to, count };
	});
}

export interface DailyFigures {
	day: string;
	issued: number;
	served: number;
	waitMeanMs: number | null;
	satisfaction: number | null;
}

/** One point for every day of `days`, 0 where the rows have none. */
export function dailyPoints(dayRows: readonly RowFigures[], days: readonly string[]): DailyFigures[] {
	const byDay = new Map(dayRows.map((r) => [r.key, r]));
	return days.map((day) => {
		const row = byDay.get(day);
		if (!row) return { day, issued: 0, served: 0, waitMeanMs: null, satisfaction: null };
		const k = servingKpis(row.sums);
		return { day, issued: k.issued, served: k.served, waitMeanMs: k.waitMeanMs, satisfaction: k.satisfaction };
	});
}

export interface CounterSatisfactionFigures {
	hall: string;
	counter: string;
	label: Text;
	rated: number;
	satisfaction: number | null;
}

/** Counters with ratings, by satisfaction (most first), then by ratings given (more first). */
export function satisfactionByCounter(counterRows: readonly RowFigures[]): CounterSatisfactionFigures[] {
	return counterRows
		.filter((r) => r.key !== '' && r.sums.rated > 0)
		.map((r) => ({ hall: r.hall ?? '', counter: r.key, label: r.label, rated: r.sums.rated, satisfaction: servingKpis(r.sums).satisfaction }))
		.sort((a, b) => (b.satisfaction ?? 0) - (a.satisfaction ?? 0) || b.rated - a.rated || (a.counter < b.counter ? -1 : 1));
}
