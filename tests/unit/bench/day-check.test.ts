/**
 * The chaos run's checker must be able to fail: a small correct day passes every check, and each
 * planted violation (lost acknowledgement, duplicate number, ticket called twice, out-of-order
 * call, replay mismatch, a board missing a call, a ticket left waiting, an ID card ticket without
 * its holder's hash or green channel, an ID number in clear in the log) fails the check meant to
 * catch it, and only that one.
 */
import { describe, expect, it } from 'vitest';
import { fictitiousCard, seededRandom } from '../../../cardreader/simulator/identities';
import { checkDay, violationCount, type BoardObservation, type DayObservation } from '../../../bench/support/day-check';
import { Keyring } from '../../../server/app/keyring';
import { DEMO_KEYS } from '../../../server/config/demo-values';
import { fold, initialState } from '../../../server/core/evolve';
import type { HallEvent, StoredEvent } from '../../../server/core/events';
import { indexHall } from '../../../server/core/hall-index';
import { maskIdNumber } from '../../../server/core/privacy';
import { testHall } from '../../support/test-hall';

const hall = testHall();
/** The bench's servers run on the demo keys. */
const keys = new Keyring(DEMO_KEYS);
// S3 (prefix C, counter C3) issues only after an ID card read.
hall.services = hall.services.map((s) => (s.code === 'S3' ? { ...s, requiresIdentity: true } : s));
const index = indexHall(hall);
const DAY = '2025-03-12';
/** A fictitious holder of 75 on DAY: the green channel by age. */
const CARD = fictitiousCard('resident', seededRandom(7), { birthDate: '1950-01-01', name: '测试一' });

const issued = (ticket: string, serial: number, req: string, service = 'S1', prefix = 'A'): HallEvent => ({
	type: 'TicketIssued',
	at: 1000 + serial,
	req: `K1:${req}`,
	ticket,
	prefix,
	serial,
	service,
	priority: 'none',
	kiosk: 'K1',
	token: `tok-${ticket}-${serial}`,
	identityHash: null,
	identityMasked: null,
	holderMasked: null
});
const called = (ticket: string, counter: string, req: string): HallEvent => ({ type: 'TicketCalled', at: 2000, req: `u1:${req}`, ticket, counter, staff: 'u1', reason: null });
const started = (ticket: string, counter: string): HallEvent => ({ type: 'ServiceStarted', at: 3000, req: 'u1:s', ticket, counter });
const finished = (ticket: string, counter: string): HallEvent => ({ type: 'TicketFinished', at: 4000, req: 'u1:f', ticket, counter, outcome: 'done' });
const noShow = (ticket: string, counter: string): HallEvent => ({ type: 'TicketNoShow', at: 4000, req: 'u1:n', ticket, counter });

function stored(events: HallEvent[]): StoredEvent[] {
	return events.map((e, i) => ({ ...e, seq: i + 1 }));
}

/** A correct day: two tickets of S1, the first served at C1, the second a no-show; one hall board. */
function goodDay(): DayObservation {
	const events = stored([
		{ type: 'CounterOpened', at: 500, req: 'u1:o', counter: 'C1', staff: 'u1' },
		issued('A001', 1, 'r1'),
		issued('A002', 2, 'r2'),
		called('A001', 'C1', 'c1'),
		started('A001', 'C1'),
		finished('A001', 'C1'),
		called('A002', 'C1', 'c2'),
		noShow('A002', 'C1')
	]);
	return {
		index,
		keys,
		day: DAY,
		events,
		loaded: fold(initialState(hall.id, DAY), events),
		issues: [
			{ requestId: 'r1', ticket: 'A001', service: 'S1' },
			{ requestId: 'r2', ticket: 'A002', service: 'S1' }
		],
		abandonedIssues: [],
		calls: [
			{ requestId: 'c1', counter: 'C1', ticket: 'A001' },
			{ requestId: 'c2', counter: 'C1', ticket: 'A002' }
		],
		boards: [board(events)],
		idNumbers: [],
		dayOver: true
	};
}

