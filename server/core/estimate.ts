import type { HallIndex } from './hall-index';
import type { HallDayState, Ticket } from './model';
import type { CounterConfig } from './model';
import { callsBefore, candidatesFor, compareFor, type Candidate } from './routing';
import { waitingTicket } from './ticket';
import { waitingCounts, waitingFor } from './waiting';

export interface WaitEstimate {
	/**
	 * People called before this ticket: at the open counter that reaches it soonest (all the services
	 * it serves), or, with no counter open, the people of the same service before it.
	 */
	ahead: number;
	/** Minutes until called; null when no counter serving the service is open. */
	minutes: number | null;
}

/** Waiting tickets of the service called before `ticket` (or before a new ticket when null). */
export function peopleAhead(state: HallDayState, service: string, ticket: Ticket | null): number {
	const waiting = waitingFor(state, service);
	if (ticket === null) return waiting.length;
	let ahead = 0;
	for (const t of waiting) {
		// By id, not by reference: the ticket may come from another copy of the state.
		if (t.id === ticket.id) continue;
		const higherClass = t.priority !== 'none' && ticket.priority === 'none';
		const sameClass = (t.priority === 'none') === (ticket.priority === 'none');
		const earlier = t.queuedAt < ticket.queuedAt || (t.queuedAt === ticket.queuedAt && t.ordinal < ticket.ordinal);
		if (higherClass || (sameClass && earlier)) ahead++;
	}
	return ahead;
}

/** A ticket of `service` as if issued now, to estimate for someone about to take a number. */
function newTicket(state: HallDayState, service: string, now: number): Ticket {
	return waitingTicket({
		id: '',
		prefix: '',
		serial: 0,
		// The place it would take in the issue order: after every ticket issued.
		ordinal: state.order.length,
		service,
		priority: 'none',
		issuedAt: now,
		kiosk: null,
		token: '',
		identityHash: null,
		identityMasked: null,
		holderMasked: null,
		configVersion: state.configVersion
	});
}

function handleMs(index: HallIndex, state: HallDayState, service: string): number {
	return state.services[service]?.handleMsEwma ?? (index.services.get(service)?.avgHandleMinutes ?? 10) * 60_000;
}

/** Combines counters working in parallel: 1 / Σ (1 / work of each); 0 when one would call it next. */
function parallel(works: number[]): number | null {
	if (works.length === 0) return null;
	if (works.some((w) => w === 0)) return 0;
	return 1 / works.reduce((sum, w) => sum + 1 / w, 0);
}

function minutes(ms: number | null): number | null {
	return ms === null ? null : Math.round(ms / 60_000);
}

function openCountersFor(index: HallIndex, state: HallDayState, ticket: Ticket) {
	const counters = ticket.pinnedCounter
		? [index.counters.get(ticket.pinnedCounter)].filter((c) => c !== undefined)
		: (index.countersOf.get(ticket.service) ?? []);
	return counters.filter((c) => state.counters[c.id]?.status === 'open');
}

/**
 * Estimated wait: for each open counter serving the ticket, the work it would call first (tickets of
 * every service it serves, in its calling order, each at its service's live handling time); the
 * counters work in parallel. `ahead` counts the people of the same service before it.
 */
export function estimateWait(
	index: HallIndex,
	state: HallDayState,
	service: string,
	ticket: Ticket | null,
	now: number,
	counts: Record<string, number> = waitingCounts(state)
): WaitEstimate {
	if (ticket === null) return newTicketEstimator(index, state, now, counts)(service);
	const works: number[] = [];
	let ahead = Infinity;
	for (const counter of openCountersFor(index, state, ticket)) {
		const list = callsBefore(counter, state, now, ticket);
		if (!list) continue;
		works.push(list.reduce((sum, t) => sum + handleMs(index, state, t.service), 0));
		ahead = Math.min(ahead, list.length);
	}
	if (works.length === 0) return { ahead: peopleAhead(state, service, ticket), minutes: null };
	return { ahead, minutes: minutes(parallel(works)) };
}

/**
 * Minutes until a ticket taken now would be called, per service: the kiosk asks for every service
 * at once, so each counter's waiting tickets are gathered once. A new ordinary ticket comes after
 * every priority ticket and after the ordinary ones its counter's order puts first.
 */
export function newTicketEstimator(
	index: HallIndex,
	state: HallDayState,
	now: number,
	counts: Record<string, number> = waitingCounts(state)
): (service: string) => WaitEstimate {
	const perCounter = new Map<string, { list: Candidate[]; cmp: (a: Candidate, b: Candidate) => number }>();
	const lookup = (counter: CounterConfig) => {
		let entry = perCounter.get(counter.id);
		if (!entry) {
			entry = { list: candidatesFor(counter, state), cmp: compareFor(counter, now) };
			perCounter.set(counter.id, entry);
		}
		return entry;
	};
	return (service) => {
		const me = newTicket(state, service, now);
		const works: number[] = [];
		let ahead = Infinity;
		for (const counter of openCountersFor(index, state, me)) {
			const rank = counter.services.findIndex((s) => s.service === service);
			const { list, cmp } = lookup(counter);
			const mine: Candidate = { ticket: me, rank, weight: counter.services[rank]?.weight ?? 1 };
			let work = 0;
			let before = 0;
			for (const c of list) {
				// Never a tie: the tickets already issued came first (compareFor ends with the issue order).
				if (c.ticket.priority === 'none' && cmp(c, mine) > 0) continue;
				work += handleMs(index, state, c.ticket.service);
				before += 1;
			}
			works.push(work);
			ahead = Math.min(ahead, before);
		}
		if (works.length === 0) return { ahead: counts[service] ?? 0, minutes: null };
		return { ahead, minutes: minutes(parallel(works)) };
	};
}
