/**
 * The audit trail (S5): who did what, when and why, for every action in a hall. Two sources, one
 * shape: the hall-day log (every event is an entry, its actor found by event-actor.ts) and the
 * security events that live outside it (sign-in, lockout, passwords, device tokens; security.ts).
 * Definitions of each action code in docs/protocol.md "The audit log".
 */
import { actorOf } from './event-actor';
import type { StoredEvent } from './events';
import type { HallIndex } from './hall-index';
import type { SecurityAction, SecurityEvent } from './security';

export const LOG_ACTIONS = [
	'ticket.issue',
	'ticket.reprint',
	'ticket.call',
	'ticket.callSpecific',
	'ticket.recall',
	'ticket.start',
	'ticket.finish',
	'ticket.noShow',
	'ticket.requeue',
	'ticket.reactivate',
	'ticket.park',
	'ticket.callBack',
	'ticket.transfer',
	'ticket.move',
	'ticket.cancel',
	'ticket.rate',
	'counter.open',
	'counter.pause',
	'counter.resume',
	'counter.close',
	'counter.closeFor',
	'day.close',
	'config.apply',
	'alert.raise',
	'alert.escalate',
	'alert.acknowledge',
	'alert.clear'
] as const;
export type LogAction = (typeof LOG_ACTIONS)[number];
export type AuditAction = LogAction | SecurityAction;

/** The families an action filter may name instead of one code: the part before the dot. */
export const AUDIT_FAMILIES = ['ticket', 'counter', 'day', 'alert', 'auth', 'device', 'config'] as const;
export type AuditFamily = (typeof AUDIT_FAMILIES)[number];

/** One entry of the hall-day log's part of the trail. */
export interface LogAuditEntry {
	hall: string;
	day: string;
	/** The event's position in the hall-day log. */
	seq: number;
	at: number;
	action: LogAction;
	/** The staff member or device who acted; null for the system (the schedule, the alert rules). */
	actor: string | null;
	ticket: string | null;
	counter: string | null;
	/** Why, as the actor typed it (call out of order, move, close for another, day close, acknowledgement) or the pause reason. */
	reason: string | null;
	/** What else, as `key=value` pairs separated by spaces (service, outcome, target …). */
	detail: string | null;
}

const pairs = (o: Record<string, string | number | null | undefined>): string | null => {
	const parts = Object.entries(o)
		.filter((kv): kv is [string, string | number] => kv[1] !== null && kv[1] !== undefined && kv[1] !== '')
		.map(([k, v]) => `${k}=${String(v).replace(/\s+/g, '_')}`);
	return parts.length > 0 ? parts.join(' ') : null;
};

/**
 * The entry of one event of the hall-day `day`. `onDuty` (counter → staff member who opened it) names
 * who acted at a counter when the event does not say (its request id names nobody: data not made by
 * this server's requests, whose ids always start with the actor); a kiosk names the ticket it issued.
 */
export function auditEntryOf(index: HallIndex, day: string, e: StoredEvent, onDuty: ReadonlyMap<string, string> = new Map()): LogAuditEntry {
	const named = actorOf(index, e);
	const atCounter = 'counter' in e ? onDuty.get(e.counter) : 'fromCounter' in e && e.fromCounter !== null ? onDuty.get(e.fromCounter) : undefined;
	const actor = named ?? atCounter ?? ('kiosk' in e ? e.kiosk : null);
	const base = { hall: index.config.id, day, seq: e.seq, at: e.at, actor, ticket: null, counter: null, reason: null, detail: null };
	switch (e.type) {
		case 'TicketIssued':
			return { ...base, action: 'ticket.issue', ticket: e.ticket, detail: pairs({ service: e.service, priority: e.priority, kiosk: e.kiosk }) };
		case 'TicketReprinted':
			return { ...base, action: 'ticket.reprint', ticket: e.ticket, detail: pairs({ kiosk: e.kiosk }) };
		case 'TicketCalled':
			return e.reason === null
				? { ...base, action: 'ticket.call', ticket: e.ticket, counter: e.counter }
				: { ...base, action: 'ticket.callSpecific', ticket: e.ticket, counter: e.counter, reason: e.reason || null };
		case 'TicketRecalled':
			return { ...base, action: 'ticket.recall', ticket: e.ticket, counter: e.counter };
		case 'ServiceStarted':
			return { ...base, action: 'ticket.start', ticket: e.ticket, counter: e.counter };
		case 'TicketFinished':
			return { ...base, action: 'ticket.finish', ticket: e.ticket, counter: e.counter, detail: pairs({ outcome: e.outcome }) };
		case 'TicketNoShow':
			return { ...base, action: 'ticket.noShow', ticket: e.ticket, counter: e.counter };
		case 'TicketRequeued':
			return { ...base, action: 'ticket.requeue', ticket: e.ticket, counter: e.counter };
		case 'TicketReactivated':
			return { ...base, action: 'ticket.reactivate', ticket: e.ticket, counter: e.counter };
		case 'TicketParked':
			return { ...base, action: 'ticket.park', ticket: e.ticket, counter: e.counter };
		case 'TicketCalledBack':
			return { ...base, action: 'ticket.callBack', ticket: e.ticket, counter: e.counter };
		case 'TicketTransferred': {
			const detail = pairs({ toService: e.toService, toCounter: e.toCounter });
			return e.by === undefined
				? { ...base, action: 'ticket.transfer', ticket: e.ticket, counter: e.fromCounter, detail }
				: { ...base, action: 'ticket.move', ticket: e.ticket, counter: e.fromCounter, reason: e.reason || null, detail };
		}
		case 'TicketCancelled':
			return { ...base, action: 'ticket.cancel', ticket: e.ticket };
		case 'TicketRated':
			return {
				...base,
				action: 'ticket.rate',
				actor: e.device,
				ticket: e.ticket,
				counter: e.counter,
				detail: pairs({ overall: e.overall, staff: e.staff, reasons: e.reasons.join(',') })
			};
		case 'CounterOpened':
			return { ...base, action: 'counter.open', counter: e.counter };
		case 'CounterPaused':
			return { ...base, action: 'counter.pause', counter: e.counter, reason: e.reason };
		case 'CounterResumed':
			return { ...base, action: 'counter.resume', counter: e.counter };
		case 'CounterClosed':
			return e.by === undefined
				? { ...base, action: 'counter.close', counter: e.counter }
				: { ...base, action: 'counter.closeFor', counter: e.counter, reason: e.note || null };
		case 'DayClosed':
			return { ...base, action: 'day.close', reason: e.note || null, detail: pairs({ cause: e.reason }) };
		case 'ConfigApplied':
			return { ...base, action: 'config.apply', actor: e.by, detail: pairs({ version: e.version }) };
		case 'AlertRaised':
		case 'AlertEscalated':
			return {
				...base,
				action: e.type === 'AlertRaised' ? 'alert.raise' : 'alert.escalate',
				actor: null,
				ticket: e.alert.ticket,
				counter: e.alert.counter,
				detail: pairs({ alert: e.alert.id, severity: e.alert.severity, value: e.alert.value, limit: e.alert.limit })
			};
		case 'AlertAcknowledged':
			return { ...base, action: 'alert.acknowledge', reason: e.note || null, detail: pairs({ alert: e.id }) };
		case 'AlertCleared':
			return { ...base, action: 'alert.clear', actor: null, detail: pairs({ alert: e.id }) };
	}
}

