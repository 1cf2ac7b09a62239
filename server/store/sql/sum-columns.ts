/**
 * The measures of ServingSums as table columns (daily and monthly rollups and totals): scalars as
 * numbers, the histograms and hourly curves as sparse JSON. One codec for every table that holds sums.
 */
import { HISTOGRAM_BUCKETS, HOURS_OF_DAY, type Measures, type ServingSums } from '../../core/facts';
import type { SumColumns } from './schema';

export function sumColumns(r: ServingSums): SumColumns {
	return {
		servings: r.servings,
		issued: r.issued,
		called: r.called,
		served: r.served,
		no_show: r.noShow,
		cancelled: r.cancelled,
		unserved: r.unserved,
		closed_in_service: r.closedInService,
		transferred_out: r.transferredOut,
		within_target: r.withinTarget,
		uncalled_past_target: r.uncalledPastTarget,
		wait_count: r.waitCount,
		wait_sum_ms: r.waitSumMs,
		wait_max_ms: r.waitMaxMs,
		service_count: r.serviceCount,
		service_sum_ms: r.serviceSumMs,
		service_max_ms: r.serviceMaxMs,
		wait_histogram: encodeCounts(r.waitHistogram),
		service_histogram: encodeCounts(r.serviceHistogram),
		rated: r.rated,
		rating_sum: r.ratingSum,
		good: r.good,
		bad: r.bad,
		rating_1: r.ratingLevels[0] ?? 0,
		rating_2: r.ratingLevels[1] ?? 0,
		rating_3: r.ratingLevels[2] ?? 0,
		rating_4: r.ratingLevels[3] ?? 0,
		rating_5: r.ratingLevels[4] ?? 0,
		efficiency_sum: r.efficiencySum,
		level_sum: r.levelSum,
		attitude_sum: r.attitudeSum,
		arrivals_by_hour: encodeCounts(r.arrivalsByHour),
		served_by_hour: encodeCounts(r.servedByHour)
	};
}

/** A row of sums; read with `counts` (its distribution columns not selected), the distributions are shared zeros. */
export function toSums(row: SumColumns, measures: Measures = 'all'): ServingSums {
	const all = measures === 'all';
	return {
		servings: row.servings,
		issued: row.issued,
		called: row.called,
		served: row.served,
		noShow: row.no_show,
		cancelled: row.cancelled,
		unserved: row.unserved,
		closedInService: row.closed_in_service,
		transferredOut: row.transferred_out,
		withinTarget: row.within_target,
		uncalledPastTarget: row.uncalled_past_target,
		waitCount: row.wait_count,
		waitSumMs: row.wait_sum_ms,
		waitMaxMs: row.wait_max_ms,
		serviceCount: row.service_count,
		serviceSumMs: row.service_sum_ms,
		serviceMaxMs: row.service_max_ms,
		waitHistogram: all ? decodeCounts(row.wait_histogram, HISTOGRAM_BUCKETS) : NO_HISTOGRAM,
		serviceHistogram: all ? decodeCounts(row.service_histogram, HISTOGRAM_BUCKETS) : NO_HISTOGRAM,
		rated: row.rated,
		ratingSum: row.rating_sum,
		good: row.good,
		bad: row.bad,
		ratingLevels: [row.rating_1, row.rating_2, row.rating_3, row.rating_4, row.rating_5],
		efficiencySum: row.efficiency_sum,
		levelSum: row.level_sum,
		attitudeSum: row.attitude_sum,
		arrivalsByHour: all ? decodeCounts(row.arrivals_by_hour, HOURS_OF_DAY) : NO_HOURS,
		servedByHour: all ? decodeCounts(row.served_by_hour, HOURS_OF_DAY) : NO_HOURS
	};
}



/** The distributions' columns, left out of a `counts` read. */
const DISTRIBUTION_COLUMNS: readonly string[] = ['wait_histogram', 'service_histogram', 'arrivals_by_hour', 'served_by_hour'];
/** Every column of SumColumns: a record, so a column added to the type must be added here too. */
const SUM_COLUMN_SET: Record<keyof SumColumns, true> = { servings: true, issued: true, called: true, served: true, no_show: true, cancelled: true, unserved: true, closed_in_service: true, transferred_out: true, within_target: true, uncalled_past_target: true, wait_count: true, wait_sum_ms: true, wait_max_ms: true, service_count: true, service_sum_ms: true, service_max_ms: true, wait_histogram: true, service_histogram: true, rated: true, rating_sum: true, good: true, bad: true, rating_1: true, rating_2: true, rating_3: true, rating_4: true, rating_5: true, efficiency_sum: true, level_sum: true, attitude_sum: true, arrivals_by_hour: true, served_by_hour: true };
export const SUM_COLUMN_NAMES = Object.keys(SUM_COLUMN_SET) as (keyof SumColumns)[];

/** The columns to select: all, or all but the distributions. */
export function selectedColumns<C extends string>(columns: readonly C[], measures: Measures): C[] {
	return measures === 'all' ? [...columns] : columns.filter((c) => !DISTRIBUTION_COLUMNS.includes(c));
}
/** Shared zeros for the distributions of a `counts` read: frozen, so nothing can sum into them. */
const NO_HISTOGRAM = Object.freeze(new Array<number>(HISTOGRAM_BUCKETS).fill(0)) as number[];
const NO_HOURS = Object.freeze(new Array<number>(HOURS_OF_DAY).fill(0)) as number[];



/** Counts as sparse JSON ({"bucket": count}, zeros left out): a day's histogram is mostly zeros. */
function encodeCounts(counts: readonly number[]): string {
	const sparse: Record<string, number> = {};
	counts.forEach((c, i) => {
		if (c !== 0) sparse[i] = c;
	});
	return JSON.stringify(sparse);
}

/**
 * Reads sparse JSON ({"3":1,"17":2}, as encodeCounts writes it) or the dense arrays of 0001 rows, into
 * `length` counts. The sparse form is scanned by hand: a month's report reads tens of thousands of
 * these, and JSON.parse's intermediate objects were most of its time and garbage.
 */
function decodeCounts(text: string, length: number): number[] {
	const counts = new Array<number>(length).fill(0);
	if (text.charCodeAt(0) !== 123 /* { */) {
		const dense = JSON.parse(text) as number[];
		dense.forEach((c, i) => i < length && (counts[i] = c));
		return counts;
	}
	let i = 1;
	const end = text.length - 1;
	while (i < end) {
		// "key":value, — keys and values are whole numbers.
		let key = 0;
		i++; // opening quote
		for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) key = key * 10 + (c - 48);
		i += 2; // closing quote and colon
		let value = 0;
		for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) value = value * 10 + (c - 48);
		if (key < length) counts[key] = value;
		const next = text.charCodeAt(i);
		if (next === 44 /* , */) i++;
		else if (next !== 125 /* } */) return decodeCountsSlowly(text, length);
	}
	return counts;
}

/** Any other JSON spelling of the sparse form (spaces, decimals): the general parser. */
function decodeCountsSlowly(text: string, length: number): number[] {
	const counts = new Array<number>(length).fill(0);
	for (const [i, c] of Object.entries(JSON.parse(text) as Record<string, number>)) if (Number(i) < length) counts[Number(i)] = c;
	return counts;
}
