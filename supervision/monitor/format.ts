import type { Lang } from '$lib/client/lang.svelte';

/** "7 分" / "7 min" under an hour; "1 时 05 分" / "1 h 05" above. */
export function minutes(ms: number, lang: Lang): string {
	const m = Math.max(0, Math.floor(ms / 60_000));
	if (m < 60) return lang === 'zh' ? `${m} 分` : `${m} min`;
	const h = Math.floor(m / 60);
	const rest = String(m % 60).padStart(2, '0');
	return lang === 'zh' ? `${h} 时 ${rest} 分` : `${h} h ${rest}`;
}

/** The hall's wall-clock time of an instant, "09:41". */
export function clockTime(at: number, timeZone: string | undefined, lang: Lang): string {
	return new Date(at).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) });
}
