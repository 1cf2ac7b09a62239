/**
 * The end-of-day checks of the simulated day and the chaos run: what the clients were answered,
 * what every board holds and the hall's log, against each other. Pure: give it what was observed,
 * it returns every check with the violations it found (none = passed).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Keyring } from '../../server/app/keyring';
import { fold, initialState } from '../../server/core/evolve';
import type { StoredEvent } from '../../server/core/events';
import type { HallIndex } from '../../server/core/hall-index';
import { ageOn, greenByAge, identityRules } from '../../server/core/identity-rules';
import type { HallDayState, PriorityClass } from '../../server/core/model';
import { maskIdNumber } from '../../server/core/privacy';
import { counterView } from '../../server/core/views';
import type { CounterView } from '../../server/realtime/contract';
import { boardShows } from '../../server/realtime/handlers';
import { queueCounts } from '../../server/realtime/projections';
import { asStored } from '../../tests/support/as-stored';

/** An issue a kiosk was answered for. */
export interface IssueAck {
	requestId: string;
	ticket: string;
	service: string;
	/** The ID card read for it (as the agent sent it, in clear) and the green channel the visitor asked for. */
	card?: { idNumber: string; birthDate: string; asked: PriorityClass };
}

/** A call-next a counter was answered for. */
export interface CallAck {
	requestId: string;
	counter: string;
	ticket: string;
}

/** What a board ended with. */
export interface BoardObservation {
	device: string;
	/** seq → [ticket, counter] of every call it was given (live or by catch-up). */
	calls: Map<number, { ticket: string; counter: string }>;
	/** A call pushed twice on one connection. */
	liveDuplicates: number;
	/** Zone id → waiting count it shows. */
	zones: [string, number][];
	counters: Map<string, CounterView>;
}

export interface DayObservation {
	index: HallIndex;
	/** The keys the servers ran with (the ID-number hash of a card read). */
	keys: Keyring;
	day: string;
	events: StoredEvent[];
	/** The state the store loads (snapshot + tail). */
	loaded: HallDayState;
	issues: IssueAck[];
	/** Issue requests a kiosk gave up on (never answered): they may or may not be in the log. */
	abandonedIssues: string[];
	calls: CallAck[];
	boards: BoardObservation[];
	/** Every ID number read in clear at a kiosk during the run. */
	idNumbers: string[];
	/** The day ran to its end: every ticket must be finished or a no-show, every counter free. */
	dayOver: boolean;
}

export interface Check {
	name: string;
	violations: string[];
}

const MAX_LISTED = 10;

function check(name: string, violations: string[]): Check {
	const n = violations.length;
	return { name, violations: n > MAX_LISTED ? [...violations.slice(0, MAX_LISTED), `… and ${n - MAX_LISTED} more`] : violations };
}

