/**
 * A ticket's history as the information desk reads it (issue 19): issued, called and at which
 * counter, recalled, started, parked, transferred or moved, finished, no-show, re-queued, rated,
 * cancelled, left unserved at the close; each step with who did it and why where the log says.
 */
import { actorOf } from './event-actor';
import type { HallEvent } from './events';
import type { HallIndex } from './hall-index';
import type { Text } from './model';

export type TicketStepKind =
	| 'issued'
	| 'reprinted'
	| 'called'
	| 'recalled'
	| 'started'
	| 'parked'
	| 'calledBack'
	| 'transferred'
	| 'finished'
	| 'noShow'
	| 'requeued'
	| 'reactivated'
	| 'rated'
	| 'cancelled'
	| 'dayClosed';

export interface TicketStep {
	at: number;
	kind: TicketStepKind;
	/** The counter's number where it happened (or, for a transfer to one counter, the counter it went to). */
	counterNumber: number | null;
	/** The service it waits for after a transfer. */
	service: Text | null;
	/** Staff or device id; null for the system (the schedule). */
	by: string | null;
	byName: string | null;
	/** Why: a call out of order, a moved ticket, the finish outcome, the day's close. */
	note: string | null;
}

export function ticketHistory(index: HallIndex, events: Iterable<HallEvent>, ticket: string): TicketStep[] {
	const steps: TicketStep[] = [];
	const numberOf = (counter: string | null | undefined) => (counter ? (index.counters.get(counter)?.number ?? null) : null);
	let open = false;
	for (const e of events) {
		if (e.type === 'DayClosed') {
			if (open) steps.push(step(index, e, 'dayClosed', null, null, e.reason));
			continue;
		}
		if (!('ticket' in e) || e.ticket !== ticket) continue;
		const at = (kind: TicketStepKind, counter: string | null = null, note: string | null = null, service: Text | null = null) =>
			steps.push(step(index, e, kind, numberOf(counter), service, note));
		switch (e.type) {
			case 'TicketIssued':
				open = true;
				at('issued');
				break;
			case 'TicketReprinted':
				at('reprinted');
				break;
			case 'TicketCalled':
				at('called', e.counter, e.reason);
				break;
			case 'TicketRecalled':
				at('recalled', e.counter);
				break;
			case 'ServiceStarted':
				at('started', e.counter);
				break;
			case 'TicketParked':
				at('parked', e.counter);
				break;
			case 'TicketCalledBack':
				at('calledBack', e.counter);
				break;
			case 'TicketTransferred':
				at('transferred', e.toCounter ?? e.fromCounter, e.reason ?? null, index.services.get(e.toService)?.name ?? { zh: e.toService, en: e.toService });
				break;
			case 'TicketFinished':
				open = false;
				at('finished', e.counter, e.outcome);
				break;
			case 'TicketNoShow':
				open = false;
				at('noShow', e.counter);
				break;
			case 'TicketRequeued':
				open = true;
				at('requeued', e.counter);
				break;
			case 'TicketReactivated':
				open = true;
				at('reactivated', e.counter);
				break;
			case 'TicketRated':
				at('rated', e.counter);
				break;
			case 'TicketCancelled':
				open = false;
				at('cancelled');
				break;
		}
	}
	return steps;
}

function step(index: HallIndex, e: HallEvent, kind: TicketStepKind, counterNumber: number | null, service: Text | null, note: string | null): TicketStep {
	const by = actorOf(index, e);
	const byName = by === null ? null : (index.staff.get(by)?.name ?? index.config.devices.find((d) => d.id === by)?.name.zh ?? null);
	return { at: e.at, kind, counterNumber, service, by, byName, note };
}
