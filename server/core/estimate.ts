import type { HallIndex } from './hall-index';
import type { HallDayState, Ticket } from './model';
import { waitingCounts } from './waiting';

export interface WaitEstimate {
	ahead: number;
	/** Minutes until called; null when no counter serving the service is open. */
	minutes: number | null;
}

/** Waiting tickets of the service called before `ticket` (or before a new ticket when null). */
export function peopleAhead(state: HallDayState, service: string, ticket: Ticket | null): number {
	let ahead = 0;
	let passed = false;
	for (const id of state.order) {
		const t = state.tickets[id];
		// By id, not by reference: the ticket may come from another copy of the state.
		const self = ticket !== null && id === ticket.id;
		if (self) passed = true;
		if (!t || t.status !== 'waiting' || t.service !== service || self) continue;
		if (ticket === null) {
			ahead++;
			continue;
		}
		const higherClass = t.priority !== 'none' && ticket.priority === 'none';
		const sameClass = (t.priority === 'none') === (ticket.priority === 'none');
		const earlier = t.queuedAt < ticket.queuedAt || (t.queuedAt === ticket.queuedAt && !passed);
		if (higherClass || (sameClass && earlier)) ahead++;
	}
	return ahead;
}

/**
 * How many open counters work on a service. A counter serving several services gives each a share
 * by weight × waiting tickets, so it counts fully while its other services have nobody waiting.
 */
export function servingCapacity(
	index: HallIndex,
	state: HallDayState,
	service: string,
	counts: Record<string, number> = waitingCounts(state)
): number {
	let capacity = 0;
	for (const counter of index.countersOf.get(service) ?? []) {
		if (state.counters[counter.id]?.status !== 'open') continue;
		let mine = 0;
		let total = 0;
		for (const s of counter.services) {
			// The service asked about counts at least once: the ticket being estimated waits for it.
			const demand = s.weight * (s.service === service ? Math.max(1, counts[s.service] ?? 0) : (counts[s.service] ?? 0));
			if (s.service === service) mine = demand;
			total += demand;
		}
		capacity += total > 0 ? mine / total : 0;
	}
	return capacity;
}

/**
 * Estimated wait from the live handling time of the service and the counters open for it.
 * `counts` (waiting per service) can be passed in when estimating many services at once.
 */
export function estimateWait(
	index: HallIndex,
	state: HallDayState,
	service: string,
	ticket: Ticket | null,
	counts: Record<string, number> = waitingCounts(state)
): WaitEstimate {
	const ahead = ticket === null ? (counts[service] ?? 0) : peopleAhead(state, service, ticket);
	const config = index.services.get(service);
	const handleMs = state.services[service]?.handleMsEwma ?? (config?.avgHandleMinutes ?? 10) * 60_000;
	const capacity = servingCapacity(index, state, service, counts);
	if (capacity <= 0) return { ahead, minutes: null };
	return { ahead, minutes: Math.round((ahead * handleMs) / capacity / 60_000) };
}
