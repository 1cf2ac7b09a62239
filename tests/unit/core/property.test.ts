/**
 * Property tests of the core: random days of many kiosks and counters, applied through decide + evolve.
 * DomainErrors (refusals) are part of normal traffic and ignored; every other error fails the run.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command, IssuedIdentity } from '../../../server/core/commands';
import { decide } from '../../../server/core/decide';
import { ticketNumber } from '../../../server/core/ticket-number';
import { DomainError } from '../../../server/core/errors';
import type { HallEvent } from '../../../server/core/events';
import { evolve, fold, initialState } from '../../../server/core/evolve';
import { hallDayOf } from '../../../server/core/hall-day';
import { indexHall } from '../../../server/core/hall-index';
import type { HallIndex } from '../../../server/core/hall-index';
import type { CallingStrategy, CounterConfig, FinishOutcome, HallDayState, PriorityClass, Ticket, TicketStatus } from '../../../server/core/model';
import { FINISH_OUTCOMES, PRIORITY_CLASSES } from '../../../server/core/model';
import { newTicketEstimator, peopleAhead } from '../../../server/core/estimate';
import { callsBefore, pickNext, queueOrder } from '../../../server/core/routing';
import { Savepoint } from '../../../server/core/savepoint';
import { histogramCount } from '../../../server/core/histogram';
import { projectDay } from '../../../server/core/project-day';
import { dirtyOf, monitorUpdate, monitorView } from '../../../server/core/monitor-view';
import { applyDelta } from '../../../supervision/monitor/monitor-delta';
import { waitingCounts } from '../../../server/core/waiting';
import { MINUTE, SVC, T0, makeHall } from '../../fixtures/core/hall';
import { alertRecordOf, stepAlerts, type AlertBook } from '../../../server/core/alert-book';
import { alertConditions, alertSettings } from '../../../server/core/alert-rules';

/** Low thresholds, so the random days raise and clear alerts often. */
const ALERT_SETTINGS = { ...alertSettings({ queueOver: 3, pauseMinutes: { other: 5 } }), forecastMinutes: 20 };

const SERVICES = [SVC.bizReg, SVC.bizChange, SVC.tax, SVC.realEstate, SVC.social];
const COUNTERS = ['c1', 'c2', 'c3', 'c4'];
const STAFF = ['s1', 's2', 's3', 's4', 'boss'];
/** Who usually works where: s1 at c1, s2 at c2, … */
const USUAL_STAFF = ['s1', 's2', 's3', 's4'];
const KIOSKS = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'];
const STATUSES: TicketStatus[] = ['waiting', 'called', 'serving', 'done', 'noShow', 'cancelled', 'parked', 'unserved'];

// ---- the random traffic ----

type CounterOp =
	/** The sensible next key for the counter's state: open, call, start or finish (staff mostly do this). */
	| { op: 'auto' }
	| { op: 'open' }
	| { op: 'callNext' }
	| { op: 'callTicket'; pick: number }
	| { op: 'recall' }
	| { op: 'start' }
	| { op: 'finish'; outcome: FinishOutcome }
	| { op: 'noShow' }
	| { op: 'transfer'; service: string; toCounter: number | null }
	| { op: 'pause' }
	| { op: 'resume' }
	| { op: 'close' }
	| { op: 'noShowRequeue' }
	| { op: 'finishAutoCall'; outcome: FinishOutcome }
	| { op: 'park' }
	/** Calls back one of the tickets parked anywhere (`pick`), mostly one parked at this counter. */
	| { op: 'callBack'; pick: number }
	| { op: 'reactivate'; pick: number };

type Action =
	/** `person`: who presents an ID card (a few fictitious people, so reprints and the daily cap happen); -1: no card. */
	| { a: 'issue'; dt: number; service: string; priority: PriorityClass; kiosk: string; person: number }
	/** Resend an earlier command exactly as it was (a kiosk or console that timed out). */
	| { a: 'retry'; dt: number; pick: number }
	/** An earlier request id with another command (a client bug): refused when the kind differs. */
	| { a: 'reuse'; dt: number; pick: number }
	| { a: 'cancel'; dt: number; pick: number; kiosk: string }
	| { a: 'counter'; dt: number; counter: number; staff: number; c: CounterOp }
	/** The alert rules evaluated and their changes recorded, or (`ack`) an open alert acknowledged by the supervisor. */
	| { a: 'alerts'; dt: number; ack: boolean; pick: number };

/** Half the issues without a card; the others by one of 4 fictitious people (ages 30 and 70). */
const person = fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 4, arbitrary: fc.integer({ min: 0, max: 3 }) });

function personIdentity(n: number): IssuedIdentity | null {
	if (n < 0) return null;
	return { hash: `hash-of-person-${n}`, masked: `1101**********000${n}`, holderMasked: '测*', age: n % 2 === 0 ? 30 : 70 };
}

