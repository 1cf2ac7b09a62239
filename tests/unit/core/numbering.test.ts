import { describe, expect, it } from 'vitest';
import { ticketNumber } from '../../../server/core/ticket-number';
import { initialState } from '../../../server/core/evolve';
import { hallDayId, hallDayOf } from '../../../server/core/hall-day';
import { localTime } from '../../../server/core/clock';
import { HALL_ID, MINUTE, SVC, T0, TZ, cmd, makeHall, newDay, run, ticketOf } from '../../fixtures/core/hall';

describe('ticket numbers', () => {
	it('are zero-padded per prefix: A001, A002, B001, C001, D001', () => {
		const d = newDay();
		expect(d.issue(SVC.bizReg)).toBe('A001');
		expect(d.issue(SVC.bizReg)).toBe('A002');
		expect(d.issue(SVC.tax)).toBe('B001');
		expect(d.issue(SVC.realEstate)).toBe('C001');
		expect(d.issue(SVC.social)).toBe('D001');
		expect(d.issue(SVC.tax)).toBe('B002');
		const a2 = ticketOf(d.state, 'A002');
		expect(a2).toMatchObject({ prefix: 'A', serial: 2, service: SVC.bizReg, status: 'waiting' });
		expect(d.state.lastNumber).toEqual({ A: 2, B: 2, C: 1, D: 1 });
		expect(d.state.order).toEqual(['A001', 'A002', 'B001', 'C001', 'D001', 'B002']);
	});

	it('share one sequence between services with the same prefix', () => {
		const d = newDay();
		expect(d.issue(SVC.bizReg)).toBe('A001');
		expect(d.issue(SVC.bizChange)).toBe('A002');
		expect(d.issue(SVC.bizReg)).toBe('A003');
		expect(d.issue(SVC.bizChange)).toBe('A004');
		expect(ticketOf(d.state, 'A002').service).toBe(SVC.bizChange);
		expect(d.state.services[SVC.bizReg]?.issued).toBe(2);
		expect(d.state.services[SVC.bizChange]?.issued).toBe(2);
	});

	it('grow to four digits after 999', () => {
		const d = newDay();
		const ids: string[] = [];
		for (let i = 0; i < 1001; i++) ids.push(d.issue(i % 2 === 0 ? SVC.bizReg : SVC.bizChange));
		expect(ids[0]).toBe('A001');
		expect(ids[98]).toBe('A099');
		expect(ids[99]).toBe('A100');
		expect(ids[998]).toBe('A999');
		expect(ids[999]).toBe('A1000');
		expect(ids[1000]).toBe('A1001');
		expect(new Set(ids).size).toBe(1001);
	});

	it('ticketNumber pads to three digits and keeps longer prefixes', () => {
		expect(ticketNumber('A', 1)).toBe('A001');
		expect(ticketNumber('AB', 7)).toBe('AB007');
		expect(ticketNumber('XYZ', 42)).toBe('XYZ042');
		expect(ticketNumber('A', 999)).toBe('A999');
		expect(ticketNumber('A', 1000)).toBe('A1000');
		expect(ticketNumber('A', 12345)).toBe('A12345');
	});

	it('do not depend on a transfer or cancellation (no number is reused)', () => {
		const d = newDay();
		d.issue(SVC.bizReg);
		d.do(cmd.cancel('A001'));
		expect(d.issue(SVC.bizReg)).toBe('A002');
	});
});

