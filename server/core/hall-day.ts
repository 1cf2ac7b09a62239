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

/** The key of a `hallDayId`: the day is what follows the last colon (hall ids may not contain one). */
export function parseHallDayId(id: string): HallDayKey {
	const at = id.lastIndexOf(':');
	if (at <= 0 || !/^\d{4}-\d{2}-\d{2}$/.test(id.slice(at + 1))) throw new RangeError(`not a hall-day id: ${id}`);
	return { hall: id.slice(0, at), day: id.slice(at + 1) };
}