const dt = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: 3 * MINUTE }) });
const priority = fc.oneof(
	{ weight: 3, arbitrary: fc.constant<PriorityClass>('none') },
	{ weight: 1, arbitrary: fc.constantFrom<PriorityClass>(...PRIORITY_CLASSES) }
);
const counterOp: fc.Arbitrary<CounterOp> = fc.oneof(
	{ weight: 25, arbitrary: fc.constant<CounterOp>({ op: 'auto' }) },
	{ weight: 4, arbitrary: fc.constant<CounterOp>({ op: 'open' }) },
	{ weight: 10, arbitrary: fc.constant<CounterOp>({ op: 'callNext' }) },
	{ weight: 1, arbitrary: fc.nat(50).map((pick): CounterOp => ({ op: 'callTicket', pick })) },
	{ weight: 2, arbitrary: fc.constant<CounterOp>({ op: 'recall' }) },
	{ weight: 6, arbitrary: fc.constant<CounterOp>({ op: 'start' }) },
	{ weight: 6, arbitrary: fc.constantFrom(...FINISH_OUTCOMES).map((outcome): CounterOp => ({ op: 'finish', outcome })) },
	{ weight: 2, arbitrary: fc.constant<CounterOp>({ op: 'noShow' }) },
	{
		weight: 2,
		arbitrary: fc
			.record({ service: fc.constantFrom(...SERVICES), toCounter: fc.option(fc.nat(COUNTERS.length - 1), { freq: 3 }) })
			.map(({ service, toCounter }): CounterOp => ({ op: 'transfer', service, toCounter }))
	},
	{ weight: 1, arbitrary: fc.constant<CounterOp>({ op: 'pause' }) },
	{ weight: 1, arbitrary: fc.constant<CounterOp>({ op: 'resume' }) },
	{ weight: 1, arbitrary: fc.constant<CounterOp>({ op: 'close' }) },
	{ weight: 3, arbitrary: fc.constant<CounterOp>({ op: 'noShowRequeue' }) },
	{ weight: 3, arbitrary: fc.constantFrom(...FINISH_OUTCOMES).map((outcome): CounterOp => ({ op: 'finishAutoCall', outcome })) },
	{ weight: 2, arbitrary: fc.constant<CounterOp>({ op: 'park' }) },
	{ weight: 2, arbitrary: fc.nat(50).map((pick): CounterOp => ({ op: 'callBack', pick })) },
	{ weight: 3, arbitrary: fc.nat(50).map((pick): CounterOp => ({ op: 'reactivate', pick })) }
);
const action: fc.Arbitrary<Action> = fc.oneof(
	{
		weight: 7,
		arbitrary: fc.record({ a: fc.constant('issue' as const), dt, service: fc.constantFrom(...SERVICES), priority, kiosk: fc.constantFrom(...KIOSKS), person })
	},
	{ weight: 3, arbitrary: fc.record({ a: fc.constant('retry' as const), dt, pick: fc.nat(1000) }) },
	{ weight: 1, arbitrary: fc.record({ a: fc.constant('reuse' as const), dt, pick: fc.nat(1000) }) },
	{ weight: 2, arbitrary: fc.record({ a: fc.constant('cancel' as const), dt, pick: fc.nat(50), kiosk: fc.constantFrom(...KIOSKS) }) },
	{ weight: 2, arbitrary: fc.record({ a: fc.constant('alerts' as const), dt, ack: fc.boolean(), pick: fc.nat(20) }) },
	{
		weight: 20,
		arbitrary: fc.record({
			a: fc.constant('counter' as const),
			dt,
			counter: fc.nat(COUNTERS.length - 1),
			staff: fc.nat(19),
			c: counterOp
		})
	}
);

/** Per-run counter settings, so every strategy and cap meets the same traffic. */
const counterSettings = fc.array(
	fc.record({
		strategy: fc.constantFrom<CallingStrategy>('strict', 'longestWait', 'weightedWait'),
		maxPriorityInRow: fc.integer({ min: 1, max: 3 }),
		maxRecalls: fc.integer({ min: 0, max: 2 }),
		weights: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 2 }),
		/** Opened by its usual staff member before the first action. */
		openAtStart: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })
	}),
	{ minLength: COUNTERS.length, maxLength: COUNTERS.length }
);

type Settings = typeof counterSettings extends fc.Arbitrary<infer T> ? T : never;

/** Small quotas on two services so that quota refusals are part of the traffic. */
const QUOTAS = { [SVC.social]: { dailyQuota: 6 }, [SVC.realEstate]: { dailyQuota: 15 } };

function hallWith(settings: Settings) {
	const base = makeHall();
	const counters: Partial<Record<string, Partial<CounterConfig>>> = {};
	base.counters.forEach((c, i) => {
		const s = settings[i];
		if (!s) return;
		counters[c.id] = {
			strategy: s.strategy,
			maxPriorityInRow: s.maxPriorityInRow,
			maxRecalls: s.maxRecalls,
			services: c.services.map((cs, j) => ({ service: cs.service, weight: s.weights[j] ?? 1 }))
		};
	});
	return makeHall({ services: QUOTAS, counters });
}

// ---- the driver ----

/** A plain assertion for the hot loop (vitest's expect is too slow to call thousands of times per run). */
function check(ok: boolean, message: string): asserts ok {
	if (!ok) throw new Error(message);
}

interface Run {
	index: HallIndex;
	state: HallDayState;
	log: HallEvent[];
	now: number;
	sent: Command[];
	/** Request ids whose command produced events. */
	decided: Set<string>;
	/** Consecutive priority calls per counter, tracked apart from the core's own counter. */
	priorityRun: Map<string, number>;
	refusals: Map<string, number>;
	calls: number;
	/** Called after each event is applied. */
	afterEvent: (r: Run, e: HallEvent) => void;
	/** The alert book of the process evaluating the rules. */
	alerts: AlertBook;
}

function pick<T>(list: readonly T[], n: number): T | undefined {
	return list.length === 0 ? undefined : list[n % list.length];
}

function isPriority(t: Ticket): boolean {
	return t.priority !== 'none';
}

/** Waiting tickets a counter may call: pinned to it, or unpinned for one of its services. */
function callableBy(state: HallDayState, counter: CounterConfig): Ticket[] {
	const served = new Set(counter.services.map((s) => s.service));
	return state.order
		.map((id) => state.tickets[id])
		.filter((t): t is Ticket => !!t && t.status === 'waiting' && (t.pinnedCounter === null ? served.has(t.service) : t.pinnedCounter === counter.id));
}

function staffFor(r: Run, counterId: string, n: number): string {
	const cs = r.state.counters[counterId];
	// Mostly the staff member at the counter (or one allowed there); sometimes anyone.
	if (n < 17 && cs && cs.status !== 'closed' && cs.staff) return cs.staff;
	if (n < 17) {
		const allowed = r.index.config.staff.filter((s) => s.role !== 'staff' || s.counters.includes(counterId)).map((s) => s.id);
		return pick(allowed, n) ?? 'boss';
	}
	return pick(STAFF, n) ?? 'boss';
}

