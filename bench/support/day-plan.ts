/**
 * A simulated day in a hall, drawn from a seed: when each visitor takes a number (morning and
 * afternoon peaks inside the hall's opening hours), for which service and priority, how long the
 * counter takes (lognormal around the service's `avgHandleMinutes`, scaled so the hall's counters
 * can serve the day), who does not come when called, and the ID card of each visitor of a service
 * that requires one (a fictitious person, never the same number twice). The same seed gives the same day.
 */
import type { CardIdentity } from '../../cardreader/layouts/index';
import { fictitiousCard, seededRandom } from '../../cardreader/simulator/identities';
import { clockMinutes } from '../../server/core/clock';
import { identityRules } from '../../server/core/identity-rules';
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
	/** The green channel the visitor asks for at the kiosk (a holder of green-channel age asks for none: the card gives it). */
	priority: PriorityClass;
	/** The ID card placed on the kiosk's reader first: only for services that require one. */
	card: CardIdentity | null;
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
	/** The day planned, YYYY-MM-DD: card holders' ages are on this day. */
	day: string;
	/** Share of visitors who do not come when called. */
	noShowRate?: number;
	/** Target share of counter time spent serving over the opening hours. */
	utilisation?: number;
}

/**
 * The day's visits. Services without a daily quota only (a quota would refuse the day's volume);
 * each service's share follows the counter capacity that serves it divided by its handling time, so
 * no single queue outgrows its counters. Priority: 8 % elderly, 1 % disabled, 1 % pregnant. At a
 * service that requires an ID card, the elderly are card holders of green-channel age who ask for
 * nothing (the card read gives them the green channel); everyone else there is 18 or older and
 * at least two years short of that age.
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
	const services = hall.services.filter((s) => s.dailyQuota === null);
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
	const people = cardHolders(hall, o.day, seededRandom(o.seed ^ 0x1d0c4a2d));
	const raw = Array.from({ length: o.tickets }, () => {
		const s = pickService();
		const p = rand();
		const asked: PriorityClass = p < 0.08 ? 'elderly' : p < 0.09 ? 'disabled' : p < 0.1 ? 'pregnant' : 'none';
		const card = s.requiresIdentity ? people(asked === 'elderly') : null;
		const priority = card && asked === 'elderly' ? 'none' : asked;
		// Lognormal with mean 1 (sigma 0.5), times the service's average.
		const factor = Math.exp(0.5 * normal(rand) - 0.125);
		return { arrival: arrival(), service: s.code, priority, card, handle: s.avgHandleMinutes * factor, noShow: rand() < noShowRate };
	});
	const work = raw.reduce((n, v) => n + (v.noShow ? 0 : v.handle), 0);
	const utilisation = o.utilisation ?? 0.8;
	const handleScale = Math.min(1, (utilisation * hall.counters.length * open) / Math.max(work, 1));
	const visits = raw
		.map((v) => ({ arrival: v.arrival, service: v.service, priority: v.priority, card: v.card, handleMinutes: v.handle * handleScale, noShow: v.noShow }))
		.sort((a, b) => a.arrival - b.arrival);
	return { visits, windows, handleScale, utilisation: (work * handleScale) / (hall.counters.length * open) };
}

/**
 * Draws fictitious resident cards (the reader simulator's people, valid check digits), a new person
 * each time: one person may hold one active ticket per service and a few tickets a day, so a number
 * is never given out twice. `green`: of green-channel age on `day` (up to 20 years past it), else
 * 18 to two years short of it.
 */
export function cardHolders(hall: HallConfig, day: string, rand: () => number): (green: boolean) => CardIdentity {
	const elderlyAge = identityRules(hall).elderlyAge;
	const used = new Set<string>();
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	return (green) => {
		const years = green ? elderlyAge + Math.floor(rand() * 20) : 18 + Math.floor(rand() * (elderlyAge - 19));
		// Born between `years` + 1 years less a day and `years` years before `day`: exactly `years` old on it.
		const birthDate = new Date(Date.UTC(y - years - 1, m - 1, d + 1 + Math.floor(rand() * 364))).toISOString().slice(0, 10);
		for (;;) {
			const card = fictitiousCard('resident', rand, { birthDate });
			if (used.has(card.idNumber)) continue;
			used.add(card.idNumber);
			return card;
		}
	};
}
