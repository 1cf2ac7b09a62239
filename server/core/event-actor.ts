import type { HallEvent } from './events';
import type { HallIndex } from './hall-index';

/**
 * Who caused an event: the person or device the event names (`by`, then `staff`), else the one
 * whose request it answered. Every request id the server builds starts with the actor's id and a
 * colon (`s07:…`, `K01:…`); the schedule's and the alert evaluations' ids start with words that
 * are no staff member's or device's id, so they answer null (the system).
 */
export function actorOf(index: HallIndex, e: HallEvent): string | null {
	if ('by' in e && typeof e.by === 'string') return e.by;
	if ('staff' in e && typeof e.staff === 'string') return e.staff;
	const colon = e.req.indexOf(':');
	if (colon <= 0) return null;
	const id = e.req.slice(0, colon);
	return index.staff.has(id) || index.config.devices.some((d) => d.id === id) ? id : null;
}
