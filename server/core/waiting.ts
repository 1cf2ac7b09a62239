import type { HallDayState, Ticket } from './model';

/**
 * The waiting index (`HallDayState.waiting`): the ids of the waiting tickets per queue, kept by
 * `evolve`, so that calling, estimates and counts read the tickets that wait for the services
 * concerned instead of every ticket of the day.
 *
 * A queue is a service code, or `@` and a counter id for the tickets pinned to that counter.
 * Service codes begin with a letter or a digit (server/config/schema.ts), so the two never meet.
 * Keys are read with `Object.hasOwn`: a service may be called "constructor".
 */

const NO_TICKETS: readonly string[] = [];

export function pinnedQueue(counter: string): string {
	return `@${counter}`;
}

function isPinnedQueue(queue: string): boolean {
	return queue.startsWith('@');
}

/** The queue a ticket waits in; null when it is not waiting. */
export function queueOf(t: Ticket): string | null {
	if (t.status !== 'waiting') return null;
	return t.pinnedCounter === null ? t.service : pinnedQueue(t.pinnedCounter);
}

/** Ids of the tickets waiting in `queue`, in the order they entered it. */
export function waitingIn(state: HallDayState, queue: string): readonly string[] {
	return Object.hasOwn(state.waiting, queue) ? (state.waiting[queue] as string[]) : NO_TICKETS;
}

/**
 * Moves a ticket from the queue it waited in to the one it waits in now (either may be null: not
 * waiting). A ticket entering a queue goes last; an emptied queue is removed.
 */
export function moveBetweenQueues(state: HallDayState, id: string, from: string | null, to: string | null): void {
	if (from === to) return;
	if (from !== null && Object.hasOwn(state.waiting, from)) {
		const list = state.waiting[from] as string[];
		const at = list.indexOf(id);
		if (at !== -1) list.splice(at, 1);
		if (list.length === 0) delete state.waiting[from];
	}
	if (to !== null) {
		if (Object.hasOwn(state.waiting, to)) (state.waiting[to] as string[]).push(id);
		else state.waiting[to] = [id];
	}
}

/** Waiting tickets per service, pinned ones included; services without any are absent. */
export function waitingCounts(state: HallDayState): Record<string, number> {
	const counts: Record<string, number> = {};
	const add = (service: string, n: number) => {
		counts[service] = (Object.hasOwn(counts, service) ? (counts[service] as number) : 0) + n;
	};
	for (const queue of Object.keys(state.waiting)) {
		const ids = state.waiting[queue] as string[];
		if (!isPinnedQueue(queue)) add(queue, ids.length);
		else
			for (const id of ids) {
				const t = state.tickets[id];
				if (t) add(t.service, 1);
			}
	}
	return counts;
}

/** The waiting tickets of a service: its own queue, and those of its tickets pinned to a counter. */
export function waitingFor(state: HallDayState, service: string): Ticket[] {
	const out: Ticket[] = [];
	for (const id of waitingIn(state, service)) {
		const t = state.tickets[id];
		if (t) out.push(t);
	}
	for (const queue of Object.keys(state.waiting)) {
		if (!isPinnedQueue(queue)) continue;
		for (const id of state.waiting[queue] as string[]) {
			const t = state.tickets[id];
			if (t && t.service === service) out.push(t);
		}
	}
	return out;
}
