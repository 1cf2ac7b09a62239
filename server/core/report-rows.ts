/**
 * A report's rows: the daily rollups, counter sessions and follow-up cases of one or more halls
 * over a period, grouped by hall, zone, department, service, counter, staff or day and limited by
 * a filter. Every figure of a row comes from its summed rollups (kpis.ts); the total is the sum
 * of the same rollups, so the rows always add up to it.
 */
import type { CounterSession, DailyRollup, Measures, ServingSums } from './facts';
import type { FollowUpCase } from './follow-up';
import type { HallIndex } from './hall-index';
import { followUpCounts, timeKpis, type FollowUpCounts, type TimeKpis } from './kpis';
import type { Text } from './model';
import { addScalarSums, addSums, emptySums } from './serving-sums';

export type RowGroup = 'hall' | 'zone' | 'department' | 'service' | 'counter' | 'staff' | 'day';

export interface RowFilter {
	zone?: string;
	department?: string;
	service?: string;
	counter?: string;
	staff?: string;
}

/** One hall's facts over the period. */
export interface HallPeriodFacts {
	index: HallIndex;
	rollups: readonly DailyRollup[];
	sessions: readonly CounterSession[];
	/** Follow-up cases of the hall's bad ratings given in the period. */
	cases: readonly FollowUpCase[];
	/** The hall's local day the follow-ups are judged on (today). */
	asOf: string;
}

export interface RowFigures {
	key: string;
	/** The row's hall; null for a row across halls (a day, the total). */
	hall: string | null;
	label: Text;
	sums: ServingSums;
	time: TimeKpis | null;
	followUps: FollowUpCounts | null;
}

/** Servings never called have no counter and no staff: their rows are labelled so. */
export const NOT_CALLED: Text = { zh: '未叫号（取消或未办理）', en: 'Never called (cancelled or unserved)' };

const UNKNOWN_SERVICE = { zone: '', department: '' };

/** Services and departments have no counter time of their own, and cases do not name a service. */
function hasTime(by: RowGroup | 'total', filter: RowFilter): boolean {
	return by !== 'service' && by !== 'department' && filter.service === undefined && filter.department === undefined;
}

function rollupMatches(index: HallIndex, r: DailyRollup, f: RowFilter): boolean {
	if (f.service !== undefined && r.service !== f.service) return false;
	if (f.counter !== undefined && r.counter !== f.counter) return false;
	if (f.staff !== undefined && r.staff !== f.staff) return false;
	if (f.zone !== undefined || f.department !== undefined) {
		const s = index.services.get(r.service) ?? UNKNOWN_SERVICE;
		if (f.zone !== undefined && s.zone !== f.zone) return false;
		if (f.department !== undefined && s.department !== f.department) return false;
	}
	return true;
}

/** A session or case belongs to the zone of its counter. */
function counterMatches(index: HallIndex, counter: string, staff: string | null, f: RowFilter): boolean {
	if (f.counter !== undefined && counter !== f.counter) return false;
	if (f.staff !== undefined && staff !== f.staff) return false;
	if (f.zone !== undefined && index.counters.get(counter)?.zone !== f.zone) return false;
	return true;
}

function rollupKey(index: HallIndex, r: DailyRollup, by: RowGroup): string {
	switch (by) {
		case 'hall':
			return r.hall;
		case 'zone':
			return (index.services.get(r.service) ?? UNKNOWN_SERVICE).zone;
		case 'department':
			return (index.services.get(r.service) ?? UNKNOWN_SERVICE).department;
		case 'service':
			return r.service;
		case 'counter':
			return r.counter;
		case 'staff':
			return r.staff;
		case 'day':
			return r.day;
	}
}

/** The key of a counter's session or case; null when the group has no counter time. */
function counterKey(index: HallIndex, hall: string, day: string, counter: string, staff: string | null, by: RowGroup): string | null {
	switch (by) {
		case 'hall':
			return hall;
		case 'zone':
			return index.counters.get(counter)?.zone ?? '';
		case 'counter':
			return counter;
		case 'staff':
			return staff ?? '';
		case 'day':
			return day;
		default:
			return null;
	}
}

export function rowLabel(index: HallIndex, by: RowGroup, key: string): Text {
	const same = (t: string): Text => ({ zh: t, en: t });
	const c = index.config;
	switch (by) {
		case 'hall':
			return c.name;
		case 'zone':
			return c.zones.find((z) => z.id === key)?.name ?? same(key);
		case 'department':
			return c.departments.find((d) => d.id === key)?.name ?? same(key);
		case 'service':
			return index.services.get(key)?.name ?? same(key);
		case 'counter':
			return key === '' ? NOT_CALLED : (index.counters.get(key)?.name ?? same(key));
		case 'staff':
			return key === '' ? NOT_CALLED : same(index.staff.get(key)?.name ?? key);
		case 'day':
			return same(key);
	}
}

interface Bucket {
	key: string;
	hall: string | null;
	index: HallIndex;
	sums: ServingSums;
	sessions: CounterSession[];
	cases: FollowUpCase[];
	asOf: string;
}

