/**
 * The supervisor's live monitor of a hall (issue 19, S1): per zone and service the queue now, the
 * longest wait against the target, today's figures and the estimate for a new ticket; per counter
 * its state, clerk, current ticket against the time limit, and today's figures. Pure, from the
 * hall-day state alone (it is pushed at every burst: no re-projection of the day's log). "Served"
 * and "no-show" are the KPIs of docs/statistics.md: a ticket counts once, in the service and at
 * the counter where it ended; a no-show put back in the queue or reactivated is not one (the
 * property test checks them against the projection's rollups).
 */
import { openAlerts } from './alert-book';
import { alertSettings, arrivalsSince, timeLimitMinutes } from './alert-rules';
import { newTicketEstimator } from './estimate';
import type { HallIndex } from './hall-index';
import type { HallEvent } from './events';
import type { CounterConfig, CounterStatus, HallDayState, LoggedAlert, ServiceConfig, Text } from './model';
import { waitingFor } from './waiting';

/** Share of the target at which a wait turns from ok to near. */
export const NEAR_TARGET = 0.8;
const ARRIVAL_WINDOW_MS = 30 * 60_000;

export type WaitState = 'none' | 'ok' | 'near' | 'past';

export interface MonitorService {
	code: string;
	name: Text;
	zone: string;
	waitingPriority: number;
	waitingNormal: number;
	/** The arrival of the ticket waiting longest (kept across transfers); null with nobody waiting. Its wait is `at − oldestQueuedAt`. */
	oldestQueuedAt: number | null;
	targetMinutes: number;
	waitState: WaitState;
	served: number;
	noShow: number;
	/** Minutes a ticket taken now would wait; null with no counter open for it. */
	estimateMinutes: number | null;
	/** Arrivals (issued and transferred in) in the last 30 minutes, per hour. */
	arrivalsPerHour: number;
	/** Open counters that serve it. */
	openCounters: number;
}

export interface MonitorZone {
	id: string;
	name: Text;
	waiting: number;
	services: MonitorService[];
}

export type CounterActivity = 'closed' | 'idle' | 'calling' | 'serving' | 'paused';

export interface MonitorCounter {
	id: string;
	number: number;
	name: Text;
	zone: string;
	status: CounterStatus;
	activity: CounterActivity;
	/** Since when it is in this activity (the call or the start for a ticket; the status change otherwise). */
	since: number;
	pauseReason: string | null;
	staff: string | null;
	staffName: string | null;
	ticket: string | null;
	service: string | null;
	/** The current ticket's time limit in service, minutes (alerts' `timeLimitMinutes`). */
	limitMinutes: number | null;
	served: number;
	noShow: number;
}

export interface MonitorView {
	hall: string;
	day: string;
	version: number;
	at: number;
	totals: { waiting: number; issued: number; served: number; noShow: number; openCounters: number };
	zones: MonitorZone[];
	counters: MonitorCounter[];
	/** The alerts open now, oldest first (a wall screen hears of them only here). */
	alerts: LoggedAlert[];
}

/** What changed since the view of version `base`: the entries recomputed that differ, the totals, the alerts if they changed. */
export interface MonitorDelta {
	hall: string;
	day: string;
	base: number;
	version: number;
	at: number;
	totals: MonitorView['totals'];
	services: MonitorService[];
	counters: MonitorCounter[];
	/** Alerts raised or changed (escalated, acknowledged), and those gone; a hall may have hundreds open. */
	alerts: { changed: LoggedAlert[]; removed: string[] };
}

/** The services and counters events may have changed since the last view; `all` after time alone passed. */
export type MonitorDirty = { services: ReadonlySet<string>; counters: ReadonlySet<string> } | 'all';

export function waitStateOf(longestMs: number | null, targetMinutes: number): WaitState {
	if (longestMs === null) return 'none';
	const target = targetMinutes * 60_000;
	if (longestMs > target) return 'past';
	return longestMs >= NEAR_TARGET * target ? 'near' : 'ok';
}

interface Ended {
	served: number;
	noShow: number;
}

function count(map: Map<string, Ended>, key: string | null, served: boolean): void {
	if (key === null) return;
	let v = map.get(key);
	if (!v) map.set(key, (v = { served: 0, noShow: 0 }));
	if (served) v.served += 1;
	else v.noShow += 1;
}

