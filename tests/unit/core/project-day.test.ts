/**
 * projectDay on a hand-made day of the test hall (target wait 20 minutes for every service). Every
 * expected figure below is worked out by hand from the events, in minutes after 08:00.
 */
import { describe, expect, it } from 'vitest';
import type { HallEvent } from '../../../server/core/events';
import { HISTOGRAM_BUCKETS, HOURS_OF_DAY } from '../../../server/core/facts';
import { projectDay } from '../../../server/core/project-day';
import { testHall } from '../../support/test-hall';

const DAY = '2026-03-02';
const T0 = Date.parse('2026-03-02T00:00:00Z'); // 08:00 in Asia/Shanghai
const at = (minute: number) => T0 + minute * 60_000;
const min = (n: number) => n * 60_000;

function issued(minute: number, ticket: string, service: string, kiosk: string | null): HallEvent {
	return {
		type: 'TicketIssued',
		at: at(minute),
		req: `r-${ticket}`,
		ticket,
		prefix: ticket.slice(0, 1),
		serial: Number(ticket.slice(1)),
		service,
		priority: 'none',
		kiosk,
		token: `tok-${ticket}`,
		identityHash: null,
		identityMasked: null,
		holderMasked: null
	};
}
const ev = (minute: number, e: Record<string, unknown>) => ({ at: at(minute), req: `r${minute}-${String(e.type)}`, ...e }) as HallEvent;
const called = (m: number, ticket: string, counter: string, staff: string) => ev(m, { type: 'TicketCalled', ticket, counter, staff, reason: null });
const rated = (m: number, ticket: string, counter: string, staff: string, overall: number) =>
	ev(m, { type: 'TicketRated', ticket, counter, staff, device: 'E1', overall, efficiency: overall, level: overall, attitude: overall, reasons: overall <= 2 ? ['slow'] : [], comment: '' });

const LOG: HallEvent[] = [
	ev(0, { type: 'CounterOpened', counter: 'C1', staff: 'u1' }),
	ev(0, { type: 'CounterOpened', counter: 'C2', staff: 'u2' }),
	ev(0, { type: 'CounterOpened', counter: 'C3', staff: 'u3' }),
	issued(0, 'A001', 'S1', 'K1'),
	issued(1, 'A002', 'S1', 'K1'),
	issued(5, 'B001', 'S2', null),
	called(10, 'A001', 'C1', 'u1'),
	ev(11, { type: 'TicketRecalled', ticket: 'A001', counter: 'C1' }),
	ev(12, { type: 'ServiceStarted', ticket: 'A001', counter: 'C1' }),
	ev(20, { type: 'TicketFinished', ticket: 'A001', counter: 'C1', outcome: 'done' }),
	rated(21, 'A001', 'C1', 'u1', 5),
	ev(21, { type: 'CounterPaused', counter: 'C1', reason: 'break' }),
	ev(24, { type: 'CounterResumed', counter: 'C1' }),
	called(25, 'A002', 'C1', 'u1'),
	ev(27, { type: 'TicketNoShow', ticket: 'A002', counter: 'C1' }),
	ev(27, { type: 'TicketRequeued', ticket: 'A002', counter: 'C1' }),
	issued(30, 'A003', 'S1', 'K1'),
	issued(31, 'A004', 'S1', 'K1'),
	ev(33, { type: 'TicketCancelled', ticket: 'A004', by: 'citizen' }),
	issued(35, 'C001', 'S3', 'K1'),
	called(40, 'A002', 'C2', 'u2'),
	ev(41, { type: 'ServiceStarted', ticket: 'A002', counter: 'C2' }),
	ev(42, { type: 'CounterClosed', counter: 'C2' }),
	ev(45, { type: 'TicketTransferred', ticket: 'A002', fromCounter: 'C2', toService: 'S3', toCounter: null }),
	called(50, 'A002', 'C3', 'u3'),
	ev(51, { type: 'ServiceStarted', ticket: 'A002', counter: 'C3' }),
	ev(53, { type: 'TicketParked', ticket: 'A002', counter: 'C3', staff: 'u3' }),
	called(55, 'A003', 'C1', 'u1'),
	ev(56, { type: 'ServiceStarted', ticket: 'A003', counter: 'C1' }),
	ev(60, { type: 'TicketCalledBack', ticket: 'A002', counter: 'C3', staff: 'u3' }),
	ev(61, { type: 'ServiceStarted', ticket: 'A002', counter: 'C3' }),
	ev(70, { type: 'TicketFinished', ticket: 'A002', counter: 'C3', outcome: 'done' }),
	rated(71, 'A002', 'C3', 'u3', 2),
	called(75, 'C001', 'C3', 'u3'),
	ev(80, { type: 'DayClosed', reason: 'manual', by: 'sup', note: 'power cut' })
];