function toCommand(r: Run, act: Action, i: number): Command | null {
	const req = `r${i}`;
	switch (act.a) {
		case 'issue':
			return { kind: 'issue', req, service: act.service, priority: act.priority, kiosk: act.kiosk, token: `tok-${req}`, identity: personIdentity(act.person) };
		case 'retry':
			return pick(r.sent, act.pick) ?? null;
		case 'reuse': {
			const old = pick(r.sent, act.pick);
			if (!old) return null;
			return old.kind === 'issue'
				? { kind: 'callNext', req: old.req, counter: 'c1', staff: 's1' }
				: { kind: 'issue', req: old.req, service: SVC.tax, priority: 'none', kiosk: 'k1', token: `tok-${old.req}`, identity: null };
		}
		case 'cancel':
			return { kind: 'cancel', req, ticket: pick(r.state.order, act.pick) ?? 'Z999', by: act.kiosk, onlyFromKiosk: null };
		case 'alerts': {
			if (act.ack) return { kind: 'acknowledgeAlert', req, id: pick(Object.keys(r.state.alerts), act.pick) ?? 'queueLong:none', by: 'boss', note: '已处理' };
			const inputs = { now: r.now, today: r.state.day, consoleGoneSince: {}, devices: [], cases: [], daysUntil: () => 10 };
			const { book, changes } = stepAlerts(r.alerts, alertConditions(r.index, r.state, inputs, ALERT_SETTINGS), r.now, 2 * MINUTE);
			r.alerts = book;
			return alertRecordOf(changes, req);
		}
		case 'counter': {
			const counter = COUNTERS[act.counter] ?? 'c1';
			const staff = staffFor(r, counter, act.staff);
			const base = { req, counter, staff };
			const c = act.c;
			switch (c.op) {
				case 'auto': {
					const cs = r.state.counters[counter];
					const current = cs?.current ? r.state.tickets[cs.current] : undefined;
					if (!cs || cs.status === 'closed') return { ...base, kind: 'openCounter' };
					if (cs.status === 'paused') return { ...base, kind: 'resumeCounter' };
					if (!current) {
						// Every other time, an idle counter calls back a ticket it parked (the citizen is back).
						const parked = r.state.order.find((id) => r.state.tickets[id]?.status === 'parked' && r.state.tickets[id]?.counter === counter);
						if (parked && r.state.version % 2 === 0) return { ...base, kind: 'callBack', ticket: parked };
						return { ...base, kind: 'callNext' };
					}
					if (current.status === 'called') return { ...base, kind: 'start' };
					return { ...base, kind: 'finish', outcome: 'done' };
				}
				case 'open':
					return { ...base, kind: 'openCounter' };
				case 'callNext':
					return { ...base, kind: 'callNext' };
				case 'callTicket':
					return { ...base, kind: 'callTicket', ticket: pick(r.state.order, c.pick) ?? 'Z999', reason: '指定叫号' };
				case 'recall':
					return { ...base, kind: 'recall' };
				case 'start':
					return { ...base, kind: 'start' };
				case 'finish':
					return { ...base, kind: 'finish', outcome: c.outcome };
				case 'noShow':
					return { ...base, kind: 'noShow' };
				case 'transfer':
					return { ...base, kind: 'transfer', toService: c.service, toCounter: c.toCounter === null ? null : (COUNTERS[c.toCounter] ?? null) };
				case 'pause':
					return { ...base, kind: 'pauseCounter', reason: '暂离' };
				case 'resume':
					return { ...base, kind: 'resumeCounter' };
				case 'close':
					return { ...base, kind: 'closeCounter' };
				case 'noShowRequeue':
					return { ...base, kind: 'noShow', requeue: true };
				case 'finishAutoCall':
					return { ...base, kind: 'finish', outcome: c.outcome, autoCall: true };
				case 'park':
					return { ...base, kind: 'park' };
				case 'callBack': {
					const parked = r.state.order.filter((id) => r.state.tickets[id]?.status === 'parked');
					const here = parked.filter((id) => r.state.tickets[id]?.counter === counter);
					// Mostly one parked here; sometimes one parked elsewhere or not parked at all.
					const ticket = c.pick % 5 === 0 ? pick(r.state.order, c.pick) : (pick(here, c.pick) ?? pick(parked, c.pick));
					return { ...base, kind: 'callBack', ticket: ticket ?? 'Z999' };
				}
				case 'reactivate': {
					const gone = r.state.order.filter((id) => r.state.tickets[id]?.status === 'noShow');
					const ticket = c.pick % 5 === 0 ? pick(r.state.order, c.pick) : pick(gone, c.pick);
					return { ...base, kind: 'reactivate', ticket: ticket ?? 'Z999' };
				}
			}
		}
	}
}

/** Checks of one event against the state just before it is applied. */
function checkEvent(r: Run, e: HallEvent): void {
	const s = r.state;
	if (e.type === 'TicketIssued') {
		check(s.tickets[e.ticket] === undefined, `duplicate number ${e.ticket}`);
		check(e.serial === (s.lastNumber[e.prefix] ?? 0) + 1, `${e.ticket} skips a number`);
		check(e.ticket === ticketNumber(e.prefix, e.serial), `${e.ticket} is not ${e.prefix}/${e.serial}`);
		return;
	}
	if (e.type === 'CounterClosed') {
		r.priorityRun.set(e.counter, 0);
		return;
	}
	if (e.type === 'TicketCalledBack' || e.type === 'TicketReactivated') {
		r.calls++;
		const t = s.tickets[e.ticket];
		const from = e.type === 'TicketCalledBack' ? 'parked' : 'noShow';
		check(t !== undefined && t.status === from, `${e.type} of ${e.ticket} while ${t?.status ?? 'unknown'}`);
		if (e.type === 'TicketCalledBack') check(t.counter === e.counter, `${e.ticket} parked at ${t.counter} called back at ${e.counter}`);
		for (const cs of Object.values(s.counters)) check(cs.current !== e.ticket, `${e.ticket} is already at ${cs.id}`);
		check(s.counters[e.counter]?.current === null, `${e.counter} called ${e.ticket} while busy`);
		return;
	}
	if (e.type !== 'TicketCalled') return;
	r.calls++;
	const t = s.tickets[e.ticket];
	check(t !== undefined && t.status === 'waiting', `${e.ticket} called while ${t?.status ?? 'unknown'}`);
	for (const cs of Object.values(s.counters)) check(cs.current !== e.ticket, `${e.ticket} is already at ${cs.id}`);
	check(t.pinnedCounter === null || t.pinnedCounter === e.counter, `${e.ticket} is pinned to ${t.pinnedCounter}`);
	const counter = r.index.counters.get(e.counter);
	check(counter !== undefined, `unknown counter ${e.counter}`);

	const run = r.priorityRun.get(e.counter) ?? 0;
	check((s.counters[e.counter]?.priorityRun ?? 0) === run, `priority run of ${e.counter} is off`);
	if (e.reason === null) {
		const callable = callableBy(s, counter);
		check(callable.includes(t), `${t.id} is not callable by ${counter.id}`);
		// The priority cap, both ways: no more than N priority calls in a row while ordinary tickets wait…
		if (isPriority(t) && callable.some((c) => !isPriority(c)))
			check(run < counter.maxPriorityInRow, `${counter.id} called priority ${t.id} after ${run} in a row`);
		// …and an ordinary ticket only goes first when the cap is reached.
		if (!isPriority(t) && callable.some(isPriority))
			check(run >= counter.maxPriorityInRow, `${counter.id} called ordinary ${t.id} before the cap (${run})`);
		// FIFO within a service and priority class (unpinned tickets). Every strategy keeps it: one
		// service has one weight, so even wait × weight orders it by arrival.
		if (t.pinnedCounter === null) {
			const older = callable.find(
				(w) => w.pinnedCounter === null && w.service === t.service && isPriority(w) === isPriority(t) && w.queuedAt < t.queuedAt
			);
			check(older === undefined, `${counter.id} (${counter.strategy}) called ${t.id} before older ${older?.id} of ${t.service}`);
		}
	}
	r.priorityRun.set(e.counter, isPriority(t) ? run + 1 : 0);
}

