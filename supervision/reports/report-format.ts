/** How the reports page writes its figures: the same rounding everywhere, "—" for a figure of nothing. */

export const NONE = '—';

export function count(n: number): string {
	return n.toLocaleString('zh-CN');
}

/** Milliseconds as minutes with one decimal. */
export function minutes(ms: number | null): string {
	return ms === null ? NONE : (ms / 60_000).toFixed(1);
}

/** A share 0–1 as a percentage with one decimal. */
export function percent(share: number | null): string {
	return share === null ? NONE : `${(share * 100).toFixed(1)}%`;
}

export function hours(ms: number): string {
	return (ms / 3_600_000).toFixed(1);
}

export function decimal(n: number | null): string {
	return n === null ? NONE : n.toFixed(1);
}

export interface Change {
	/** ▲ up, ▼ down, = the same. */
	arrow: '▲' | '▼' | '=';
	/** The relative change, e.g. "+12.5%"; for shares the change in points, e.g. "+3.0 pt". */
	text: string;
	/** Whether the change is for the better, for the worse, or neither. */
	tone: 'better' | 'worse' | 'same';
}

/**
 * The change from the previous period; null when either side is missing or the previous figure is 0
 * (a change from nothing has no percentage). Shares change by percentage points.
 */
export function change(now: number | null, before: number | null | undefined, o: { higherIsBetter: boolean; share?: boolean }): Change | null {
	if (now === null || before === null || before === undefined) return null;
	const diff = now - before;
	let text: string;
	if (o.share) text = `${diff >= 0 ? '+' : ''}${(diff * 100).toFixed(1)} pt`;
	else {
		if (before === 0) return null;
		const rel = (diff / before) * 100;
		text = `${rel >= 0 ? '+' : ''}${rel.toFixed(1)}%`;
	}
	const same = Math.abs(diff) < 1e-9;
	return { arrow: same ? '=' : diff > 0 ? '▲' : '▼', text, tone: same ? 'same' : diff > 0 === o.higherIsBetter ? 'better' : 'worse' };
}