describe('hall-day in the hall time zone', () => {
	it('changes at local midnight in Asia/Shanghai (16:00 UTC)', () => {
		const before = Date.UTC(2024, 5, 3, 15, 59, 59, 999);
		const after = Date.UTC(2024, 5, 3, 16, 0, 0);
		expect(hallDayOf(HALL_ID, TZ, before)).toEqual({ hall: HALL_ID, day: '2024-06-03' });
		expect(hallDayOf(HALL_ID, TZ, after)).toEqual({ hall: HALL_ID, day: '2024-06-04' });
		expect(hallDayId(hallDayOf(HALL_ID, TZ, after))).toBe(`${HALL_ID}:2024-06-04`);
		expect(localTime(before, TZ)).toEqual({ date: '2024-06-03', minutes: 23 * 60 + 59, weekday: 1 });
		// Midnight is 00:00, not 24:00.
		expect(localTime(after, TZ)).toEqual({ date: '2024-06-04', minutes: 0, weekday: 2 });
	});

	it('a UTC date would be wrong: 01:00 in Shanghai is still the previous day in UTC', () => {
		const t = Date.UTC(2024, 5, 3, 17, 0); // 2024-06-04 01:00 in Shanghai
		expect(new Date(t).toISOString().slice(0, 10)).toBe('2024-06-03');
		expect(hallDayOf(HALL_ID, TZ, t).day).toBe('2024-06-04');
	});

	it('numbering restarts with a fresh state for the new day', () => {
		const hall = makeHall();
		const lateEvening = Date.UTC(2024, 5, 3, 15, 59, 0); // 23:59 local
		const d = newDay(hall, lateEvening);
		expect(d.state.day).toBe('2024-06-03');
		d.issue(SVC.bizReg);
		d.issue(SVC.bizReg);
		expect(d.issue(SVC.bizReg)).toBe('A003');

		const midnight = Date.UTC(2024, 5, 3, 16, 0, 0);
		const key = hallDayOf(hall.id, hall.timeZone, midnight);
		expect(key.day).not.toBe(d.state.day);
		const next = initialState(key.hall, key.day);
		const [e] = run(d.index, next, cmd.issue(SVC.bizReg), midnight);
		expect(e).toMatchObject({ type: 'TicketIssued', ticket: 'A001', serial: 1 });
		expect(next.day).toBe('2024-06-04');
		// The old day keeps its own sequence.
		expect(d.state.lastNumber.A).toBe(3);
	});

	it('follows DST in America/New_York (spring forward, 2024-03-10)', () => {
		const ny = 'America/New_York';
		// Local midnight before the switch is 05:00 UTC (EST, UTC-5).
		expect(hallDayOf('h', ny, Date.UTC(2024, 2, 10, 4, 59, 59)).day).toBe('2024-03-09');
		expect(hallDayOf('h', ny, Date.UTC(2024, 2, 10, 5, 0, 0)).day).toBe('2024-03-10');
		// 01:59 EST, then the clock jumps to 03:00 EDT.
		expect(localTime(Date.UTC(2024, 2, 10, 6, 59), ny)).toEqual({ date: '2024-03-10', minutes: 1 * 60 + 59, weekday: 7 });
		expect(localTime(Date.UTC(2024, 2, 10, 7, 0), ny)).toEqual({ date: '2024-03-10', minutes: 3 * 60, weekday: 7 });
		// Local midnight after the switch is 04:00 UTC (EDT, UTC-4).
		expect(hallDayOf('h', ny, Date.UTC(2024, 2, 11, 3, 59, 59)).day).toBe('2024-03-10');
		expect(hallDayOf('h', ny, Date.UTC(2024, 2, 11, 4, 0, 0)).day).toBe('2024-03-11');
	});

	it('follows DST in America/New_York (fall back, 2024-11-03)', () => {
		const ny = 'America/New_York';
		expect(hallDayOf('h', ny, Date.UTC(2024, 10, 3, 3, 59, 59)).day).toBe('2024-11-02');
		expect(hallDayOf('h', ny, Date.UTC(2024, 10, 3, 4, 0, 0)).day).toBe('2024-11-03');
		// 01:30 happens twice: 05:30 UTC (EDT) and 06:30 UTC (EST); both are on 2024-11-03.
		expect(localTime(Date.UTC(2024, 10, 3, 5, 30), ny).minutes).toBe(90);
		expect(localTime(Date.UTC(2024, 10, 3, 6, 30), ny).minutes).toBe(90);
		// The next midnight is 05:00 UTC (EST).
		expect(hallDayOf('h', ny, Date.UTC(2024, 10, 4, 4, 59, 59)).day).toBe('2024-11-03');
		expect(hallDayOf('h', ny, Date.UTC(2024, 10, 4, 5, 0, 0)).day).toBe('2024-11-04');
	});

	it('issues in a DST hall on the right local day and hours', () => {
		const hall = makeHall({ timeZone: 'America/New_York', hours: [{ from: '08:00', to: '17:00' }] });
		// 2024-03-11 08:00 EDT = 12:00 UTC (it would be 13:00 UTC in EST).
		const opening = Date.UTC(2024, 2, 11, 12, 0);
		const d = newDay(hall, opening);
		expect(d.state.day).toBe('2024-03-11');
		expect(d.issue(SVC.tax)).toBe('B001');
		d.now = opening - MINUTE; // 07:59 local
		expect(() => d.issue(SVC.tax)).toThrow(expect.objectContaining({ code: 'SERVICE.CLOSED' }));
	});

	it('T0 is Monday 09:00 in Shanghai', () => {
		expect(localTime(T0, TZ)).toEqual({ date: '2024-06-03', minutes: 540, weekday: 1 });
	});
});
