/**
 * The open alerts of a hall and how they change: a condition found (alert-rules.ts) raises its
 * alert once; while it holds the alert follows its figures, and a rise to critical escalates it;
 * it clears only when the condition has been gone for `clearAfterMs` (hysteresis: a queue that
 * hovers at its limit is one alert, not one a minute). An acknowledgement (recorded in the log,
 * alert-decisions.ts) is carried along until the alert clears. Pure: the book is never changed in place.
 */
import type { RecordAlerts } from './commands';
import type { AlertCondition, HallDayState, LoggedAlert } from './model';

export interface OpenAlert extends AlertCondition {
	raisedAt: number;
	/** The last evaluation that found the condition. */
	seenAt: number;
	/** The first evaluation that found it gone since it was last seen; null while it holds. */
	goneSince: number | null;
	acknowledged: { by: string; note: string; at: number } | null;
}

export type AlertBook = Readonly<Record<string, OpenAlert>>;

export type AlertChange =
	| { type: 'raised'; alert: OpenAlert }
	| { type: 'escalated'; alert: OpenAlert }
	| { type: 'cleared'; alert: OpenAlert; at: number };

/** The book after an evaluation at `now` found `conditions`, and what changed (in that order: raised and escalated, then cleared). */
export function stepAlerts(book: AlertBook, conditions: readonly AlertCondition[], now: number, clearAfterMs: number): { book: AlertBook; changes: AlertChange[] } {
	const next: Record<string, OpenAlert> = {};
	const changes: AlertChange[] = [];
	const found = new Set<string>();
	for (const c of conditions) {
		if (found.has(c.id)) continue;
		found.add(c.id);
		const before = book[c.id];
		if (!before) {
			const alert: OpenAlert = { ...c, raisedAt: now, seenAt: now, goneSince: null, acknowledged: null };
			next[c.id] = alert;
			changes.push({ type: 'raised', alert });
			continue;
		}
		const severity = before.severity === 'critical' ? 'critical' : c.severity;
		const alert: OpenAlert = { ...c, severity, raisedAt: before.raisedAt, seenAt: now, goneSince: null, acknowledged: before.acknowledged };
		next[c.id] = alert;
		if (severity !== before.severity) changes.push({ type: 'escalated', alert });
	}
	for (const [id, before] of Object.entries(book)) {
		if (found.has(id)) continue;
		const goneSince = before.goneSince ?? now;
		if (now - goneSince >= clearAfterMs) changes.push({ type: 'cleared', alert: before, at: now });
		else next[id] = before.goneSince === null ? { ...before, goneSince } : before;
	}
	return { book: next, changes };
}

/** The condition of an open alert, without the book's own fields: what an event records. */
export function conditionOf(alert: OpenAlert): AlertCondition {
	const { raisedAt: _raisedAt, seenAt: _seenAt, goneSince: _goneSince, acknowledged: _acknowledged, ...condition } = alert;
	return condition;
}

/** An evaluation's changes as the command that records them in the hall-day log; null when there is nothing to record. */
export function alertRecordOf(changes: readonly AlertChange[], req: string): RecordAlerts | null {
	const raised = changes.filter((c) => c.type === 'raised').map((c) => conditionOf(c.alert));
	const escalated = changes.filter((c) => c.type === 'escalated').map((c) => conditionOf(c.alert));
	const cleared = changes.filter((c) => c.type === 'cleared').map((c) => c.alert.id);
	if (raised.length + escalated.length + cleared.length === 0) return null;
	return { kind: 'recordAlerts', req, raised, escalated, cleared };
}

/** The alerts open in a hall-day, oldest first. */
export function openAlerts(state: HallDayState): LoggedAlert[] {
	return Object.values(state.alerts).sort((a, b) => a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
