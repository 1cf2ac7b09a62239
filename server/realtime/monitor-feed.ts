import type { HallEvent } from '../core/events';
import type { HallIndex } from '../core/hall-index';
import type { HallDayState } from '../core/model';
import { dirtyOf, monitorUpdate, monitorView, type MonitorDelta, type MonitorDirty, type MonitorView } from '../core/monitor-view';

/** Waits tick on the page; estimates and arrival rates, which move without events, are made again this often. */
export const REFRESH_ALL_MS = 60_000;

interface HallFeed {
	view: MonitorView | null;
	services: Set<string>;
	counters: Set<string>;
	all: boolean;
	/** When every entry was last made again. */
	fullAt: number;
}

/**
 * Per hall, the monitor view last pushed by this process and what events touched since: the next
 * push recomputes only those entries and sends what changed (`monitor:delta`), or the whole view
 * when there is none of this hall-day yet.
 */
export class MonitorFeed {
	private readonly halls = new Map<string, HallFeed>();

	private feedOf(hall: string): HallFeed {
		let f = this.halls.get(hall);
		if (!f) this.halls.set(hall, (f = { view: null, services: new Set(), counters: new Set(), all: true, fullAt: 0 }));
		return f;
	}

	touched(index: HallIndex, state: HallDayState, events: readonly HallEvent[]): void {
		const f = this.feedOf(index.config.id);
		const dirty = dirtyOf(index, state, events);
		if (dirty === 'all') f.all = true;
		else {
			for (const s of dirty.services) f.services.add(s);
			for (const c of dirty.counters) f.counters.add(c);
		}
	}

	/** No monitor of the hall here: events go unmarked, so the next push is the whole view. */
	forget(hall: string): void {
		this.halls.delete(hall);
	}

	/** Time passed: estimates and arrival rates move without events; answers whether a push is due for it. */
	timePassed(hall: string, now: number): boolean {
		const f = this.feedOf(hall);
		if (f.view && now - f.fullAt < REFRESH_ALL_MS) return false;
		f.all = true;
		return true;
	}

	/** What to push now: a delta on the last view, or the whole view. */
	next(index: HallIndex, state: HallDayState, now: number): { delta: MonitorDelta } | { view: MonitorView } {
		const f = this.feedOf(index.config.id);
		const previous = f.view;
		const dirty: MonitorDirty = f.all ? 'all' : { services: f.services, counters: f.counters };
		if (f.all) f.fullAt = now;
		f.all = false;
		f.services = new Set();
		f.counters = new Set();
		if (!previous || previous.day !== state.day) {
			f.fullAt = now;
			f.view = monitorView(index, state, now);
			return { view: f.view };
		}
		const { view, delta } = monitorUpdate(index, state, previous, dirty, now);
		f.view = view;
		return { delta };
	}
}
