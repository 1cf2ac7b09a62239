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
import type { CounterStatus, HallDayState, LoggedAlert, Text } from './model';
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
	/** The longest current wait, ms (from the first arrival); null with nobody waiting. */
	longestWaitMs: number | null;
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

export function monitorView(index: HallIndex, state: HallDayState, now: number): MonitorView {
	const settings = alertSettings(index.config.alerts);
	const byService = new Map<string, Ended>();
	const byCounter = new Map<string, Ended>();
	for (const t of Object.values(state.tickets)) {
		const served = t.status === 'done' && t.outcome !== 'closedInService';
		if (!served && t.status !== 'noShow') continue;
		count(byService, t.service, served);
		count(byCounter, t.counter, served);
	}
	const estimate = newTicketEstimator(index, state, now);
	const arrivals = arrivalsSince(state, now - ARRIVAL_WINDOW_MS, now);
	const openOf = (code: string) => (index.countersOf.get(code) ?? []).filter((c) => state.counters[c.id]?.status === 'open').length;

	const services = index.config.services.map((s): MonitorService => {
		const waiting = waitingFor(state, s.code);
		const priority = waiting.filter((t) => t.priority !== 'none').length;
		const longest = waiting.length === 0 ? null : waiting.reduce((m, t) => Math.max(m, now - t.queuedAt), 0);
		return {
			code: s.code,
			name: s.name,
			zone: s.zone,
			waitingPriority: priority,
			waitingNormal: waiting.length - priority,
			longestWaitMs: longest,
			targetMinutes: s.targetWaitMinutes,
			waitState: waitStateOf(longest, s.targetWaitMinutes),
			served: byService.get(s.code)?.served ?? 0,
			noShow: byService.get(s.code)?.noShow ?? 0,
			estimateMinutes: estimate(s.code).minutes,
			arrivalsPerHour: (arrivals.get(s.code) ?? 0) * 2,
			openCounters: openOf(s.code)
		};
	});

	const counters = index.config.counters.map((c): MonitorCounter => {
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
			limitMinutes: current ? timeLimitMinutes(index, settings, current.service) : null,
			served: byCounter.get(c.id)?.served ?? 0,
			noShow: byCounter.get(c.id)?.noShow ?? 0
		};
	});

	const zones = index.config.zones.map((z): MonitorZone => {
		const mine = services.filter((s) => s.zone === z.id);
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
		alerts: openAlerts(state)
	};
}