export function checkDay(o: DayObservation): Check[] {
	const { index, events } = o;
	const checks: Check[] = [];
	const issuedEvents = events.filter((e) => e.type === 'TicketIssued');

	// The log: positions 1..n, and it replays to what the store loads.
	const seqGaps = events.flatMap((e, i) => (e.seq === i + 1 ? [] : [`event ${i + 1} has seq ${e.seq}`]));
	checks.push(check('log positions are 1..n', seqGaps));
	const replayed = fold(initialState(index.config.id, o.day), events);
	const replay: string[] = [];
	// Compared as values, not serialisations: key order means nothing (docs/decisions.md).
	if (!isDeepStrictEqual(asStored(replayed), asStored(o.loaded))) {
		replay.push(`replaying ${events.length} events differs from the loaded state (version ${replayed.version} vs ${o.loaded.version})`);
	}
	checks.push(check('log replay equals the loaded state', replay));

	// No acknowledged ticket lost. The log's `req` is "<actor>:<request id>".
	const requestOf = (req: string) => req.slice(req.indexOf(':') + 1);
	const byReq = new Map<string, StoredEvent[]>();
	for (const e of issuedEvents) byReq.set(requestOf(e.req), [...(byReq.get(requestOf(e.req)) ?? []), e]);
	const lost: string[] = [];
	for (const a of o.issues) {
		const logged = byReq.get(a.requestId)?.[0];
		if (!logged) lost.push(`${a.ticket} (${a.service}, request ${a.requestId}) was acknowledged but is not in the log`);
		else if (logged.type === 'TicketIssued' && (logged.ticket !== a.ticket || logged.service !== a.service)) {
			lost.push(`request ${a.requestId} was answered ${a.ticket} ${a.service}, the log has ${logged.ticket} ${logged.service}`);
		}
	}
	checks.push(check('no acknowledged ticket lost', lost));

	// None duplicated: one ticket per request, no ticket number twice, no ticket nobody was answered for.
	const dup: string[] = [];
	for (const [req, list] of byReq) if (list.length > 1) dup.push(`request ${req} issued ${list.length} tickets`);
	const seen = new Set<string>();
	for (const e of issuedEvents) {
		if (seen.has(e.ticket)) dup.push(`ticket ${e.ticket} issued twice`);
		seen.add(e.ticket);
	}
	const answered = new Map<string, string>();
	for (const a of o.issues) {
		const other = answered.get(a.ticket);
		if (other !== undefined && other !== a.requestId) dup.push(`${a.ticket} was answered to requests ${other} and ${a.requestId}`);
		answered.set(a.ticket, a.requestId);
	}
	const abandoned = new Set(o.abandonedIssues);
	for (const e of issuedEvents) {
		if (!answered.has(e.ticket) && !abandoned.has(requestOf(e.req))) dup.push(`${e.ticket} (request ${e.req}) is in the log but no kiosk was answered for it`);
	}
	checks.push(check('no ticket duplicated', dup));

	// Numbers per prefix exactly 1..n, in log order.
	const serials = new Map<string, number[]>();
	for (const e of issuedEvents) serials.set(e.prefix, [...(serials.get(e.prefix) ?? []), e.serial]);
	const numbering: string[] = [];
	for (const [prefix, list] of serials) {
		const bad = list.findIndex((s, i) => s !== i + 1);
		if (bad >= 0) numbering.push(`prefix ${prefix}: number ${bad + 1} of ${list.length} is ${list[bad]}`);
	}
	checks.push(check('numbers per prefix exactly 1..n', numbering));

	// None called twice; every answered call is the log's call of that ticket at that counter.
	const calledEvents = events.filter((e) => e.type === 'TicketCalled');
	const callOf = new Map<string, StoredEvent & { type: 'TicketCalled' }>();
	const twice: string[] = [];
	for (const e of calledEvents) {
		if (callOf.has(e.ticket)) twice.push(`${e.ticket} called at ${callOf.get(e.ticket)?.counter} (seq ${callOf.get(e.ticket)?.seq}) and at ${e.counter} (seq ${e.seq})`);
		else callOf.set(e.ticket, e);
	}
	const answeredCall = new Map<string, CallAck>();
	for (const a of o.calls) {
		const before = answeredCall.get(a.ticket);
		if (before && before.requestId !== a.requestId) twice.push(`${a.ticket} was answered to call-next ${before.requestId} at ${before.counter} and ${a.requestId} at ${a.counter}`);
		answeredCall.set(a.ticket, a);
		const logged = callOf.get(a.ticket);
		if (!logged) twice.push(`${a.ticket}: call-next at ${a.counter} was answered but the log has no call`);
		else if (logged.counter !== a.counter || requestOf(logged.req) !== a.requestId) {
			twice.push(`${a.ticket}: answered to call-next ${a.requestId} at ${a.counter}, the log calls it at ${logged.counter} for ${logged.req}`);
		}
	}
	checks.push(check('no ticket called twice; every answered call is in the log', twice));

	// First in, first out within a service and priority group: when a ticket is called next, no
	// ticket of its service and group issued before it still waits.
	const fifo: string[] = [];
	const waiting = new Map<string, string[]>(); // group → waiting tickets in issue order
	const groupOf = (service: string, priority: string) => `${service}/${priority === 'none' ? 'ordinary' : 'priority'}`;
	const groupByTicket = new Map<string, string>();
	for (const e of events) {
		if (e.type === 'TicketIssued') {
			const g = groupOf(e.service, e.priority);
			groupByTicket.set(e.ticket, g);
			waiting.set(g, [...(waiting.get(g) ?? []), e.ticket]);
		} else if (e.type === 'TicketCalled' || e.type === 'TicketCancelled') {
			const g = groupByTicket.get(e.ticket);
			const list = g ? waiting.get(g) : undefined;
			const at = list?.indexOf(e.ticket) ?? -1;
			if (!list || at < 0) continue; // called again or unknown: reported above
			if (e.type === 'TicketCalled' && e.reason === null && at > 0) fifo.push(`${e.ticket} called at seq ${e.seq} while ${list.slice(0, at).join(', ')} of ${g} waited since before it`);
			list.splice(at, 1);
		}
	}
	checks.push(check('first in, first out within service and priority', fifo));

	checks.push(check('ID cards: the hash of the card read, green channel by age, one active ticket per person and service, daily cap', identityProblems(o, byReq)));
	checks.push(check('no ID number in clear in the log', clearIdNumbers(o)));

	// The day's end: every ticket finished or a no-show, no counter holding one.
	if (o.dayOver) {
		const open: string[] = [];
		for (const t of Object.values(replayed.tickets)) if (t.status !== 'done' && t.status !== 'noShow') open.push(`${t.id} ends ${t.status}`);
		for (const c of Object.values(replayed.counters)) if (c.current) open.push(`counter ${c.id} still holds ${c.current}`);
		checks.push(check('every ticket finished or no-show', open));
	}

	// Every board equals the server: the calls of the log it shows, its counts and counter views.
	const boardProblems: string[] = [];
	const counts = queueCounts(index, replayed);
	const callEvents = events.filter((e) => e.type === 'TicketCalled' || e.type === 'TicketRecalled');
	for (const b of o.boards) {
		const device = index.config.devices.find((d) => d.id === b.device);
		if (!device) {
			boardProblems.push(`no device ${b.device}`);
			continue;
		}
		const expected = callEvents.filter((e) => boardShows(device, { zone: index.counters.get(e.counter)?.zone ?? '', counter: e.counter } as never));
		const expectedSeqs = new Set(expected.map((e) => e.seq));
		const missing = expected.filter((e) => !b.calls.has(e.seq)).map((e) => e.seq);
		const extra = [...b.calls.keys()].filter((s) => !expectedSeqs.has(s));
		if (missing.length) boardProblems.push(`board ${b.device} misses ${missing.length} of ${expected.length} calls (seq ${missing.slice(0, 5).join(', ')}…)`);
		if (extra.length) boardProblems.push(`board ${b.device} shows ${extra.length} calls it should not (seq ${extra.slice(0, 5).join(', ')})`);
		for (const e of expected) {
			const shown = b.calls.get(e.seq);
			if (shown && (shown.ticket !== e.ticket || shown.counter !== e.counter)) boardProblems.push(`board ${b.device} shows seq ${e.seq} as ${shown.ticket} at ${shown.counter}, the log ${e.ticket} at ${e.counter}`);
		}
		if (b.liveDuplicates > 0) boardProblems.push(`board ${b.device} was pushed ${b.liveDuplicates} calls twice on one connection`);
		const want = index.config.zones.map((z) => [z.id, counts.zones[z.id] ?? 0] as [string, number]);
		if (JSON.stringify(b.zones) !== JSON.stringify(want)) boardProblems.push(`board ${b.device} shows waiting ${JSON.stringify(b.zones)}, the server ${JSON.stringify(want)}`);
		if (device.kind === 'display' && device.board === 'counter' && device.counter) {
			const view = counterView(index, replayed, device.counter);
			if (!isDeepStrictEqual(asStored(b.counters.get(device.counter) ?? null), asStored(view))) boardProblems.push(`board ${b.device} shows counter ${device.counter} differently from the server`);
		}
	}
	checks.push(check('every board equals the server', boardProblems));
	return checks;
}

