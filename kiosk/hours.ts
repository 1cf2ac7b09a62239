import type { CatalogService, Text } from '$contract';

type Hours = CatalogService['hours'];

const DAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const DAY_EN = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const DAY_EN_LONG = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const SHORT_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The ISO weekday (1 = Monday … 7 = Sunday) of `now` in the hall's time zone. */
export function weekdayIn(now: number, timeZone: string | undefined): number {
	const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(now);
	return SHORT_EN.indexOf(name) + 1 || 1;
}

/** The ISO weekday of a hall-day "2026-12-02". */
export function weekdayOfDay(day: string): number {
	const d = new Date(`${day}T12:00:00Z`).getUTCDay();
	return Number.isNaN(d) ? 1 : d === 0 ? 7 : d;
}

export function weekdayName(day: number): Text {
	return { zh: DAY_ZH[day] ?? '', en: DAY_EN_LONG[day] ?? '' };
}

/** "周一至周五" / "Mon–Fri" for a run of three or more, "周一、周三" otherwise; "每天" for all seven. */
function daysText(days: number[] | undefined): Text {
	const sorted = [...new Set(days ?? [1, 2, 3, 4, 5, 6, 7])].sort((a, b) => a - b);
	if (sorted.length === 7) return { zh: '每天', en: 'Every day' };
	const runs: number[][] = [];
	for (const d of sorted) {
		const run = runs[runs.length - 1];
		if (run && run[run.length - 1] === d - 1) run.push(d);
		else runs.push([d]);
	}
	const part = (run: number[], names: string[], to: string) =>
		run.length >= 3 ? `${names[run[0] ?? 1]}${to}${names[run[run.length - 1] ?? 1]}` : run.map((d) => names[d]).join(to === '至' ? '、' : ', ');
	return { zh: runs.map((r) => part(r, DAY_ZH, '至')).join('、'), en: runs.map((r) => part(r, DAY_EN, '–')).join(', ') };
}

/**
 * The issuing hours in one line: "周一至周五 08:30–12:00、13:30–17:30" /
 * "Mon–Fri 08:30–12:00, 13:30–17:30"; "每天 全天" when always open.
 */
export function hoursText(hours: Hours): Text {
	if (hours.length === 0) return { zh: '暂无取号时间', en: 'No issuing hours' };
	const groups = new Map<string, { days: number[] | undefined; windows: string[] }>();
	for (const w of hours) {
		const key = w.days ? [...w.days].sort().join(',') : 'all';
		const g = groups.get(key) ?? { days: w.days, windows: [] };
		g.windows.push(w.from === '00:00' && w.to === '24:00' ? '' : `${w.from}–${w.to}`);
		groups.set(key, g);
	}
	const zh: string[] = [];
	const en: string[] = [];
	for (const g of groups.values()) {
		const days = daysText(g.days);
		const allDay = g.windows.includes('');
		zh.push(`${days.zh} ${allDay ? '全天' : g.windows.join('、')}`);
		en.push(`${days.en}${allDay ? ', all day' : ` ${g.windows.join(', ')}`}`);
	}
	return { zh: zh.join('；'), en: en.join('; ') };
}
