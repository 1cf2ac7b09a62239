import { clockMinutes, formatClock, localTime } from './clock';
import type { HallIndex } from './hall-index';
import type { HallDayState, OpeningWindow, ServiceConfig } from './model';

export type IssuingStatus =
	| { open: true; remaining: number | null }
	| { open: false; reason: 'hours'; nextOpen: { weekday: number; at: string; today: boolean } | null }
	| { open: false; reason: 'quota'; nextOpen: null };

function windowsOf(index: HallIndex, service: ServiceConfig): OpeningWindow[] {
	return service.hours.length > 0 ? service.hours : index.config.hours;
}

function appliesOn(w: OpeningWindow, weekday: number): boolean {
	return !w.days || w.days.includes(weekday);
}

/** The next moment issuing opens, searching today and the following week. */
function nextOpening(windows: OpeningWindow[], weekday: number, minutes: number) {
	for (let offset = 0; offset < 8; offset++) {
		const day = ((weekday - 1 + offset) % 7) + 1;
		const starts = windows
			.filter((w) => appliesOn(w, day))
			.map((w) => clockMinutes(w.from))
			.filter((m) => offset > 0 || m > minutes)
			.sort((a, b) => a - b);
		if (starts[0] !== undefined) return { weekday: day, at: formatClock(starts[0]), today: offset === 0 };
	}
	return null;
}

/** Whether a service issues tickets now: inside its hours and under its daily quota. */
export function issuingStatus(index: HallIndex, service: ServiceConfig, state: HallDayState, now: number): IssuingStatus {
	const local = localTime(now, index.config.timeZone);
	const windows = windowsOf(index, service);
	const inHours = windows.some(
		(w) => appliesOn(w, local.weekday) && local.minutes >= clockMinutes(w.from) && local.minutes < clockMinutes(w.to)
	);
	if (!inHours) return { open: false, reason: 'hours', nextOpen: nextOpening(windows, local.weekday, local.minutes) };
	if (service.dailyQuota !== null) {
		const issued = state.services[service.code]?.issued ?? 0;
		if (issued >= service.dailyQuota) return { open: false, reason: 'quota', nextOpen: null };
		return { open: true, remaining: service.dailyQuota - issued };
	}
	return { open: true, remaining: null };
}
