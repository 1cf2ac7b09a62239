import { clockMinutes, formatClock, localTime } from './clock';
import { addDays, windowsOn } from './hall-calendar';
import type { HallIndex } from './hall-index';
import type { HallDayState, OpeningWindow, ServiceConfig } from './model';
import { weekdayOf } from './working-days';

/** When numbers are given out again: `date` ("YYYY-MM-DD"), its `weekday`, the time `at`, `inDays` from today (0: today). */
export interface NextOpening {
	date: string;
	weekday: number;
	at: string;
	today: boolean;
	inDays: number;
}

export type IssuingStatus =
	| { open: true; remaining: number | null }
	/** `hours`: outside the service's hours that day; `quota`: today's all taken; `closed`: the hall-day is closed (`DayClosed`); `disabled`: by its configuration. */
	| { open: false; reason: 'hours' | 'quota' | 'closed' | 'disabled'; nextOpen: NextOpening | null };

/** How far ahead the next opening is looked for (a long holiday such as 春节 is at most 8 days). */
const SEARCH_DAYS = 21;

function windowsOf(index: HallIndex, service: ServiceConfig): OpeningWindow[] {
	return service.hours.length > 0 ? service.hours : index.config.hours;
}

/** The next moment issuing opens after `minutes` of `date` (today's later windows, then the following days). */
export function nextOpening(index: HallIndex, service: ServiceConfig, date: string, minutes: number, laterToday: boolean): NextOpening | null {
	const windows = windowsOf(index, service);
	for (let offset = laterToday ? 0 : 1; offset <= SEARCH_DAYS; offset++) {
		const day = addDays(date, offset);
		const starts = windowsOn(index.config, windows, day)
			.map((w) => clockMinutes(w.from))
			.filter((m) => offset > 0 || m > minutes)
			.sort((a, b) => a - b);
		if (starts[0] !== undefined) return { date: day, weekday: weekdayOf(day), at: formatClock(starts[0]), today: offset === 0, inDays: offset };
	}
	return null;
}

/** Whether a service issues tickets now: the hall-day open, inside its hours that day and under its daily quota. */
export function issuingStatus(index: HallIndex, service: ServiceConfig, state: HallDayState, now: number): IssuingStatus {
	if (service.disabled) return { open: false, reason: 'disabled', nextOpen: null };
	const local = localTime(now, index.config.timeZone);
	if (state.closed) return { open: false, reason: 'closed', nextOpen: nextOpening(index, service, local.date, local.minutes, false) };
	const inHours = windowsOn(index.config, windowsOf(index, service), local.date).some(
		(w) => local.minutes >= clockMinutes(w.from) && local.minutes < clockMinutes(w.to)
	);
	if (!inHours) return { open: false, reason: 'hours', nextOpen: nextOpening(index, service, local.date, local.minutes, true) };
	if (service.dailyQuota !== null) {
		const issued = state.services[service.code]?.issued ?? 0;
		if (issued >= service.dailyQuota) return { open: false, reason: 'quota', nextOpen: nextOpening(index, service, local.date, local.minutes, false) };
		return { open: true, remaining: service.dailyQuota - issued };
	}
	return { open: true, remaining: null };
}
