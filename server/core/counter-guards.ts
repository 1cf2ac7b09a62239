/** The checks every counter command starts with: who may act on the counter, and on which ticket. */
import { fail } from './errors';
import type { CounterConfig, CounterState, HallDayState, StaffConfig, Ticket } from './model';

export function ticketIn(state: HallDayState, id: string): Ticket {
	return state.tickets[id] ?? fail('TICKET.NOT_FOUND', `no ticket ${id} today`);
}

/** Whether this person may act on a counter someone else has open: supervisors and admins of the hall. */
export function actsOnAnyCounter(staff: StaffConfig): boolean {
	return staff.role === 'supervisor' || staff.role === 'admin';
}

/**
 * The counter's state when `staff` may act on it now: staff members on the counter they have open
 * (and are allowed at), supervisors and admins on any open counter of their hall. Refuses everyone else.
 */
export function ownCounter(cs: CounterState | undefined, counter: CounterConfig, staff: StaffConfig): CounterState {
	if (staff.role === 'staff' && !staff.counters.includes(counter.id))
		fail('STAFF.NOT_ALLOWED', `staff ${staff.id} may not work at counter ${counter.id}`);
	if (!cs || cs.status === 'closed') fail('COUNTER.NOT_OPEN', `counter ${counter.id} is closed`);
	if (cs.staff !== staff.id && !actsOnAnyCounter(staff)) fail('COUNTER.TAKEN', `counter ${counter.id} is open by another staff member`);
	return cs;
}

export function readyToCall(cs: CounterState, counter: CounterConfig): void {
	if (cs.status === 'paused') fail('COUNTER.PAUSED', `counter ${counter.id} is paused`);
	if (cs.current) fail('COUNTER.BUSY', `counter ${counter.id} still has ticket ${cs.current}; finish it or mark it absent`);
}

export function currentTicket(state: HallDayState, cs: CounterState, ...allowed: Ticket['status'][]): Ticket {
	if (!cs.current) fail('COUNTER.IDLE', `counter ${cs.id} has no current ticket`);
	const t = ticketIn(state, cs.current);
	if (!allowed.includes(t.status)) fail('TICKET.BAD_STATE', `ticket ${t.id} is ${t.status}`);
	return t;
}