/**
 * The rows of `by` (a day row sums every hall's day), in their natural order: halls as given,
 * counters by number, days by date; zones, departments, services and staff by served, most first.
 */
/** `measures` `counts` sums no distributions: the rows' medians, P90s and hourly curves are then empty. */
export function reportRows(halls: readonly HallPeriodFacts[], by: RowGroup, filter: RowFilter, now: number, measures: Measures = 'all'): RowFigures[] {
	const add = measures === 'all' ? addSums : addScalarSums;
	const buckets = new Map<string, Bucket>();
	const bucket = (h: HallPeriodFacts, key: string): Bucket => {
		const hall = by === 'day' ? null : h.index.config.id;
		const id = `${hall ?? ''}\u0000${key}`;
		let b = buckets.get(id);
		if (!b) {
			b = { key, hall, index: h.index, sums: emptySums(), sessions: [], cases: [], asOf: h.asOf };
			buckets.set(id, b);
		}
		return b;
	};
	const withTime = hasTime(by, filter);
	// Halls side by side: one with nothing in the period is a row of zeros, not missing.
	if (by === 'hall') for (const h of halls) bucket(h, h.index.config.id);
	for (const h of halls) {
		for (const r of h.rollups) if (rollupMatches(h.index, r, filter)) add(bucket(h, rollupKey(h.index, r, by)).sums, r);
		if (!withTime) continue;
		for (const s of h.sessions) {
			if (!counterMatches(h.index, s.counter, s.staff, filter)) continue;
			const key = counterKey(h.index, s.hall, s.day, s.counter, s.staff, by);
			if (key !== null) bucket(h, key).sessions.push(s);
		}
		for (const c of h.cases) {
			if (!counterMatches(h.index, c.counter, c.staff, filter)) continue;
			const key = counterKey(h.index, c.hall, c.day, c.counter, c.staff, by);
			if (key !== null) bucket(h, key).cases.push(c);
		}
	}
	const rows = [...buckets.values()].map((b): RowFigures => figures(b, by, withTime, now));
	const hallOrder = new Map(halls.map((h, i) => [h.index.config.id, i]));
	const counterNumber = (row: RowFigures) => (row.key === '' ? Number.MAX_SAFE_INTEGER : (halls.find((h) => h.index.config.id === row.hall)?.index.counters.get(row.key)?.number ?? Number.MAX_SAFE_INTEGER - 1));
	return rows.sort((a, b) => {
		if (by === 'day') return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
		const hallDiff = (hallOrder.get(a.hall ?? '') ?? 0) - (hallOrder.get(b.hall ?? '') ?? 0);
		if (by === 'hall' || hallDiff !== 0) return hallDiff;
		if (by === 'counter') return counterNumber(a) - counterNumber(b);
		return b.sums.served - a.sums.served || b.sums.issued - a.sums.issued || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
	});
}

/** The total over every hall of the report, with the same filter. */
export function reportTotal(halls: readonly HallPeriodFacts[], filter: RowFilter, now: number, label: Text, measures: Measures = 'all'): RowFigures {
	const add = measures === 'all' ? addSums : addScalarSums;
	const withTime = hasTime('total', filter);
	const first = halls[0];
	const b: Bucket = { key: '', hall: halls.length === 1 && first ? first.index.config.id : null, index: first?.index as HallIndex, sums: emptySums(), sessions: [], cases: [], asOf: first?.asOf ?? '' };
	const cases: { c: FollowUpCase; asOf: string; timeZone: string }[] = [];
	for (const h of halls) {
		for (const r of h.rollups) if (rollupMatches(h.index, r, filter)) add(b.sums, r);
		if (!withTime) continue;
		for (const s of h.sessions) if (counterMatches(h.index, s.counter, s.staff, filter)) b.sessions.push(s);
		for (const c of h.cases) if (counterMatches(h.index, c.counter, c.staff, filter)) cases.push({ c, asOf: h.asOf, timeZone: h.index.config.timeZone });
	}
	const time = withTime ? timeKpis(b.sessions, b.sums.served, now) : null;
	let followUps: FollowUpCounts | null = null;
	if (withTime) {
		followUps = { onTime: 0, late: 0, open: 0, overdue: 0 };
		// Halls may differ in time zone and in today: each case is judged by its own hall's.
		for (const { c, asOf, timeZone } of cases) {
			const one = followUpCounts([c], asOf, timeZone);
			for (const k of Object.keys(followUps) as (keyof FollowUpCounts)[]) followUps[k] += one[k];
		}
	}
	return { key: '', hall: b.hall, label, sums: b.sums, time, followUps };
}

function figures(b: Bucket, by: RowGroup, withTime: boolean, now: number): RowFigures {
	return {
		key: b.key,
		hall: b.hall,
		label: rowLabel(b.index, by, b.key),
		sums: b.sums,
		time: withTime ? timeKpis(b.sessions, b.sums.served, now) : null,
		followUps: withTime ? followUpCounts(b.cases, b.asOf, b.index.config.timeZone) : null
	};
}