/** Whole-state invariants, after every command. */
function checkState(r: Run): void {
	const s = r.state;
	check(new Set(s.order).size === s.order.length, 'a ticket number appears twice in the order');
	check(Object.keys(s.tickets).length === s.order.length, 'tickets and order disagree');

	const currentAt = new Map<string, string>();
	const staffAt = new Map<string, string>();
	for (const c of Object.values(s.counters)) {
		if (c.status === 'closed') {
			check(c.staff === null && c.current === null, `closed counter ${c.id} has staff or a ticket`);
			continue;
		}
		check(c.staff !== null, `open counter ${c.id} without staff`);
		check(!staffAt.has(c.staff), `${c.staff} is at ${staffAt.get(c.staff)} and ${c.id}`);
		staffAt.set(c.staff, c.id);
		if (c.current === null) continue;
		check(!currentAt.has(c.current), `${c.current} is current at ${currentAt.get(c.current)} and ${c.id}`);
		currentAt.set(c.current, c.id);
	}

	const byStatus = new Map<TicketStatus, number>();
	for (const id of s.order) {
		const t = s.tickets[id];
		check(t !== undefined && t.id === id, `order names missing ticket ${id}`);
		check(STATUSES.includes(t.status), `${id} has status ${t.status}`);
		byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
		const at = currentAt.get(id) ?? null;
		if (t.status === 'called' || t.status === 'serving') check(at !== null && at === t.counter, `${id} is ${t.status} but at ${at}`);
		else check(at === null, `${id} is ${t.status} but current at ${at}`);
		if (t.status === 'waiting') check(t.counter === null && t.calledAt === null, `waiting ${id} still has a counter`);
		if (t.status === 'parked') check(t.counter !== null && s.counters[t.counter]?.status !== 'closed', `parked ${id} at no open counter`);
		check(t.queuedAt === t.issuedAt, `${id} lost its arrival time`);
	}
	check([...byStatus.values()].reduce((a, b) => a + b, 0) === s.order.length, 'a ticket without a status');

	// queueOrder agrees with pickNext on every counter.
	for (const counter of r.index.config.counters) {
		const next = pickNext(counter, s, r.now)?.id ?? null;
		const first = queueOrder(counter, s, r.now)[0]?.id ?? null;
		check(first === next, `counter ${counter.id}: queueOrder starts with ${first}, pickNext gives ${next}`);
	}
}

/** Invariants of the finished day. */
function checkEnd(r: Run): void {
	const s = r.state;
	// Numbers per prefix are exactly 1..n, no gap, no duplicate.
	const serials = new Map<string, number[]>();
	for (const id of s.order) {
		const t = s.tickets[id];
		check(t !== undefined && t.id === ticketNumber(t.prefix, t.serial), `${id} does not match its prefix and serial`);
		serials.set(t.prefix, [...(serials.get(t.prefix) ?? []), t.serial]);
	}
	for (const [prefix, list] of serials) {
		check(
			list.every((n, i) => n === i + 1),
			`prefix ${prefix} numbers ${list.join(',')} are not 1..${list.length}`
		);
		check(s.lastNumber[prefix] === list.length, `lastNumber of ${prefix} is ${s.lastNumber[prefix]}, ${list.length} issued`);
	}
	check(Object.keys(s.lastNumber).length === serials.size, 'lastNumber names a prefix without tickets');

	// A request id never issued two tickets, and each ticket is recorded against its request.
	const issuedBy = new Map<string, string>();
	for (const e of r.log) {
		if (e.type !== 'TicketIssued') continue;
		check(!issuedBy.has(e.req), `request ${e.req} issued ${issuedBy.get(e.req)} and ${e.ticket}`);
		issuedBy.set(e.req, e.ticket);
		const rec = s.requests[e.req];
		check(rec?.kind === 'issue' && rec.ticket === e.ticket, `request ${e.req} is not recorded as issuing ${e.ticket}`);
	}
	check(issuedBy.size === s.order.length, 'tickets and issuing requests differ in number');

	// Quotas held.
	for (const svc of r.index.config.services) {
		const issued = s.order.filter((id) => s.tickets[id]?.issuedService === svc.code).length;
		check((s.services[svc.code]?.issued ?? 0) === issued, `issued count of ${svc.code} is off`);
		if (svc.dailyQuota !== null) check(issued <= svc.dailyQuota, `${svc.code} issued ${issued} over its quota ${svc.dailyQuota}`);
	}

	// The log is the truth: replaying it gives the live state.
	check(s.version === r.log.length, `version ${s.version} for ${r.log.length} events`);
	const replayed = fold(initialState(s.hall, s.day), r.log);
	if (!isDeepStrictEqual(replayed, s)) expect(replayed).toStrictEqual(s);
}

