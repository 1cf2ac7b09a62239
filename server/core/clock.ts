/** Local calendar facts of an instant in a time zone. Pure: uses only the runtime's tz data. */
export interface LocalTime {
	/** "YYYY-MM-DD" */
	date: string;
	/** Minutes since local midnight. */
	minutes: number;
	/** 1 = Monday … 7 = Sunday */
	weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			weekday: 'short'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

export function localTime(epochMs: number, timeZone: string): LocalTime {
	const parts: Record<string, string> = {};
	for (const p of formatterFor(timeZone).formatToParts(epochMs)) parts[p.type] = p.value;
	return {
		date: `${parts.year}-${parts.month}-${parts.day}`,
		minutes: Number(parts.hour) * 60 + Number(parts.minute),
		weekday: WEEKDAYS[parts.weekday ?? ''] ?? 1
	};
}

export function isValidTimeZone(timeZone: string): boolean {
	try {
		formatterFor(timeZone);
		return true;
	} catch {
		return false;
	}
}

/** "08:30" → 510 */
export function clockMinutes(hhmm: string): number {
	const [h, m] = hhmm.split(':');
	return Number(h) * 60 + Number(m);
}

export function formatClock(minutes: number): string {
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
