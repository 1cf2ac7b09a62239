import type { Ticket } from './model';

export type NewTicketFields = Pick<
	Ticket,
	'id' | 'prefix' | 'serial' | 'service' | 'priority' | 'issuedAt' | 'kiosk' | 'token' | 'identityHash' | 'identityMasked' | 'holderMasked'
>;

/** A ticket just issued: waiting, queued at its issue time, nothing else happened to it yet. */
export function waitingTicket(f: NewTicketFields): Ticket {
	return {
		...f,
		issuedService: f.service,
		status: 'waiting',
		queuedAt: f.issuedAt,
		pinnedCounter: null,
		counter: null,
		staff: null,
		calledAt: null,
		startedAt: null,
		finishedAt: null,
		recalls: 0,
		transfers: 0,
		outcome: null
	};
}
