/**
 * A report's period of hall-local days: a day, a week (Monday to Sunday), a calendar month or a
 * range, and the period before it that it is compared with.
 */
import { fail } from './errors';
import { dateOfDay, dayNumber, weekdayOf } from './working-days';

/** The longest custom range a report covers (a year and a bit: a year's trend with its edges). */
export const MAX_RANGE_DAYS = 400;

export type PeriodKind = 'day' | 'week' | 'month' | 'range';

export interface Period {
	period: PeriodKind;
	/** First and last day, both included. */
	from: string;
	to: string;
	days: number;
}

function monthStart(day: string): string {
	return `${day.slice(0, 7)}-01`;
}

function monthEnd(day: string): string {
	const [y, m] = day.split('-').map(Number) as [number, number];
	const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
	return dateOfDay(dayNumber(next) - 1);
}

function span(period: PeriodKind, from: string, to: string): Period {
	return { period, from, to, days: dayNumber(to) - dayNumber(from) + 1 };
}

/** The period `kind` that contains `from` (for a range: `from` … `to`, at most `maxDays`). VALIDATION.FAILED otherwise. */
export function reportPeriod(kind: PeriodKind, from: string, to: string | undefined, maxDays: number): Period {
	if (dateOfDay(dayNumber(from)) !== from) fail('VALIDATION.FAILED', `from: ${from} is not a date of the calendar`);
	if (kind !== 'range' && to !== undefined) fail('VALIDATION.FAILED', `to: only a range has an end day`);
	switch (kind) {
		case 'day':
			return span(kind, from, from);
		case 'week': {
			const monday = dayNumber(from) - (weekdayOf(from) - 1);
			return span(kind, dateOfDay(monday), dateOfDay(monday + 6));
		}
		case 'month':
			return span(kind, monthStart(from), monthEnd(from));
		case 'range': {
			if (to === undefined) fail('VALIDATION.FAILED', 'to: a range needs its last day');
			if (dateOfDay(dayNumber(to)) !== to) fail('VALIDATION.FAILED', `to: ${to} is not a date of the calendar`);
			if (to < from) fail('VALIDATION.FAILED', 'to: the range ends before it starts');
			const p = span(kind, from, to);
			if (p.days > maxDays) fail('VALIDATION.FAILED', `to: a range has at most ${maxDays} days`);
			return p;
		}
	}
}

/** The period just before: the day, week or month before; for a range, as many days just before it. */
export function previousPeriod(p: Period): Period {
	const before = dateOfDay(dayNumber(p.from) - 1);
	if (p.period === 'month') return span('month', monthStart(before), before);
	return span(p.period, dateOfDay(dayNumber(p.from) - p.days), before);
}

/** The period just after (the page's "next" button). */
export function nextPeriod(p: Period): Period {
	const after = dateOfDay(dayNumber(p.to) + 1);
	if (p.period === 'month') return span('month', after, monthEnd(after));
	return span(p.period, after, dateOfDay(dayNumber(p.to) + p.days));
}

/** Every day of the period, in order. */
export function daysOf(p: Pick<Period, 'from' | 'to'>): string[] {
	const out: string[] = [];
	for (let n = dayNumber(p.from), end = dayNumber(p.to); n <= end; n++) out.push(dateOfDay(n));
	return out;
}

export interface MonthSplit {
	/** Calendar months ("YYYY-MM") wholly inside the days. */
	months: string[];
	/** The days outside those months, as ranges of whole days (at most one before and one after). */
	ranges: { from: string; to: string }[];
}

/** Splits days `from` … `to` (both included) into the calendar months they cover wholly and the days left over. */
export function wholeMonths(from: string, to: string): MonthSplit {
	const months: string[] = [];
	const ranges: { from: string; to: string }[] = [];
	let day = from;
	while (day <= to) {
		const start = monthStart(day);
		const end = monthEnd(day);
		if (day === start && end <= to) {
			months.push(day.slice(0, 7));
			day = dateOfDay(dayNumber(end) + 1);
			continue;
		}
		const last = end < to ? end : to;
		const previous = ranges[ranges.length - 1];
		if (previous && dateOfDay(dayNumber(previous.to) + 1) === day) previous.to = last;
		else ranges.push({ from: day, to: last });
		day = dateOfDay(dayNumber(last) + 1);
	}
	return { months, ranges };
}
