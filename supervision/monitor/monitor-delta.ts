import type { MonitorDelta, MonitorView } from '$contract';

/**
 * The view after a pushed delta: its entries replace theirs, totals and alerts follow. Null when
 * the view shown is older than the delta's base (a push was missed: ask for the whole view); the
 * same view when the delta is not newer.
 */
export function applyDelta(v: MonitorView, d: MonitorDelta): MonitorView | null {
	if (v.day !== d.day || d.base > v.version) return null;
	if (d.version <= v.version) return v;
	const services = new Map(d.services.map((s) => [s.code, s]));
	const counters = new Map(d.counters.map((c) => [c.id, c]));
	const zones = v.zones.map((z) => {
		const list = z.services.map((s) => services.get(s.code) ?? s);
		return { ...z, services: list, waiting: list.reduce((n, s) => n + s.waitingPriority + s.waitingNormal, 0) };
	});
	return { ...v, version: d.version, at: d.at, totals: d.totals, zones, counters: v.counters.map((c) => counters.get(c.id) ?? c), alerts: alertsAfter(v.alerts, d.alerts) };
}

/** The open alerts after a delta, oldest first as the server orders them (raised, then id). */
function alertsAfter(alerts: MonitorView['alerts'], d: MonitorDelta['alerts']): MonitorView['alerts'] {
	if (d.changed.length === 0 && d.removed.length === 0) return alerts;
	const gone = new Set([...d.removed, ...d.changed.map((a) => a.id)]);
	return [...alerts.filter((a) => !gone.has(a.id)), ...d.changed].sort((a, b) => a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
