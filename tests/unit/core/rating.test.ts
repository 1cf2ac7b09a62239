import { describe, expect, it } from 'vitest';
import type { RateTicket } from '../../../server/core/commands';
import { decide } from '../../../server/core/decide';
import { cloneState, evolve } from '../../../server/core/evolve';
import { Savepoint } from '../../../server/core/savepoint';
import { SVC, cmd, newDay, refusal } from '../../fixtures/core/hall';
import { isBadRating, safeComment } from '../../../server/core/rating';
import { addWorkingDays, dateOfDay, dayNumber, isWorkingDay, weekdayOf } from '../../../server/core/working-days';

describe('rating comments', () => {
	it('masks anything like an 18-character ID number and keeps the rest', () => {
		expect(safeComment(' 身份证11010519491231002X和110105194912310021都被问了 ')).toBe('身份证1101**********002X和1101**********0021都被问了');
		// Longer digit runs (a bank card) are not ID numbers; shorter ones stay.
		expect(safeComment('卡号 6222021234567890123 电话 13800138000')).toBe('卡号 6222021234567890123 电话 13800138000');
	});
	it('is bounded to 200 characters', () => {
		expect(Array.from(safeComment('长'.repeat(500)))).toHaveLength(200);
	});
	it('calls 不满意 and 非常不满意 bad', () => {
		expect([5, 4, 3, 2, 1].map(isBadRating)).toEqual([false, false, false, true, true]);
	});
});

describe('working days', () => {
	it('round-trips civil dates and knows weekdays', () => {
		for (const d of ['1970-01-01', '2000-02-29', '2026-09-30', '2026-12-31', '2100-03-01']) expect(dateOfDay(dayNumber(d))).toBe(d);
		expect(weekdayOf('1970-01-01')).toBe(4);
		expect(weekdayOf('2026-09-30')).toBe(3);
		expect(weekdayOf('2026-10-04')).toBe(7);
	});
	it('skips weekends', () => {
		// Friday + 1 working day = Monday; Wednesday + 15 = three weeks later.
		expect(addWorkingDays('2026-11-06', 1, {})).toBe('2026-11-09');
		expect(addWorkingDays('2026-11-04', 15, {})).toBe('2026-11-25');
	});
	it('skips holidays and counts make-up workdays', () => {
		const cal = { holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], workdays: ['2026-09-27', '2026-10-10'] };
		expect(isWorkingDay('2026-10-10', cal)).toBe(true);
		expect(isWorkingDay('2026-10-01', cal)).toBe(false);
		// From Wednesday 30 September: Oct 8, 9, 10 (make-up Saturday), 12–16, 19–23, 26, 27 → the 15th is 27 October.
		expect(addWorkingDays('2026-09-30', 15, cal)).toBe('2026-10-27');
	});
});

describe('the rate command in the core', () => {
	const rate = (ticket: string, counter: string, overall: number, req: string): RateTicket => ({
		kind: 'rate',
		req,
		ticket,
		counter,
		device: 'E1',
		overall,
		efficiency: overall,
		level: overall,
		attitude: overall,
		reasons: overall <= 2 ? ['slow', 'slow'] : ['slow'],
		comment: ''
	});

	it('is taken back whole by a savepoint, and a retry of its request id changes nothing', () => {
		const d = newDay();
		d.do(cmd.open('c1', 's1'));
		d.issue(SVC.bizReg);
		const ticket = d.serveNext('c1', 's1');
		const before = cloneState(d.state);
		const savepoint = new Savepoint(d.state);
		const events = decide(d.index, d.state, rate(ticket, 'c1', 1, 'eval-1'), d.now);
		expect(events).toMatchObject([{ type: 'TicketRated', ticket, counter: 'c1', staff: 's1', reasons: ['slow'] }]);
		for (const e of events) {
			savepoint.before(e);
			evolve(d.state, e);
		}
		expect(d.state.tickets[ticket]?.ratedAt).toBe(d.now);
		savepoint.rollback();
		expect(d.state).toStrictEqual(before);

		d.do(rate(ticket, 'c1', 4, 'eval-2'));
		// A good rating keeps no reasons; the same request again is answered from the log.
		expect(d.log.at(-1)).toMatchObject({ type: 'TicketRated', overall: 4, reasons: [] });
		expect(d.do(rate(ticket, 'c1', 4, 'eval-2'))).toEqual([]);
		expect(refusal(() => d.do(rate(ticket, 'c1', 4, 'eval-3'))).code).toBe('RATING.ALREADY_RATED');
	});
});

describe('a ticket from an older snapshot (no ratedAt field)', () => {
	it('is rated and taken back to exactly what it was', () => {
		const d = newDay();
		d.do(cmd.open('c1', 's1'));
		d.issue(SVC.bizReg);
		const ticket = d.serveNext('c1', 's1');
		const t = d.state.tickets[ticket] as unknown as Record<string, unknown>;
		delete t.ratedAt;
		const before = cloneState(d.state);
		const savepoint = new Savepoint(d.state);
		for (const e of decide(d.index, d.state, { kind: 'rate', req: 'old-1', ticket, counter: 'c1', device: 'E1', overall: 5, efficiency: 5, level: 5, attitude: 5, reasons: [], comment: '' }, d.now)) {
			savepoint.before(e);
			evolve(d.state, e);
		}
		savepoint.rollback();
		expect(d.state).toStrictEqual(before);
		expect('ratedAt' in t).toBe(false);
	});
});