function step(r: Run, c: Command): void {
	const seen = r.state.requests[c.req];
	let events: HallEvent[];
	try {
		events = decide(r.index, r.state, c, r.now);
	} catch (err) {
		if (!(err instanceof DomainError)) throw err;
		r.refusals.set(err.code, (r.refusals.get(err.code) ?? 0) + 1);
		if (seen) check(err.code === 'REQUEST.REUSED', `a retry of ${c.req} was refused with ${err.code}`);
		if (err.code === 'REQUEST.REUSED') check(seen !== undefined && seen.kind !== c.kind, `${c.req} refused as reused`);
		if (err.code === 'QUEUE.EMPTY' && 'counter' in c) {
			const counter = r.index.counters.get(c.counter);
			if (counter) check(callableBy(r.state, counter).length === 0, `QUEUE.EMPTY at ${c.counter} while tickets wait`);
		}
		return;
	}
	if (seen) {
		// A retry: the first answer stands, nothing new happens.
		check(seen.kind === c.kind && events.length === 0, `a retry of ${c.req} decided again`);
		return;
	}
	check(events.length > 0, `${c.kind} ${c.req} decided nothing`);
	check(!r.decided.has(c.req), `${c.req} decided twice`);
	r.decided.add(c.req);
	for (const e of events) {
		check(e.req === c.req && e.at === r.now, `event ${e.type} carries the wrong req or time`);
		checkEvent(r, e);
		evolve(r.state, e);
		r.log.push(e);
		r.afterEvent(r, e);
	}
	check(r.state.requests[c.req]?.kind === c.kind, `${c.req} not recorded as ${c.kind}`);
}

function runDay(settings: Settings, actions: Action[], afterEvent: Run['afterEvent'] = () => {}): Run {
	const config = hallWith(settings);
	const key = hallDayOf(config.id, config.timeZone, T0);
	const r: Run = {
		index: indexHall(config),
		state: initialState(key.hall, key.day),
		log: [],
		now: T0,
		sent: [],
		decided: new Set(),
		priorityRun: new Map(),
		refusals: new Map(),
		calls: 0,
		afterEvent,
		alerts: {}
	};
	settings.forEach((s, i) => {
		if (!s.openAtStart) return;
		step(r, { kind: 'openCounter', req: `open-${i}`, counter: COUNTERS[i] ?? 'c1', staff: USUAL_STAFF[i] ?? 'boss' });
	});
	actions.forEach((act, i) => {
		r.now += act.dt;
		const c = toCommand(r, act, i);
		if (!c) return;
		r.sent.push(c);
		step(r, c);
		checkState(r);
	});
	checkEnd(r);
	return r;
}

// ---- the reference: the same questions answered by walking every ticket of the day ----
// The routing, estimate and count code as it was before the waiting index (server/core/waiting.ts):
// candidates gathered in issue order, ties left to that order.

interface RefCandidate {
	ticket: Ticket;
	rank: number;
	weight: number;
}

function refCandidates(counter: CounterConfig, state: HallDayState): RefCandidate[] {
	const rankOf = new Map(counter.services.map((s, i) => [s.service, i]));
	const out: RefCandidate[] = [];
	for (const id of state.order) {
		const t = state.tickets[id];
		if (!t || t.status !== 'waiting') continue;
		if (t.pinnedCounter !== null) {
			if (t.pinnedCounter === counter.id) out.push({ ticket: t, rank: -1, weight: counter.services[0]?.weight ?? 1 });
			continue;
		}
		const rank = rankOf.get(t.service);
		if (rank === undefined) continue;
		out.push({ ticket: t, rank, weight: counter.services[rank]?.weight ?? 1 });
	}
	return out;
}

function refCompare(counter: CounterConfig, now: number): (a: RefCandidate, b: RefCandidate) => number {
	const arrival = (a: RefCandidate, b: RefCandidate) => a.ticket.queuedAt - b.ticket.queuedAt || a.ticket.issuedAt - b.ticket.issuedAt;
	switch (counter.strategy) {
		case 'strict':
			return (a, b) => a.rank - b.rank || arrival(a, b);
		case 'longestWait':
			return (a, b) => arrival(a, b) || a.rank - b.rank;
		case 'weightedWait':
			return (a, b) => {
				const sa = (now - a.ticket.queuedAt + 1000) * a.weight;
				const sb = (now - b.ticket.queuedAt + 1000) * b.weight;
				return sb - sa || arrival(a, b) || a.rank - b.rank;
			};
	}
}

function refPickNext(counter: CounterConfig, state: HallDayState, now: number): Ticket | null {
	const all = refCandidates(counter, state);
	const cmp = refCompare(counter, now);
	const priority = all.filter((c) => c.ticket.priority !== 'none');
	const ordinary = all.filter((c) => c.ticket.priority === 'none');
	const run = state.counters[counter.id]?.priorityRun ?? 0;
	const usePriority = priority.length > 0 && (ordinary.length === 0 || run < counter.maxPriorityInRow);
	let top: RefCandidate | null = null;
	for (const c of usePriority ? priority : ordinary) if (top === null || cmp(c, top) < 0) top = c;
	return top?.ticket ?? null;
}

function refQueueOrder(counter: CounterConfig, state: HallDayState, now: number): Ticket[] {
	const all = refCandidates(counter, state);
	const cmp = refCompare(counter, now);
	const priority = all.filter((c) => c.ticket.priority !== 'none').sort(cmp);
	const ordinary = all.filter((c) => c.ticket.priority === 'none').sort(cmp);
	const out: Ticket[] = [];
	let run = state.counters[counter.id]?.priorityRun ?? 0;
	for (let p = 0, o = 0; p < priority.length || o < ordinary.length; ) {
		const usePriority = p < priority.length && (o >= ordinary.length || run < counter.maxPriorityInRow);
		const next = usePriority ? priority[p++] : ordinary[o++];
		if (next) out.push(next.ticket);
		run = usePriority ? run + 1 : 0;
	}
	return out;
}

function refPeopleAhead(state: HallDayState, service: string, ticket: Ticket | null): number {
	let ahead = 0;
	let passed = false;
	for (const id of state.order) {
		const t = state.tickets[id];
		const self = ticket !== null && id === ticket.id;
		if (self) passed = true;
		if (!t || t.status !== 'waiting' || t.service !== service || self) continue;
		if (ticket === null) {
			ahead++;
			continue;
		}
		const higherClass = t.priority !== 'none' && ticket.priority === 'none';
		const sameClass = (t.priority === 'none') === (ticket.priority === 'none');
		const earlier = t.queuedAt < ticket.queuedAt || (t.queuedAt === ticket.queuedAt && !passed);
		if (higherClass || (sameClass && earlier)) ahead++;
	}
	return ahead;
}

function refWaitingCounts(state: HallDayState): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const id of state.order) {
		const t = state.tickets[id];
		if (t && t.status === 'waiting') counts[t.service] = (counts[t.service] ?? 0) + 1;
	}
	return counts;
}

