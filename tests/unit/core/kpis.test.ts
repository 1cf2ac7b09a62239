/**
 * Every KPI of server/core/kpis.ts on a hand-made day of the test hall (target wait 20 minutes for
 * every service), worked out by hand from the events in minutes after 08:00 (Shanghai): a recall,
 * a ticket transferred and served across two counters, a no-show re-queued and called again, a
 * plain no-show, a cancellation, a ticket unserved at the close and one in service at the close, a
 * pause for a meeting. Then a property over busy days: the rollup-based figures equal the figures
 * computed straight from the ticket facts' servings (percentiles within the one-minute bucket).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HISTOGRAM_BUCKETS, type DailyRollup, type DayFacts } from '../../../server/core/facts';
import type { HallEvent } from '../../../server/core/events';
import type { FollowUpCase } from '../../../server/core/follow-up';
import { followUpCounts, followUpState, servingKpis, timeKpis } from '../../../server/core/kpis';
import { projectDay } from '../../../server/core/project-day';
import { addSums, emptySums } from '../../../server/core/serving-sums';
import { buildBusyDay, busyHall } from '../../fixtures/busy-day';
import { testHall } from '../../support/test-hall';

const DAY = '2026-03-02';
const T0 = Date.parse('2026-03-02T00:00:00Z'); // 08:00 in Asia/Shanghai
const at = (minute: number) => T0 + minute * 60_000;
const MIN = 60_000;

function issued(minute: number, ticket: string, service: string): HallEvent {
	return { type: 'TicketIssued', at: at(minute), req: `r-${ticket}`, ticket, prefix: ticket.slice(0, 1), serial: Number(ticket.slice(1)), service, priority: 'none', kiosk: 'K1', token: `tok-${ticket}`, identityHash: null, identityMasked: null, holderMasked: null };
}
const ev = (minute: number, e: Record<string, unknown>) => ({ at: at(minute), req: `r${minute}-${String(e.type)}-${String(e.ticket ?? e.counter)}`, ...e }) as HallEvent;
const called = (m: number, ticket: string, counter: string, staff: string) => ev(m, { type: 'TicketCalled', ticket, counter, staff, reason: null });
const rated = (m: number, ticket: string, counter: string, staff: string, overall: number) =>
	ev(m, { type: 'TicketRated', ticket, counter, staff, device: 'E1', overall, efficiency: overall, level: overall, attitude: overall, reasons: overall <= 2 ? ['slow'] : [], comment: '' });

const LOG: HallEvent[] = [
	ev(0, { type: 'CounterOpened', counter: 'C1', staff: 'u1' }),
	ev(0, { type: 'CounterOpened', counter: 'C2', staff: 'u2' }),
	issued(0, 'A001', 'S1'),
	issued(1, 'A002', 'S1'),
	issued(2, 'A003', 'S1'),
	issued(3, 'A004', 'S1'),
	// A001: called at 5 (wait 5), recalled, served 7–15, 非常满意.
	called(5, 'A001', 'C1', 'u1'),
	ev(6, { type: 'TicketRecalled', ticket: 'A001', counter: 'C1' }),
	ev(7, { type: 'ServiceStarted', ticket: 'A001', counter: 'C1' }),
	// A002 at C2: wait 7, served 9–14, then transferred to S2 and served at C1 16–25 (wait 2), 满意.
	called(8, 'A002', 'C2', 'u2'),
	ev(9, { type: 'ServiceStarted', ticket: 'A002', counter: 'C2' }),
	issued(10, 'B001', 'S2'),
	// B001 cancelled after 2 minutes: neither within nor past its target.
	ev(12, { type: 'TicketCancelled', ticket: 'B001', by: 'citizen' }),
	ev(14, { type: 'TicketTransferred', ticket: 'A002', fromCounter: 'C2', toService: 'S2', toCounter: null }),
	ev(15, { type: 'TicketFinished', ticket: 'A001', counter: 'C1', outcome: 'done' }),
	rated(15, 'A001', 'C1', 'u1', 5),
	called(16, 'A002', 'C1', 'u1'),
	ev(17, { type: 'ServiceStarted', ticket: 'A002', counter: 'C1' }),
	// B002 is never called: unserved at the close, after waiting past its target.
	issued(20, 'B002', 'S2'),
	ev(20, { type: 'CounterPaused', counter: 'C2', reason: 'meeting' }),
	ev(25, { type: 'TicketFinished', ticket: 'A002', counter: 'C1', outcome: 'done' }),
	rated(26, 'A002', 'C1', 'u1', 4),
	ev(30, { type: 'CounterResumed', counter: 'C2' }),
	// A003: called at 30, no-show, re-queued, called again at 40: its wait is 38 (the last call); served 41–50, 非常不满意.
	called(30, 'A003', 'C2', 'u2'),
	ev(32, { type: 'TicketNoShow', ticket: 'A003', counter: 'C2' }),
	ev(32, { type: 'TicketRequeued', ticket: 'A003', counter: 'C2' }),
	called(40, 'A003', 'C2', 'u2'),
	ev(41, { type: 'ServiceStarted', ticket: 'A003', counter: 'C2' }),
	// A004: called at 45 (wait 42), did not come: a no-show.
	called(45, 'A004', 'C1', 'u1'),
	ev(47, { type: 'TicketNoShow', ticket: 'A004', counter: 'C1' }),
	ev(50, { type: 'TicketFinished', ticket: 'A003', counter: 'C2', outcome: 'done' }),
	rated(51, 'A003', 'C2', 'u2', 1),
	// A005: called at 90 (wait 30), in service from 92 when the day closes at 120.
	issued(60, 'A005', 'S1'),
	called(90, 'A005', 'C1', 'u1'),
	ev(92, { type: 'ServiceStarted', ticket: 'A005', counter: 'C1' }),
	ev(120, { type: 'DayClosed', reason: 'supervisor', by: 'sup', note: 'test' })
];

function sumOf(rollups: readonly DailyRollup[]) {
	return rollups.reduce((into, r) => addSums(into, r), emptySums());
}

describe('KPIs of a hand-made day', () => {
	const facts: DayFacts = projectDay(testHall('test'), DAY, LOG);
	const end = at(120);

	it('counts tickets and servings by how they ended', () => {
		const k = servingKpis(sumOf(facts.rollups));
		// A001–A005, B001, B002; A002's transfer adds a serving.
		expect(k).toMatchObject({ issued: 7, servings: 8, called: 6, served: 3, noShow: 1, cancelled: 1, unserved: 1, closedInService: 1, transfers: 1 });
	});

	it('waits: the last call from the queue, mean of the called servings, median and P90 from the histogram', () => {
		const k = servingKpis(sumOf(facts.rollups));
		// Waits of the called servings: A001 5, A002 7 then 2, A003 38, A004 42, A005 30.
		expect(k.waitMeanMs).toBeCloseTo((124 / 6) * MIN, 6);
		// Sorted 2, 5, 7, 30, 38, 42: the median is the 3rd (7 min, reported as its bucket's end 8), P90 the 6th (42 → 43).
		expect(k.waitMedianMs).toBe(8 * MIN);
		expect(k.waitP90Ms).toBe(43 * MIN);
		expect(k.waitMaxMs).toBe(42 * MIN);
		// Within 20 minutes: A001, both of A002's; of 6 called + B002 left uncalled past its target.
		expect(k.withinTargetShare).toBeCloseTo(3 / 7, 12);
	});

	it('service time: the in-service intervals, with the one cut by the close', () => {
		const k = servingKpis(sumOf(facts.rollups));
		// A001 8, A002 5 and 8, A003 9, A005 28 (92 → the close at 120); A004 never started.
		expect(k.serviceMeanMs).toBeCloseTo((58 / 5) * MIN, 6);
		// Sorted 5, 8, 8, 9, 28: median the 3rd (8 → 9), P90 the 5th (28 → 29).
		expect(k.serviceMedianMs).toBe(9 * MIN);
		expect(k.serviceP90Ms).toBe(29 * MIN);
	});

	it('ratings: rate per served, satisfaction, levels, the three dimensions', () => {
		const k = servingKpis(sumOf(facts.rollups));
		expect(k).toMatchObject({ rated: 3, ratingRate: 1, ratingLevels: [1, 0, 0, 1, 1], bad: 1 });
		expect(k.satisfaction).toBeCloseTo(2 / 3, 12);
		expect(k.ratingMean).toBeCloseTo(10 / 3, 12);
		expect(k.efficiencyMean).toBeCloseTo(10 / 3, 12);
		expect(k.attitudeMean).toBeCloseTo(10 / 3, 12);
	});

	it('a ticket served across two counters counts where each serving ended', () => {
		const c1 = servingKpis(sumOf(facts.rollups.filter((r) => r.counter === 'C1')));
		const c2 = servingKpis(sumOf(facts.rollups.filter((r) => r.counter === 'C2')));
		// C1: A001, A002 (after the transfer), A004, A005; the rating of A002 is C1's.
		expect(c1).toMatchObject({ servings: 4, served: 2, noShow: 1, closedInService: 1, transfers: 0, rated: 2, satisfaction: 1 });
		// C2: A002 until its transfer, A003.
		expect(c2).toMatchObject({ servings: 2, issued: 2, served: 1, transfers: 1, rated: 1, satisfaction: 0 });
		// The never-called row (B001, B002) has neither counter nor staff.
		expect(servingKpis(sumOf(facts.rollups.filter((r) => r.counter === '')))).toMatchObject({ servings: 2, cancelled: 1, unserved: 1 });
	});

	it('counter time: open hours, pauses by reason, idle share, served per open hour', () => {
		const c1 = timeKpis(facts.sessions.filter((s) => s.counter === 'C1'), 2, end);
		// Open 0–120; busy while a citizen is called or in service: 5–15, 16–25, 45–47, 90–120 = 51 minutes.
		expect(c1).toMatchObject({ openDays: 1, openMs: 120 * MIN, pausedMs: {}, busyMs: 51 * MIN, servedPerOpenHour: 1 });
		expect(c1.idleShare).toBeCloseTo(1 - 51 / 120, 12);
		const c2 = timeKpis(facts.sessions.filter((s) => s.counter === 'C2'), 1, end);
		// Open 0–20 and 30–120, paused 20–30 for a meeting; busy 8–14, 30–32, 40–50 = 18 minutes.
		expect(c2).toMatchObject({ openMs: 110 * MIN, pausedMs: { meeting: 10 * MIN }, busyMs: 18 * MIN });
		expect(c2.servedPerOpenHour).toBeCloseTo(1 / (110 / 60), 12);
	});
});

describe('follow-up states', () => {
	const base: FollowUpCase = { id: '2026-03-02-A003', hall: 'test', day: '2026-03-02', ticket: 'A003', counter: 'C2', staff: 'u2', overall: 1, reasons: ['slow'], comment: '', ratedAt: at(51), due: '2026-03-23', status: 'open', history: [] };
	const put = (utc: string): FollowUpCase => ({ ...base, status: 'rectified', history: [{ at: Date.parse(utc), by: 'sup', status: 'rectified', note: '' }] });

	it('on time, late, open and overdue, by the hall-local day', () => {
		expect(followUpState(base, '2026-03-23', 'Asia/Shanghai')).toBe('open');
		expect(followUpState(base, '2026-03-24', 'Asia/Shanghai')).toBe('overdue');
		// 23 March 23:30 in Shanghai is 15:30 UTC: on the due day.
		expect(followUpState(put('2026-03-23T15:30:00Z'), '2026-04-01', 'Asia/Shanghai')).toBe('onTime');
		// 16:30 UTC is already 24 March in Shanghai: late, although still the 23rd in UTC.
		expect(followUpState(put('2026-03-23T16:30:00Z'), '2026-04-01', 'Asia/Shanghai')).toBe('late');
		expect(followUpCounts([base, put('2026-03-23T15:30:00Z'), put('2026-03-23T16:30:00Z')], '2026-03-24', 'Asia/Shanghai')).toEqual({ onTime: 1, late: 1, open: 0, overdue: 1 });
	});
});

describe('rollup-based figures equal fact-based figures', () => {
	const LAST_BUCKET_MS = (HISTOGRAM_BUCKETS - 1) * MIN;
	/** Nearest-rank percentile of exact durations. */
	const exact = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil(p * values.length) - 1)] ?? null;

	it('on busy days of any seed: counts, means exactly; medians and P90 never below the exact value and less than a minute above', () => {
		const hall = busyHall();
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 40, max: 160 }), (seed, tickets) => {
				const day = buildBusyDay(hall, '2026-03-03', tickets, seed);
				const closed = [...day.events, { type: 'DayClosed', at: (day.events.at(-1)?.at ?? 0) + 1, req: 'close', reason: 'supervisor', by: 'sup', note: '' } as HallEvent];
				const facts = projectDay(hall, day.key.day, closed);
				const k = servingKpis(sumOf(facts.rollups));
				const servings = facts.tickets.flatMap((t) => t.servings);
				const waits = servings.flatMap((s) => (s.waitMs === null ? [] : [s.waitMs]));
				const services = servings.flatMap((s) => (s.serviceMs === null ? [] : [s.serviceMs]));
				expect(k.issued).toBe(facts.tickets.length);
				expect(k.servings).toBe(servings.length);
				expect(k.served).toBe(servings.filter((s) => s.outcome === 'served').length);
				expect(k.noShow).toBe(servings.filter((s) => s.outcome === 'noShow').length);
				expect(k.transfers).toBe(servings.filter((s) => s.outcome === 'transferred').length);
				expect(k.called).toBe(waits.length);
				expect(k.rated).toBe(facts.tickets.filter((t) => t.rating !== null).length);
				if (waits.length > 0) expect(k.waitMeanMs).toBeCloseTo(waits.reduce((a, b) => a + b, 0) / waits.length, 3);
				for (const [figure, values, p] of [[k.waitMedianMs, waits, 0.5], [k.waitP90Ms, waits, 0.9], [k.serviceMedianMs, services, 0.5], [k.serviceP90Ms, services, 0.9]] as const) {
					const e = exact([...values], p);
					if (e === null) continue;
					expect(figure).not.toBeNull();
					// The last bucket holds everything from 240 minutes on: "at least 240 minutes".
					if (e >= LAST_BUCKET_MS) {
						expect(figure).toBe(LAST_BUCKET_MS);
						continue;
					}
					expect(figure ?? 0).toBeGreaterThanOrEqual(e);
					expect(figure ?? 0).toBeLessThanOrEqual(e + MIN);
				}
			}),
			{ numRuns: 25 }
		);
	});
});
