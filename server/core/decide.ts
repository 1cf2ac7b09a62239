import type { ApplyConfig, CloseDay, Command, IssueTicket, MoveTicket } from './commands';
import { fail } from './errors';
import type { HallEvent } from './events';
import type { HallIndex } from './hall-index';
import { applyIdentityRules } from './identity-rules';
import { issuingStatus } from './issuing';
import type { HallDayState } from './model';
import { pickNext } from './routing';
import { currentTicket, ownCounter, readyToCall, ticketIn } from './counter-guards';
import { autoCallAfterFinish, decideCounterExtra, parkedAt, requeueAfterNoShow } from './counter-actions';
import { decideRating } from './rating';
import { decideAcknowledgement, decideAlertRecord } from './alert-decisions';
import { ticketNumber } from './ticket-number';
import { isOpenAtClose } from './ticket';

/**
 * Decides what a command does to a hall-day: the events to append, or a DomainError thrown.
 * Returns [] when the request id was already handled (the caller answers with the first result).
 * Pure: `now` and every random value come in with the command.
 */
export function decide(index: HallIndex, state: HallDayState, cmd: Command, now: number): HallEvent[] {
	const seen = state.requests[cmd.req];
	if (seen) {
		if (seen.kind !== cmd.kind) fail('REQUEST.REUSED', `request id ${cmd.req} was used for ${seen.kind}`);
		return [];
	}
	if (state.closed) fail('DAY.CLOSED', `the hall-day ${state.day} is closed`);
	const base = { at: now, req: cmd.req };

	if (cmd.kind === 'closeDay') return [closeDay(index, cmd, base)];
	if (cmd.kind === 'applyConfig') return [applyConfig(state, cmd, base)];
	if (cmd.kind === 'issue') return [issue(index, state, cmd, now)];
	if (cmd.kind === 'cancel') {
		const t = ticketIn(state, cmd.ticket);
		// A kiosk learns nothing about tickets it did not issue: the same answer as an unknown one.
		if (cmd.onlyFromKiosk !== null && t.kiosk !== cmd.onlyFromKiosk) fail('TICKET.NOT_FOUND', `no ticket ${cmd.ticket} today`);
		if (t.status !== 'waiting') fail('TICKET.BAD_STATE', `ticket ${t.id} is ${t.status}, only a waiting ticket can be cancelled`);
		return [{ ...base, type: 'TicketCancelled', ticket: t.id, by: cmd.by }];
	}

	if (cmd.kind === 'rate') return [decideRating(index, state, cmd, now)];
	if (cmd.kind === 'recordAlerts') return decideAlertRecord(state, cmd, base);
	if (cmd.kind === 'acknowledgeAlert') return [decideAcknowledgement(index, state, cmd, base)];
	if (cmd.kind === 'moveTicket') return [moveTicket(index, state, cmd, base)];

	const counter = index.counters.get(cmd.counter) ?? fail('COUNTER.NOT_FOUND', `no counter ${cmd.counter}`);
	const staff = index.staff.get(cmd.staff) ?? fail('AUTH.FORBIDDEN', `unknown staff ${cmd.staff}`);
	const cs = state.counters[counter.id];

	if (cmd.kind === 'openCounter') {
		if (staff.role === 'staff' && !staff.counters.includes(counter.id))
			fail('STAFF.NOT_ALLOWED', `staff ${staff.id} may not work at counter ${counter.id}`);
		if (cs && cs.status !== 'closed') {
			if (cs.staff === staff.id) fail('COUNTER.ALREADY_OPEN', `counter ${counter.id} is already open`);
			fail('COUNTER.TAKEN', `counter ${counter.id} is open by another staff member`);
		}
		const elsewhere = Object.values(state.counters).find((c) => c.staff === staff.id && c.status !== 'closed');
		if (elsewhere) fail('STAFF.AT_OTHER_COUNTER', `staff ${staff.id} is signed in at counter ${elsewhere.id}`);
		return [{ ...base, type: 'CounterOpened', counter: counter.id, staff: staff.id }];
	}

	const mine = ownCounter(cs, counter, staff);
	switch (cmd.kind) {
		case 'pauseCounter':
			if (mine.status === 'paused') fail('COUNTER.PAUSED', `counter ${counter.id} is already paused`);
			return [{ ...base, type: 'CounterPaused', counter: counter.id, reason: cmd.reason }];
		case 'resumeCounter':
			if (mine.status !== 'paused') fail('COUNTER.NOT_PAUSED', `counter ${counter.id} is not paused`);
			return [{ ...base, type: 'CounterResumed', counter: counter.id }];
		case 'closeCounter':
			if (mine.current) fail('COUNTER.BUSY', `counter ${counter.id} still has ticket ${mine.current}`);
			if (parkedAt(state, counter.id).length > 0) fail('COUNTER.HAS_PARKED', `counter ${counter.id} has parked tickets; call them back first`);
			if (mine.staff === staff.id) return [{ ...base, type: 'CounterClosed', counter: counter.id }];
			if (!cmd.note?.trim()) fail('ACTION.REASON_REQUIRED', `counter ${counter.id} was opened by ${mine.staff ?? 'nobody'}: say why it is closed`);
			return [{ ...base, type: 'CounterClosed', counter: counter.id, by: staff.id, note: cmd.note.trim() }];
		case 'callNext': {
			readyToCall(mine, counter);
			const next = pickNext(counter, state, now) ?? fail('QUEUE.EMPTY', `no ticket waiting for counter ${counter.id}`);
			return [{ ...base, type: 'TicketCalled', ticket: next.id, counter: counter.id, staff: staff.id, reason: null }];
		}
		case 'callTicket': {
			readyToCall(mine, counter);
			const t = ticketIn(state, cmd.ticket);
			if (t.status !== 'waiting') fail('TICKET.BAD_STATE', `ticket ${t.id} is ${t.status}, not waiting`);
			if (t.pinnedCounter !== null && t.pinnedCounter !== counter.id)
				fail('TICKET.BAD_STATE', `ticket ${t.id} is reserved for counter ${t.pinnedCounter}`);
			return [{ ...base, type: 'TicketCalled', ticket: t.id, counter: counter.id, staff: staff.id, reason: cmd.reason }];
		}
		case 'recall': {
			const t = currentTicket(state, mine, 'called');
			if (t.recalls >= counter.maxRecalls)
				fail('TICKET.RECALL_LIMIT', `ticket ${t.id} was recalled ${t.recalls} times, the limit is ${counter.maxRecalls}`);
			return [{ ...base, type: 'TicketRecalled', ticket: t.id, counter: counter.id }];
		}
		case 'start': {
			const t = currentTicket(state, mine, 'called');
			return [{ ...base, type: 'ServiceStarted', ticket: t.id, counter: counter.id }];
		}
		case 'finish': {
			const t = currentTicket(state, mine, 'serving');
			const finished: HallEvent = { ...base, type: 'TicketFinished', ticket: t.id, counter: counter.id, outcome: cmd.outcome };
			return cmd.autoCall ? [finished, ...autoCallAfterFinish(state, counter, mine, staff, base)] : [finished];
		}
		case 'noShow': {
			const t = currentTicket(state, mine, 'called');
			const noShow: HallEvent = { ...base, type: 'TicketNoShow', ticket: t.id, counter: counter.id };
			return cmd.requeue ? [noShow, requeueAfterNoShow(t, counter, base)] : [noShow];
		}
		case 'transfer': {
			const t = currentTicket(state, mine, 'called', 'serving');
			if (!index.services.has(cmd.toService)) fail('SERVICE.NOT_FOUND', `no service ${cmd.toService}`);
			if (cmd.toCounter !== null && !index.counters.has(cmd.toCounter))
				fail('COUNTER.NOT_FOUND', `no counter ${cmd.toCounter}`);
			if (cmd.toService === t.service && cmd.toCounter === null)
				fail('TICKET.SAME_SERVICE', `ticket ${t.id} is already queued for ${t.service}`);
			return [
				{ ...base, type: 'TicketTransferred', ticket: t.id, fromCounter: counter.id, toService: cmd.toService, toCounter: cmd.toCounter }
			];
		}
		case 'park':
		case 'callBack':
		case 'reactivate':
			return decideCounterExtra(state, cmd, counter, staff, mine, base);
	}
}

