import type { AlertCondition, DayCloseReason, FinishOutcome, PriorityClass } from './model';

/** Fields every event carries. `req` is the request id of the command that produced it. */
interface EventBase {
	at: number;
	req: string;
}

export interface TicketIssued extends EventBase {
	type: 'TicketIssued';
	ticket: string;
	prefix: string;
	/** The number within its prefix: 12 for A012. (`seq` is the log position.) */
	serial: number;
	service: string;
	priority: PriorityClass;
	kiosk: string | null;
	token: string;
	identityHash: string | null;
	identityMasked: string | null;
	holderMasked: string | null;
}
export interface TicketCalled extends EventBase {
	type: 'TicketCalled';
	ticket: string;
	counter: string;
	staff: string;
	/** Why a specific ticket was called out of order; null for "call next". */
	reason: string | null;
}
export interface TicketRecalled extends EventBase {
	type: 'TicketRecalled';
	ticket: string;
	counter: string;
}
export interface ServiceStarted extends EventBase {
	type: 'ServiceStarted';
	ticket: string;
	counter: string;
}
export interface TicketFinished extends EventBase {
	type: 'TicketFinished';
	ticket: string;
	counter: string;
	outcome: FinishOutcome;
}
export interface TicketNoShow extends EventBase {
	type: 'TicketNoShow';
	ticket: string;
	counter: string;
}
export interface TicketTransferred extends EventBase {
	type: 'TicketTransferred';
	ticket: string;
	fromCounter: string | null;
	toService: string;
	toCounter: string | null;
	/** A waiting ticket moved from the monitor: the supervisor or admin, and why. */
	by?: string;
	reason?: string;
}
export interface TicketCancelled extends EventBase {
	type: 'TicketCancelled';
	ticket: string;
	by: string;
}
export interface CounterOpened extends EventBase {
	type: 'CounterOpened';
	counter: string;
	staff: string;
}
export interface CounterPaused extends EventBase {
	type: 'CounterPaused';
	counter: string;
	reason: string;
}
export interface CounterResumed extends EventBase {
	type: 'CounterResumed';
	counter: string;
}
export interface CounterClosed extends EventBase {
	type: 'CounterClosed';
	counter: string;
	/** Closed by a supervisor or admin, not the person who opened it (代为操作): who, and why. */
	by?: string;
	note?: string;
}

/** The holder presented their ID card again for a service they hold a ticket for: the same ticket, printed again. */
export interface TicketReprinted extends EventBase {
	type: 'TicketReprinted';
	ticket: string;
	kiosk: string | null;
}

/** A citizen's rating of a finished ticket (好差评), bound to its counter and the staff member who served it. */
export interface TicketRated extends EventBase {
	type: 'TicketRated';
	ticket: string;
	counter: string;
	staff: string | null;
	/** The evaluation terminal that took it. */
	device: string;
	/** 1–5: 非常不满意 … 非常满意. */
	overall: number;
	/** 服务效率, 服务水平, 服务态度: 1–5 each. */
	efficiency: number;
	level: number;
	attitude: number;
	/** Reason codes of a bad rating (rating.ts RATING_REASONS); empty for a good one. */
	reasons: string[];
	/** Free text, with anything like an ID number masked. */
	comment: string;
}

/**
 * The hall-day ends: every ticket still waiting, called or parked becomes `unserved`, a ticket being
 * served is done with outcome `closedInService`, every counter closes. Nothing is appended after it.
 */
export interface DayClosed extends EventBase {
	type: 'DayClosed';
	reason: DayCloseReason;
	/** The supervisor or admin who closed the day; null for the schedule and midnight. */
	by: string | null;
	note: string | null;
}

export type HallEvent =
	| TicketIssued
	| TicketCalled
	| TicketRecalled
	| ServiceStarted
	| TicketFinished
	| TicketNoShow
	| TicketTransferred
	| TicketCancelled
	| CounterOpened
	| CounterPaused
	| CounterResumed
	| CounterClosed
	| TicketParked
	| TicketCalledBack
	| TicketRequeued
	| TicketReactivated
	| TicketReprinted
	| TicketRated
	| DayClosed
	| ConfigApplied
	| AlertRaised
	| AlertEscalated
	| AlertAcknowledged
	| AlertCleared;

/**
 * A configuration version of the hall is in force from here on (server/app/config-versions.ts): the
 * commands after it are decided under it, and the tickets issued after it keep it. `by`: the admin
 * who saved it, null when the day started under it.
 */
export interface ConfigApplied extends EventBase {
	type: 'ConfigApplied';
	version: number;
	by: string | null;
}

/** A supervisor's alert is raised: its condition as found (server/core/alert-rules.ts). */
export interface AlertRaised extends EventBase {
	type: 'AlertRaised';
	alert: AlertCondition;
}
/** An open alert's condition turned critical: its figures then. */
export interface AlertEscalated extends EventBase {
	type: 'AlertEscalated';
	alert: AlertCondition;
}
/** A supervisor or admin acknowledged an open alert; it stays open until its condition clears. */
export interface AlertAcknowledged extends EventBase {
	type: 'AlertAcknowledged';
	id: string;
	by: string;
	note: string;
}
/** An alert's condition has been gone for the clearing time. */
export interface AlertCleared extends EventBase {
	type: 'AlertCleared';
	id: string;
}

export function isAlertEvent(e: HallEvent): e is AlertRaised | AlertEscalated | AlertAcknowledged | AlertCleared {
	return e.type === 'AlertRaised' || e.type === 'AlertEscalated' || e.type === 'AlertAcknowledged' || e.type === 'AlertCleared';
}

export type HallEventType = HallEvent['type'];

/** An event as the log holds it: `seq` is its 1-based position in the hall-day. */
export type StoredEvent = HallEvent & { seq: number };

/** Events a board announces. */
export function isCallEvent(e: HallEvent): e is TicketCalled | TicketRecalled | TicketCalledBack | TicketReactivated {
	return e.type === 'TicketCalled' || e.type === 'TicketRecalled' || e.type === 'TicketCalledBack' || e.type === 'TicketReactivated';
}

/** The current ticket set aside at its counter (status `parked`); the counter is free to call. */
export interface TicketParked extends EventBase {
	type: 'TicketParked';
	ticket: string;
	counter: string;
	staff: string;
}
/** A parked ticket called again at the counter that parked it: current and `called` again. */
export interface TicketCalledBack extends EventBase {
	type: 'TicketCalledBack';
	ticket: string;
	counter: string;
	staff: string;
}
/** Follows a TicketNoShow of the same request: the ticket waits again at its original arrival time. */
export interface TicketRequeued extends EventBase {
	type: 'TicketRequeued';
	ticket: string;
	counter: string;
}
/** A no-show ticket whose citizen turned up, called at this counter at once. */
export interface TicketReactivated extends EventBase {
	type: 'TicketReactivated';
	ticket: string;
	counter: string;
	staff: string;
}
