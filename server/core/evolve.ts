import type { HallEvent } from './events';
import { STATE_FORMAT, type CounterState, type HallDayState, type RequestRecord, type Ticket } from './model';
import { isOpenAtClose, waitingTicket } from './ticket';
import { applyRating } from './rating';
import { moveBetweenQueues, queueOf } from './waiting';

/** Weight of the newest handling time in the per-service moving mean. */
const HANDLE_EWMA_ALPHA = 0.2;

export function initialState(hall: string, day: string): HallDayState {
	return {
		format: STATE_FORMAT,
		hall,
		day,
		version: 0,
		tickets: {},
		order: [],
		waiting: {},
		byPerson: {},
		counters: {},
		lastNumber: {},
		services: {},
		requests: {},
		lastCallSeq: 0,
		closed: null,
		alerts: {},
		configVersion: null
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
	const named = 'ticket' in event ? state.tickets[event.ticket] : undefined;
	const queuedIn = named ? queueOf(named) : null;

	switch (event.type) {
		case 'TicketIssued': {
			state.tickets[event.ticket] = waitingTicket({
				id: event.ticket,
				prefix: event.prefix,
				serial: event.serial,
				ordinal: state.order.length,
				service: event.service,
				priority: event.priority,
				issuedAt: event.at,
				kiosk: event.kiosk,
				token: event.token,
				identityHash: event.identityHash,
				identityMasked: event.identityMasked,
				holderMasked: event.holderMasked,
				configVersion: state.configVersion
			});
			state.order.push(event.ticket);
			if (event.identityHash !== null) {
				const mine = Object.hasOwn(state.byPerson, event.identityHash) ? state.byPerson[event.identityHash] : undefined;
				if (mine) mine.push(event.ticket);
				else state.byPerson[event.identityHash] = [event.ticket];
			}
			state.lastNumber[event.prefix] = Math.max(state.lastNumber[event.prefix] ?? 0, event.serial);
			const stats = (state.services[event.service] ??= { issued: 0, handleMsEwma: null, finished: 0 });
			stats.issued += 1;
			record = { kind: 'issue', ticket: event.ticket, counter: null };
			break;
		}
		case 'TicketCalled': {
			const t = ticketOf(event.ticket);
			const c = counterOf(event.counter);
			callAt(state, t, c, event.staff, event.at);
			c.priorityRun = t.priority === 'none' ? 0 : c.priorityRun + 1;
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
			const from = t.service;
			t.status = 'waiting';
			t.service = event.toService;
			t.pinnedCounter = event.toCounter;
			t.counter = null;
			t.staff = null;
			t.calledAt = null;
			t.startedAt = null;
			t.recalls = 0;
			t.transfers += 1;
			t.trail = [...t.trail, { at: event.at, fromService: from, fromCounter: event.fromCounter, toService: event.toService, toCounter: event.toCounter }];
			// A waiting ticket moved by a supervisor (no counter had it) answers its own command's retries.
			record = { kind: event.fromCounter === null && event.by !== undefined ? 'moveTicket' : 'transfer', ticket: t.id, counter: event.fromCounter };
			break;
		}
		case 'TicketCancelled': {
			const t = ticketOf(event.ticket);
			t.status = 'cancelled';
			t.finishedAt = event.at;
			record = { kind: 'cancel', ticket: t.id, counter: null };
			break;
		}
		case 'TicketReprinted': {
			const t = ticketOf(event.ticket);
			// A new array, not a push: the savepoint's shallow copy of the ticket must keep the old one.
			t.reprintedBy = [...(t.reprintedBy ?? []), event.req];
			record = { kind: 'issue', ticket: t.id, counter: null };
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
		case 'TicketParked': {
			const t = ticketOf(event.ticket);
			t.status = 'parked';
			t.parkedAt = event.at;
			const c = counterOf(event.counter);
			if (c.current === t.id) c.current = null;
			record = { kind: 'park', ticket: t.id, counter: c.id };
			break;
		}
		case 'TicketCalledBack':
		case 'TicketReactivated': {
			const t = ticketOf(event.ticket);
			const c = counterOf(event.counter);
			callAt(state, t, c, event.staff, event.at);
			t.recalls = 0;
			t.parkedAt = null;
			if (event.type === 'TicketReactivated') {
				t.startedAt = null;
				t.finishedAt = null;
			}
			record = { kind: event.type === 'TicketCalledBack' ? 'callBack' : 'reactivate', ticket: t.id, counter: c.id };
			break;
		}
		case 'TicketRequeued': {
			const t = ticketOf(event.ticket);
			t.status = 'waiting';
			t.counter = null;
			t.staff = null;
			t.calledAt = null;
			t.startedAt = null;
			t.finishedAt = null;
			t.recalls = 0;
			t.pinnedCounter = null;
			t.requeues += 1;
			record = { kind: 'noShow', ticket: t.id, counter: event.counter };
			break;
		}
		case 'TicketRated':
			record = applyRating(ticketOf(event.ticket), event);
			break;
		case 'ConfigApplied':
			state.configVersion = event.version;
			record = { kind: 'applyConfig', ticket: null, counter: null };
			break;
		case 'DayClosed':
			closeDay(state, event.at);
			state.closed = { at: event.at, reason: event.reason, by: event.by, note: event.note };
			record = { kind: 'closeDay', ticket: null, counter: null };
			break;
		// Alerts are replaced, never changed in place (a savepoint keeps the one it saw).
		case 'AlertRaised':
			state.alerts[event.alert.id] = { ...event.alert, raisedAt: event.at, acknowledged: null };
			record = { kind: 'recordAlerts', ticket: null, counter: null };
			break;
		case 'AlertEscalated': {
			const open = state.alerts[event.alert.id];
			if (open) state.alerts[event.alert.id] = { ...open, ...event.alert, severity: 'critical' };
			record = { kind: 'recordAlerts', ticket: null, counter: null };
			break;
		}
		case 'AlertAcknowledged': {
			const open = state.alerts[event.id];
			if (open) state.alerts[event.id] = { ...open, acknowledged: { by: event.by, note: event.note, at: event.at } };
			record = { kind: 'acknowledgeAlert', ticket: null, counter: null };
			break;
		}
		case 'AlertCleared':
			delete state.alerts[event.id];
			record = { kind: 'recordAlerts', ticket: null, counter: null };
			break;
	}
	if ('ticket' in event) {
		const t = state.tickets[event.ticket];
		moveBetweenQueues(state, event.ticket, queuedIn, t ? queueOf(t) : null);
	}
	// The first event of a request is the one its answer is about.
	if (!state.requests[event.req]) state.requests[event.req] = record;
	return state;
}

/** The tickets the hall-day leaves open, ended: served ones done (`closedInService`), the others `unserved`; counters closed. */
function closeDay(state: HallDayState, at: number): void {
	for (const t of Object.values(state.tickets)) {
		if (!isOpenAtClose(t)) continue;
		if (t.status === 'serving') t.outcome = 'closedInService';
		t.status = t.status === 'serving' ? 'done' : 'unserved';
		t.finishedAt = at;
	}
	// Emptied in place: a savepoint holds this object and puts the lists back into it.
	for (const queue of Object.keys(state.waiting)) delete state.waiting[queue];
	// In place, as every event changes a counter (a savepoint restores into the same object).
	for (const c of Object.values(state.counters)) Object.assign(c, closedCounter(c.id, at));
	// The day's alerts end with it.
	for (const id of Object.keys(state.alerts)) delete state.alerts[id];
}

/** A ticket called at a counter: current there, the latest call of the hall-day. */
function callAt(state: HallDayState, t: Ticket, c: CounterState, staff: string, at: number): void {
	t.status = 'called';
	t.counter = c.id;
	t.staff = staff;
	t.calledAt = at;
	t.pinnedCounter = null;
	c.current = t.id;
	state.lastCallSeq = state.version;
}

export function fold(state: HallDayState, events: Iterable<HallEvent>): HallDayState {
	for (const e of events) evolve(state, e);
	return state;
}

export function cloneState(state: HallDayState): HallDayState {
	return structuredClone(state);
}