/** The correct day, and a ticket of S3 taken with an ID card by a holder of green-channel age, served at C3. */
function cardDay(): DayObservation {
	const o = goodDay();
	const events = o.events.map(({ seq: _seq, ...e }) => e as HallEvent);
	events.push(
		{ type: 'CounterOpened', at: 500, req: 'u3:o', counter: 'C3', staff: 'u3' },
		{
			...(issued('C001', 1, 'r3', 'S3', 'C') as Extract<HallEvent, { type: 'TicketIssued' }>),
			priority: 'elderly',
			identityHash: keys.idNumberHash(hall.id, DAY, CARD.idNumber),
			identityMasked: maskIdNumber(CARD.idNumber),
			holderMasked: '测**'
		},
		{ type: 'TicketCalled', at: 2000, req: 'u3:c3', ticket: 'C001', counter: 'C3', staff: 'u3', reason: null },
		started('C001', 'C3'),
		finished('C001', 'C3')
	);
	const planted = withEvents(o, events);
	planted.issues.push({ requestId: 'r3', ticket: 'C001', service: 'S3', card: { idNumber: CARD.idNumber, birthDate: CARD.birthDate, asked: 'none' } });
	planted.calls.push({ requestId: 'c3', counter: 'C3', ticket: 'C001' });
	planted.idNumbers = [CARD.idNumber];
	return planted;
}

/** The card day with its ticket's issue event changed. */
function withCardTicket(change: Partial<Extract<HallEvent, { type: 'TicketIssued' }>>): DayObservation {
	const o = cardDay();
	const events = o.events.map(({ seq: _seq, ...e }) => (e.type === 'TicketIssued' && e.ticket === 'C001' ? { ...e, ...change } : e) as HallEvent);
	return withEvents(o, events);
}

function board(events: StoredEvent[]): BoardObservation {
	const calls = new Map(events.flatMap((e) => (e.type === 'TicketCalled' ? [[e.seq, { ticket: e.ticket, counter: e.counter }] as const] : [])));
	return { device: 'hall', calls, liveDuplicates: 0, zones: [['za', 0], ['zb', 0]], counters: new Map() };
}

/** The names of the checks that found violations. */
function failing(o: DayObservation): string[] {
	return checkDay(o)
		.filter((c) => c.violations.length > 0)
		.map((c) => c.name);
}

/** Rebuilds the observation around a changed log (loaded state and board follow it). */
function withEvents(o: DayObservation, events: HallEvent[]): DayObservation {
	const s = stored(events);
	return { ...o, events: s, loaded: fold(initialState(hall.id, DAY), s), boards: [board(s)] };
}

