/**
 * The supervisor's alert rules (electronic supervision, 电子监察): which conditions hold in a hall
 * now, from the hall-day state and what the realtime layer knows of consoles, devices and
 * follow-up cases. Pure: the clock comes in as `now`. Raising, hysteresis and clearing are the
 * alert book's (alert-book.ts); each condition here has a stable `id`, so the book can tell the
 * same condition from a new one. Definitions and defaults: docs/statistics.md, "Alerts".
 */
import type { HallIndex } from './hall-index';
import type { AlertCondition, AlertConfig, AlertKind, DeviceFaultKind, HallDayState, Ticket } from './model';
import { forecastWait } from './wait-forecast';
import { waitingFor } from './waiting';

/** What the hall-day log does not hold, as the realtime layer sees it at `now`. */
export interface AlertInputs {
	now: number;
	/** Today in the hall's zone, "YYYY-MM-DD". */
	today: string;
	/** Per counter with no console connected: since when (counters with a console are absent). */
	consoleGoneSince: Readonly<Record<string, number>>;
	/** The devices with a problem now. */
	devices: readonly { device: string; kind: DeviceFaultKind; problem: string }[];
	/** Bad-rating follow-up cases not closed. */
	cases: readonly { id: string; ticket: string; counter: string; due: string; status: string }[];
	/** Days from `today` to a due day (working days or calendar days: the caller's calendar). */
	daysUntil: (due: string) => number;
}

const DEFAULT_PAUSE_MINUTES = { break: 30, meeting: 60, system: 30, other: 20 };

export const DEFAULT_ALERTS = {
	queueOver: 30,
	pauseMinutes: DEFAULT_PAUSE_MINUTES as Record<string, number>,
	consoleMissingMinutes: 5,
	clearAfterSeconds: 120,
	forecastMinutes: 20,
	followUpWarnDays: 2,
	/** A ticket may be in service this many times its service's handling time unless the hall says otherwise. */
	timeLimitFactor: 3,
	/** The forecast's arrival rate is measured over this window. */
	arrivalWindowMinutes: 30,
	/** Fewer arrivals than this in the window are too few to forecast from. */
	minArrivals: 3
} as const;

export type AlertSettings = Required<Omit<AlertConfig, 'services'>> & Pick<AlertConfig, 'services'>;

export function alertSettings(config: AlertConfig | undefined): AlertSettings {
	return {
		queueOver: config?.queueOver ?? DEFAULT_ALERTS.queueOver,
		pauseMinutes: { ...DEFAULT_ALERTS.pauseMinutes, ...config?.pauseMinutes },
		consoleMissingMinutes: config?.consoleMissingMinutes ?? DEFAULT_ALERTS.consoleMissingMinutes,
		clearAfterSeconds: config?.clearAfterSeconds ?? DEFAULT_ALERTS.clearAfterSeconds,
		forecastMinutes: config?.forecastMinutes ?? DEFAULT_ALERTS.forecastMinutes,
		followUpWarnDays: config?.followUpWarnDays ?? DEFAULT_ALERTS.followUpWarnDays,
		services: config?.services
	};
}

const MIN = 60_000;

function condition(kind: AlertKind, subject: string, over: Partial<AlertCondition> & Pick<AlertCondition, 'value' | 'limit'>): AlertCondition {
	return { id: `${kind}:${subject}`, kind, severity: 'warning', service: null, counter: null, ticket: null, device: null, ...over };
}

/** A stored pause reason's code: `other: <words>` is `other`. */
function pauseCode(reason: string | null): string {
	const code = (reason ?? 'other').split(':')[0]?.trim() ?? 'other';
	return code || 'other';
}

/** Minutes a ticket of `service` may be in service. */
export function timeLimitMinutes(index: HallIndex, settings: AlertSettings, service: string): number {
	return settings.services?.[service]?.timeLimitMinutes ?? (index.services.get(service)?.avgHandleMinutes ?? 10) * DEFAULT_ALERTS.timeLimitFactor;
}

/**
 * Arrivals per service in the window (`from`, `now`]: tickets issued for it and tickets transferred
 * to it. One walk over the day: the issued ones from the newest back, the transferred ones among
 * the tickets with transfers.
 */
export function arrivalsSince(state: HallDayState, from: number, now: number): Map<string, number> {
	const out = new Map<string, number>();
	const add = (service: string) => out.set(service, (out.get(service) ?? 0) + 1);
	for (let i = state.order.length - 1; i >= 0; i--) {
		const t = state.tickets[state.order[i] as string];
		if (!t) continue;
		if (t.issuedAt <= from) break;
		if (t.issuedAt <= now) add(t.issuedService);
	}
	for (const id of state.order) {
		const t = state.tickets[id];
		if (t && t.transfers > 0) for (const step of t.trail) if (step.at > from && step.at <= now) add(step.toService);
	}
	return out;
}

/**
 * Open counters serving each service, a counter shared by several services counted by its share:
 * 1 / (its services with demand, waiting or arriving). An approximation: the calling strategy
 * decides the real split, and it moves with the queues.
 */
function serversPerService(index: HallIndex, state: HallDayState, demand: ReadonlySet<string>): Map<string, number> {
	const out = new Map<string, number>();
	for (const counter of index.config.counters) {
		if (state.counters[counter.id]?.status !== 'open') continue;
		const busy = counter.services.filter((s) => demand.has(s.service));
		for (const s of busy) out.set(s.service, (out.get(s.service) ?? 0) + 1 / busy.length);
	}
	return out;
}

