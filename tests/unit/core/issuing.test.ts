import { describe, expect, it } from 'vitest';
import { cloneState } from '../../../server/core/evolve';
import { issuingStatus } from '../../../server/core/issuing';
import type { OpeningWindow } from '../../../server/core/model';
import { MINUTE, SVC, cmd, makeHall, newDay, refusal, shanghai } from '../../fixtures/core/hall';
import type { Day } from '../../fixtures/core/hall';

/** Weekdays 08:30–12:00 and 13:30–17:00, Saturday morning 09:00–12:00, closed on Sunday. */
const HALL_HOURS: OpeningWindow[] = [
	{ days: [1, 2, 3, 4, 5], from: '08:30', to: '12:00' },
	{ days: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
	{ days: [6], from: '09:00', to: '12:00' }
];

// 2024-06-03 is a Monday; 06-07 Friday, 06-08 Saturday, 06-09 Sunday.
const MON = (h: number, m: number) => shanghai(2024, 6, 3, h, m);
const FRI = (h: number, m: number) => shanghai(2024, 6, 7, h, m);
const SAT = (h: number, m: number) => shanghai(2024, 6, 8, h, m);
const SUN = (h: number, m: number) => shanghai(2024, 6, 9, h, m);

function hoursDay(now: number): Day {
	return newDay(makeHall({ hours: HALL_HOURS, services: { [SVC.realEstate]: { hours: [{ from: '09:00', to: '11:00' }] } } }), now);
}

function status(d: Day, service: string, now = d.now) {
	const s = d.index.services.get(service);
	if (!s) throw new Error(service);
	return issuingStatus(d.index, s, d.state, now);
}

function tryIssue(d: Day, service: string, now: number): string {
	d.now = now;
	try {
		return d.issue(service);
	} catch (err) {
		return (err as { code: string }).code;
	}
}

describe('daily quota', () => {
	it('the (quota + 1)th ticket → SERVICE.QUOTA_EXHAUSTED, state unchanged', () => {
		const d = newDay(makeHall({ services: { [SVC.tax]: { dailyQuota: 3 } } }));
		expect(status(d, SVC.tax)).toEqual({ open: true, remaining: 3 });
		expect([d.issue(SVC.tax), d.issue(SVC.tax)]).toEqual(['B001', 'B002']);
		expect(status(d, SVC.tax)).toEqual({ open: true, remaining: 1 });
		expect(d.issue(SVC.tax)).toBe('B003');
		expect(status(d, SVC.tax)).toMatchObject({ open: false, reason: 'quota', nextOpen: { today: false, inDays: 1 } });
		const before = cloneState(d.state);
		expect(refusal(() => d.do(cmd.issue(SVC.tax))).code).toBe('SERVICE.QUOTA_EXHAUSTED');
		expect(d.state).toStrictEqual(before);
	});

	it('is per service, not per prefix', () => {
		const d = newDay(makeHall({ services: { [SVC.bizReg]: { dailyQuota: 1 } } }));
		expect(d.issue(SVC.bizReg)).toBe('A001');
		expect(refusal(() => d.issue(SVC.bizReg)).code).toBe('SERVICE.QUOTA_EXHAUSTED');
		expect(d.issue(SVC.bizChange)).toBe('A002');
		expect(status(d, SVC.bizChange)).toEqual({ open: true, remaining: null });
	});

	it('a new hall-day has the whole quota again', () => {
		const hall = makeHall({ services: { [SVC.tax]: { dailyQuota: 1 } } });
		const d = newDay(hall);
		d.issue(SVC.tax);
		expect(refusal(() => d.issue(SVC.tax)).code).toBe('SERVICE.QUOTA_EXHAUSTED');
		const tomorrow = newDay(hall, d.now + 24 * 60 * MINUTE);
		expect(tomorrow.state.day).not.toBe(d.state.day);
		expect(tomorrow.issue(SVC.tax)).toBe('B001');
	});
});

describe('issuing hours in the hall time zone', () => {
	it('closed before opening, open from the boundary minute, closed from the closing minute', () => {
		const d = hoursDay(MON(7, 0));
		expect(tryIssue(d, SVC.tax, MON(8, 29))).toBe('SERVICE.CLOSED');
		expect(tryIssue(d, SVC.tax, MON(8, 30))).toBe('B001');
		expect(tryIssue(d, SVC.tax, MON(11, 59))).toBe('B002');
		expect(tryIssue(d, SVC.tax, MON(12, 0))).toBe('SERVICE.CLOSED'); // lunch break
		expect(tryIssue(d, SVC.tax, MON(13, 29))).toBe('SERVICE.CLOSED');
		expect(tryIssue(d, SVC.tax, MON(13, 30))).toBe('B003');
		expect(tryIssue(d, SVC.tax, MON(16, 59))).toBe('B004');
		expect(tryIssue(d, SVC.tax, MON(17, 0))).toBe('SERVICE.CLOSED');
		expect(tryIssue(d, SVC.tax, MON(23, 0))).toBe('SERVICE.CLOSED');
	});

	it('the last second of a minute counts as that minute: 08:29:59 closed, 11:59:59 open', () => {
		const d = hoursDay(MON(7, 0));
		expect(tryIssue(d, SVC.tax, MON(8, 29) + 59_999)).toBe('SERVICE.CLOSED');
		expect(tryIssue(d, SVC.tax, MON(11, 59) + 59_999)).toBe('B001');
	});

	it('a refusal for hours leaves the state unchanged', () => {
		const d = hoursDay(MON(12, 30));
		const before = cloneState(d.state);
		expect(refusal(() => d.do(cmd.issue(SVC.tax))).code).toBe('SERVICE.CLOSED');
		expect(d.state).toStrictEqual(before);
	});

	it('weekday windows: Saturday morning only, Sunday closed', () => {
		const d = hoursDay(SAT(8, 0));
		expect(tryIssue(d, SVC.tax, SAT(8, 30))).toBe('SERVICE.CLOSED'); // the weekday window does not apply
		expect(tryIssue(d, SVC.tax, SAT(9, 0))).toBe('B001');
		expect(tryIssue(d, SVC.tax, SAT(13, 30))).toBe('SERVICE.CLOSED');
		const sun = hoursDay(SUN(10, 0));
		expect(tryIssue(sun, SVC.tax, SUN(10, 0))).toBe('SERVICE.CLOSED');
	});

	it('uses the hall time zone, not UTC', () => {
		// 08:45 in Shanghai is 00:45 UTC: open in a Shanghai hall, closed in a UTC hall.
		const t = MON(8, 45);
		expect(new Date(t).getUTCHours()).toBe(0);
		const sh = newDay(makeHall({ hours: HALL_HOURS }), t);
		expect(sh.issue(SVC.tax)).toBe('B001');
		const utc = newDay(makeHall({ hours: HALL_HOURS, timeZone: 'UTC' }), t);
		expect(refusal(() => utc.issue(SVC.tax)).code).toBe('SERVICE.CLOSED');
	});

	it('a service with its own hours ignores the hall hours', () => {
		const d = hoursDay(MON(8, 45));
		expect(tryIssue(d, SVC.realEstate, MON(8, 45))).toBe('SERVICE.CLOSED');
		expect(tryIssue(d, SVC.realEstate, MON(9, 0))).toBe('C001');
		expect(tryIssue(d, SVC.realEstate, MON(11, 0))).toBe('SERVICE.CLOSED');
		expect(tryIssue(d, SVC.tax, MON(11, 0))).toBe('B001');
		// Its own hours apply every day, including Sunday when the hall is closed.
		expect(tryIssue(d, SVC.realEstate, SUN(10, 0))).toBe('C002');
	});

	it('hours are checked before the quota', () => {
		const d = newDay(makeHall({ hours: HALL_HOURS, services: { [SVC.tax]: { dailyQuota: 1 } } }), MON(9, 0));
		d.issue(SVC.tax);
		expect(status(d, SVC.tax).open).toBe(false);
		expect(tryIssue(d, SVC.tax, MON(12, 30))).toBe('SERVICE.CLOSED');
		expect(tryIssue(d, SVC.tax, MON(13, 30))).toBe('SERVICE.QUOTA_EXHAUSTED');
	});

	it('an all-day window 00:00–24:00 is open at 00:00 and 23:59', () => {
		const d = newDay(makeHall(), shanghai(2024, 6, 3, 0, 0));
		expect(d.issue(SVC.tax)).toBe('B001');
		d.now = shanghai(2024, 6, 3, 23, 59) + 59_999;
		expect(d.issue(SVC.tax)).toBe('B002');
	});
});

describe('issuingStatus: next opening', () => {
	it.each([
		['Monday 07:00, before opening', MON(7, 0), { date: '2024-06-03', weekday: 1, at: '08:30', today: true, inDays: 0 }],
		['Monday 12:30, lunch break', MON(12, 30), { date: '2024-06-03', weekday: 1, at: '13:30', today: true, inDays: 0 }],
		['Monday 12:00, the closing minute', MON(12, 0), { date: '2024-06-03', weekday: 1, at: '13:30', today: true, inDays: 0 }],
		['Monday 17:00, after closing', MON(17, 0), { date: '2024-06-04', weekday: 2, at: '08:30', today: false, inDays: 1 }],
		['Friday 17:30', FRI(17, 30), { date: '2024-06-08', weekday: 6, at: '09:00', today: false, inDays: 1 }],
		['Saturday 12:00', SAT(12, 0), { date: '2024-06-10', weekday: 1, at: '08:30', today: false, inDays: 2 }],
		['Sunday 10:00', SUN(10, 0), { date: '2024-06-10', weekday: 1, at: '08:30', today: false, inDays: 1 }]
	])('%s', (_label, now, nextOpen) => {
		const d = hoursDay(now);
		expect(status(d, SVC.tax)).toEqual({ open: false, reason: 'hours', nextOpen });
	});

	it('open inside a window, with no quota', () => {
		const d = hoursDay(MON(10, 0));
		expect(status(d, SVC.tax)).toEqual({ open: true, remaining: null });
	});

	it('a service with its own daily hours opens tomorrow morning after closing', () => {
		const d = hoursDay(MON(11, 30));
		expect(status(d, SVC.realEstate)).toEqual({ open: false, reason: 'hours', nextOpen: { date: '2024-06-04', weekday: 2, at: '09:00', today: false, inDays: 1 } });
	});

	it('a window on one weekday only: next week when it has passed', () => {
		const d = newDay(makeHall({ hours: [{ days: [3], from: '09:00', to: '10:00' }] }), shanghai(2024, 6, 5, 10, 0)); // Wednesday
		expect(status(d, SVC.tax)).toEqual({ open: false, reason: 'hours', nextOpen: { date: '2024-06-12', weekday: 3, at: '09:00', today: false, inDays: 7 } });
	});
});

describe('idempotent retries', () => {
	it('the same request id twice: the second decide returns [] and there is one ticket', () => {
		const d = newDay();
		const issue = cmd.issue(SVC.tax, { req: 'kiosk-7:42' });
		expect(d.do(issue)).toHaveLength(1);
		const before = cloneState(d.state);
		d.tick(MINUTE);
		expect(d.do(issue)).toEqual([]);
		expect(d.state).toStrictEqual(before);
		expect(d.state.order).toEqual(['B001']);
		// The caller answers the retry with the first result.
		expect(d.state.requests['kiosk-7:42']).toEqual({ kind: 'issue', ticket: 'B001', counter: null });
		expect(d.issue(SVC.tax)).toBe('B002');
	});

	it('a retry returns [] even after the service closed or its quota ran out', () => {
		const d = newDay(makeHall({ hours: HALL_HOURS, services: { [SVC.tax]: { dailyQuota: 1 } } }), MON(11, 59));
		const issue = cmd.issue(SVC.tax, { req: 'retry-late' });
		d.do(issue);
		d.now = MON(12, 1);
		expect(d.do(issue)).toEqual([]);
		expect(d.state.order).toEqual(['B001']);
	});

	it('a retried counter command does not call a second ticket', () => {
		const d = newDay();
		d.issue(SVC.tax);
		d.issue(SVC.tax);
		d.do(cmd.open('c2', 's1'));
		const call = cmd.callNext('c2', 's1', { req: 'console-9' });
		expect(d.do(call)).toMatchObject([{ ticket: 'B001' }]);
		d.do(cmd.noShow('c2', 's1'));
		expect(d.do(call)).toEqual([]);
		expect(d.state.tickets.B002?.status).toBe('waiting');
		expect(d.state.requests['console-9']).toEqual({ kind: 'callNext', ticket: 'B001', counter: 'c2' });
	});

	it('the same request id for a different command kind → REQUEST.REUSED', () => {
		const d = newDay();
		d.do(cmd.issue(SVC.tax, { req: 'dup' }));
		d.do(cmd.open('c2', 's1'));
		const before = cloneState(d.state);
		expect(refusal(() => d.do(cmd.callNext('c2', 's1', { req: 'dup' }))).code).toBe('REQUEST.REUSED');
		expect(refusal(() => d.do(cmd.cancel('B001', 'k1', { req: 'dup' }))).code).toBe('REQUEST.REUSED');
		expect(d.state).toStrictEqual(before);
	});
});