describe('the day checker', () => {
	it('passes a correct day', () => {
		const checks = checkDay(goodDay());
		expect(checks.map((c) => c.name)).toContain('every board equals the server');
		expect(checks.every((c) => c.violations.length === 0)).toBe(true);
		expect(violationCount(checks)).toBe(0);
	});

	it('finds an acknowledged ticket missing from the log', () => {
		const o = goodDay();
		o.issues.push({ requestId: 'r3', ticket: 'A003', service: 'S1' });
		expect(failing(o)).toEqual(['no acknowledged ticket lost']);
	});

	it('finds a duplicate number', () => {
		const o = goodDay();
		const events = o.events.map(({ seq: _seq, ...e }) => e as HallEvent);
		// The second ticket gets number 1 again.
		events[2] = { ...(events[2] as Extract<HallEvent, { type: 'TicketIssued' }>), serial: 1 };
		expect(failing(withEvents(o, events))).toEqual(['numbers per prefix exactly 1..n']);
	});

	it('finds one request answered with two tickets', () => {
		const o = goodDay();
		const events = o.events.map(({ seq: _seq, ...e }) => e as HallEvent);
		events.splice(3, 0, issued('A003', 3, 'r2'));
		events.push(called('A003', 'C1', 'c3'), noShow('A003', 'C1'));
		o.calls.push({ requestId: 'c3', counter: 'C1', ticket: 'A003' });
		expect(failing(withEvents(o, events))).toEqual(['no ticket duplicated']);
	});

	it('finds a ticket called twice', () => {
		const o = goodDay();
		const events = o.events.map(({ seq: _seq, ...e }) => e as HallEvent);
		events.push(called('A001', 'C2', 'c3'), noShow('A001', 'C2'));
		o.calls.push({ requestId: 'c3', counter: 'C2', ticket: 'A001' });
		expect(failing(withEvents(o, events))).toEqual(['no ticket called twice; every answered call is in the log']);
	});

	it('finds a call answered to a counter but missing from the log', () => {
		const o = goodDay();
		o.calls[1] = { requestId: 'c2', counter: 'C2', ticket: 'A002' };
		expect(failing(o)).toEqual(['no ticket called twice; every answered call is in the log']);
	});

	it('finds a ticket called before an older one of its service and priority', () => {
		const o = goodDay();
		const events = [
			o.events[0],
			o.events[1],
			o.events[2],
			called('A002', 'C1', 'c2'),
			noShow('A002', 'C1'),
			called('A001', 'C1', 'c1'),
			started('A001', 'C1'),
			finished('A001', 'C1')
		].map((e) => {
			const { seq: _seq, ...rest } = e as StoredEvent;
			return rest as HallEvent;
		});
		expect(failing(withEvents(o, events))).toEqual(['first in, first out within service and priority']);
	});

	it('finds a log that does not replay to the loaded state', () => {
		const o = goodDay();
		o.loaded = fold(initialState(hall.id, DAY), o.events.slice(0, -1));
		expect(failing(o)).toEqual(['log replay equals the loaded state']);
	});

	it('finds a board that missed a call, and one that shows a wrong waiting count', () => {
		const o = goodDay();
		const b = o.boards[0]!;
		b.calls.delete(4);
		o.boards.push({ ...board(o.events), zones: [['za', 1], ['zb', 0]] });
		const checks = checkDay(o);
		expect(failing(o)).toEqual(['every board equals the server']);
		expect(checks.find((c) => c.name === 'every board equals the server')?.violations).toHaveLength(2);
	});

	it('passes a day with a ticket taken with an ID card', () => {
		const o = cardDay();
		expect(o.events.some((e) => e.type === 'TicketIssued' && e.identityHash !== null)).toBe(true);
		expect(failing(o)).toEqual([]);
	});

	it('finds an ID number in clear in the log', () => {
		expect(failing(withCardTicket({ holderMasked: `测** ${CARD.idNumber}` }))).toEqual(['no ID number in clear in the log']);
		// Lower case, inside a longer run of letters and digits: still found.
		expect(failing(withCardTicket({ token: `x${CARD.idNumber.toLowerCase()}0` }))).toEqual(['no ID number in clear in the log']);
	});

	it('finds a card ticket without its holder\'s hash, or without the green channel the age gives', () => {
		const name = 'ID cards: the hash of the card read, green channel by age, one active ticket per person and service, daily cap';
		expect(failing(withCardTicket({ identityHash: keys.idNumberHash(hall.id, DAY, '110101199001011237') }))).toEqual([name]);
		expect(failing(withCardTicket({ priority: 'none' }))).toEqual([name]);
	});

	it('finds a ticket of a service that requires an ID card issued without one', () => {
		const o = withCardTicket({ identityHash: null, identityMasked: null, holderMasked: null });
		o.issues = o.issues.map((a) => (a.card ? { requestId: a.requestId, ticket: a.ticket, service: a.service } : a));
		expect(failing(o)).toEqual(['ID cards: the hash of the card read, green channel by age, one active ticket per person and service, daily cap']);
	});

	it('finds a ticket left waiting at the end of the day', () => {
		const o = goodDay();
		const events = o.events.map(({ seq: _seq, ...e }) => e as HallEvent);
		events.push(issued('A003', 3, 'r3'));
		o.issues.push({ requestId: 'r3', ticket: 'A003', service: 'S1' });
		const planted = withEvents(o, events);
		planted.boards = [{ ...board(planted.events), zones: [['za', 1], ['zb', 0]] }];
		expect(failing(planted)).toEqual(['every ticket finished or no-show']);
	});
});