const waitMinutes = (t: Ticket, now: number) => (now - t.queuedAt) / MIN;

/** Every condition that holds in the hall now. */
export function alertConditions(index: HallIndex, state: HallDayState, inputs: AlertInputs, settings: AlertSettings = alertSettings(index.config.alerts)): AlertCondition[] {
	const { now } = inputs;
	const out: AlertCondition[] = [];
	const waitingBy = new Map(index.config.services.map((s) => [s.code, waitingFor(state, s.code)]));
	const windowFrom = now - DEFAULT_ALERTS.arrivalWindowMinutes * MIN;
	const arrivals = arrivalsSince(state, windowFrom, now);
	const demand = new Set(index.config.services.map((s) => s.code).filter((code) => (waitingBy.get(code)?.length ?? 0) > 0 || (arrivals.get(code) ?? 0) > 0));
	const servers = serversPerService(index, state, demand);

	for (const service of index.config.services) {
		const waiting = waitingBy.get(service.code) ?? [];
		const longest = waiting.reduce((m, t) => Math.max(m, waitMinutes(t, now)), 0);
		const pastTarget = waiting.length > 0 && longest > service.targetWaitMinutes;
		if (pastTarget)
			out.push(condition('waitPastTarget', service.code, { service: service.code, value: longest, limit: service.targetWaitMinutes, severity: longest > 2 * service.targetWaitMinutes ? 'critical' : 'warning' }));
		const queueOver = settings.services?.[service.code]?.queueOver ?? settings.queueOver;
		if (waiting.length > queueOver) out.push(condition('queueLong', service.code, { service: service.code, value: waiting.length, limit: queueOver }));
		const serving = servers.get(service.code) ?? 0;
		const unpinned = waiting.filter((t) => t.pinnedCounter === null);
		if (unpinned.length > 0 && serving === 0)
			out.push(condition('serviceUnstaffed', service.code, { service: service.code, value: unpinned.length, limit: 0, severity: 'critical' }));
		const arrived = arrivals.get(service.code) ?? 0;
		if (!pastTarget && serving > 0 && arrived >= DEFAULT_ALERTS.minArrivals) {
			const f = forecastWait({
				waiting: waiting.length,
				arrivalsPerMinute: arrived / DEFAULT_ALERTS.arrivalWindowMinutes,
				handleMinutes: (state.services[service.code]?.handleMsEwma ?? service.avgHandleMinutes * MIN) / MIN,
				servers: serving,
				targetMinutes: service.targetWaitMinutes,
				horizonMinutes: settings.forecastMinutes
			});
			if (f.passesInMinutes !== null) {
				const couldServe = (index.countersOf.get(service.code) ?? []).filter((c) => state.counters[c.id]?.status !== 'open').map((c) => c.number);
				out.push(
					condition('waitForecast', service.code, {
						service: service.code,
						value: f.waitAtHorizon ?? 0,
						limit: service.targetWaitMinutes,
						forecast: { passesInMinutes: f.passesInMinutes, moreCounters: f.serversNeeded === null ? null : f.serversNeeded - Math.ceil(serving), couldServe }
					})
				);
			}
		}
	}

	for (const counter of index.config.counters) {
		const c = state.counters[counter.id];
		if (!c || c.status === 'closed') continue;
		const current = c.current ? state.tickets[c.current] : undefined;
		if (current?.status === 'serving' && current.startedAt !== null) {
			const limit = timeLimitMinutes(index, settings, current.service);
			const minutes = (now - current.startedAt) / MIN;
			if (minutes > limit) out.push(condition('servicePastLimit', counter.id, { counter: counter.id, service: current.service, ticket: current.id, value: minutes, limit }));
		}
		if (c.status === 'paused') {
			const code = pauseCode(c.pauseReason);
			const limit = settings.pauseMinutes[code] ?? settings.pauseMinutes.other ?? DEFAULT_PAUSE_MINUTES.other;
			const minutes = (now - c.since) / MIN;
			if (minutes > limit) out.push(condition('pauseTooLong', counter.id, { counter: counter.id, value: minutes, limit }));
		}
		const gone = inputs.consoleGoneSince[counter.id];
		if (gone !== undefined) {
			const minutes = (now - gone) / MIN;
			if (minutes > settings.consoleMissingMinutes) out.push(condition('counterWithoutConsole', counter.id, { counter: counter.id, value: minutes, limit: settings.consoleMissingMinutes }));
		}
	}

	for (const d of inputs.devices)
		out.push(condition('deviceFault', `${d.kind}:${d.device}`, { device: d.device, value: 1, limit: 0, severity: d.kind === 'printer' || d.kind === 'kiosk' || d.kind === 'store' ? 'critical' : 'warning', fault: { kind: d.kind, problem: d.problem } }));

	for (const c of inputs.cases) {
		if (c.status === 'closed') continue;
		const left = inputs.daysUntil(c.due);
		if (left <= settings.followUpWarnDays)
			out.push(condition('followUpDue', c.id, { counter: c.counter, ticket: c.ticket, value: left, limit: settings.followUpWarnDays, severity: left < 0 ? 'critical' : 'warning' }));
	}
	return out;
}