function hours(counts: Record<number, number>): number[] {
	const h = new Array<number>(HOURS_OF_DAY).fill(0);
	for (const [i, c] of Object.entries(counts)) h[Number(i)] = c;
	return h;
}

function histogramWith(...minutes: number[]): number[] {
	const h = new Array<number>(HISTOGRAM_BUCKETS).fill(0);
	for (const m of minutes) h[m] = (h[m] ?? 0) + 1;
	return h;
}

describe('projectDay', () => {
	const facts = projectDay(testHall(), DAY, LOG);
	const ticket = (id: string) => facts.tickets.find((t) => t.ticket === id) ?? expect.fail(`no fact for ${id}`);

	it('gives one fact per ticket in issue order, each with the outcome it ended with', () => {
		expect(facts.tickets.map((t) => [t.ticket, t.outcome])).toEqual([
			['A001', 'served'],
			['A002', 'served'],
			['B001', 'unserved'],
			['A003', 'closedInService'],
			['A004', 'cancelled'],
			['C001', 'unserved']
		]);
		expect(ticket('B001').channel).toBe('staff');
		expect(ticket('A001').channel).toBe('kiosk');
	});

	it('a plain ticket: wait to its call, service from start to finish, its recall and rating', () => {
		const t = ticket('A001');
		expect(t).toMatchObject({ waitMs: min(10), serviceMs: min(8), withinTarget: true, recalls: 1, counter: 'C1', staff: 'u1', finishOutcome: 'done', zone: 'za', department: 'd1' });
		expect(t.rating).toMatchObject({ overall: 5, counter: 'C1', staff: 'u1', at: at(21) });
	});

	it('a re-queued no-show waits to its last call; a transfer starts a serving; parked time is not service time', () => {
		const t = ticket('A002');
		expect(t.servings).toEqual([
			{ n: 1, service: 'S1', arrivedBy: 'issue', queuedAt: at(1), calledAt: at(40), startedAt: at(41), endedAt: at(45), counter: 'C2', staff: 'u2', recalls: 0, outcome: 'transferred', waitMs: min(39), serviceMs: min(4), withinTarget: false },
			// Started 51, parked 53 (2 minutes), called back 60, started 61, finished 70 (9 minutes).
			{ n: 2, service: 'S3', arrivedBy: 'transfer', queuedAt: at(45), calledAt: at(50), startedAt: at(51), endedAt: at(70), counter: 'C3', staff: 'u3', recalls: 0, outcome: 'served', waitMs: min(5), serviceMs: min(11), withinTarget: true }
		]);
		expect(t).toMatchObject({ issuedService: 'S1', service: 'S3', transfers: 1, requeues: 1, firstCalledAt: at(40), waitMs: min(39), serviceMs: min(15), withinTarget: false, counter: 'C3', startedAt: at(51), finishedAt: at(70) });
	});

	it('the close: being served → closedInService (service up to the close), waiting or called → unserved', () => {
		expect(ticket('A003')).toMatchObject({ waitMs: min(25), serviceMs: min(24), finishedAt: at(80), finishOutcome: null });
		expect(ticket('B001')).toMatchObject({ waitMs: null, serviceMs: null, finishedAt: at(80), counter: null });
		expect(ticket('C001')).toMatchObject({ waitMs: min(40), withinTarget: false, serviceMs: null, counter: 'C3' });
		expect(ticket('A004')).toMatchObject({ waitMs: null, finishedAt: at(33) });
	});

	it('counter sessions: open and paused intervals, all ended by the close, with their busy minutes', () => {
		// Busy = a citizen called or in service at the counter. C1: A001 10–20; then A002 25–27 (no-show),
		// A003 55–80 (the close). C2: A002 40 until the counter closed at 42 (the transfer at 45 is after
		// the session). C3: A002 50–53 (parked), called back 60–70, C001 75–80.
		expect(facts.sessions.map((s) => [s.counter, s.n, s.kind, s.staff, s.reason, (s.from - T0) / 60_000, s.to === null ? null : (s.to - T0) / 60_000, s.busyMs / 60_000])).toEqual([
			['C1', 1, 'open', 'u1', null, 0, 21, 10],
			['C2', 1, 'open', 'u2', null, 0, 42, 2],
			['C3', 1, 'open', 'u3', null, 0, 80, 3 + 10 + 5],
			['C1', 2, 'paused', 'u1', 'break', 21, 24, 0],
			['C1', 3, 'open', 'u1', null, 24, 80, 2 + 25]
		]);
	});

	it('rollups per service × counter × staff, worked out by hand', () => {
		// Hours are local (Asia/Shanghai): minute 0–59 is hour 8, minute 60–119 hour 9. A001 and A002
		// are rated 5 and 2 in every dimension. B001 waited 75 minutes uncalled (target 20): past target;
		// A004 was cancelled after 2 minutes: not.
		const base = { hall: 'test', day: DAY, issued: 0, uncalledPastTarget: 0, ratingLevels: [0, 0, 0, 0, 0], efficiencySum: 0, levelSum: 0, attitudeSum: 0, arrivalsByHour: hours({}), servedByHour: hours({}), called: 0, served: 0, noShow: 0, cancelled: 0, unserved: 0, closedInService: 0, transferredOut: 0, withinTarget: 0, waitCount: 0, waitSumMs: 0, waitMaxMs: 0, serviceCount: 0, serviceSumMs: 0, serviceMaxMs: 0, waitHistogram: histogramWith(), serviceHistogram: histogramWith(), rated: 0, ratingSum: 0, good: 0, bad: 0 };
		expect(facts.rollups).toEqual([
			{ ...base, service: 'S1', counter: '', staff: '', servings: 1, issued: 1, arrivalsByHour: hours({ 8: 1 }), cancelled: 1 },
			{
				...base,
				service: 'S1',
				counter: 'C1',
				staff: 'u1',
				servings: 2,
				issued: 2,
				arrivalsByHour: hours({ 8: 2 }),
				servedByHour: hours({ 8: 1 }),
				called: 2,
				served: 1,
				closedInService: 1,
				withinTarget: 1,
				waitCount: 2,
				waitSumMs: min(35),
				waitMaxMs: min(25),
				waitHistogram: histogramWith(10, 25),
				serviceCount: 2,
				serviceSumMs: min(32),
				serviceMaxMs: min(24),
				serviceHistogram: histogramWith(8, 24),
				rated: 1,
				ratingSum: 5,
				good: 1,
				ratingLevels: [0, 0, 0, 0, 1],
				efficiencySum: 5,
				levelSum: 5,
				attitudeSum: 5
			},
			{ ...base, service: 'S1', counter: 'C2', staff: 'u2', servings: 1, issued: 1, arrivalsByHour: hours({ 8: 1 }), called: 1, transferredOut: 1, waitCount: 1, waitSumMs: min(39), waitMaxMs: min(39), waitHistogram: histogramWith(39), serviceCount: 1, serviceSumMs: min(4), serviceMaxMs: min(4), serviceHistogram: histogramWith(4) },
			{ ...base, service: 'S2', counter: '', staff: '', servings: 1, issued: 1, arrivalsByHour: hours({ 8: 1 }), uncalledPastTarget: 1, unserved: 1 },
			{
				...base,
				service: 'S3',
				counter: 'C3',
				staff: 'u3',
				// A002 came by transfer (not issued here), served at minute 70 (hour 9); C001 was issued at 35.
				servings: 2,
				issued: 1,
				arrivalsByHour: hours({ 8: 1 }),
				servedByHour: hours({ 9: 1 }),
				called: 2,
				served: 1,
				unserved: 1,
				withinTarget: 1,
				waitCount: 2,
				waitSumMs: min(45),
				waitMaxMs: min(40),
				waitHistogram: histogramWith(5, 40),
				serviceCount: 1,
				serviceSumMs: min(11),
				serviceMaxMs: min(11),
				serviceHistogram: histogramWith(11),
				rated: 1,
				ratingSum: 2,
				bad: 1,
				ratingLevels: [0, 1, 0, 0, 0],
				efficiencySum: 2,
				levelSum: 2,
				attitudeSum: 2
			}
		]);
	});

	it('today before the close: open tickets and sessions have no end, and nothing is counted as ended', () => {
		const live = projectDay(testHall(), DAY, LOG.slice(0, -1));
		expect(live.tickets.map((t) => t.outcome)).toEqual(['served', 'served', null, null, 'cancelled', null]);
		expect(live.sessions.filter((s) => s.to === null).map((s) => s.counter)).toEqual(['C3', 'C1']);
		expect(live.rollups.reduce((n, r) => n + r.unserved + r.closedInService, 0)).toBe(0);
	});

	it('a reactivated no-show goes on in its serving: wait to the reactivation, no no-show left', () => {
		const day = projectDay(testHall(), DAY, [
			ev(0, { type: 'CounterOpened', counter: 'C1', staff: 'u1' }),
			issued(0, 'A001', 'S1', 'K1'),
			called(3, 'A001', 'C1', 'u1'),
			ev(5, { type: 'TicketNoShow', ticket: 'A001', counter: 'C1' }),
			ev(9, { type: 'TicketReactivated', ticket: 'A001', counter: 'C1', staff: 'u1' }),
			ev(10, { type: 'ServiceStarted', ticket: 'A001', counter: 'C1' }),
			ev(16, { type: 'TicketFinished', ticket: 'A001', counter: 'C1', outcome: 'missingDocuments' })
		]);
		expect(day.tickets[0]).toMatchObject({ outcome: 'served', finishOutcome: 'missingDocuments', waitMs: min(9), serviceMs: min(6), requeues: 0 });
		expect(day.rollups[0]).toMatchObject({ servings: 1, served: 1, noShow: 0 });
	});
});