/** What every entry of one view is computed from. */
function contextOf(index: HallIndex, state: HallDayState, now: number) {
	const byService = new Map<string, Ended>();
	const byCounter = new Map<string, Ended>();
	for (const id of state.order) {
		const t = state.tickets[id];
		if (!t) continue;
		const served = t.status === 'done' && t.outcome !== 'closedInService';
		if (!served && t.status !== 'noShow') continue;
		count(byService, t.service, served);
		count(byCounter, t.counter, served);
	}
	return {
		settings: alertSettings(index.config.alerts),
		byService,
		byCounter,
		estimate: newTicketEstimator(index, state, now),
		arrivals: arrivalsSince(state, now - ARRIVAL_WINDOW_MS, now)
	};
}
type Context = ReturnType<typeof contextOf>;

function serviceEntry(index: HallIndex, state: HallDayState, s: ServiceConfig, cx: Context, now: number): MonitorService {
	const waiting = waitingFor(state, s.code);
	const priority = waiting.filter((t) => t.priority !== 'none').length;
	const oldest = waiting.length === 0 ? null : waiting.reduce((m, t) => Math.min(m, t.queuedAt), Infinity);
	return {
		code: s.code,
		name: s.name,
		zone: s.zone,
		waitingPriority: priority,
		waitingNormal: waiting.length - priority,
		oldestQueuedAt: oldest,
		targetMinutes: s.targetWaitMinutes,
		waitState: waitStateOf(oldest === null ? null : now - oldest, s.targetWaitMinutes),
		served: cx.byService.get(s.code)?.served ?? 0,
		noShow: cx.byService.get(s.code)?.noShow ?? 0,
		estimateMinutes: cx.estimate(s.code).minutes,
		arrivalsPerHour: (cx.arrivals.get(s.code) ?? 0) * 2,
		openCounters: (index.countersOf.get(s.code) ?? []).filter((c) => state.counters[c.id]?.status === 'open').length
	};
}

function counterEntry(index: HallIndex, state: HallDayState, c: CounterConfig, cx: Context): MonitorCounter {
	const cs = state.counters[c.id];
	const current = cs?.current ? state.tickets[cs.current] : undefined;
	const status = cs?.status ?? 'closed';
	const activity: CounterActivity = status !== 'open' ? status : current?.status === 'serving' ? 'serving' : current?.status === 'called' ? 'calling' : 'idle';
	const since = activity === 'serving' ? (current?.startedAt ?? cs?.since ?? 0) : activity === 'calling' ? (current?.calledAt ?? cs?.since ?? 0) : (cs?.since ?? 0);
	return {
		id: c.id,
		number: c.number,
		name: c.name,
		zone: c.zone,
		status,
		activity,
		since,
		pauseReason: cs?.pauseReason ?? null,
		staff: cs?.staff ?? null,
		staffName: cs?.staff ? (index.staff.get(cs.staff)?.name ?? null) : null,
		ticket: current?.id ?? null,
		service: current?.service ?? null,
		limitMinutes: current ? timeLimitMinutes(index, cx.settings, current.service) : null,
		served: cx.byCounter.get(c.id)?.served ?? 0,
		noShow: cx.byCounter.get(c.id)?.noShow ?? 0
	};
}

function assemble(index: HallIndex, state: HallDayState, services: MonitorService[], counters: MonitorCounter[], now: number, alerts = openAlerts(state)): MonitorView {
	const byZone = new Map<string, MonitorService[]>(index.config.zones.map((z) => [z.id, []]));
	for (const s of services) byZone.get(s.zone)?.push(s);
	const zones = index.config.zones.map((z): MonitorZone => {
		const mine = byZone.get(z.id) ?? [];
		return { id: z.id, name: z.name, waiting: mine.reduce((n, s) => n + s.waitingPriority + s.waitingNormal, 0), services: mine };
	});
	return {
		hall: index.config.id,
		day: state.day,
		version: state.version,
		at: now,
		totals: {
			waiting: zones.reduce((n, z) => n + z.waiting, 0),
			issued: state.order.length,
			served: services.reduce((n, s) => n + s.served, 0),
			noShow: services.reduce((n, s) => n + s.noShow, 0),
			openCounters: counters.filter((c) => c.status === 'open').length
		},
		zones,
		counters,
		alerts
	};
}

