/**
 * The past days a hall's history covers: the `span` calendar days up to yesterday (the hall's
 * yesterday, in its time zone), keeping the working days of its calendar on which some service issues.
 */
import { addDays, scheduledCloseMinute } from '../../server/core/hall-calendar';
import type { HallConfig } from '../../server/core/model';
import { isWorkingDay, type WorkCalendar } from '../../server/core/working-days';

/** The hall's working days: its calendar's holidays and make-up workdays, and those of its evaluation (as follow-up deadlines count them). */
export function workCalendarOf(config: HallConfig): WorkCalendar {
	const ev = config.evaluation;
	return {
		holidays: [...(config.calendar?.holidays ?? []), ...(ev?.holidays ?? [])],
		workdays: [...(config.calendar?.workdays ?? []), ...(ev?.workdays ?? [])]
	};
}

/** Oldest first. `today` is the hall's local date. */
export function historyDays(config: HallConfig, today: string, span: number): string[] {
	const calendar = workCalendarOf(config);
	const days: string[] = [];
	for (let back = span; back >= 1; back--) {
		const day = addDays(today, -back);
		if (isWorkingDay(day, calendar) && scheduledCloseMinute(config, day) !== null) days.push(day);
	}
	return days;
}