/**
 * The identity rules, from the log: a service that requires an ID card issued only with one; an
 * answered card ticket carries the keyed hash and masked form of the card read and the green channel
 * its holder's age gives; a person never holds two active tickets of one service, nor more than the
 * daily cap.
 */
function identityProblems(o: DayObservation, byReq: Map<string, StoredEvent[]>): string[] {
	const hall = o.index.config;
	const rules = identityRules(hall);
	const problems: string[] = [];
	for (const a of o.issues) {
		const logged = byReq.get(a.requestId)?.[0];
		if (!a.card || logged?.type !== 'TicketIssued') continue;
		const { idNumber, birthDate, asked } = a.card;
		if (logged.identityHash !== o.keys.idNumberHash(hall.id, o.day, idNumber) || logged.identityMasked !== maskIdNumber(idNumber.toUpperCase())) {
			problems.push(`${logged.ticket} (request ${a.requestId}) does not carry the hash and masked number of the card read`);
		}
		const expected = asked !== 'none' ? asked : greenByAge(rules, ageOn(birthDate, o.day)) ? 'elderly' : 'none';
		if (logged.priority !== expected) problems.push(`${logged.ticket}: priority ${logged.priority}, the card holder (born ${birthDate}, asked ${asked}) should have ${expected}`);
	}
	const active = new Map<string, string>(); // person/service → ticket
	const keyOf = new Map<string, string>(); // ticket → person/service
	const perPerson = new Map<string, number>();
	for (const e of o.events) {
		if (e.type === 'TicketIssued') {
			if (!e.identityHash) {
				if (o.index.services.get(e.service)?.requiresIdentity) problems.push(`${e.ticket} of ${e.service} (requires an ID card) was issued without one`);
				continue;
			}
			const key = `${e.identityHash}/${e.service}`;
			const held = active.get(key);
			if (held) problems.push(`${e.ticket} issued to a person who holds ${held} of ${e.service}`);
			active.set(key, e.ticket);
			keyOf.set(e.ticket, key);
			const n = (perPerson.get(e.identityHash) ?? 0) + 1;
			perPerson.set(e.identityHash, n);
			if (n > rules.dailyCap) problems.push(`${e.ticket} is ticket ${n} of one person today, above the cap of ${rules.dailyCap}`);
		} else if (e.type === 'TicketFinished' || e.type === 'TicketNoShow' || e.type === 'TicketCancelled') {
			const key = keyOf.get(e.ticket);
			if (key && active.get(key) === e.ticket) active.delete(key);
		}
	}
	return problems;
}

