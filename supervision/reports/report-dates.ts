/** Calendar arithmetic on "YYYY-MM-DD" days (no time zone: a day is a name, as in the reports' API). */

function parts(day: string): [number, number, number] {
	const [y, m, d] = day.split('-').map(Number);
	return [y ?? 1970, m ?? 1, d ?? 1];
}

function name(t: number): string {
	return new Date(t).toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
	const [y, m, d] = parts(day);
	return name(Date.UTC(y, m - 1, d + n));
}

/** The first day of the month `n` months from the day's month. */
export function monthStart(day: string, n = 0): string {
	const [y, m] = parts(day);
	return name(Date.UTC(y, m - 1 + n, 1));
}

/** Days from `from` to `to`, both included. */
export function dayCount(from: string, to: string): number {
	const [y1, m1, d1] = parts(from);
	const [y2, m2, d2] = parts(to);
	return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000) + 1;
}
