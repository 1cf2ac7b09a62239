/**
 * A hall-day's log projected into the facts statistics are made of (facts.ts): one fact per ticket
 * with its servings, the counters' open and paused sessions, and daily rollups. Pure: the archive
 * projects a closed day with it, reports project today's live log with the same function.
 * Definitions of every figure: docs/statistics.md.
 */
import type { HallEvent } from './events';
import type { CounterSession, DailyRollup, DayFacts, Serving, TicketFact } from './facts';
import { localTime } from './clock';
import type { HallConfig, ServiceConfig } from './model';
import { addRating, addServing, emptySums, type ServingContext } from './serving-sums';

/** Where a ticket stands in the projection: `serving` is being served at a counter right now. */
type Stage = 'waiting' | 'called' | 'serving' | 'parked' | 'ended';

interface Open {
	fact: TicketFact;
	stage: Stage;
	/** Start of the running service interval of the current serving (serving stage only). */
	activeSince: number | null;
	/** Sum of the current serving's finished service intervals. */
	activeMs: number;
	started: boolean;
}

const MINUTE = 60_000;

export function projectDay(config: HallConfig, day: string, events: Iterable<HallEvent>): DayFacts {
	const services = new Map<string, ServiceConfig>(config.services.map((s) => [s.code, s]));
	const open = new Map<string, Open>();
	const order: TicketFact[] = [];
	const sessions: CounterSession[] = [];
	const running = new Map<string, CounterSession>();
	const sessionCount = new Map<string, number>();
	/** Per counter: the ticket it has called or is serving, and since when its busy time was last counted. */
	const engaged = new Map<string, { ticket: string; since: number }>();

	/** Counts the counter's busy time up to `at` into its running session. */
	const flushBusy = (counter: string, at: number) => {
		const e = engaged.get(counter);
		const s = running.get(counter);
		if (!e) return;
		if (s) s.busyMs += Math.max(0, at - Math.max(e.since, s.from));
		e.since = at;
	};
	const engage = (counter: string, ticket: string, at: number) => {
		flushBusy(counter, at);
		engaged.set(counter, { ticket, since: at });
	};
	/** The ticket left its counter (finished, no-show, parked, transferred, cancelled, day closed). */
	const disengage = (ticket: string, at: number) => {
		for (const [counter, e] of engaged) {
			if (e.ticket !== ticket) continue;
			flushBusy(counter, at);
			engaged.delete(counter);
		}
	};

	const current = (o: Open): Serving => o.fact.servings[o.fact.servings.length - 1] as Serving;
	const target = (service: string): number | null => {
		const s = services.get(service);
		return s ? s.targetWaitMinutes * MINUTE : null;
	};

	/** Closes the running service interval of the current serving at `at`. */
	const pause = (o: Open, at: number) => {
		if (o.activeSince !== null) o.activeMs += Math.max(0, at - o.activeSince);
		o.activeSince = null;
	};
	const call = (o: Open, at: number, counter: string, staff: string, fromQueue: boolean) => {
		const s = current(o);
		if (fromQueue || s.calledAt === null) {
			s.calledAt = at;
			s.waitMs = Math.max(0, at - s.queuedAt);
			const limit = target(s.service);
			s.withinTarget = limit === null ? null : s.waitMs <= limit;
		}
		s.counter = counter;
		s.staff = staff;
		o.stage = 'called';
		engage(counter, o.fact.ticket, at);
	};
	/** Ends the current serving; `ticketOutcome` also ends the ticket (not for a transfer). */
	const end = (o: Open, at: number, outcome: Serving['outcome'], ticketOutcome: TicketFact['outcome']) => {
		pause(o, at);
		disengage(o.fact.ticket, at);
		const s = current(o);
		s.endedAt = at;
		s.outcome = outcome;
		s.serviceMs = o.started ? o.activeMs : null;
		if (ticketOutcome !== null) {
			o.fact.outcome = ticketOutcome;
			o.stage = 'ended';
		}
	};
	/** Undoes the end of a serving that goes on (a no-show re-queued or reactivated). */
	const reopen = (o: Open) => {
		const s = current(o);
		s.endedAt = null;
		s.outcome = null;
		s.startedAt = null;
		s.serviceMs = null;
		o.fact.outcome = null;
		o.started = false;
		o.activeMs = 0;
		o.activeSince = null;
	};

	const openSession = (counter: string, kind: CounterSession['kind'], staff: string, reason: string | null, at: number) => {
		const n = (sessionCount.get(counter) ?? 0) + 1;
		sessionCount.set(counter, n);
		const s: CounterSession = { hall: config.id, day, counter, n, kind, staff, reason, from: at, to: null, busyMs: 0 };
		sessions.push(s);
		running.set(counter, s);
	};
	const endSession = (counter: string, at: number): CounterSession | undefined => {
		flushBusy(counter, at);
		const s = running.get(counter);
		if (s) {
			s.to = at;
			running.delete(counter);
		}
		return s;
	};

	for (const e of events) {
		const o = 'ticket' in e ? open.get(e.ticket) : undefined;
		switch (e.type) {
			case 'TicketIssued': {
				const service = services.get(e.service);
				const first: Serving = blankServing(1, e.service, 'issue', e.at);
				const fact: TicketFact = {
					hall: config.id,
					day,
					ticket: e.ticket,
					issuedService: e.service,
					zone: service?.zone ?? '',
					department: service?.department ?? '',
					service: e.service,
					priority: e.priority,
					channel: e.kiosk === null ? 'staff' : 'kiosk',
					kiosk: e.kiosk,
					issuedAt: e.at,
					firstCalledAt: null,
					startedAt: null,
					finishedAt: null,
					counter: null,
					staff: null,
					servings: [first],
					transfers: 0,
					recalls: 0,
					requeues: 0,
					outcome: null,
					finishOutcome: null,
					waitMs: null,
					serviceMs: null,
					withinTarget: null,
					rating: null,
					identityHash: e.identityHash,
					identityMasked: e.identityMasked,
					holderMasked: e.holderMasked
				};
				open.set(e.ticket, { fact, stage: 'waiting', activeSince: null, activeMs: 0, started: false });
				order.push(fact);
				break;
			}
			case 'TicketCalled':
				if (o) call(o, e.at, e.counter, e.staff, true);
				break;
			case 'TicketReactivated':
				if (o) {
					reopen(o);
					call(o, e.at, e.counter, e.staff, true);
				}
				break;
			case 'TicketCalledBack':
				if (o) call(o, e.at, e.counter, e.staff, false);
				break;
			case 'TicketRecalled':
				if (o) {
					current(o).recalls += 1;
					o.fact.recalls += 1;
				}
				break;
			case 'ServiceStarted':
				if (o) {
					const s = current(o);
					s.startedAt ??= e.at;
					o.started = true;
					o.activeSince = e.at;
					o.stage = 'serving';
				}
				break;
			case 'TicketParked':
				if (o) {
					pause(o, e.at);
					disengage(e.ticket, e.at);
					o.stage = 'parked';
				}
				break;
			case 'TicketFinished':
				if (o) {
					end(o, e.at, 'served', 'served');
					o.fact.finishOutcome = e.outcome;
				}
				break;
			case 'TicketNoShow':
				if (o) end(o, e.at, 'noShow', 'noShow');
				break;
			case 'TicketRequeued':
				if (o) {
					reopen(o);
					o.fact.requeues += 1;
					o.stage = 'waiting';
				}
				break;
			case 'TicketCancelled':
				if (o) end(o, e.at, 'cancelled', 'cancelled');
				break;
			case 'TicketTransferred':
				if (o) {
					end(o, e.at, 'transferred', null);
					const next = blankServing(o.fact.servings.length + 1, e.toService, 'transfer', e.at);
					o.fact.servings.push(next);
					o.fact.transfers += 1;
					o.stage = 'waiting';
					o.started = false;
					o.activeMs = 0;
					o.activeSince = null;
				}
				break;
			case 'TicketRated':
				if (o) {
					o.fact.rating = {
						overall: e.overall,
						efficiency: e.efficiency,
						level: e.level,
						attitude: e.attitude,
						reasons: [...e.reasons],
						counter: e.counter,
						staff: e.staff,
						at: e.at
					};
				}
				break;
			case 'TicketReprinted':
				break;
			case 'CounterOpened':
				endSession(e.counter, e.at);
				openSession(e.counter, 'open', e.staff, null, e.at);
				break;
			case 'CounterPaused': {
				const was = endSession(e.counter, e.at);
				openSession(e.counter, 'paused', was?.staff ?? '', e.reason, e.at);
				break;
			}
			case 'CounterResumed': {
				const was = endSession(e.counter, e.at);
				openSession(e.counter, 'open', was?.staff ?? '', null, e.at);
				break;
			}
			case 'CounterClosed':
				endSession(e.counter, e.at);
				break;
			case 'DayClosed':
				for (const t of open.values()) {
					if (t.stage === 'ended') continue;
					if (t.stage === 'serving') end(t, e.at, 'closedInService', 'closedInService');
					else end(t, e.at, 'unserved', 'unserved');
				}
				for (const counter of [...running.keys()]) endSession(counter, e.at);
				break;
		}
	}

	for (const t of open.values()) summarize(t);
	return { tickets: order, sessions, rollups: rollupsOf(config, day, order, services) };
}

