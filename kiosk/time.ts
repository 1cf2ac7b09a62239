import type { HallInfo } from '$contract';
import type { Lang } from '$lib/client/lang.svelte';

/**
 * The hall's time zone, when the server sends one. `HallInfo` has no `timeZone` yet (asked for):
 * until then the kiosk PC's own clock zone is used, which is right when the PC is set up for the hall.
 */
export function hallTimeZone(hall: HallInfo | undefined): string | undefined {
	const tz = (hall as (HallInfo & { timeZone?: unknown }) | undefined)?.timeZone;
	if (typeof tz !== 'string') return undefined;
	try {
		new Intl.DateTimeFormat('en', { timeZone: tz });
		return tz;
	} catch {
		return undefined;
	}
}

/** "09:05" */
export function clockText(ms: number, timeZone: string | undefined): string {
	return new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(ms);
}

/** "2026年11月28日星期六" / "Saturday, 28 November 2026" */
export function dateText(ms: number, lang: Lang, timeZone: string | undefined): string {
	return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
		year: 'numeric',
		month: 'long',
		day: 'numeric',
		weekday: 'long',
		timeZone
	}).format(ms);
}