export function monitorView(index: HallIndex, state: HallDayState, now: number): MonitorView {
	const cx = contextOf(index, state, now);
	return assemble(
		index,
		state,
		index.config.services.map((s) => serviceEntry(index, state, s, cx, now)),
		index.config.counters.map((c) => counterEntry(index, state, c, cx)),
		now
	);
}

/**
 * The view after `previous` (same hall-day) with only the dirty entries recomputed, and the delta
 * to push: the entries whose figures changed. Pushing deltas keeps a 275-service hall's update to
 * the few services a burst touched.
 */
export function monitorUpdate(index: HallIndex, state: HallDayState, previous: MonitorView, dirty: MonitorDirty, now: number): { view: MonitorView; delta: MonitorDelta } {
	const cx = contextOf(index, state, now);
	const before = new Map<string, MonitorService>();
	for (const z of previous.zones) for (const s of z.services) before.set(s.code, s);
	const changedServices: MonitorService[] = [];
	const changedCounters: MonitorCounter[] = [];
	const services = index.config.services.map((s) => {
		const old = before.get(s.code);
		if (old && dirty !== 'all' && !dirty.services.has(s.code)) return old;
		const entry = serviceEntry(index, state, s, cx, now);
		if (!old || !sameEntry(old, entry)) changedServices.push(entry);
		return entry;
	});
	// The view's counters are in the config's order.
	const counters = index.config.counters.map((c, i) => {
		const old = previous.counters[i]?.id === c.id ? previous.counters[i] : undefined;
		if (old && dirty !== 'all' && !dirty.counters.has(c.id)) return old;
		const entry = counterEntry(index, state, c, cx);
		if (!old || !sameEntry(old, entry)) changedCounters.push(entry);
		return entry;
	});
	const alerts = openAlerts(state);
	const was = new Map(previous.alerts.map((a) => [a.id, a]));
	const changedAlerts = alerts.filter((a) => !sameAlert(a, was.get(a.id)));
	const open = new Set(alerts.map((a) => a.id));
	const removed = previous.alerts.filter((a) => !open.has(a.id)).map((a) => a.id);
	const view = assemble(index, state, services, counters, now, changedAlerts.length === 0 && removed.length === 0 ? previous.alerts : alerts);
	return {
		view,
		delta: { hall: view.hall, day: view.day, base: previous.version, version: view.version, at: now, totals: view.totals, services: changedServices, counters: changedCounters, alerts: { changed: changedAlerts, removed } }
	};
}

/** Evolve replaces an alert's object when it changes: the same object is the same alert; another is compared whole. */
function sameAlert(a: LoggedAlert, b: LoggedAlert | undefined): boolean {
	return a === b || (b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/** Entries of the same service or counter compared field by field (names are the config's, the same objects). */
function sameEntry<T extends object>(a: T, b: T): boolean {
	for (const k of Object.keys(b) as (keyof T)[]) if (a[k] !== b[k]) return false;
	return true;
}

/**
 * The entries events may have changed: for each ticket its services (now, issued for, and those it
 * was transferred from) with every counter serving them and every service of those counters (a
 * queue at a shared counter moves the others' estimates); for each counter named, itself and its
 * services. A closed day changes everything.
 */
export function dirtyOf(index: HallIndex, state: HallDayState, events: readonly HallEvent[]): MonitorDirty {
	const services = new Set<string>();
	const counters = new Set<string>();
	// An estimate depends on every queue that shares a counter with it, and on theirs in turn: what
	// an event touches reaches its whole group of services and counters linked by counters' skills.
	const touchCounter = (id: string | null | undefined) => {
		if (!id || counters.has(id)) return;
		counters.add(id);
		for (const s of index.counters.get(id)?.services ?? []) touchService(s.service);
	};
	const touchService = (code: string) => {
		if (services.has(code)) return;
		services.add(code);
		for (const c of index.countersOf.get(code) ?? []) touchCounter(c.id);
	};
	for (const e of events) {
		if (e.type === 'DayClosed') return 'all';
		if ('ticket' in e && typeof e.ticket === 'string') {
			const t = state.tickets[e.ticket];
			if (t) {
				touchService(t.service);
				touchService(t.issuedService);
				for (const step of t.trail) touchService(step.fromService);
				touchCounter(t.counter);
			}
		}
		if ('counter' in e && typeof e.counter === 'string') touchCounter(e.counter);
		if (e.type === 'TicketTransferred') {
			touchCounter(e.fromCounter);
			touchCounter(e.toCounter);
		}
	}
	return { services, counters };
}