function moveTicket(index: HallIndex, state: HallDayState, cmd: MoveTicket, base: { at: number; req: string }): HallEvent {
	const by = index.staff.get(cmd.by);
	if (!by || by.role === 'staff') fail('AUTH.FORBIDDEN', 'only supervisors and admins move waiting tickets');
	if (!cmd.reason.trim()) fail('ACTION.REASON_REQUIRED', 'say why the ticket is moved');
	const t = ticketIn(state, cmd.ticket);
	if (t.status !== 'waiting') fail('TICKET.BAD_STATE', `ticket ${t.id} is ${t.status}, only a waiting ticket can be moved`);
	if (!index.services.has(cmd.toService)) fail('SERVICE.NOT_FOUND', `no service ${cmd.toService}`);
	if (cmd.toCounter !== null && !index.counters.has(cmd.toCounter)) fail('COUNTER.NOT_FOUND', `no counter ${cmd.toCounter}`);
	if (cmd.toService === t.service && cmd.toCounter === t.pinnedCounter) fail('TICKET.SAME_SERVICE', `ticket ${t.id} is already queued there`);
	return { ...base, type: 'TicketTransferred', ticket: t.id, fromCounter: null, toService: cmd.toService, toCounter: cmd.toCounter, by: by.id, reason: cmd.reason.trim() };
}

