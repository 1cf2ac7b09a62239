import type { AlertCondition, DayCloseReason, FinishOutcome, PriorityClass } from './model';

/** Identity read at the kiosk, already hashed and masked by the server; never the clear number. */
export interface IssuedIdentity {
	hash: string;
	masked: string;
	holderMasked: string;
	/** Whole years from the card's birth date to the day it was read, in the hall's time zone; null when unknown. */
	age?: number | null;
}

interface CommandBase {
	/** Request id, unique per actor: a retry with the same id gets the first answer. */
	req: string;
}

export interface IssueTicket extends CommandBase {
	kind: 'issue';
	service: string;
	priority: PriorityClass;
	kiosk: string | null;
	/** Random secret for the status link, made by the caller (the core has no randomness). */
	token: string;
	identity: IssuedIdentity | null;
	/**
	 * Why the card read sent with the request was refused (expired, another kiosk's, altered), when
	 * it was: refused as IDENTITY.INVALID unless the request was already answered, so a kiosk resending
	 * a stored request after its 5-minute read expired still gets its ticket back.
	 */
	identityRefused?: string;
}

interface CounterCommand extends CommandBase {
	counter: string;
	staff: string;
}

export interface CallNext extends CounterCommand {
	kind: 'callNext';
}
export interface CallTicket extends CounterCommand {
	kind: 'callTicket';
	ticket: string;
	reason: string;
}
export interface Recall extends CounterCommand {
	kind: 'recall';
}
export interface StartService extends CounterCommand {
	kind: 'start';
}
export interface FinishService extends CounterCommand {
	kind: 'finish';
	outcome: FinishOutcome;
	/** Call the counter's next ticket in the same command; an empty queue leaves the counter idle. */
	autoCall?: boolean;
}
export interface MarkNoShow extends CounterCommand {
	kind: 'noShow';
	/** Put the ticket back in the queue at its arrival time instead (at most `maxRequeues` times). */
	requeue?: boolean;
}
export interface TransferTicket extends CounterCommand {
	kind: 'transfer';
	toService: string;
	toCounter: string | null;
}
export interface CancelTicket extends CommandBase {
	kind: 'cancel';
	ticket: string;
	by: string;
	/** Set when a kiosk cancels: it may cancel only the tickets it issued. */
	onlyFromKiosk: string | null;
}
export interface OpenCounter extends CounterCommand {
	kind: 'openCounter';
}
export interface PauseCounter extends CounterCommand {
	kind: 'pauseCounter';
	reason: string;
}
export interface ResumeCounter extends CounterCommand {
	kind: 'resumeCounter';
}
export interface CloseCounter extends CounterCommand {
	kind: 'closeCounter';
	/** Why, when a supervisor or admin closes a counter another person opened (required then). */
	note?: string | null;
}
/**
 * A supervisor or admin moves a waiting ticket to another service, or to one counter (联办转号 from
 * the monitor): it keeps its arrival time; the reason goes into the log.
 */
export interface MoveTicket extends CommandBase {
	kind: 'moveTicket';
	ticket: string;
	toService: string;
	toCounter: string | null;
	by: string;
	reason: string;
}

/** The evaluation terminal of `counter` rates a ticket finished there (see rating.ts). */
export interface RateTicket extends CommandBase {
	kind: 'rate';
	ticket: string;
	counter: string;
	/** The evaluation terminal (device id). */
	device: string;
	overall: number;
	efficiency: number;
	level: number;
	attitude: number;
	reasons: string[];
	comment: string;
}

export type Command =
	| IssueTicket
	| CallNext
	| CallTicket
	| Recall
	| StartService
	| FinishService
	| MarkNoShow
	| TransferTicket
	| CancelTicket
	| OpenCounter
	| PauseCounter
	| ResumeCounter
	| CloseCounter
	| MoveTicket
	| ParkTicket
	| CallBack
	| Reactivate
	| RateTicket
	| CloseDay
	| RecordAlerts
	| AcknowledgeAlert
	| ApplyConfig;

export type CommandKind = Command['kind'];

/** Sets the current ticket aside at this counter (the citizen fetches a document). */
export interface ParkTicket extends CounterCommand {
	kind: 'park';
}
/** Calls a ticket parked at this counter again: it becomes the current ticket, announced like a call. */
export interface CallBack extends CounterCommand {
	kind: 'callBack';
	ticket: string;
}
/** A no-show citizen turned up: the ticket is called at this counter straight away. */
export interface Reactivate extends CounterCommand {
	kind: 'reactivate';
	ticket: string;
}

/**
 * Puts configuration version `version` in force for the rest of the hall-day (`ConfigApplied`).
 * `services` and `counters`: the service codes and counter ids the version has; a service with
 * open tickets today, or a counter that is open, cannot go (disable the service instead).
 */
export interface ApplyConfig extends CommandBase {
	kind: 'applyConfig';
	version: number;
	/** The admin who saved it; null when the day starts under it. */
	by: string | null;
	services: string[];
	counters: string[];
}

/** Ends the hall-day (see `DayClosed`): by the schedule, at midnight, or by a supervisor or admin. */
export interface CloseDay extends CommandBase {
	kind: 'closeDay';
	reason: DayCloseReason;
	/** A supervisor or admin of the hall; null for the schedule and midnight. */
	by: string | null;
	/** Why a supervisor closed it (required then, audited in the log). */
	note: string | null;
}

/**
 * What an evaluation of the alert rules found changed (server/core/alert-book.ts): alerts to raise,
 * to escalate to critical, and to clear. Only what the log does not hold yet becomes an event (another
 * process may have recorded it first); ALERT.UNCHANGED when nothing does.
 */
export interface RecordAlerts extends CommandBase {
	kind: 'recordAlerts';
	raised: AlertCondition[];
	escalated: AlertCondition[];
	cleared: string[];
}

/** A supervisor or admin of the hall acknowledges an open alert, with a note. */
export interface AcknowledgeAlert extends CommandBase {
	kind: 'acknowledgeAlert';
	id: string;
	by: string;
	note: string;
}
