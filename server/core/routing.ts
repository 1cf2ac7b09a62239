import type { CounterConfig, HallDayState, Ticket } from './model';
import { pinnedQueue, waitingIn } from './waiting';

export interface Candidate {
	ticket: Ticket;
	/** Position of the service in the counter's list; -1 for a ticket pinned to this counter. */
	rank: number;
	weight: number;
}

/** Visits the waiting tickets this counter may call, with the counter's rank and weight of each one's service. */
function forEachCandidate(counter: CounterConfig, state: HallDayState, visit: (t: Ticket, rank: number, weight: number) => void): void {
	for (let rank = 0; rank < counter.services.length; rank++) {
		const s = counter.services[rank] as CounterConfig['services'][number];
		for (const id of waitingIn(state, s.service)) {
			const t = state.tickets[id];
			if (t) visit(t, rank, s.weight);
		}
	}
	const pinnedWeight = counter.services[0]?.weight ?? 1;
	for (const id of waitingIn(state, pinnedQueue(counter.id))) {
		const t = state.tickets[id];
		if (t) visit(t, -1, pinnedWeight);
	}
}

/** Waiting tickets this counter may call, with the counter's rank and weight of each one's service. */
export function candidatesFor(counter: CounterConfig, state: HallDayState): Candidate[] {
	const out: Candidate[] = [];
	forEachCandidate(counter, state, (ticket, rank, weight) => out.push({ ticket, rank, weight }));
	return out;
}

/**
 * Negative when `a` should be called before `b`; never 0 for two tickets. The last tie-breaker is
 * issue order, so the order does not depend on the order candidates were gathered in.
 */
export function compareFor(counter: CounterConfig, now: number): (a: Candidate, b: Candidate) => number {
	const arrival = (a: Candidate, b: Candidate) => a.ticket.queuedAt - b.ticket.queuedAt || a.ticket.issuedAt - b.ticket.issuedAt;
	const issued = (a: Candidate, b: Candidate) => a.ticket.ordinal - b.ticket.ordinal;
	switch (counter.strategy) {
		case 'strict':
			return (a, b) => a.rank - b.rank || arrival(a, b) || issued(a, b);
		case 'longestWait':
			return (a, b) => arrival(a, b) || a.rank - b.rank || issued(a, b);
		case 'weightedWait':
			return (a, b) => {
				// +1 s keeps a ticket issued this instant from scoring zero for every weight.
				const sa = (now - a.ticket.queuedAt + 1000) * a.weight;
				const sb = (now - b.ticket.queuedAt + 1000) * b.weight;
				return sb - sa || arrival(a, b) || a.rank - b.rank || issued(a, b);
			};
	}
}

/**
 * The ticket a counter calls next. Priority tickets go first, but after `maxPriorityInRow`
 * priority calls in a row a waiting ordinary ticket gets its turn.
 */
export function pickNext(counter: CounterConfig, state: HallDayState, now: number): Ticket | null {
	const cmp = compareFor(counter, now);
	// One pass, and a candidate is made only for a new best: call-next runs on every press, with
	// thousands waiting in a busy hall.
	const top: { priority: Candidate | null; ordinary: Candidate | null } = { priority: null, ordinary: null };
	const probe: Candidate = { ticket: null as unknown as Ticket, rank: 0, weight: 1 };
	forEachCandidate(counter, state, (ticket, rank, weight) => {
		probe.ticket = ticket;
		probe.rank = rank;
		probe.weight = weight;
		const cls = ticket.priority === 'none' ? 'ordinary' : 'priority';
		const best = top[cls];
		if (best === null || cmp(probe, best) < 0) top[cls] = { ticket, rank, weight };
	});
	const run = state.counters[counter.id]?.priorityRun ?? 0;
	const usePriority = top.priority !== null && (top.ordinary === null || run < counter.maxPriorityInRow);
	return (usePriority ? top.priority : top.ordinary)?.ticket ?? null;
}

/** Tickets in the order the counter would call them (priority cap included), for consoles and estimates. */
export function queueOrder(counter: CounterConfig, state: HallDayState, now: number): Ticket[] {
	return interleave(counter, state, now, candidatesFor(counter, state));
}

/**
 * The tickets this counter would call before `ticket`, which may be one not issued yet (a kiosk
 * asking "how long if I take a number now"); null when the counter does not serve it.
 */
export function callsBefore(counter: CounterConfig, state: HallDayState, now: number, ticket: Ticket): Ticket[] | null {
	const pinnedHere = ticket.pinnedCounter === counter.id;
	const rank = pinnedHere ? -1 : counter.services.findIndex((s) => s.service === ticket.service);
	if (rank === -1 && !pinnedHere) return null;
	if (ticket.pinnedCounter !== null && !pinnedHere) return null;
	const me: Candidate = { ticket, rank, weight: counter.services[Math.max(rank, 0)]?.weight ?? 1 };
	const others = candidatesFor(counter, state).filter((c) => c.ticket.id !== ticket.id);
	const order = interleave(counter, state, now, [...others, me]);
	return order.slice(0, order.indexOf(ticket));
}

/** Orders candidates as `pickNext` would call them one after another. */
function interleave(counter: CounterConfig, state: HallDayState, now: number, all: Candidate[]): Ticket[] {
	const cmp = compareFor(counter, now);
	const priority = all.filter((c) => c.ticket.priority !== 'none').sort(cmp);
	const ordinary = all.filter((c) => c.ticket.priority === 'none').sort(cmp);
	const out: Ticket[] = [];
	let run = state.counters[counter.id]?.priorityRun ?? 0;
	for (let p = 0, o = 0; p < priority.length || o < ordinary.length; ) {
		const usePriority = p < priority.length && (o >= ordinary.length || run < counter.maxPriorityInRow);
		const next = usePriority ? priority[p++] : ordinary[o++];
		if (next) out.push(next.ticket);
		run = usePriority ? run + 1 : 0;
	}
	return out;
}
