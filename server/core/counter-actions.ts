/**
 * The counter actions beyond the basic call / start / finish: park and call back, re-queue after a
 * no-show, reactivate a no-show, and the call that follows a finish when the console asks for it.
 * Rules and their reasons: docs/decisions.md "Park, re-queue, reactivate, auto-call".
 */
import type { CallBack, ParkTicket, Reactivate } from './commands';
import { currentTicket, readyToCall, ticketIn } from './counter-guards';
import { fail } from './errors';
import type { HallEvent, TicketCalled, TicketRequeued } from './events';
import type { CounterConfig, CounterState, HallDayState, StaffConfig, Ticket } from './model';
import { pickNext } from './routing';

/** How often a no-show may be put back in the queue when the counter does not say. */
export const DEFAULT_MAX_REQUEUES = 1;

interface Base {
	at: number;
	req: string;
}

export function decideCounterExtra(
	state: HallDayState,
	cmd: ParkTicket | CallBack | Reactivate,
	counter: CounterConfig,
	staff: StaffConfig,
	mine: CounterState,
	base: Base
): HallEvent[] {
	switch (cmd.kind) {
		case 'park': {
			const t = currentTicket(state, mine, 'called', 'serving');
			return [{ ...base, type: 'TicketParked', ticket: t.id, counter: counter.id, staff: staff.id }];
		}
		case 'callBack': {
			const t = ticketIn(state, cmd.ticket);
			if (t.status !== 'parked') fail('TICKET.BAD_STATE', `ticket ${t.id} is ${t.status}, not parked`);
			if (t.counter !== counter.id) fail('TICKET.PARKED_ELSEWHERE', `ticket ${t.id} is parked at counter ${t.counter ?? '?'}`);
			readyToCall(mine, counter);
			return [{ ...base, type: 'TicketCalledBack', ticket: t.id, counter: counter.id, staff: staff.id }];
		}
		case 'reactivate': {
			const t = ticketIn(state, cmd.ticket);
			if (t.status !== 'noShow') fail('TICKET.BAD_STATE', `ticket ${t.id} is ${t.status}, not a no-show`);
			readyToCall(mine, counter);
			return [{ ...base, type: 'TicketReactivated', ticket: t.id, counter: counter.id, staff: staff.id }];
		}
	}
}

/** The event that puts a no-show back in the queue, or a refusal once it has been re-queued enough. */
export function requeueAfterNoShow(t: Ticket, counter: CounterConfig, base: Base): TicketRequeued {
	const max = counter.maxRequeues ?? DEFAULT_MAX_REQUEUES;
	if (t.requeues >= max) fail('TICKET.REQUEUE_LIMIT', `ticket ${t.id} was re-queued ${t.requeues} times, the limit is ${max}`);
	return { ...base, type: 'TicketRequeued', ticket: t.id, counter: counter.id };
}

/**
 * The call that follows a finish with auto-call: the counter's next ticket, or nothing when the
 * queue is empty or the counter is paused (the finish stands either way).
 */
export function autoCallAfterFinish(
	state: HallDayState,
	counter: CounterConfig,
	mine: CounterState,
	staff: StaffConfig,
	base: Base
): TicketCalled[] {
	if (mine.status === 'paused') return [];
	const next = pickNext(counter, state, base.at);
	return next ? [{ ...base, type: 'TicketCalled', ticket: next.id, counter: counter.id, staff: staff.id, reason: null }] : [];
}

/** Tickets parked at a counter, oldest first. */
export function parkedAt(state: HallDayState, counter: string): Ticket[] {
	const out: Ticket[] = [];
	for (const id of state.order) {
		const t = state.tickets[id];
		if (t && t.status === 'parked' && t.counter === counter) out.push(t);
	}
	return out.sort((a, b) => (a.parkedAt ?? 0) - (b.parkedAt ?? 0));
}
