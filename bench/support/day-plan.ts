/**
 * A simulated day in a hall, drawn from a seed: when each visitor takes a number (morning and
 * afternoon peaks inside the hall's opening hours), for which service and priority, how long the
 * counter takes (lognormal around the service's `avgHandleMinutes`, scaled so the hall's counters
 * can serve the day), and who does not come when called. The same seed gives the same day.
 */
import { seededRandom } from '../../cardreader/simulator/identities';
import { clockMinutes } from '../../server/core/clock';
import type { HallConfig, PriorityClass } from '../../server/core/model';

/** A standard normal draw (Box–Muller). */
function normal(rand: () => number): number {
	const u = Math.max(rand(), 1e-12);
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export interface Visit {
	/** Minutes after local midnight when the visitor takes a number. */
	arrival: number;
	service: string;
	priority: PriorityClass;
	/** Minutes at the counter once the service starts. */
	handleMinutes: number;
	/** Does not come when called. */
	noShow: boolean;
}

export interface DayPlan {
	visits: Visit[];
	/** The hall's opening windows used, minutes after midnight. */
	windows: [number, number][];
	/** Handling times are the services' averages × this (so the counters can serve the day). */
	handleScale: number;
	/** Share of the day's counter-minutes the visits need. */
	utilisation: number;
}

export interface PlanOptions {
	tickets: number;
	seed: number;
	/** Share of visitors who do not come when called. */
	noShowRate?: number;
	/** Target share of counter time spent serving over the opening hours. */
	utilisation?: number;
}

/**
 * The day's visits. Services without a daily quota only (a quota would refuse the day's volume);
 * each service's share follows the counter capacity that serves it divided by its handling time, so
 * no single queue outgrows its counters. Priority: 8 % elderly, 1 % disabled, 1 % pregnant.
 */
export function planDay(hall: HallConfig, o: PlanOptions): DayPlan {
	const rand = seededRandom(o.seed);
	// A Wednesday's hours (hours without days hold every day).
	const windows = hall.hours
		.filter((h) => !h.days || h.days.includes(3)).map((h) => [clockMinutes(h.from), clockMinutes(h.to)] as [number, number]);
	if (windows.length === 0) throw new Error(`hall ${hall.id} has no opening hours`);
	const open = windows.reduce((n, [a, b]) => n + (b - a), 0);
	const first = windows[0]![0];
	const last = windows[windows.length - 1]![1];
	const inWindow = (m: number) => windows.some(([a, b]) => m >= a && m < b);

	// Capacity share of each service: a counter's time split evenly over the services it serves.
	// No card reader in the load: services that require an ID card are left out.
	const services = hall.services.filter((s) => s.dailyQuota === null && !s.requiresIdentity);
	const share = new Map<string, number>();
	for (const c of hall.counters) for (const s of c.services) share.set(s.service, (share.get(s.service) ?? 0) + 1 / c.services.length);
	const weights = services.map((s) => ({ s, w: (share.get(s.code) ?? 0) / s.avgHandleMinutes })).filter((x) => x.w > 0);
	const total = weights.reduce((n, x) => n + x.w, 0);
	const pickService = () => {
		let r = rand() * total;
		for (const x of weights) if ((r -= x.w) < 0) return x.s;
		return weights[weights.length - 1]!.s;
	};

	// Peaks around 09:45 and 14:45, and a flat part over every open minute.
	const arrival = (): number => {
		for (;;) {
			const r = rand();
			const m =
				r < 0.45 ? 585 + 50 * normal(rand) : r < 0.8 ? 885 + 50 * normal(rand) : first + rand() * (last - first);
			if (inWindow(m)) return m;
		}
	};

	const noShowRate = o.noShowRate ?? 0.03;
	const raw = Array.from({ length: o.tickets }, () => {
		const s = pickService();
		const p = rand();
		const priority: PriorityClass = p < 0.08 ? 'elderly' : p < 0.09 ? 'disabled' : p < 0.1 ? 'pregnant' : 'none';
		// Lognormal with mean 1 (sigma 0.5), times the service's average.
		const factor = Math.exp(0.5 * normal(rand) - 0.125);
		return { arrival: arrival(), service: s.code, priority, handle: s.avgHandleMinutes * factor, noShow: rand() < noShowRate };
	});
	const work = raw.reduce((n, v) => n + (v.noShow ? 0 : v.handle), 0);
	const utilisation = o.utilisation ?? 0.8;
	const handleScale = Math.min(1, (utilisation * hall.counters.length * open) / Math.max(work, 1));
	const visits = raw
		.map((v) => ({ arrival: v.arrival, service: v.service, priority: v.priority, handleMinutes: v.handle * handleScale, noShow: v.noShow }))
		.sort((a, b) => a.arrival - b.arrival);
	return { visits, windows, handleScale, utilisation: (work * handleScale) / (hall.counters.length * open) };
}
