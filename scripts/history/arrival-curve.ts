/**
 * How many citizens come on a day, and when. The volume follows the hall's size (its counters) and
 * level; the weekday changes it: Monday about 30 % busier than mid-week, Friday afternoon quieter.
 * Within the day: a morning peak around 9:00–10:30, a smaller afternoon peak around 14:30–15:30, a
 * lunch dip (none at all where the hall stops issuing over lunch), a thinner last hour; arrivals
 * only while some service issues, in proportion to the popularity of the services then issuing.
 */
import type { HallConfig } from '../../server/core/model';
import type { IssuingSegment } from './service-mix';

/**
 * Tickets per counter on an ordinary mid-week day. City hall (70 counters): about 1,750 on a
 * Wednesday, 2,300 on a Monday, 1,700 on a Friday (1,850 on average); county hall (60 counters,
 * quieter per counter: much is done in the townships): about 360, 450 on a Monday; township
 * (5 counters): about 60, 75 on a Monday.
 */
export const TICKETS_PER_COUNTER: Readonly<Record<HallConfig['level'], number>> = { city: 25, county: 6, township: 12, village: 8 };

/** Day volume against mid-week, by ISO weekday (a make-up workday counts as the weekday whose hours it keeps). */
const WEEKDAY_FACTOR: Readonly<Record<number, number>> = { 1: 1.3, 2: 1.08, 3: 1, 4: 1, 5: 1, 6: 0.9, 7: 0.9 };
/** Friday from noon: people leave their errands for next week. */
const FRIDAY_AFTERNOON = 0.6;
/** The day-to-day spread of volume around its weekday's mean (±). */
const DAILY_SPREAD = 0.05;

const MORNING_PEAK = { at: 9 * 60 + 45, width: 45, height: 1.7 };
const AFTERNOON_PEAK = { at: 15 * 60, width: 40, height: 0.9 };
const LUNCH = { from: 11 * 60 + 45, to: 13 * 60 + 45, factor: 0.35 };
const LAST_HOUR = { from: 16 * 60 + 45, factor: 0.6 };

/** The tickets a full day of the hall would issue on `weekday` (before the services' own hours). */
export function plannedVolume(config: HallConfig, weekday: number, random: () => number): number {
	const base = TICKETS_PER_COUNTER[config.level] * config.counters.length;
	return Math.round(base * (WEEKDAY_FACTOR[weekday] ?? 1) * (1 + DAILY_SPREAD * (2 * random() - 1)));
}

/** Relative arrival rate at local minute `m` (before the services' hours). */
export function arrivalRate(m: number, weekday: number, firstOpen: number): number {
	const bump = (p: { at: number; width: number; height: number }) => p.height * Math.exp(-0.5 * ((m - p.at) / p.width) ** 2);
	let rate = 0.55 + bump(MORNING_PEAK) + bump(AFTERNOON_PEAK);
	// Those who queued at the door before opening take their numbers in the first minutes.
	if (m >= firstOpen) rate += 0.8 * Math.exp(-(m - firstOpen) / 12);
	if (m >= LUNCH.from && m < LUNCH.to) rate *= LUNCH.factor;
	if (m >= LAST_HOUR.from) rate *= LAST_HOUR.factor;
	if (weekday === 5 && m >= 12 * 60) rate *= FRIDAY_AFTERNOON;
	return rate;
}

export interface Arrival {
	/** Minutes after local midnight (fractional). */
	minute: number;
	segment: IssuingSegment;
}

/**
 * `volume` is the day had every service issued all day; the day's arrivals are fewer where some do not.
 * Sorted by time.
 */
export function drawArrivals(segments: readonly IssuingSegment[], weekday: number, volume: number, random: () => number): Arrival[] {
	if (segments.length === 0) return [];
	const firstOpen = (segments[0] as IssuingSegment).from;
	const minutes: { m: number; segment: IssuingSegment }[] = [];
	const cumulative: number[] = [];
	let full = 0;
	let open = 0;
	for (const segment of segments) {
		for (let m = segment.from; m < segment.to; m++) {
			const rate = arrivalRate(m + 0.5, weekday, firstOpen);
			full += rate;
			open += rate * segment.share;
			minutes.push({ m, segment });
			cumulative.push(open);
		}
	}
	const count = Math.round((volume * open) / full);
	const out: Arrival[] = [];
	for (let i = 0; i < count; i++) {
		const r = random() * open;
		let lo = 0;
		let hi = cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if ((cumulative[mid] as number) > r) hi = mid;
			else lo = mid + 1;
		}
		const pick = minutes[lo] as { m: number; segment: IssuingSegment };
		out.push({ minute: pick.m + random(), segment: pick.segment });
	}
	return out.sort((a, b) => a.minute - b.minute);
}
