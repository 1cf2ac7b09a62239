/** Supervisors and admins read a whole day of their hall: every call in log order, every ticket in issue order. */
import type { HallQ } from '../app/hallq';
import { fail } from '../core/errors';
import type { HallIndex } from '../core/hall-index';
import type { HallDayState, Ticket } from '../core/model';
import { callView, ticketView, type CallView } from '../core/views';
import type { Principal } from './auth';
import type { DayCalls, DayCloseResult, DayTickets } from './contract';
import type { On } from './on';

/** What a closed day's close did: tickets left unserved, and those finished by the close. */
function closeResult(state: HallDayState): DayCloseResult {
	const closure = state.closed ?? fail('INTERNAL', 'the day is not closed');
	let unserved = 0;
	let closedInService = 0;
	for (const t of Object.values(state.tickets)) {
		if (t.status === 'unserved') unserved += 1;
		else if (t.outcome === 'closedInService') closedInService += 1;
	}
	return { day: state.day, closedAt: closure.at, reason: closure.reason, unserved, closedInService };
}

/** Events per store read while looking for calls. */
const READ_PAGE = 2000;

export function registerDayHandlers(on: On, principal: Principal, hallq: HallQ, live: { readonly index: HallIndex }): void {
	const runner = hallq.runner(principal.data.hall);
	const dayAsked = (day: string | undefined): string => {
		const today = runner.keyAt(hallq.clock.now()).day;
		if (day && day > today) fail('VALIDATION.FAILED', `day: ${day} is after today (${today})`);
		return day ?? today;
	};

	on('day:calls', ['supervisor', 'admin'], async (p): Promise<DayCalls> => {
		const day = dayAsked(p.day);
		const { state } = await runner.stateOf(day);
		const calls: CallView[] = [];
		let after = p.afterSeq;
		for (;;) {
			const events = await runner.dayEventsAfter(day, after, READ_PAGE);
			for (const e of events) {
				after = e.seq;
				const call = callView(live.index, state, e);
				if (!call) continue;
				calls.push(call);
				if (calls.length >= p.limit) return { day, calls, more: true, lastSeq: after };
			}
			if (events.length < READ_PAGE) return { day, calls, more: false, lastSeq: after };
		}
	});

	// A retry after the close gets the same answer; a day closed already (by the schedule) is DAY.CLOSED.
	on('day:close', ['supervisor', 'admin'], async (p): Promise<DayCloseResult> => {
		const out = await runner.execute({ kind: 'closeDay', req: `${principal.data.actor}:${p.requestId}`, reason: 'supervisor', by: principal.data.actor, note: p.note });
		return closeResult(out.state);
	});

	on('day:tickets', ['supervisor', 'admin'], async (p): Promise<DayTickets> => {
		const day = dayAsked(p.day);
		const { state } = await runner.stateOf(day);
		const order = state.order;
		let from = 0;
		if (p.after) {
			const at = order.indexOf(p.after);
			if (at < 0) fail('TICKET.NOT_FOUND', `no ticket ${p.after} on ${day}`);
			from = at + 1;
		}
		const wanted = (t: Ticket | undefined): t is Ticket => t !== undefined && (!p.status || t.status === p.status);
		const now = hallq.clock.now();
		const tickets: DayTickets['tickets'] = [];
		let i = from;
		for (; i < order.length && tickets.length < p.limit; i++) {
			const t = state.tickets[order[i] ?? ''];
			if (!wanted(t)) continue;
			const { token: _secret, ...view } = ticketView(live.index, state, t, now);
			tickets.push(view);
		}
		const rest = order.slice(i).some((id) => wanted(state.tickets[id]));
		return { day, tickets, next: rest ? (tickets[tickets.length - 1]?.id ?? null) : null };
	});
}
