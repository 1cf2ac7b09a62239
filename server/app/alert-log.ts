import type { AlertChange } from '../core/alert-book';
import type { AlertNotifier } from '../core/ports';

/** The alert notifier until SMS and webhooks exist: one log line per change (raised and escalated as warnings). */
export function alertLog(log: { warn(obj: object, msg: string): void; info?(obj: object, msg: string): void }): AlertNotifier {
	return {
		alertsChanged(hall, changes: readonly AlertChange[]) {
			for (const c of changes) {
				const a = c.alert;
				const line = { hall, alert: a.id, kind: a.kind, severity: a.severity, value: a.value, limit: a.limit, service: a.service, counter: a.counter, device: a.device };
				if (c.type === 'cleared') (log.info ?? log.warn).call(log, line, 'alert cleared');
				else log.warn(line, c.type === 'raised' ? 'alert raised' : 'alert escalated');
			}
		}
	};
}