function blankServing(n: number, service: string, arrivedBy: Serving['arrivedBy'], at: number): Serving {
	return {
		n,
		service,
		arrivedBy,
		queuedAt: at,
		calledAt: null,
		startedAt: null,
		endedAt: null,
		counter: null,
		staff: null,
		recalls: 0,
		outcome: null,
		waitMs: null,
		serviceMs: null,
		withinTarget: null
	};
}

/** The ticket's own fields, from its servings: the first one's wait, the last one's counter and times. */
function summarize(o: Open): void {
	const f = o.fact;
	const first = f.servings[0] as Serving;
	const last = f.servings[f.servings.length - 1] as Serving;
	f.service = last.service;
	f.firstCalledAt = first.calledAt;
	f.waitMs = first.waitMs;
	f.withinTarget = first.withinTarget;
	f.startedAt = last.startedAt;
	f.finishedAt = last.endedAt;
	f.counter = last.counter;
	f.staff = last.staff;
	let service: number | null = null;
	for (const s of f.servings) if (s.serviceMs !== null) service = (service ?? 0) + s.serviceMs;
	f.serviceMs = service;
}

function rollupsOf(config: HallConfig, day: string, tickets: readonly TicketFact[], services: ReadonlyMap<string, ServiceConfig>): DailyRollup[] {
	const rows = new Map<string, DailyRollup>();
	const rowOf = (service: string, counter: string, staff: string): DailyRollup => {
		const key = `${service}\u0000${counter}\u0000${staff}`;
		let r = rows.get(key);
		if (!r) {
			r = { hall: config.id, day, service, counter, staff, ...emptySums() };
			rows.set(key, r);
		}
		return r;
	};
	const hourOf = localHours(config.timeZone, day);
	for (const t of tickets) {
		for (const s of t.servings) {
			const service = services.get(s.service);
			const ctx: ServingContext = { targetMs: service ? service.targetWaitMinutes * MINUTE : null, hourOf };
			addServing(rowOf(s.service, s.counter ?? '', s.staff ?? ''), s, ctx);
		}
		if (t.rating) {
			// A rating is about the serving that was finished: the ticket's last.
			const last = t.servings[t.servings.length - 1] as Serving;
			addRating(rowOf(last.service, last.counter ?? '', last.staff ?? ''), t.rating);
		}
	}
	const byKey = (a: DailyRollup, b: DailyRollup) => compare(a.service, b.service) || compare(a.counter, b.counter) || compare(a.staff, b.staff);
	return [...rows.values()].sort(byKey);
}

const QUARTER_HOUR = 15 * MINUTE;

/**
 * The local hour (0–23) of instants of one day, by quarter hours (time zones are offset by whole
 * quarter hours), so a day of 10,000 tickets asks the time-zone database about 100 times, not 20,000.
 * An instant outside the day counts in its first or last hour.
 */
function localHours(timeZone: string, day: string): (at: number) => number {
	const cache = new Map<number, number>();
	return (at) => {
		const q = Math.floor(at / QUARTER_HOUR);
		let hour = cache.get(q);
		if (hour === undefined) {
			const local = localTime(q * QUARTER_HOUR, timeZone);
			hour = local.date < day ? 0 : local.date > day ? 23 : Math.floor(local.minutes / 60);
			cache.set(q, hour);
		}
		return hour;
	};
}

function compare(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