/** Every event of the log, searched for each ID number read in clear (the log keeps keyed hashes and masked forms). */
function clearIdNumbers(o: DayObservation): string[] {
	const clear = new Set(o.idNumbers.map((n) => n.trim().toUpperCase()));
	const lengths = [...new Set([...clear].map((n) => n.length))];
	const leaks: string[] = [];
	for (const e of o.events) {
		const found = (JSON.stringify(e).toUpperCase().match(/[0-9A-Z]{15,}/g) ?? []).flatMap((run) =>
			lengths.flatMap((len) => Array.from({ length: Math.max(0, run.length - len + 1) }, (_, i) => run.slice(i, i + len)).filter((s) => clear.has(s)))
		);
		// Reported masked: the report must not spread it either.
		if (found.length > 0) leaks.push(`event ${e.seq} (${e.type}) holds ${found.map(maskIdNumber).join(', ')} in clear`);
	}
	return leaks;
}

export const violationCount = (checks: Check[]) => checks.reduce((n, c) => n + c.violations.length, 0);

/** The checks as table rows: name, and "passed" or the violations. */
export function checkRows(checks: Check[]): string[][] {
	return checks.map((c) => [c.name, c.violations.length === 0 ? 'passed' : `FAILED: ${c.violations.join('; ')}`]);
}
