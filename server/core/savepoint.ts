import type { HallEvent } from './events';
import { isOpenAtClose } from './ticket';
import type { DayClosure, HallDayState, Ticket } from './model';
import { pinnedQueue, queueOf } from './waiting';

type Flat = Record<string, unknown>;

/**
 * Takes back events applied to a state: a batch of commands is decided and applied to the live
 * state before its append, and when the append is refused (another process appended first) the
 * state returns to where it was, instead of being reloaded from the store.
 *
 * `before(event)` must be called before each `evolve(state, event)`: it saves, once, each part of
 * the state that the event changes (the entries `evolve` writes for that event type). Tickets,
 * counters and service figures are flat records, so a shallow copy restores them; `rollback`
 * writes the copies back into the same objects, so references to them stay valid. The lists of
 * the waiting index are copied as arrays and put back in place of the ones evolve changed.
 * tests/unit/core/property.test.ts checks, over random days, that rollback gives back the state
 * exactly (a new mutation in `evolve` that is not saved here fails it).
 */
export class Savepoint {
	private readonly version: number;
	private readonly lastCallSeq: number;
	private readonly orderLength: number;
	private readonly closed: DayClosure | null;
	private readonly configVersion: number | null;
	private readonly saved: { table: Record<string, unknown>; key: string; copy: Flat | number | string[] | undefined }[] = [];
	private readonly seen = new Set<string>();

	constructor(private readonly state: HallDayState) {
		this.version = state.version;
		this.lastCallSeq = state.lastCallSeq;
		this.orderLength = state.order.length;
		this.closed = state.closed;
		this.configVersion = state.configVersion;
	}

	before(event: HallEvent): void {
		const s = this.state;
		this.save('requests', s.requests, event.req, false);
		if ('ticket' in event) {
			const t = s.tickets[event.ticket];
			this.save('tickets', s.tickets, event.ticket, true);
			// The queue the ticket leaves and the one it enters.
			const from = t ? queueOf(t) : null;
			if (from !== null) this.saveQueue(from);
			const to = queueEntered(event, t);
			if (to !== null) this.saveQueue(to);
		}
		if ('counter' in event) this.save('counters', s.counters, event.counter, true);
		if (event.type === 'TicketTransferred' && event.fromCounter) this.save('counters', s.counters, event.fromCounter, true);
		if (event.type === 'TicketIssued') {
			if (event.identityHash !== null) this.saveList('byPerson', s.byPerson, event.identityHash);
			this.save('lastNumber', s.lastNumber, event.prefix, false);
			this.save('services', s.services, event.service, true);
		}
		if (event.type === 'TicketFinished') {
			const service = s.tickets[event.ticket]?.service;
			if (service !== undefined) this.save('services', s.services, service, true);
		}
		if (event.type === 'AlertRaised' || event.type === 'AlertEscalated') this.save('alerts', s.alerts, event.alert.id, true);
		if (event.type === 'AlertAcknowledged' || event.type === 'AlertCleared') this.save('alerts', s.alerts, event.id, true);
		if (event.type === 'DayClosed') {
			for (const id of Object.keys(s.alerts)) this.save('alerts', s.alerts, id, true);
			// Every ticket still open, every counter and every queue.
			for (const t of Object.values(s.tickets)) if (isOpenAtClose(t)) this.save('tickets', s.tickets, t.id, true);
			for (const id of Object.keys(s.counters)) this.save('counters', s.counters, id, true);
			for (const queue of Object.keys(s.waiting)) this.saveQueue(queue);
		}
	}

	/** Puts back every part saved, newest first, and the counters of the state. */
	rollback(): void {
		for (let i = this.saved.length - 1; i >= 0; i--) {
			const { table, key, copy } = this.saved[i] as (typeof this.saved)[number];
			if (copy === undefined) delete table[key];
			else if (typeof copy === 'number' || Array.isArray(copy)) table[key] = copy;
			else {
				const current = table[key] as Flat | undefined;
				if (current) {
					// A field the record did not have before (a ticket from a snapshot of an older version) goes too.
					for (const field of Object.keys(current)) if (!(field in copy)) delete current[field];
					Object.assign(current, copy);
				} else table[key] = copy;
			}
		}
		this.state.order.length = this.orderLength;
		this.state.version = this.version;
		this.state.lastCallSeq = this.lastCallSeq;
		this.state.closed = this.closed;
		this.state.configVersion = this.configVersion;
	}

	/**
	 * Saves `table[key]` the first time: a shallow copy of a record (`copyRecord`), or the value as
	 * it is (a number, or a request record that evolve replaces but never changes).
	 */
	private save(name: string, table: Record<string, unknown>, key: string, copyRecord: boolean): void {
		const id = `${name}\u0000${key}`;
		if (this.seen.has(id)) return;
		this.seen.add(id);
		const value = table[key];
		const copy = value === undefined ? undefined : copyRecord ? { ...(value as Flat) } : (value as Flat | number);
		this.saved.push({ table, key, copy });
	}

	/** Saves a list of the waiting index the first time: a copy, or undefined when there is none. */
	private saveQueue(queue: string): void {
		this.saveList('waiting', this.state.waiting, queue);
	}

	/** Saves a list of an index (waiting, byPerson) the first time: a copy, or undefined when there is none. */
	private saveList(name: string, table: Record<string, string[]>, key: string): void {
		const id = `${name}\u0000${key}`;
		if (this.seen.has(id)) return;
		this.seen.add(id);
		this.saved.push({ table, key, copy: Object.hasOwn(table, key) ? [...(table[key] as string[])] : undefined });
	}
}

/** The queue an event puts its ticket in (as evolve does); null for events that put none back. */
function queueEntered(event: HallEvent, t: Ticket | undefined): string | null {
	switch (event.type) {
		case 'TicketIssued':
			return event.service;
		case 'TicketTransferred':
			return event.toCounter !== null ? pinnedQueue(event.toCounter) : event.toService;
		case 'TicketRequeued':
			return t ? t.service : null;
		default:
			return null;
	}
}
