import type { CallView } from '$contract';

/**
 * The calls a board has seen today, deduplicated by (day, seq). A call of a later day starts the
 * day afresh (the numbers restart at midnight); a call of an earlier day is ignored.
 * Plain data, no reactivity: the board state copies `calls` out after each change.
 */
export class CallLog {
	day: string | null = null;
	/** Oldest first, at most `keep`. */
	calls: CallView[] = [];
	/** The highest seq seen today. */
	highest = 0;
	private seen = new Set<number>();

	constructor(private readonly keep = 60) {}

	/** Adds calls in any order; returns the ones not seen before, oldest first. */
	add(incoming: readonly CallView[]): CallView[] {
		const added: CallView[] = [];
		const sorted = [...incoming].sort((a, b) => (a.day === b.day ? a.seq - b.seq : a.day < b.day ? -1 : 1));
		for (const c of sorted) {
			if (this.day !== null && c.day < this.day) continue;
			if (this.day === null || c.day > this.day) this.startDay(c.day);
			if (this.seen.has(c.seq)) continue;
			this.seen.add(c.seq);
			added.push(c);
			if (c.seq > this.highest) this.highest = c.seq;
		}
		if (added.length > 0) {
			this.calls = [...this.calls, ...added].sort((a, b) => a.seq - b.seq).slice(-this.keep);
			this.prune();
		}
		return added;
	}

	/** Forgets everything and starts `day` (a new day seen in a sync or in the counts). */
	startDay(day: string): void {
		this.day = day;
		this.calls = [];
		this.highest = 0;
		this.seen.clear();
	}

	/** The seen-set only needs to cover what a catch-up can send again; keep it bounded. */
	private prune(): void {
		if (this.seen.size <= 4000) return;
		const keep = [...this.seen].sort((a, b) => a - b).slice(-2000);
		this.seen = new Set(keep);
	}
}

/** The calls before the latest one, newest first, one line per ticket (a recall moves it up). */
export function recentCalls(calls: readonly CallView[], count: number): CallView[] {
	const out: CallView[] = [];
	const latest = calls[calls.length - 1];
	const tickets = new Set<string>(latest ? [latest.ticket] : []);
	for (let i = calls.length - 2; i >= 0 && out.length < count; i--) {
		const c = calls[i];
		if (!c || tickets.has(c.ticket)) continue;
		tickets.add(c.ticket);
		out.push(c);
	}
	return out;
}
