/**
 * Working days in the Chinese calendar as a hall keeps it: Monday to Friday, minus public holidays,
 * plus the weekend days that are worked in exchange (调休上班). Pure date arithmetic on "YYYY-MM-DD".
 */
export interface WorkCalendar {
	/** Days off that would otherwise be working days (法定节假日). */
	holidays?: string[];
	/** Weekend days worked in exchange for a holiday (调休上班日). */
	workdays?: string[];
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
export function dayNumber(date: string): number {
	const [y0, m, d] = date.split('-').map(Number) as [number, number, number];
	const y = m <= 2 ? y0 - 1 : y0;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

/** The civil date of a day number. */
export function dateOfDay(n: number): string {
	const z = n + 719468;
	const era = Math.floor(z / 146097);
	const doe = z - era * 146097;
	const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
	const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
	const mp = Math.floor((5 * doy + 2) / 153);
	const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
	const m = mp < 10 ? mp + 3 : mp - 9;
	const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
	return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
	// 1970-01-01 was a Thursday.
	return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
	if (cal.workdays?.includes(date)) return true;
	if (cal.holidays?.includes(date)) return false;
	return weekdayOf(date) <= 5;
}

/** The `n`th working day after `date` (the day itself does not count): a case opened on `date` is due then. */
export function addWorkingDays(date: string, n: number, cal: WorkCalendar): string {
	let day = dayNumber(date);
	for (let left = n; left > 0; ) {
		day += 1;
		if (isWorkingDay(dateOfDay(day), cal)) left -= 1;
	}
	return dateOfDay(day);
}
