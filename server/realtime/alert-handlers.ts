/** Supervisors and admins read the hall's open alerts and acknowledge them (issue 19). */
import type { HallQ } from '../app/hallq';
import { openAlerts } from '../core/alert-book';
import { fail } from '../core/errors';
import type { AlertAcknowledged, AlertCleared, AlertEscalated, AlertRaised } from '../core/events';
import type { HallDayState, LoggedAlert } from '../core/model';
import type { Principal } from './auth';
import type { AlertChangeView } from './contract';
import type { On } from './on';

export function registerAlertHandlers(on: On, principal: Principal, hallq: HallQ): void {
	const { hall, actor } = principal.data;
	const runner = hallq.runner(hall);
	on('alerts:open', ['supervisor', 'admin'], async (): Promise<LoggedAlert[]> => openAlerts((await runner.current()).state));
	on('alert:acknowledge', ['supervisor', 'admin'], async (p): Promise<LoggedAlert> => {
		const out = await runner.execute({ kind: 'acknowledgeAlert', req: `${actor}:${p.requestId}`, id: p.id, by: actor, note: p.note });
		return out.state.alerts[p.id] ?? fail('ALERT.UNKNOWN', `alert ${p.id} cleared meanwhile`);
	});
}

/** An alert event of the log as supervisors hear of it, with the alert as the state holds it after. */
export function alertChangeView(e: AlertRaised | AlertEscalated | AlertAcknowledged | AlertCleared, state: HallDayState): AlertChangeView {
	const id = e.type === 'AlertRaised' || e.type === 'AlertEscalated' ? e.alert.id : e.id;
	const type = e.type === 'AlertRaised' ? 'raised' : e.type === 'AlertEscalated' ? 'escalated' : e.type === 'AlertAcknowledged' ? 'acknowledged' : 'cleared';
	return { type, id, at: e.at, alert: type === 'cleared' ? null : (state.alerts[id] ?? null) };
}
