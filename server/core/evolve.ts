import type { HallEvent } from './events';
import type { CounterState, HallDayState, RequestRecord, Ticket } from './model';
import { waitingTicket } from './ticket';
import { applyRating } from './rating';

/** Weight of the newest handling time in the per-service moving mean. */
const HANDLE_EWMA_ALPHA = 0.2;

export function initialState(hall: string, day: string): HallDayState {
	return {
		hall,
		day,
		version: 0,
		tickets: {},
		order: [],
		counters: {},
		lastNumber: {},
		services: {},
		requests: {},
		lastCallSeq: 0
	};
}

function closedCounter(id: string, at: number): CounterState {
	return { id, status: 'closed', staff: null, current: null, pauseReason: null, priorityRun: 0, since: at };
}

/**
 * Applies one event. Mutates and returns `state` for speed: a hall-day folds tens of thousands of
 * events on load. Callers that need the old state keep a copy (see `cloneState`).
 */
export function evolve(state: HallDayState, event: HallEvent): HallDayState {
	state.version += 1;
	const counterOf = (id: string): CounterState => (state.counters[id] ??= closedCounter(id, event.at));
	const ticketOf = (id: string): Ticket => {
		const t = state.tickets[id];
		if (!t) throw new Error(`event ${event.type} names unknown ticket ${id}`);
		return t;
	};
	let record: RequestRecord;

	switch (event.type) {
		case 'TicketIssued': {
			state.tickets[event.ticket] = waitingTicket({
				id: event.ticket,
				prefix: event.prefix,
				serial: event.serial,
				service: event.service,
				priority: event.priority,
				issuedAt: event.at,
				kiosk: event.kiosk,
				token: event.token,
				identityHash: event.identityHash,
				identityMasked: event.identityMasked,
				holderMasked: event.holderMasked
			});
			state.order.push(event.ticket);
			state.lastNumber[event.prefix] = Math.max(state.lastNumber[event.prefix] ?? 0, event.serial);
			const stats = (state.services[event.service] ??= { issued: 0, handleMsEwma: null, finished: 0 });
			stats.issued += 1;
			record = { kind: 'issue', ticket: event.ticket, counter: null };
			break;
		}
		case 'TicketCalled': {
			const t = ticketOf(event.ticket);
			const c = counterOf(event.counter);
			t.status = 'called';
			t.counter = event.counter;
			t.staff = event.staff;
			t.calledAt = event.at;
			t.pinnedCounter = null;
			c.current = t.id;
			c.priorityRun = t.priority === 'none' ? 0 : c.priorityRun + 1;
			state.lastCallSeq = state.version;
			record = { kind: event.reason === null ? 'callNext' : 'callTicket', ticket: t.id, counter: c.id };
			break;
		}
		case 'TicketRecalled': {
			const t = ticketOf(event.ticket);
			t.recalls += 1;
			state.lastCallSeq = state.version;
			record = { kind: 'recall', ticket: t.id, counter: event.counter };
			break;
		}
		case 'ServiceStarted': {
			const t = ticketOf(event.ticket);
			t.status = 'serving';
			t.startedAt = event.at;
			record = { kind: 'start', ticket: t.id, counter: event.counter };
			break;
		}
		case 'TicketFinished': {
			const t = ticketOf(event.ticket);
			t.status = 'done';
			t.finishedAt = event.at;
			t.outcome = event.outcome;
			counterOf(event.counter).current = null;
			const stats = (state.services[t.service] ??= { issued: 0, handleMsEwma: null, finished: 0 });
			const handled = event.at - (t.startedAt ?? t.calledAt ?? event.at);
			stats.handleMsEwma =
				stats.handleMsEwma === null ? handled : stats.handleMsEwma + HANDLE_EWMA_ALPHA * (handled - stats.handleMsEwma);
			stats.finished += 1;
			record = { kind: 'finish', ticket: t.id, counter: event.counter };
			break;
		}
		case 'TicketNoShow': {
			const t = ticketOf(event.ticket);
			t.status = 'noShow';
			t.finishedAt = event.at;
			counterOf(event.counter).current = null;
			record = { kind: 'noShow', ticket: t.id, counter: event.counter };
			break;
		}
		case 'TicketTransferred': {
			const t = ticketOf(event.ticket);
			if (event.fromCounter) {
				const c = counterOf(event.fromCounter);
				if (c.current === t.id) c.current = null;
			}
			t.status = 'waiting';
			t.service = event.toService;
			t.pinnedCounter = event.toCounter;
			t.counter = null;
			t.staff = null;
			t.calledAt = null;
			t.startedAt = null;
			t.recalls = 0;
			t.transfers += 1;
			record = { kind: 'transfer', ticket: t.id, counter: event.fromCounter };
			break;
		}
		case 'TicketCancelled': {
			const t = ticketOf(event.ticket);
			t.status = 'cancelled';
			t.finishedAt = event.at;
			record = { kind: 'cancel', ticket: t.id, counter: null };
			break;
		}
		case 'CounterOpened': {
			const c = counterOf(event.counter);
			c.status = 'open';
			c.staff = event.staff;
			c.pauseReason = null;
			c.since = event.at;
			record = { kind: 'openCounter', ticket: null, counter: c.id };
			break;
		}
		case 'CounterPaused': {
			const c = counterOf(event.counter);
			c.status = 'paused';
			c.pauseReason = event.reason;
			c.since = event.at;
			record = { kind: 'pauseCounter', ticket: null, counter: c.id };
			break;
		}
		case 'CounterResumed': {
			const c = counterOf(event.counter);
			c.status = 'open';
			c.pauseReason = null;
			c.since = event.at;
			record = { kind: 'resumeCounter', ticket: null, counter: c.id };
			break;
		}
		case 'CounterClosed': {
			const c = counterOf(event.counter);
			c.status = 'closed';
			c.staff = null;
			c.pauseReason = null;
			c.priorityRun = 0;
			c.since = event.at;
			record = { kind: 'closeCounter', ticket: null, counter: c.id };
			break;
		}
		case 'TicketRated':
			record = applyRating(ticketOf(event.ticket), event);
			break;
	}
	// The first event of a request is the one its answer is about.
	if (!state.requests[event.req]) state.requests[event.req] = record;
	return state;
}

export function fold(state: HallDayState, events: Iterable<HallEvent>): HallDayState {
	for (const e of events) evolve(state, e);
	return state;
}

export function cloneState(state: HallDayState): HallDayState {
	return structuredClone(state);
}
