import { localTime } from './clock';

/** A hall-day: the aggregate's identity. Numbers restart with each one. */
export interface HallDayKey {
	hall: string;
	day: string;
}

export function hallDayOf(hall: string, timeZone: string, now: number): HallDayKey {
	return { hall, day: localTime(now, timeZone).date };
}

export function hallDayId(key: HallDayKey): string {
	return `${key.hall}:${key.day}`;
}
