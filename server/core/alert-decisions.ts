/** What the alert commands do to a hall-day (see RecordAlerts and AcknowledgeAlert). */
import type { AcknowledgeAlert, RecordAlerts } from './commands';
import { fail } from './errors';
import type { AlertAcknowledged, HallEvent } from './events';
import type { HallIndex } from './hall-index';
import type { HallDayState } from './model';

export const ALERT_NOTE_MAX = 500;

/** The changes the log does not hold yet, as events; ALERT.UNCHANGED when there are none. */
export function decideAlertRecord(state: HallDayState, cmd: RecordAlerts, base: { at: number; req: string }): HallEvent[] {
	const events: HallEvent[] = [];
	const raised = new Set<string>();
	for (const alert of cmd.raised) {
		if (state.alerts[alert.id] || raised.has(alert.id)) continue;
		raised.add(alert.id);
		events.push({ ...base, type: 'AlertRaised', alert });
	}
	for (const alert of cmd.escalated) {
		const open = state.alerts[alert.id];
		if (alert.severity !== 'critical' || !open || open.severity === 'critical') continue;
		events.push({ ...base, type: 'AlertEscalated', alert });
	}
	for (const id of new Set(cmd.cleared)) if (state.alerts[id] && !raised.has(id)) events.push({ ...base, type: 'AlertCleared', id });
	if (events.length === 0) fail('ALERT.UNCHANGED', 'the log already holds these alert changes');
	return events;
}

export function decideAcknowledgement(index: HallIndex, state: HallDayState, cmd: AcknowledgeAlert, base: { at: number; req: string }): AlertAcknowledged {
	const staff = index.staff.get(cmd.by);
	if (!staff || staff.role === 'staff') fail('AUTH.FORBIDDEN', 'alerts are acknowledged by a supervisor or admin of the hall');
	if (!state.alerts[cmd.id]) fail('ALERT.UNKNOWN', `alert ${cmd.id} is not open`);
	const note = cmd.note.trim();
	if (note.length === 0 || note.length > ALERT_NOTE_MAX) fail('VALIDATION.FAILED', `a note of 1 to ${ALERT_NOTE_MAX} characters says what was done`);
	return { ...base, type: 'AlertAcknowledged', id: cmd.id, by: staff.id, note };
}