function issue(index: HallIndex, state: HallDayState, cmd: IssueTicket, now: number): HallEvent {
	if (cmd.identityRefused !== undefined) fail('IDENTITY.INVALID', cmd.identityRefused);
	const service = index.services.get(cmd.service) ?? fail('SERVICE.NOT_FOUND', `no service ${cmd.service}`);
	const person = applyIdentityRules(index.config, state, service, cmd);
	if (person.kind === 'reprint') return { at: now, req: cmd.req, type: 'TicketReprinted', ticket: person.ticket.id, kiosk: cmd.kiosk };
	const status = issuingStatus(index, service, state, now);
	if (!status.open) {
		if (status.reason === 'quota') fail('SERVICE.QUOTA_EXHAUSTED', `service ${service.code} has issued its daily quota`);
		if (status.reason === 'disabled') fail('SERVICE.DISABLED', `service ${service.code} takes no new tickets`);
		fail('SERVICE.CLOSED', `service ${service.code} is not issuing tickets now`);
	}
	const serial = (state.lastNumber[service.prefix] ?? 0) + 1;
	return {
		at: now,
		req: cmd.req,
		type: 'TicketIssued',
		ticket: ticketNumber(service.prefix, serial),
		prefix: service.prefix,
		serial,
		service: service.code,
		priority: person.priority,
		kiosk: cmd.kiosk,
		token: cmd.token,
		identityHash: cmd.identity?.hash ?? null,
		identityMasked: cmd.identity?.masked ?? null,
		holderMasked: cmd.identity?.holderMasked ?? null
	};
}

function applyConfig(state: HallDayState, cmd: ApplyConfig, base: { at: number; req: string }): HallEvent {
	if (state.configVersion !== null && cmd.version <= state.configVersion) fail('CONFIG.CONFLICT', `configuration version ${state.configVersion} is in force already`);
	const services = new Set(cmd.services);
	const inUse = [...new Set(Object.values(state.tickets).flatMap((t) => (isOpenAtClose(t) && !services.has(t.service) ? [t.service] : [])))].sort();
	if (inUse.length > 0) fail('CONFIG.IN_USE', `service(s) ${inUse.join(', ')} have open tickets today: disable them instead of removing them`);
	const counters = new Set(cmd.counters);
	const open = Object.values(state.counters).flatMap((c) => (c.status !== 'closed' && !counters.has(c.id) ? [c.id] : [])).sort();
	if (open.length > 0) fail('CONFIG.IN_USE', `counter(s) ${open.join(', ')} are open: close them before removing them`);
	return { ...base, type: 'ConfigApplied', version: cmd.version, by: cmd.by };
}

function closeDay(index: HallIndex, cmd: CloseDay, base: { at: number; req: string }): HallEvent {
	if (cmd.reason === 'supervisor') {
		const by = cmd.by === null ? undefined : index.staff.get(cmd.by);
		if (!by || (by.role !== 'supervisor' && by.role !== 'admin')) fail('AUTH.FORBIDDEN', 'only a supervisor or admin closes the day by hand');
		if (!cmd.note?.trim()) fail('VALIDATION.FAILED', 'say why the day is closed early');
	}
	return { ...base, type: 'DayClosed', reason: cmd.reason, by: cmd.reason === 'supervisor' ? cmd.by : null, note: cmd.note?.trim() || null };
}