/** People before, and minutes until, a new ordinary ticket of `service` is called. */
function refNewTicketEstimate(index: HallIndex, state: HallDayState, now: number, service: string): { ahead: number; minutes: number | null } {
	const handleMs = (svc: string) => state.services[svc]?.handleMsEwma ?? (index.services.get(svc)?.avgHandleMinutes ?? 10) * 60_000;
	const works: number[] = [];
	let ahead = Infinity;
	for (const counter of index.countersOf.get(service) ?? []) {
		if (state.counters[counter.id]?.status !== 'open') continue;
		const rank = counter.services.findIndex((s) => s.service === service);
		const me = { id: '', service, priority: 'none', queuedAt: now, issuedAt: now } as Ticket;
		const mine: RefCandidate = { ticket: me, rank, weight: counter.services[rank]?.weight ?? 1 };
		const cmp = refCompare(counter, now);
		let work = 0;
		let before = 0;
		for (const c of refCandidates(counter, state)) {
			if (c.ticket.priority === 'none' && cmp(c, mine) > 0) continue;
			work += handleMs(c.ticket.service);
			before += 1;
		}
		works.push(work);
		ahead = Math.min(ahead, before);
	}
	const counts = refWaitingCounts(state);
	if (works.length === 0) return { ahead: counts[service] ?? 0, minutes: null };
	const parallel = works.some((w) => w === 0) ? 0 : 1 / works.reduce((sum, w) => sum + 1 / w, 0);
	return { ahead, minutes: Math.round(parallel / 60_000) };
}

/** The waiting index as it should be: every waiting ticket under its queue, sorted (the index keeps entry order). */
function refWaitingIndex(state: HallDayState): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	for (const id of state.order) {
		const t = state.tickets[id];
		if (!t || t.status !== 'waiting') continue;
		(out[t.pinnedCounter === null ? t.service : `@${t.pinnedCounter}`] ??= []).push(id);
	}
	for (const list of Object.values(out)) list.sort();
	return out;
}

const ids = (list: Ticket[]) => list.map((t) => t.id).join(',');

/** Checks every answer read from the waiting index against the reference, after one event. */
function checkWaitingIndex(r: Run, e: HallEvent): void {
	const s = r.state;
	const byPerson: Record<string, string[]> = {};
	for (const id of s.order) {
		const hash = s.tickets[id]?.identityHash;
		if (hash) (byPerson[hash] ??= []).push(id);
	}
	check(isDeepStrictEqual(s.byPerson, byPerson), `after ${e.type}: the tickets by person are off`);
	const sortedIndex = Object.fromEntries(Object.entries(s.waiting).map(([queue, list]) => [queue, [...list].sort()]));
	check(isDeepStrictEqual(sortedIndex, refWaitingIndex(s)), `after ${e.type} ${'ticket' in e ? e.ticket : ''}: the waiting index is off`);
	check(isDeepStrictEqual(waitingCounts(s), refWaitingCounts(s)), `after ${e.type}: waiting counts differ`);

	const waiting = s.order.map((id) => s.tickets[id]).filter((t): t is Ticket => t?.status === 'waiting');
	// A few waiting tickets (the event's own among them) are enough per event; the run covers the rest.
	const sample = new Set([waiting[0], waiting[waiting.length >> 1], waiting[waiting.length - 1], 'ticket' in e ? s.tickets[e.ticket] : undefined]);
	for (const counter of r.index.config.counters) {
		const order = queueOrder(counter, s, r.now);
		check(pickNext(counter, s, r.now)?.id === refPickNext(counter, s, r.now)?.id, `${counter.id} (${counter.strategy}): pickNext differs`);
		check(ids(order) === ids(refQueueOrder(counter, s, r.now)), `${counter.id} (${counter.strategy}): queueOrder differs`);
		for (const t of sample) {
			if (t?.status !== 'waiting') continue;
			// The tickets called before one are those before it in the counter's order (ties included).
			const before = callsBefore(counter, s, r.now, t);
			const at = order.indexOf(t);
			check(before === null ? at === -1 : ids(before) === ids(order.slice(0, at)), `${counter.id}: calls before ${t.id} differ from its queue order`);
		}
	}
	for (const t of sample) if (t?.status === 'waiting') check(peopleAhead(s, t.service, t) === refPeopleAhead(s, t.service, t), `people ahead of ${t.id} differ`);
	const estimate = newTicketEstimator(r.index, s, r.now);
	for (const service of SERVICES) {
		check(peopleAhead(s, service, null) === refPeopleAhead(s, service, null), `people waiting for ${service} differ`);
		check(isDeepStrictEqual(estimate(service), refNewTicketEstimate(r.index, s, r.now, service)), `new ticket estimate of ${service} differs`);
	}
}