/** The entries of a hall-day's events (the whole day from its first event), in log order. */
export function auditEntriesOf(index: HallIndex, day: string, events: readonly StoredEvent[]): LogAuditEntry[] {
	const onDuty = new Map<string, string>();
	return events.map((e) => {
		const entry = auditEntryOf(index, day, e, onDuty);
		if (e.type === 'CounterOpened') onDuty.set(e.counter, e.staff);
		else if (e.type === 'CounterClosed') onDuty.delete(e.counter);
		else if (e.type === 'DayClosed') onDuty.clear();
		return entry;
	});
}

/**
 * Actions whose `reason` is free text typed by staff (it may name a citizen): the retention purge
 * removes it with the other personal data. A pause reason is a chosen code and stays.
 */
export const FREE_TEXT_REASONS: readonly LogAction[] = ['ticket.callSpecific', 'ticket.move', 'counter.closeFor', 'day.close', 'alert.acknowledge'];

/** What a search asks for (every filter optional but the hall and the days). */
export interface AuditFilter {
	hall: string;
	/** Hall-local days, both included. */
	from: string;
	to: string;
	/** A staff member or device: entries it did, or (security) that were done to it. */
	actor?: string;
	/** One action code, or a family (`auth`: every `auth.` code). */
	action?: AuditAction | AuditFamily;
	ticket?: string;
}

/** Whether the action matches the filter's action (a code or a family). */
export function actionMatches(action: string, wanted: string | undefined): boolean {
	return wanted === undefined || action === wanted || action.startsWith(`${wanted}.`);
}

export function logEntryMatches(e: LogAuditEntry, f: AuditFilter): boolean {
	return (
		e.day >= f.from &&
		e.day <= f.to &&
		(f.actor === undefined || e.actor === f.actor) &&
		(f.ticket === undefined || e.ticket === f.ticket) &&
		actionMatches(e.action, f.action)
	);
}

/** An entry of either source, as the audit page and its export show it. */
export interface AuditEntry {
	source: 'log' | 'security';
	/** The log entry's `day#seq`, or the security event's id. */
	ref: string;
	hall: string;
	day: string;
	at: number;
	action: AuditAction;
	actor: string | null;
	subject: string | null;
	ticket: string | null;
	counter: string | null;
	reason: string | null;
	detail: string | null;
	client: string | null;
}

export function fromLogEntry(e: LogAuditEntry): AuditEntry {
	return { source: 'log', ref: `${e.day}#${e.seq}`, hall: e.hall, day: e.day, at: e.at, action: e.action, actor: e.actor, subject: null, ticket: e.ticket, counter: e.counter, reason: e.reason, detail: e.detail, client: null };
}

export function fromSecurityEvent(e: SecurityEvent): AuditEntry {
	return { source: 'security', ref: e.id, hall: e.hall, day: e.day, at: e.at, action: e.action, actor: e.actor, subject: e.subject, ticket: null, counter: null, reason: null, detail: e.detail, client: e.client };
}
