/**
 * One realistic past hall-day of a configured hall, built straight through the core as a running
 * server would (decide + evolve: only events decide() returned are kept, so the log is valid), with
 * the day's own hours and calendar:
 *
 * - citizens arrive on the hall's arrival curve (arrival-curve.ts) for services drawn by popularity
 *   (service-mix.ts), with a fictitious identity where the service asks for the ID card (visitors.ts);
 * - staff on the day's rota (staff-rota.ts) open their counters at opening time (a few late), call,
 *   start and finish tickets with service times around each service's `avgHandleMinutes`, pause now
 *   and then (break, meeting, system, other), go to lunch (pause, or close and reopen, sometimes with
 *   a colleague), park a ticket while the citizen fetches a document, transfer some to a related
 *   service (now and then pinned to a counter), and close their counters when the work is done;
 * - citizens who do not answer the call are recalled and marked no-shows (a few re-queued); those who
 *   wait past their patience cancel at the kiosk or just leave; most rate the service (citizen-rating.ts);
 * - the day ends with the close command a server gives at the scheduled time: what still waits then
 *   is unserved.
 *
 * Pure and deterministic: the same hall, day and seed give the same log.
 */
import { seededRandom } from '../../cardreader/simulator/identities';
import type { Command } from '../../server/core/commands';
import { DEFAULT_MAX_REQUEUES } from '../../server/core/counter-actions';
import { decide } from '../../server/core/decide';
import { DomainError } from '../../server/core/errors';
import type { HallEvent } from '../../server/core/events';
import { evolve, initialState } from '../../server/core/evolve';
import { clockMinutes } from '../../server/core/clock';
import { closeDue, hoursWeekday, instantOf, windowsOn } from '../../server/core/hall-calendar';
import type { HallDayKey } from '../../server/core/hall-day';
import { indexHall, type HallIndex } from '../../server/core/hall-index';
import type { CounterConfig, FinishOutcome, HallConfig, HallDayState, ServiceConfig } from '../../server/core/model';
import { pinnedQueue, waitingIn } from '../../server/core/waiting';
import { Agenda } from './agenda';
import { drawArrivals, plannedVolume } from './arrival-curve';
import { citizenRating } from './citizen-rating';
import { drawService, issuingSegments, servicePopularity } from './service-mix';
import { staffRota } from './staff-rota';
import { FictitiousVisitors } from './visitors';

export interface RealisticDay {
	key: HallDayKey;
	/** Every event of the day in order, the closing DayClosed last. */
	events: HallEvent[];
	/** The day folded: closed, every ticket in a terminal state. */
	state: HallDayState;
	/** Tickets issued. */
	tickets: number;
}