describe('core properties under random traffic', () => {
	it('keeps every invariant for random days of kiosks and counters', () => {
		let totalCalls = 0;
		let totalTickets = 0;
		const codes = new Set<string>();
		fc.assert(
			fc.property(counterSettings, fc.array(action, { minLength: 10, maxLength: 150, size: 'max' }), (settings, actions) => {
				const r = runDay(settings, actions);
				totalCalls += r.calls;
				totalTickets += r.state.order.length;
				for (const code of r.refusals.keys()) codes.add(code);
			}),
			{ numRuns: 200 }
		);
		// The traffic is meaningful: many tickets are called, and the usual refusals happen.
		expect(totalTickets).toBeGreaterThan(2000);
		expect(totalCalls).toBeGreaterThan(800);
		for (const code of ['QUEUE.EMPTY', 'COUNTER.BUSY', 'COUNTER.NOT_OPEN', 'COUNTER.IDLE', 'REQUEST.REUSED', 'SERVICE.QUOTA_EXHAUSTED', 'TICKET.PARKED_ELSEWHERE'])
			expect(codes).toContain(code);
	});

	it('the waiting index answers as a walk over every ticket of the day does, after every event', () => {
		const kinds = new Set<string>();
		let events = 0;
		// Days on which the order within a queue was not the issue order: a ticket re-entered a queue
		// in which one issued after it at the same instant waited.
		let reenteredTies = 0;
		fc.assert(
			fc.property(counterSettings, fc.array(action, { minLength: 10, maxLength: 150, size: 'max' }), fc.boolean(), (settings, actions, crowded) => {
				// A crowded day: seven actions in eight at the same instant as the one before, so that many
				// tickets tie on arrival time and only the issue order tells them apart.
				const day = crowded ? actions.map((a, i) => (i % 8 === 0 ? a : { ...a, dt: 0 })) : actions;
				let tied = false;
				runDay(settings, day, (r, e) => {
					checkWaitingIndex(r, e);
					events++;
					kinds.add(e.type === 'TicketTransferred' && e.toCounter !== null ? 'TicketTransferred to a counter' : e.type);
					for (const list of Object.values(r.state.waiting)) {
						const tickets = list.map((id) => r.state.tickets[id] as Ticket);
						tied ||= tickets.some((t, i) => tickets.some((u, j) => i < j && t.queuedAt === u.queuedAt && t.ordinal > u.ordinal));
					}
				});
				if (tied) reenteredTies++;
			}),
			{ numRuns: 200 }
		);
		expect(events).toBeGreaterThan(4000);
		expect(reenteredTies).toBeGreaterThan(0);
		for (const type of ['TicketIssued', 'TicketCalled', 'TicketTransferred', 'TicketTransferred to a counter', 'TicketCancelled', 'TicketRequeued', 'TicketParked', 'TicketCalledBack', 'TicketReactivated'])
			expect(kinds).toContain(type);
	});

	it('a savepoint takes back any run of events exactly, and the same events then apply as before', () => {
		const TYPES = ['TicketIssued', 'TicketCalled', 'TicketRecalled', 'ServiceStarted', 'TicketFinished', 'TicketNoShow', 'TicketTransferred', 'TicketCancelled', 'CounterOpened', 'CounterPaused', 'CounterResumed', 'CounterClosed', 'TicketParked', 'TicketCalledBack', 'TicketRequeued', 'DayClosed', 'AlertRaised', 'AlertEscalated', 'AlertAcknowledged', 'AlertCleared'];
		let rolledBack = 0;
		const kinds = new Set<string>();
		const firstKinds = new Set<string>();
		fc.assert(
			fc.property(
				counterSettings,
				fc.array(action, { minLength: 10, maxLength: 150, size: 'max' }),
				fc.double({ min: 0, max: 1, noNaN: true }),
				fc.integer({ min: 1, max: 40 }),
				(settings, actions, at, length) => {
					const { log, state: end, now, index } = runDay(settings, actions);
					// The day ends: its close ends every open ticket and counter at once.
					const [closed] = decide(index, end, { kind: 'closeDay', req: 'close-day', reason: 'schedule', by: null, note: null }, now + MINUTE);
					if (closed) {
						evolve(end, closed);
						log.push(closed);
					}
					const start = Math.floor(at * log.length);
					// A batch from a random place, and one starting with each kind of event of the day: what
					// only the first event changes is then saved by no event before it in the batch.
					const starts = new Set([start]);
					for (const type of TYPES) {
						const first = log.findIndex((e, i) => i >= start && e.type === type);
						const any = log.findIndex((e) => e.type === type);
						if (first !== -1 || any !== -1) starts.add(first !== -1 ? first : any);
					}
					for (const from of starts) {
						const batch = log.slice(from, from + length);
						const state = fold(initialState(end.hall, end.day), log.slice(0, from));
						const before = structuredClone(state);
						const savepoint = new Savepoint(state);
						for (const e of batch) {
							savepoint.before(e);
							evolve(state, e);
							kinds.add(e.type);
						}
						if (batch[0]) firstKinds.add(batch[0].type);
						savepoint.rollback();
						rolledBack += batch.length;
						check(isDeepStrictEqual(state, before), `rollback of events ${from + 1}..${from + batch.length} left the state changed`);
						fold(state, log.slice(from));
						check(isDeepStrictEqual(state, end), 'the events applied after a rollback gave another state');
					}
				}
			),
			{ numRuns: 200 }
		);
		expect(rolledBack).toBeGreaterThan(2000);
		// Every kind of event was taken back at least once, and began a batch at least once.
		for (const type of TYPES) {
			expect(kinds).toContain(type);
			expect(firstKinds).toContain(type);
		}
	});

	it('a busy opening: 20 kiosks and every counter pressing "next" keep numbers unique and gap-free', () => {
		fc.assert(
			fc.property(
				counterSettings,
				fc.array(
					fc.oneof(
						{ weight: 3, arbitrary: fc.record({ a: fc.constant('issue' as const), dt: fc.constant(0), service: fc.constantFrom(...SERVICES), priority, kiosk: fc.constantFrom(...KIOSKS), person }) },
						{ weight: 1, arbitrary: fc.record({ a: fc.constant('retry' as const), dt: fc.constant(0), pick: fc.nat(1000) }) },
						{
							weight: 2,
							arbitrary: fc.record({
								a: fc.constant('counter' as const),
								dt: fc.integer({ min: 0, max: 2000 }),
								counter: fc.nat(COUNTERS.length - 1),
								staff: fc.nat(6),
								c: fc.constantFrom<CounterOp>({ op: 'open' }, { op: 'callNext' }, { op: 'start' }, { op: 'finish', outcome: 'done' }, { op: 'noShow' })
							})
						}
					),
					{ minLength: 20, maxLength: 200, size: 'max' }
				),
				(settings, actions) => {
					runDay(settings, actions);
				}
			),
			{ numRuns: 50 }
		);
	});

	it('the monitor updated from the entries events touched equals the whole view made again, and its delta names every change', () => {
		let changed = 0;
		fc.assert(
			fc.property(counterSettings, fc.array(action, { minLength: 10, maxLength: 120, size: 'max' }), fc.nat(), fc.boolean(), (settings, actions, cut, close) => {
				const { log, state, now, index } = runDay(settings, actions);
				if (close) {
					for (const e of decide(index, state, { kind: 'closeDay', req: 'close-day', reason: 'schedule', by: null, note: null }, now + MINUTE)) {
						evolve(state, e);
						log.push(e);
					}
				}
				const k = log.length === 0 ? 0 : cut % log.length;
				const before = fold(initialState(state.hall, state.day), log.slice(0, k));
				const previous = monitorView(index, before, now);
				const { view, delta } = monitorUpdate(index, state, previous, dirtyOf(index, state, log.slice(k)), now);
				check(isDeepStrictEqual(view, monitorView(index, state, now)), `the updated view differs from the whole view after event ${k}`);
				// The delta applied to the previous view (as the monitor page does) gives the new one.
				if (delta.version > previous.version) check(isDeepStrictEqual(applyDelta(previous, delta), view), 'the delta applied to the previous view differs from the new view');
				changed += delta.services.length;
			}),
			{ numRuns: 200 }
		);
		expect(changed).toBeGreaterThan(100);
	});

	it('the projection of any day agrees with the state it folds to, before and after the close', () => {
		const outcomeOf: Record<TicketStatus, string | null> = { waiting: null, called: null, serving: null, parked: null, done: 'served', noShow: 'noShow', cancelled: 'cancelled', unserved: 'unserved' };
		let transfers = 0;
		let requeues = 0;
		fc.assert(
			fc.property(counterSettings, fc.array(action, { minLength: 10, maxLength: 150, size: 'max' }), fc.boolean(), (settings, actions, close) => {
				const { log, state, now, index } = runDay(settings, actions);
				if (close) {
					for (const e of decide(index, state, { kind: 'closeDay', req: 'close-day', reason: 'schedule', by: null, note: null }, now + MINUTE)) {
						evolve(state, e);
						log.push(e);
					}
				}
				const facts = projectDay(index.config, state.day, log);
				check(facts.tickets.length === state.order.length, 'one fact per ticket');
				let servings = 0;
				const served = { tickets: 0, rollups: 0 };
				for (const f of facts.tickets) {
					const t = state.tickets[f.ticket] as Ticket;
					const expected = t.outcome === 'closedInService' ? 'closedInService' : outcomeOf[t.status];
					check(f.outcome === expected, `${f.ticket}: fact ${f.outcome}, state ${t.status}/${t.outcome}`);
					check(f.servings.length === 1 + t.transfers && f.transfers === t.transfers, `${f.ticket}: ${f.servings.length} servings, ${t.transfers} transfers`);
					check(f.requeues === t.requeues && f.service === t.service, `${f.ticket}: requeues or service differ`);
					if (t.status === 'done' || t.status === 'called' || t.status === 'serving') check(f.counter === t.counter && f.staff === t.staff, `${f.ticket}: counter differs`);
					if (t.status === 'done' && t.outcome !== 'closedInService') check(f.finishOutcome === t.outcome && f.finishedAt === t.finishedAt, `${f.ticket}: finish differs`);
					for (const s of f.servings) {
						check(s.waitMs === null || (s.waitMs >= 0 && s.calledAt !== null && s.waitMs === s.calledAt - s.queuedAt), `${f.ticket}: bad wait`);
						check(s.serviceMs === null || (s.serviceMs >= 0 && s.endedAt !== null && s.startedAt !== null && s.serviceMs <= s.endedAt - s.startedAt), `${f.ticket}: bad service time`);
						check((s.outcome === null) === (s.endedAt === null), `${f.ticket}: serving ${s.n} ended without outcome`);
					}
					check(f.servings.slice(0, -1).every((s) => s.outcome === 'transferred'), `${f.ticket}: only the last serving may end otherwise than by transfer`);
					servings += f.servings.length;
					if (f.outcome === 'served') served.tickets += 1;
					if (close) check(f.outcome !== null, `${f.ticket} open after the close`);
				}
				let rollupServings = 0;
				for (const r of facts.rollups) {
					rollupServings += r.servings;
					served.rollups += r.served;
					check(histogramCount(r.waitHistogram) === r.waitCount && r.waitCount === r.called, 'wait histogram counts differ');
					check(histogramCount(r.serviceHistogram) === r.serviceCount, 'service histogram counts differ');
					check(r.withinTarget <= r.called && r.waitSumMs >= r.waitMaxMs, 'rollup sums inconsistent');
				}
				check(rollupServings === servings && served.rollups === served.tickets, 'rollups do not add up to the tickets');
				// The live monitor counts from the state alone: the same served and no-shows per service and counter.
				const monitor = monitorView(index, state, now);
				const sums = (key: (r: (typeof facts.rollups)[number]) => string) => {
					const m = new Map<string, string>();
					const add = new Map<string, { served: number; noShow: number }>();
					for (const r of facts.rollups) {
						const v = add.get(key(r)) ?? { served: 0, noShow: 0 };
						add.set(key(r), { served: v.served + r.served, noShow: v.noShow + r.noShow });
					}
					for (const [k, v] of add) if (v.served + v.noShow > 0) m.set(k, `${v.served}/${v.noShow}`);
					return m;
				};
				const shown = (rows: { key: string; served: number; noShow: number }[]) => new Map(rows.filter((r) => r.served + r.noShow > 0).map((r) => [r.key, `${r.served}/${r.noShow}`]));
				const services = monitor.zones.flatMap((z) => z.services).map((x) => ({ key: x.code, served: x.served, noShow: x.noShow }));
				check(isDeepStrictEqual(shown(services), sums((r) => r.service)), 'the monitor’s served and no-shows per service differ from the rollups');
				check(isDeepStrictEqual(shown(monitor.counters.map((c) => ({ key: c.id, served: c.served, noShow: c.noShow }))), sums((r) => r.counter)), 'the monitor’s figures per counter differ from the rollups');
				const byCounter = new Map<string, number>();
				for (const s of facts.sessions) {
					check(s.to === null || s.to >= s.from, `session ${s.counter}#${s.n} ends before it starts`);
					check(s.n === (byCounter.get(s.counter) ?? 0) + 1, `sessions of ${s.counter} out of order`);
					byCounter.set(s.counter, s.n);
					if (close) check(s.to !== null, `session ${s.counter}#${s.n} open after the close`);
				}
				for (const [id, c] of Object.entries(state.counters)) {
					const last = [...facts.sessions].reverse().find((s) => s.counter === id);
					const openNow = c.status !== 'closed';
					check(openNow === (last !== undefined && last.to === null), `counter ${id} is ${c.status}, its last session ${last ? `ends ${last.to}` : 'is missing'}`);
					if (openNow && last) check(last.kind === (c.status === 'paused' ? 'paused' : 'open'), `counter ${id} session kind`);
				}
				for (const t of Object.values(state.tickets)) {
					transfers += t.transfers;
					requeues += t.requeues;
				}
			}),
			{ numRuns: 200 }
		);
		expect(transfers).toBeGreaterThan(20);
		expect(requeues).toBeGreaterThan(20);
	});
});
