/**
 * A hall's days: which hours apply on a date (public holidays close it, make-up workdays open it
 * with the hours of a weekday), when a hall-day closes by itself, and the instant of a local time.
 */
import { clockMinutes, localTime } from './clock';
import type { DayCloseReason, HallConfig, OpeningWindow } from './model';
import { dateOfDay, dayNumber, weekdayOf } from './working-days';

export const DEFAULT_CLOSE_GRACE_MINUTES = 30;
const DAY_MINUTES = 24 * 60;

/** The weekday whose hours apply on `date`, or null when the hall is closed that day (a holiday). */
export function hoursWeekday(config: Pick<HallConfig, 'calendar'>, date: string): number | null {
	const cal = config.calendar;
	if (cal?.workdays?.includes(date)) return cal.workdayHoursOf ?? 1;
	if (cal?.holidays?.includes(date)) return null;
	return weekdayOf(date);
}

/** The windows of `windows` that open on `date`. */
export function windowsOn(config: Pick<HallConfig, 'calendar'>, windows: readonly OpeningWindow[], date: string): OpeningWindow[] {
	const weekday = hoursWeekday(config, date);
	if (weekday === null) return [];
	return windows.filter((w) => !w.days || w.days.includes(weekday));
}

/** The date `n` days after `date`. */
export function addDays(date: string, n: number): string {
	return dateOfDay(dayNumber(date) + n);
}

/**
 * The local minute at which the hall-day of `date` closes by itself: the end of the last issuing
 * window of any service that day plus the grace, at midnight (1440) at the latest. Null when no
 * service issues that day: such a day closes at midnight.
 */
export function scheduledCloseMinute(config: Pick<HallConfig, 'calendar' | 'hours' | 'services' | 'dayClose'>, date: string): number | null {
	let last: number | null = null;
	for (const s of config.services) {
		for (const w of windowsOn(config, s.hours.length > 0 ? s.hours : config.hours, date)) {
			const end = clockMinutes(w.to);
			if (last === null || end > last) last = end;
		}
	}
	if (last === null) return null;
	return Math.min(DAY_MINUTES, last + (config.dayClose?.graceMinutes ?? DEFAULT_CLOSE_GRACE_MINUTES));
}

/** The instant (epoch ms) of local `date` at `minutes` past midnight in `timeZone` (1440: the next midnight). */
export function instantOf(date: string, minutes: number, timeZone: string): number {
	const wanted = dayNumber(date) * DAY_MINUTES + minutes;
	// Start from the time as if it were UTC and correct by the zone's offset there, twice (an offset
	// change between the guess and the answer, as at a DST switch, needs the second step).
	let at = wanted * 60_000;
	for (let i = 0; i < 2; i++) {
		const local = localTime(at, timeZone);
		const seen = dayNumber(local.date) * DAY_MINUTES + local.minutes;
		at += (wanted - seen) * 60_000;
	}
	return at;
}

/**
 * When the hall-day of `date` is due to close by itself, and why: at its scheduled close minute, or at
 * the next midnight when there is none (no service issues that day) or it falls at midnight.
 */
export function closeDue(
	config: Pick<HallConfig, 'calendar' | 'hours' | 'services' | 'dayClose' | 'timeZone'>,
	date: string
): { at: number; reason: Extract<DayCloseReason, 'schedule' | 'midnight'> } {
	const minute = scheduledCloseMinute(config, date) ?? DAY_MINUTES;
	return { at: instantOf(date, minute, config.timeZone), reason: minute >= DAY_MINUTES ? 'midnight' : 'schedule' };
}