/** A stable seed for a hall-day (FNV-1a of "hall:day"). */
export function daySeed(hall: string, day: string): number {
	let h = 0x811c9dc5;
	for (const ch of `${hall}:${day}`) {
		h ^= ch.codePointAt(0) as number;
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h;
}

/** The day `day` of hall `config`; throws on a day the hall does not open (a holiday). */
export function realisticDay(config: HallConfig, day: string, seed = daySeed(config.id, day)): RealisticDay {
	const weekday = hoursWeekday(config, day);
	if (weekday === null) throw new RangeError(`hall ${config.id} is closed on ${day} (a holiday in its calendar)`);
	return new DaySimulation(config, day, weekday, seed).run();
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** Median patience of a waiting citizen before giving up. */
const MEDIAN_PATIENCE_MINUTES = 90;
/** Share of citizens who do not answer a call although they are still there (did not hear it). */
const MISSED_CALL = 0.015;
const TRANSFER_SHARE = 0.035;
const PARK_SHARE = 0.02;
const RATED_SHARE = 0.8;
const EARLY_CANCEL_SHARE = 0.008;
/** Of those whose patience ran out: cancel at the kiosk (the rest just leave and miss their call). */
const CANCEL_WHEN_GIVING_UP = 0.3;
const REQUEUE_SHARE = 0.3;
/** A counter still busy at lunch time goes this long after the morning hours end, whatever waits. */
const LUNCH_GRACE = 20 * MINUTE;
const MIN_LUNCH_GAP_MINUTES = 45;

/** What the counter console offers as pause reasons (counter/strings.ts PAUSE_REASONS): a code, or `other: <words>`. */
const PAUSES: readonly { reason: string; share: number; minutes: [number, number] }[] = [
	{ reason: 'break', share: 0.5, minutes: [8, 15] },
	{ reason: 'system', share: 0.2, minutes: [5, 20] },
	{ reason: 'meeting', share: 0.15, minutes: [20, 45] },
	{ reason: 'other: 协助引导群众', share: 0.08, minutes: [10, 20] },
	{ reason: 'other: 到后台调取档案', share: 0.07, minutes: [10, 25] }
];

const OUTCOMES: readonly { outcome: FinishOutcome; share: number }[] = [
	{ outcome: 'done', share: 0.91 },
	{ outcome: 'missingDocuments', share: 0.06 },
	{ outcome: 'referred', share: 0.02 },
	{ outcome: 'refused', share: 0.01 }
];

type DeskPhase = 'closed' | 'idle' | 'busy' | 'paused' | 'gone';

/** One counter and the staff member at it, through the day. */
interface Desk {
	counter: CounterConfig;
	staff: string | null;
	phase: DeskPhase;
	/** The instant of the one wake-up planned while idle, null when none. */
	wakeAt: number | null;
	pauses: { at: number; reason: string; ms: number }[];
	parked: { ticket: string; backAt: number }[];
	lunchDone: boolean;
	/** When the staff member leaves: the counter closes as soon as it is free after that. */
	homeAt: number;
	evaluator: string | null;
}

/** What the simulation knows of a ticket's holder beyond the log. */
interface Visit {
	kiosk: string | null;
	/** Left the hall: does not answer a call. */
	gone: boolean;
	transferred: boolean;
	parked: boolean;
	/** Service time still to go after a park, else null (drawn at the start). */
	remainingMs: number | null;
}

class DaySimulation {
	private readonly index: HallIndex;
	private readonly state: HallDayState;
	private readonly events: HallEvent[] = [];
	private readonly random: () => number;
	private readonly agenda = new Agenda();
	private readonly visitors: FictitiousVisitors;
	private readonly desks: Desk[];
	private readonly desksOf = new Map<string, Desk[]>();
	private readonly visits = new Map<string, Visit>();
	private readonly kiosks: string[];
	private readonly transferTargets = new Map<string, string[]>();
	private readonly close: { at: number; reason: 'schedule' | 'midnight' };
	private lunch: { from: number; to: number } | null = null;
	private lastIssueEnd = 0;
	private requests = 0;

	constructor(
		private readonly config: HallConfig,
		private readonly day: string,
		private readonly weekday: number,
		seed: number
	) {
		this.index = indexHall(config);
		this.state = initialState(config.id, day);
		this.random = seededRandom(seed);
		this.visitors = new FictitiousVisitors(seededRandom(seed ^ 0x5bd1e995));
		this.close = closeDue(config, day);
		this.kiosks = config.devices.filter((d) => d.kind === 'kiosk').map((d) => d.id);
		const evaluators = new Map(config.devices.filter((d) => d.kind === 'evaluator' && d.counter).map((d) => [d.counter as string, d.id]));
		this.desks = config.counters.map((counter) => ({
			counter,
			staff: null,
			phase: 'closed',
			wakeAt: null,
			pauses: [],
			parked: [],
			lunchDone: false,
			homeAt: this.close.at,
			evaluator: evaluators.get(counter.id) ?? null
		}));
		for (const desk of this.desks) {
			for (const s of desk.counter.services) this.desksOf.set(s.service, [...(this.desksOf.get(s.service) ?? []), desk]);
			this.desksOf.set(pinnedQueue(desk.counter.id), [desk]);
		}
		for (const s of config.services) this.transferTargets.set(s.code, relatedServices(config, s, this.index));
	}

	run(): RealisticDay {
		const popularity = servicePopularity(this.config);
		const segments = issuingSegments(this.config, this.day, popularity);
		if (segments.length > 0) {
			const firstOpen = (segments[0] as (typeof segments)[number]).from;
			this.lastIssueEnd = this.instant(Math.max(...segments.map((s) => s.to)));
			this.lunch = this.lunchBreak();
			this.planDesks(firstOpen, new Set(segments.flatMap((s) => s.services.map((x) => x.code))));
			const volume = plannedVolume(this.config, this.weekday, this.random);
			for (const a of drawArrivals(segments, this.weekday, volume, this.random)) {
				const service = drawService(a.segment, this.random);
				this.agenda.at(this.instant(a.minute), (t) => this.arrive(service, t));
			}
		}
		this.agenda.runUntil(this.close.at);
		this.execute({ kind: 'closeDay', req: `@close:${this.day}`, reason: this.close.reason, by: null, note: null }, this.close.at);
		if (!this.state.closed) throw new Error(`the simulated day ${this.config.id}:${this.day} did not close`);
		return { key: { hall: this.config.id, day: this.day }, events: this.events, state: this.state, tickets: this.state.order.length };
	}

	// ---- planning ----

	private instant(minute: number): number {
		const whole = Math.floor(minute);
		return instantOf(this.day, whole, this.config.timeZone) + Math.round((minute - whole) * MINUTE);
	}

	private between(lo: number, hi: number): number {
		return lo + this.random() * (hi - lo);
	}

	/** The hall's own midday gap in its hours that day (issuing stops over lunch), if any. */
	private lunchBreak(): { from: number; to: number } | null {
		const ws = windowsOn(this.config, this.config.hours, this.day)
			.map((w) => [clockMinutes(w.from), clockMinutes(w.to)] as const)
			.sort((a, b) => a[0] - b[0]);
		for (let i = 0; i + 1 < ws.length; i++) {
			const end = (ws[i] as readonly [number, number])[1];
			const start = (ws[i + 1] as readonly [number, number])[0];
			if (start - end >= MIN_LUNCH_GAP_MINUTES && end >= 11 * 60 && end <= 13 * 60) return { from: this.instant(end), to: this.instant(start) };
		}
		return null;
	}

	/** Staffs the counters that serve a service issuing today (on a make-up Saturday, only those of its few services). */
	private planDesks(firstOpen: number, issuing: ReadonlySet<string>): void {
		const rota = staffRota(this.config, this.random);
		const dayEnd = Math.min(this.close.at, this.lastIssueEnd + 30 * MINUTE);
		for (const desk of this.desks) {
			const staff = rota.get(desk.counter.id);
			if (staff === undefined || !desk.counter.services.some((s) => issuing.has(s.service))) continue;
			desk.staff = staff;
			const late = this.random() < 0.08;
			const openAt = this.instant(late ? firstOpen + this.between(10, 45) : firstOpen - this.between(0, 8));
			desk.homeAt = this.random() < 0.04 ? this.lastIssueEnd - this.between(60, 120) * MINUTE : dayEnd - this.between(3, 25) * MINUTE;
			const count = this.random() < 0.6 ? 0 : this.random() < 0.75 ? 1 : 2;
			for (let i = 0; i < count; i++) {
				const kind = this.pick(PAUSES);
				const at = this.between(openAt + 30 * MINUTE, Math.max(openAt + 31 * MINUTE, desk.homeAt - 60 * MINUTE));
				desk.pauses.push({ at, reason: kind.reason, ms: this.between(kind.minutes[0], kind.minutes[1]) * MINUTE });
			}
			desk.pauses.sort((a, b) => a.at - b.at);
			this.agenda.at(openAt, (t) => this.open(desk, staff, t));
		}
	}

	private pick<T extends { share: number }>(list: readonly T[]): T {
		let r = this.random();
		for (const x of list) if ((r -= x.share) < 0) return x;
		return list[list.length - 1] as T;
	}

	// ---- the core ----

	private nextReq(): string {
		return `demo-${++this.requests}`;
	}

	/** Runs a command through decide and evolve; null when the core refused it (nothing appended). */
	private execute(cmd: Command, at: number): HallEvent[] | null {
		let out: HallEvent[];
		try {
			out = decide(this.index, this.state, cmd, at);
		} catch (err) {
			if (err instanceof DomainError) return null;
			throw err;
		}
		for (const e of out) {
			evolve(this.state, e);
			this.events.push(e);
		}
		for (const e of out) if (e.type === 'TicketIssued' || e.type === 'TicketTransferred' || e.type === 'TicketRequeued') this.wakeFor(e.ticket, at);
		return out;
	}

	private counterCmd(desk: Desk): { req: string; counter: string; staff: string } {
		return { req: this.nextReq(), counter: desk.counter.id, staff: desk.staff as string };
	}

	// ---- citizens ----

	private arrive(service: ServiceConfig, t: number): void {
		const withCard = service.requiresIdentity === true || this.random() < 0.1;
		const visitor = this.visitors.next(withCard, MEDIAN_PATIENCE_MINUTES);
		const kiosk = this.kiosks.length > 0 && this.random() < 0.97 ? (this.kiosks[Math.floor(this.random() * this.kiosks.length)] as string) : null;
		const out = this.execute({ kind: 'issue', req: this.nextReq(), service: service.code, priority: visitor.priority, kiosk, token: visitor.token, identity: visitor.identity }, t);
		const issued = out?.find((e) => e.type === 'TicketIssued');
		if (!issued) return;
		const ticket = issued.ticket;
		this.visits.set(ticket, { kiosk, gone: false, transferred: false, parked: false, remainingMs: null });
		if (this.random() < EARLY_CANCEL_SHARE) this.agenda.at(t + this.between(2, 12) * MINUTE, (at) => this.cancel(ticket, at));
		else this.agenda.at(t + visitor.patienceMs, (at) => this.giveUp(ticket, at));
	}

	private cancel(ticket: string, t: number): void {
		const visit = this.visits.get(ticket) as Visit;
		if (this.state.tickets[ticket]?.status !== 'waiting') return;
		if (visit.kiosk === null) visit.gone = true;
		else this.execute({ kind: 'cancel', req: this.nextReq(), ticket, by: visit.kiosk, onlyFromKiosk: visit.kiosk }, t);
	}

	private giveUp(ticket: string, t: number): void {
		if (this.state.tickets[ticket]?.status !== 'waiting') return;
		if (this.random() < CANCEL_WHEN_GIVING_UP) this.cancel(ticket, t);
		else (this.visits.get(ticket) as Visit).gone = true;
	}

	// ---- counters ----

	private wakeFor(ticket: string, at: number): void {
		const t = this.state.tickets[ticket];
		if (!t || t.status !== 'waiting') return;
		for (const desk of this.desksOf.get(t.pinnedCounter === null ? t.service : pinnedQueue(t.pinnedCounter)) ?? []) {
			if (desk.phase === 'idle') this.wake(desk, at + this.between(3, 20) * SECOND);
		}
	}

	/** Plans the idle desk to look again at `at` (keeps an earlier plan). */
	private wake(desk: Desk, when: number): void {
		// Up, not to the nearest: a desk woken for something due at 10.4 ms must find it due.
		const at = Math.ceil(when);
		if (desk.phase !== 'idle' || (desk.wakeAt !== null && desk.wakeAt <= at)) return;
		desk.wakeAt = at;
		this.agenda.at(at, (t) => {
			if (desk.wakeAt !== t) return;
			desk.wakeAt = null;
			this.next(desk, t);
		});
	}

	private idle(desk: Desk, at: number): void {
		desk.phase = 'idle';
		this.wake(desk, at);
	}

	private hasQueue(desk: Desk): boolean {
		if (waitingIn(this.state, pinnedQueue(desk.counter.id)).length > 0) return true;
		return desk.counter.services.some((s) => waitingIn(this.state, s.service).length > 0);
	}

	private open(desk: Desk, staff: string, t: number): void {
		if (!this.execute({ kind: 'openCounter', req: this.nextReq(), counter: desk.counter.id, staff }, t)) return;
		desk.staff = staff;
		this.idle(desk, t + this.between(5, 60) * SECOND);
	}

	/** An idle desk decides what it does now. */
	private next(desk: Desk, t: number): void {
		if (desk.phase !== 'idle') return;
		const work = this.hasQueue(desk) || desk.parked.length > 0;
		if (t >= desk.homeAt || (t >= this.lastIssueEnd && !work)) return this.leave(desk, t);
		const pause = desk.pauses[0];
		if (pause && pause.at <= t) {
			desk.pauses.shift();
			return this.pause(desk, pause.reason, t + pause.ms, t);
		}
		const lunch = this.lunch;
		if (lunch && !desk.lunchDone && t >= lunch.from && (t >= lunch.from + LUNCH_GRACE || !work)) return this.goToLunch(desk, lunch, t);
		const parked = desk.parked.find((p) => p.backAt <= t);
		if (parked) return this.callBack(desk, parked.ticket, t);
		if (this.hasQueue(desk)) {
			const called = this.execute({ kind: 'callNext', ...this.counterCmd(desk) }, t)?.find((e) => e.type === 'TicketCalled');
			if (called) return this.called(desk, called.ticket, t, false);
		}
		const due = [pause?.at, lunch && !desk.lunchDone ? lunch.from : undefined, ...desk.parked.map((p) => p.backAt), this.lastIssueEnd, desk.homeAt];
		const soonest = Math.min(...due.filter((x): x is number => x !== undefined && x > t));
		if (Number.isFinite(soonest)) this.wake(desk, soonest);
	}

	private leave(desk: Desk, t: number): void {
		const parked = desk.parked[0];
		if (parked) return this.callBack(desk, parked.ticket, t);
		if (this.execute({ kind: 'closeCounter', ...this.counterCmd(desk) }, t)) desk.phase = 'gone';
	}

	private pause(desk: Desk, reason: string, until: number, t: number): void {
		if (!this.execute({ kind: 'pauseCounter', ...this.counterCmd(desk), reason }, t)) return;
		desk.phase = 'paused';
		this.agenda.at(Math.min(until, desk.homeAt), (at) => {
			if (!this.execute({ kind: 'resumeCounter', ...this.counterCmd(desk) }, at)) return;
			desk.phase = 'idle';
			this.next(desk, at);
		});
	}

	/** A pause for lunch, or the counter closed and opened again after it (now and then by a colleague). */
	private goToLunch(desk: Desk, lunch: { from: number; to: number }, t: number): void {
		const parked = desk.parked[0];
		if (parked) return this.callBack(desk, parked.ticket, t);
		desk.lunchDone = true;
		const back = Math.max(t + 20 * MINUTE, lunch.to + this.between(-8, 6) * MINUTE);
		if (this.random() < 0.55) return this.pause(desk, 'break', back, t);
		if (!this.execute({ kind: 'closeCounter', ...this.counterCmd(desk) }, t)) return;
		desk.phase = 'closed';
		this.agenda.at(back, (at) => {
			if (at >= desk.homeAt) return void (desk.phase = 'gone');
			this.open(desk, this.random() < 0.75 ? (desk.staff as string) : this.colleague(desk), at);
		});
	}

	/** Another staff member allowed at this counter who works at none today; the same one when there is nobody. */
	private colleague(desk: Desk): string {
		const busy = new Set(this.desks.filter((d) => d !== desk && d.phase !== 'gone').map((d) => d.staff));
		const free = this.config.staff.filter((s) => s.role === 'staff' && s.counters.includes(desk.counter.id) && !busy.has(s.id) && s.id !== desk.staff);
		return free.length > 0 ? (free[Math.floor(this.random() * free.length)] as (typeof free)[number]).id : (desk.staff as string);
	}

	private callBack(desk: Desk, ticket: string, t: number): void {
		desk.parked = desk.parked.filter((p) => p.ticket !== ticket);
		if (this.execute({ kind: 'callBack', ...this.counterCmd(desk), ticket }, t)) this.called(desk, ticket, t, true);
		else this.next(desk, t);
	}

	/** The desk called `ticket`: its holder comes (maybe after a recall), or is marked a no-show. */
	private called(desk: Desk, ticket: string, t: number, calledBack: boolean): void {
		desk.phase = 'busy';
		const visit = this.visits.get(ticket) as Visit;
		if (calledBack || (!visit.gone && this.random() >= MISSED_CALL)) {
			let walk = this.between(15, 70) * SECOND;
			if (!calledBack && this.random() < 0.07) {
				this.agenda.at(t + 40 * SECOND, (at) => void this.execute({ kind: 'recall', ...this.counterCmd(desk) }, at));
				walk += 40 * SECOND;
			}
			this.agenda.at(t + walk, (at) => this.serve(desk, ticket, at));
			return;
		}
		const recalls = Math.min(desk.counter.maxRecalls, this.random() < 0.5 ? 1 : 2);
		for (let i = 1; i <= recalls; i++) this.agenda.at(t + i * 45 * SECOND, (at) => void this.execute({ kind: 'recall', ...this.counterCmd(desk) }, at));
		this.agenda.at(t + this.between(120, 170) * SECOND, (at) => {
			const requeues = this.state.tickets[ticket]?.requeues ?? 0;
			const requeue = requeues < (desk.counter.maxRequeues ?? DEFAULT_MAX_REQUEUES) && this.random() < REQUEUE_SHARE;
			if (requeue) visit.gone = this.random() < 0.4;
			this.execute({ kind: 'noShow', ...this.counterCmd(desk), requeue }, at);
			this.idle(desk, at + this.between(10, 30) * SECOND);
		});
	}

	/** The holder is at the counter: service starts (goes on, after a park) and ends in a finish, a transfer or a park. */
	private serve(desk: Desk, ticket: string, t: number): void {
		const visit = this.visits.get(ticket) as Visit;
		if (!this.execute({ kind: 'start', ...this.counterCmd(desk) }, t)) return this.idle(desk, t);
		const service = this.index.services.get(this.state.tickets[ticket]?.service ?? '') as ServiceConfig;
		const handle = visit.remainingMs ?? this.handleMs(service);
		visit.remainingMs = null;
		const targets = this.transferTargets.get(service.code) ?? [];
		const p = this.random();
		if (!visit.transferred && targets.length > 0 && p < TRANSFER_SHARE) {
			this.agenda.at(t + handle * this.between(0.25, 0.6), (at) => this.transfer(desk, ticket, targets, at));
		} else if (!visit.parked && p < TRANSFER_SHARE + PARK_SHARE && t + handle < desk.homeAt - 30 * MINUTE) {
			this.agenda.at(t + handle * 0.3, (at) => {
				if (!this.execute({ kind: 'park', ...this.counterCmd(desk) }, at)) return this.idle(desk, at);
				visit.parked = true;
				visit.remainingMs = handle * 0.7;
				desk.parked.push({ ticket, backAt: at + this.between(6, 20) * MINUTE });
				this.idle(desk, at + this.between(10, 30) * SECOND);
			});
		} else {
			this.agenda.at(t + handle, (at) => this.finish(desk, ticket, service, at));
		}
	}

	/** Service time: lognormal around the service's average handling time (its mean). */
	private handleMs(service: ServiceConfig): number {
		const u = Math.max(this.random(), 1e-12);
		const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random());
		const factor = Math.min(4, Math.exp(0.45 * z - 0.45 ** 2 / 2));
		return Math.max(MINUTE, service.avgHandleMinutes * factor * MINUTE);
	}

	private transfer(desk: Desk, ticket: string, targets: string[], t: number): void {
		const visit = this.visits.get(ticket) as Visit;
		const toService = targets[Math.floor(this.random() * targets.length)] as string;
		const open = (this.desksOf.get(toService) ?? []).filter((d) => d !== desk && (d.phase === 'idle' || d.phase === 'busy'));
		const toCounter = open.length > 0 && this.random() < 0.25 ? (open[Math.floor(this.random() * open.length)] as Desk).counter.id : null;
		visit.transferred = true;
		this.execute({ kind: 'transfer', ...this.counterCmd(desk), toService, toCounter }, t);
		this.idle(desk, t + this.between(15, 40) * SECOND);
	}

	private finish(desk: Desk, ticket: string, service: ServiceConfig, t: number): void {
		const outcome = this.pick(OUTCOMES).outcome;
		const done = this.execute({ kind: 'finish', ...this.counterCmd(desk), outcome }, t);
		const served = this.state.tickets[ticket];
		if (done && served && desk.evaluator !== null && this.random() < RATED_SHARE) {
			const waitedMinutes = ((served.calledAt ?? t) - served.queuedAt) / MINUTE;
			const choice = citizenRating({ waitedMinutes, targetWaitMinutes: service.targetWaitMinutes, outcome }, this.random);
			const device = desk.evaluator;
			this.agenda.at(t + this.between(8, 100) * SECOND, (at) => void this.execute({ kind: 'rate', req: this.nextReq(), ticket, counter: desk.counter.id, device, ...choice }, at));
		}
		this.idle(desk, t + this.between(10, 45) * SECOND);
	}
}

/** Where a transfer goes: another service of the same department, else of the same zone, that some counter serves. */
function relatedServices(config: HallConfig, service: ServiceConfig, index: HallIndex): string[] {
	const served = config.services.filter((s) => s.code !== service.code && index.countersOf.has(s.code));
	const department = served.filter((s) => s.department === service.department);
	return (department.length > 0 ? department : served.filter((s) => s.zone === service.zone)).map((s) => s.code);
}
