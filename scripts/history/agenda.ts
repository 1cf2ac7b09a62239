/**
 * What happens next in a simulated hall-day: actions kept in time order (a binary min-heap), those
 * due at the same instant in the order they were planned, so a simulation replays identically.
 */
export type Action = (at: number) => void;

interface Entry {
	at: number;
	order: number;
	run: Action;
}

export class Agenda {
	private readonly heap: Entry[] = [];
	private planned = 0;

	/** Plans `run` at `at` (epoch ms, rounded to a whole millisecond: events carry whole ones). */
	at(at: number, run: Action): void {
		this.heap.push({ at: Math.round(at), order: this.planned++, run });
		this.up(this.heap.length - 1);
	}

	/**
	 * Runs every action in time order, including those planned meanwhile, until none is left before
	 * `until`; more than `maxActions` means a simulation that keeps planning itself: an error.
	 */
	runUntil(until: number, maxActions = 10_000_000): void {
		for (let n = 0; this.heap.length > 0 && (this.heap[0] as Entry).at < until; n++) {
			if (n >= maxActions) throw new Error(`more than ${maxActions} actions before ${new Date(until).toISOString()}: a loop`);
			const next = this.pop();
			next.run(next.at);
		}
	}

	private pop(): Entry {
		const top = this.heap[0] as Entry;
		const last = this.heap.pop() as Entry;
		if (this.heap.length > 0) {
			this.heap[0] = last;
			this.down(0);
		}
		return top;
	}

	private before(i: number, j: number): boolean {
		const a = this.heap[i] as Entry;
		const b = this.heap[j] as Entry;
		return a.at < b.at || (a.at === b.at && a.order < b.order);
	}

	private swap(i: number, j: number): void {
		const t = this.heap[i] as Entry;
		this.heap[i] = this.heap[j] as Entry;
		this.heap[j] = t;
	}

	private up(i: number): void {
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.before(i, parent)) return;
			this.swap(i, parent);
			i = parent;
		}
	}

	private down(i: number): void {
		for (;;) {
			const l = 2 * i + 1;
			const r = l + 1;
			let best = i;
			if (l < this.heap.length && this.before(l, best)) best = l;
			if (r < this.heap.length && this.before(r, best)) best = r;
			if (best === i) return;
			this.swap(i, best);
			i = best;
		}
	}
}
