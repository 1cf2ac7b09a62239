/**
 * The realistic hall-day generator of `npm run demo:history` (scripts/history/realistic-day.ts) on the
 * sample halls: deterministic per seed, a valid log, the volumes and the shape of a day, every ticket
 * ended at close, the everyday mishaps present, nothing personal in clear.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHallConfig } from '../../server/config/load';
import { localTime } from '../../server/core/clock';
import { evolve, initialState } from '../../server/core/evolve';
import type { HallEvent } from '../../server/core/events';
import type { HallConfig } from '../../server/core/model';
import { isBadRating } from '../../server/core/rating';
import { weekdayOf } from '../../server/core/working-days';
import { historyDays } from '../../scripts/history/history-days';
import { realisticDay } from '../../scripts/history/realistic-day';

const hall = (file: string): HallConfig => parseHallConfig(JSON.parse(readFileSync(`config/${file}.json`, 'utf8')), file);
const city = hall('city-hall');
const county = hall('county-hall');
const township = hall('township');

const MONDAY = '2026-03-02';
const WEDNESDAY = '2026-03-04';
const cityMonday = realisticDay(city, MONDAY);
const cityWednesday = realisticDay(city, WEDNESDAY);

const count = (events: HallEvent[], type: HallEvent['type']) => events.filter((e) => e.type === type).length;
const issuedInHour = (events: HallEvent[], hour: number) =>
	events.filter((e) => e.type === 'TicketIssued' && Math.floor(localTime(e.at, 'Asia/Shanghai').minutes / 60) === hour).length;

describe('realisticDay', () => {
	it('is deterministic for a hall, day and seed, and another seed gives another day', () => {
		const township1 = realisticDay(township, WEDNESDAY, 42);
		expect(realisticDay(township, WEDNESDAY, 42).events).toEqual(township1.events);
		expect(realisticDay(township, WEDNESDAY, 43).events).not.toEqual(township1.events);
		expect(realisticDay(city, MONDAY).events).toEqual(cityMonday.events);
	});

	it('makes a log that folds without error, in time order, closed by the day-close event', () => {
		for (const day of [cityMonday, realisticDay(county, MONDAY), realisticDay(township, MONDAY)]) {
			const state = initialState(day.key.hall, day.key.day);
			for (const e of day.events) evolve(state, e);
			expect(state).toEqual(day.state);
			expect(day.events.every((e, i) => i === 0 || e.at >= (day.events[i - 1] as HallEvent).at)).toBe(true);
			expect(day.events.every((e) => Number.isInteger(e.at))).toBe(true);
			const last = day.events[day.events.length - 1];
			expect(last).toMatchObject({ type: 'DayClosed', reason: 'schedule', req: `@close:${day.key.day}` });
			// 17:30 plus the default 30 minutes of grace.
			expect(localTime((last as HallEvent).at, 'Asia/Shanghai').minutes).toBe(18 * 60);
		}
	});

	it('issues volumes that fit the hall: city 1,500–2,500, county a few hundred, township under a hundred', () => {
		expect(weekdayOf(MONDAY)).toBe(1);
		expect(weekdayOf(WEDNESDAY)).toBe(3);
		for (const d of [cityMonday, cityWednesday]) {
			expect(d.tickets).toBeGreaterThanOrEqual(1500);
			expect(d.tickets).toBeLessThanOrEqual(2500);
		}
		const countyDay = realisticDay(county, WEDNESDAY);
		expect(countyDay.tickets).toBeGreaterThanOrEqual(200);
		expect(countyDay.tickets).toBeLessThanOrEqual(600);
		const townshipDay = realisticDay(township, WEDNESDAY);
		expect(townshipDay.tickets).toBeGreaterThan(20);
		expect(townshipDay.tickets).toBeLessThan(100);
	});

	it('has a morning peak above the lunch hour and the afternoon, and a Monday busier than a Wednesday', () => {
		for (const d of [cityMonday, cityWednesday]) {
			const peak = issuedInHour(d.events, 9);
			expect(peak).toBeGreaterThan(issuedInHour(d.events, 12));
			expect(peak).toBeGreaterThan(issuedInHour(d.events, 15));
			expect(issuedInHour(d.events, 15)).toBeGreaterThan(issuedInHour(d.events, 13));
		}
		expect(cityMonday.tickets).toBeGreaterThan(cityWednesday.tickets * 1.15);
		const friday = realisticDay(city, '2026-03-06');
		expect(issuedInHour(friday.events, 15)).toBeLessThan(issuedInHour(cityWednesday.events, 15));
	});

	it('draws a few services for most tickets', () => {
		const perService = new Map<string, number>();
		for (const t of Object.values(cityWednesday.state.tickets)) perService.set(t.issuedService, (perService.get(t.issuedService) ?? 0) + 1);
		const sorted = [...perService.values()].sort((a, b) => b - a);
		const topFifth = sorted.slice(0, Math.ceil(city.services.length / 5)).reduce((n, x) => n + x, 0);
		expect(topFifth / cityWednesday.tickets).toBeGreaterThan(0.55);
	});

	it('ends every ticket at close: served, no-show, cancelled or unserved', () => {
		for (const d of [cityMonday, cityWednesday]) {
			expect(d.state.closed).not.toBeNull();
			for (const t of Object.values(d.state.tickets)) expect(['done', 'noShow', 'cancelled', 'unserved']).toContain(t.status);
			expect(Object.values(d.state.counters).every((c) => c.status === 'closed')).toBe(true);
		}
	});

	it('has the everyday mishaps: bad ratings, no-shows (a few re-queued), transfers, parks, pauses, cancels', () => {
		const e = cityMonday.events;
		const ratings = e.filter((x) => x.type === 'TicketRated');
		const finished = count(e, 'TicketFinished');
		expect(ratings.length).toBeGreaterThan(finished * 0.6);
		const bad = ratings.filter((r) => isBadRating(r.overall));
		expect(bad.length).toBeGreaterThan(0);
		expect(bad.length).toBeLessThan(ratings.length * 0.03);
		expect(bad.every((r) => r.reasons.length > 0)).toBe(true);
		expect(ratings.filter((r) => r.overall >= 4).length).toBeGreaterThan(ratings.length * 0.85);
		expect(count(e, 'TicketNoShow')).toBeGreaterThan(0);
		expect(count(e, 'TicketRequeued')).toBeGreaterThan(0);
		expect(count(e, 'TicketRequeued')).toBeLessThan(count(e, 'TicketNoShow'));
		expect(count(e, 'TicketTransferred')).toBeGreaterThan(0);
		expect(count(e, 'TicketParked')).toBeGreaterThan(0);
		expect(count(e, 'TicketCancelled')).toBeGreaterThan(0);
		const reasons = new Set(e.flatMap((x) => (x.type === 'CounterPaused' ? [x.reason] : [])));
		expect(reasons.has('break')).toBe(true);
		expect([...reasons].every((r) => ['break', 'meeting', 'system'].includes(r) || r.startsWith('other: '))).toBe(true);
	});

	it('signs staff in only where the hall file allows them, one counter each at a time', () => {
		const allowed = new Map(city.staff.map((s) => [s.id, s.counters]));
		const at = new Map<string, string>();
		for (const e of cityMonday.events) {
			if (e.type === 'CounterOpened') {
				expect(allowed.get(e.staff)).toContain(e.counter);
				expect(at.has(e.staff)).toBe(false);
				at.set(e.staff, e.counter);
			}
			if (e.type === 'CounterClosed') for (const [staff, counter] of at) if (counter === e.counter) at.delete(staff);
		}
	});

	it('holds no clear ID number or name: identities are hashes and masked forms (张*)', () => {
		const text = JSON.stringify(cityMonday.events);
		expect(text).not.toMatch(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/);
		const identified = Object.values(cityMonday.state.tickets).filter((t) => t.identityHash !== null);
		expect(identified.length).toBeGreaterThan(100);
		for (const t of identified) {
			expect(t.identityHash).toMatch(/^[0-9a-f]{64}$/);
			expect(t.identityMasked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
			expect(t.holderMasked).toMatch(/^\p{Script=Han}{1,2}\*{1,2}$/u);
		}
		const needsCard = new Set(city.services.filter((s) => s.requiresIdentity).map((s) => s.code));
		for (const t of Object.values(cityMonday.state.tickets)) if (needsCard.has(t.issuedService)) expect(t.identityHash).not.toBeNull();
	});

	it('fills working days only: no weekend, no public holiday of the hall calendar', () => {
		// 2026-05-01 (Friday) and 05-04, 05-05 are holidays; Saturday 05-09 is a make-up workday.
		const days = historyDays(city, '2026-05-12', 14);
		expect(days).toEqual(['2026-04-28', '2026-04-29', '2026-04-30', '2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09', '2026-05-11']);
	});
});
