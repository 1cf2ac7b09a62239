/**
 * Report rows by hand: the test hall (zone za: S1, S2 at C1, C2; zone zb: S3 at C3) on two days,
 * rollups built so every sum below is worked out in the comments.
 */
import { describe, expect, it } from 'vitest';
import { emptySums } from '../../../server/core/serving-sums';
import { indexHall } from '../../../server/core/hall-index';
import { NOT_CALLED, reportRows, reportTotal, type HallPeriodFacts } from '../../../server/core/report-rows';
import { waitBins } from '../../../server/core/report-charts';
import type { DailyRollup } from '../../../server/core/facts';
import { counterSession, histogram } from '../../fixtures/archive-facts';
import { testHall } from '../../support/test-hall';

const index = indexHall(testHall());
const D1 = { hall: 'test', day: '2026-11-03' };
const D2 = { hall: 'test', day: '2026-11-04' };
const HOUR = 3_600_000;

function rollup(key: typeof D1, service: string, counter: string, staff: string, served: number, issued: number): DailyRollup {
	return { ...emptySums(), hall: key.hall, day: key.day, service, counter, staff, servings: issued, issued, served, called: counter ? issued : 0, unserved: counter ? 0 : issued };
}

const facts: HallPeriodFacts = {
	index,
	rollups: [
		rollup(D1, 'S1', 'C1', 'u1', 5, 6), // za
		rollup(D1, 'S2', 'C1', 'u1', 2, 2), // za
		rollup(D1, 'S3', 'C3', 'u3', 4, 4), // zb
		rollup(D2, 'S1', 'C2', 'u2', 3, 3), // za
		rollup(D2, 'S1', '', '', 0, 2) // never called
	],
	sessions: [
		counterSession(D1, 'C1', 1, { staff: 'u1', to: counterSession(D1, 'C1', 1).from + 2 * HOUR, busyMs: HOUR }),
		counterSession(D1, 'C3', 1, { staff: 'u3', to: counterSession(D1, 'C3', 1).from + 4 * HOUR, busyMs: HOUR }),
		counterSession(D2, 'C2', 1, { staff: 'u2', to: counterSession(D2, 'C2', 1).from + HOUR, busyMs: HOUR / 2 }),
		counterSession(D2, 'C2', 2, { staff: 'u2', kind: 'paused', reason: '午休', to: counterSession(D2, 'C2', 2).from + HOUR / 2, busyMs: 0 })
	],
	cases: [],
	asOf: '2026-12-06'
};
const NOW = Date.UTC(2026, 11, 6);

describe('report rows', () => {
	it('by zone: a serving in its service’s zone, counter time of the zone’s counters', () => {
		const rows = reportRows([facts], 'zone', {}, NOW);
		// za: 5 + 2 + 3 served, 6 + 2 + 3 + 2 issued (the never-called S1 is za's too); zb: 4 and 4.
		expect(rows.map((r) => [r.key, r.label.zh, r.sums.served, r.sums.issued])).toEqual([
			['za', '社会事务区', 10, 13],
			['zb', '税务服务区', 4, 4]
		]);
		// za's counters: C1 open 2 h (busy 1 h) and C2 open 1 h (busy ½ h), paused ½ h: 10 served in 3 open hours.
		expect(rows[0]?.time).toMatchObject({ openMs: 3 * HOUR, busyMs: 1.5 * HOUR, pausedMs: { 午休: HOUR / 2 }, idleShare: 0.5, openDays: 2 });
		expect(rows[0]?.time?.servedPerOpenHour).toBeCloseTo(10 / 3, 12);
		expect(rows[1]?.time).toMatchObject({ openMs: 4 * HOUR, idleShare: 0.75, servedPerOpenHour: 1 });
	});

	it('by counter in counter order, the never-called servings last as their own row, adding up to the total', () => {
		const rows = reportRows([facts], 'counter', {}, NOW);
		expect(rows.map((r) => [r.key, r.sums.served, r.sums.issued])).toEqual([
			['C1', 7, 8],
			['C2', 3, 3],
			['C3', 4, 4],
			['', 0, 2]
		]);
		expect(rows[3]?.label).toEqual(NOT_CALLED);
		const total = reportTotal([facts], {}, NOW, { zh: '合计', en: 'Total' });
		expect(total.sums.issued).toBe(rows.reduce((n, r) => n + r.sums.issued, 0));
		expect(total.sums.served).toBe(14);
		expect(total.time?.openMs).toBe(7 * HOUR);
	});

	it('by service has no counter time; a filter limits rows, sessions and total alike', () => {
		const services = reportRows([facts], 'service', {}, NOW);
		// S1: 5 + 3 served; S3: 4; S2: 2 — most served first.
		expect(services.map((r) => [r.key, r.sums.served, r.time])).toEqual([
			['S1', 8, null],
			['S3', 4, null],
			['S2', 2, null]
		]);
		const staffOfC1 = reportRows([facts], 'staff', { counter: 'C1' }, NOW);
		expect(staffOfC1.map((r) => [r.key, r.label.zh, r.sums.served, r.time?.openMs])).toEqual([['u1', '王晓明', 7, 2 * HOUR]]);
		const days = reportRows([facts], 'day', { zone: 'za' }, NOW);
		expect(days.map((r) => [r.key, r.sums.served, r.time?.openMs])).toEqual([
			['2026-11-03', 7, 2 * HOUR],
			['2026-11-04', 3, HOUR]
		]);
		expect(reportTotal([facts], { service: 'S1' }, NOW, { zh: '合计', en: 'Total' })).toMatchObject({ time: null, followUps: null });
	});

	it('bins the one-minute wait histogram exactly at whole-minute edges', () => {
		const sums = { ...emptySums(), waitHistogram: histogram({ 0: 1, 4: 2, 5: 3, 19: 1, 20: 1, 119: 1, 120: 2, 240: 5 }) };
		expect(waitBins(sums).map((b) => [b.fromMinutes, b.toMinutes, b.count])).toEqual([
			[0, 5, 3],
			[5, 10, 3],
			[10, 15, 0],
			[15, 20, 1],
			[20, 30, 1],
			[30, 45, 0],
			[45, 60, 0],
			[60, 90, 0],
			[90, 120, 1],
			[120, null, 7]
		]);
	});
});
