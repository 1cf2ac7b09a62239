/**
 * The end of a hall-day (`DayClosed`) and the hall calendar, in the pure core: what closing does to
 * each ticket and counter, that nothing happens after it, who may close by hand, and on which days
 * and until when a hall issues numbers. Times are fixed instants in Asia/Shanghai, never the wall clock.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../server/core/commands';
import { cloneState } from '../../../server/core/evolve';
import { instantOf, scheduledCloseMinute, windowsOn } from '../../../server/core/hall-calendar';
import { issuingStatus } from '../../../server/core/issuing';
import type { HallConfig } from '../../../server/core/model';
import { MINUTE, SVC, cmd, makeHall, newDay, refusal, shanghai, ticketOf, TZ } from '../../fixtures/core/hall';

const closeDay = (o: Partial<Extract<Command, { kind: 'closeDay' }>> = {}): Command => ({ kind: 'closeDay', req: o.req ?? 'close-1', reason: o.reason ?? 'schedule', by: o.by ?? null, note: o.note ?? null });

/** Monday 2024-06-03 in Shanghai, with the usual office hours. */
const OFFICE = [
	{ days: [1, 2, 3, 4, 5], from: '08:30', to: '12:00' },
	{ days: [1, 2, 3, 4, 5], from: '13:30', to: '17:00' },
	{ days: [6], from: '09:00', to: '12:00' }
];
const withCalendar = (h: HallConfig, calendar: HallConfig['calendar'], dayClose?: HallConfig['dayClose']): HallConfig => ({ ...h, calendar, ...(dayClose ? { dayClose } : {}) });

describe('closing a hall-day', () => {
	it('ends every open ticket: waiting, called and parked ones unserved, the one being served done in service; counters close', () => {
		const d = newDay(makeHall());
		d.do(cmd.open('c1', 's1'));
		d.do(cmd.open('c2', 's2'));
		d.do(cmd.open('c4', 's4'));
		d.issue(SVC.bizReg);
		d.issue(SVC.bizReg);
		const served = d.serveNext('c1', 's1');
		const noShow = d.callNext('c1', 's1');
		d.do(cmd.noShow('c1', 's1'));
		const cancelled = d.issue(SVC.social);
		d.do(cmd.cancel(cancelled));
		const parked = d.issue(SVC.bizReg);
		d.callNext('c1', 's1');
		d.do(cmd.park('c1', 's1'));
		const serving = d.issue(SVC.tax);
		d.callNext('c2', 's2');
		d.do(cmd.start('c2', 's2'));
		const called = d.issue(SVC.social);
		d.callNext('c4', 's4');
		const waiting = d.issue(SVC.realEstate);
		d.do(cmd.pause('c4', 's4'));
		d.tick(MINUTE);

		const [event] = d.do(closeDay());
		expect(event).toMatchObject({ type: 'DayClosed', reason: 'schedule', by: null, note: null, at: d.now });
		const statuses = (ids: string[]) => ids.map((id) => [id, ticketOf(d.state, id).status, ticketOf(d.state, id).outcome]);
		expect(statuses([served, noShow, cancelled, parked, serving, called, waiting])).toEqual([
			[served, 'done', 'done'],
			[noShow, 'noShow', null],
			[cancelled, 'cancelled', null],
			[parked, 'unserved', null],
			[serving, 'done', 'closedInService'],
			[called, 'unserved', null],
			[waiting, 'unserved', null]
		]);
		for (const id of [parked, serving, called, waiting]) expect(ticketOf(d.state, id).finishedAt).toBe(d.now);
		expect(Object.values(d.state.counters).map((c) => [c.id, c.status, c.staff, c.current])).toEqual([
			['c1', 'closed', null, null],
			['c2', 'closed', null, null],
			['c4', 'closed', null, null]
		]);
		expect(d.state.waiting).toEqual({});
		expect(d.state.closed).toEqual({ at: d.now, reason: 'schedule', by: null, note: null });
	});

	it('refuses every command afterwards with DAY.CLOSED and changes nothing; an answered request still gets its answer', () => {
		const d = newDay(makeHall());
		d.do(cmd.open('c1', 's1'));
		const issue = cmd.issue(SVC.bizReg, { req: 'kiosk-1:before-close' });
		d.do(issue);
		d.do(closeDay());
		const before = cloneState(d.state);
		const after: Command[] = [
			cmd.issue(SVC.bizReg),
			cmd.open('c1', 's1'),
			cmd.callNext('c1', 's1'),
			cmd.cancel('A001'),
			closeDay({ req: 'close-2' }),
			closeDay({ req: 'close-3', reason: 'supervisor', by: 'boss', note: '停电' })
		];
		for (const c of after) expect(refusal(() => d.do(c)).code).toBe('DAY.CLOSED');
		expect(d.do(issue)).toEqual([]);
		expect(d.do(closeDay())).toEqual([]);
		expect(d.state).toStrictEqual(before);
		expect(issuingStatus(d.index, d.index.services.get(SVC.bizReg) as never, d.state, d.now)).toMatchObject({ open: false, reason: 'closed', nextOpen: { date: '2024-06-04', inDays: 1 } });
	});

	it('by hand: a supervisor with a reason, recorded in the log; staff may not, and a reason is required', () => {
		const d = newDay(makeHall());
		expect(refusal(() => d.do(closeDay({ reason: 'supervisor', by: 's1', note: '停电' }))).code).toBe('AUTH.FORBIDDEN');
		expect(refusal(() => d.do(closeDay({ reason: 'supervisor', by: 'boss', note: '  ' }))).code).toBe('VALIDATION.FAILED');
		expect(d.state.closed).toBeNull();
		const [e] = d.do(closeDay({ reason: 'supervisor', by: 'boss', note: ' 大楼停电，提前闭厅 ' }));
		expect(e).toMatchObject({ type: 'DayClosed', reason: 'supervisor', by: 'boss', note: '大楼停电，提前闭厅' });
		expect(d.state.closed).toMatchObject({ reason: 'supervisor', by: 'boss' });
	});
});

describe('the hall calendar', () => {
	const hall = withCalendar(makeHall({ hours: OFFICE }), { holidays: ['2024-06-10'], workdays: ['2024-06-15'] });

	it('issues nothing on a holiday and names the day after it as the next opening', () => {
		const holiday = newDay(hall, shanghai(2024, 6, 10, 10, 0)); // Monday, 端午节
		const status = issuingStatus(holiday.index, holiday.index.services.get(SVC.tax) as never, holiday.state, holiday.now);
		expect(status).toEqual({ open: false, reason: 'hours', nextOpen: { date: '2024-06-11', weekday: 2, at: '08:30', today: false, inDays: 1 } });
		expect(refusal(() => holiday.do(cmd.issue(SVC.tax))).code).toBe('SERVICE.CLOSED');
	});

	it('opens on a make-up workday with the hours of the weekday it stands for (Monday unless set)', () => {
		const saturday = newDay(hall, shanghai(2024, 6, 15, 14, 0)); // a Saturday worked: Monday's afternoon hours apply
		expect(saturday.issue(SVC.tax)).toBe('B001');
		expect(windowsOn(hall, OFFICE, '2024-06-15').map((w) => `${w.from}-${w.to}`)).toEqual(['08:30-12:00', '13:30-17:00']);
		// An ordinary Saturday keeps its own morning only.
		expect(windowsOn(hall, OFFICE, '2024-06-08').map((w) => `${w.from}-${w.to}`)).toEqual(['09:00-12:00']);
		const asFriday = withCalendar(makeHall({ hours: [...OFFICE, { days: [5], from: '17:00', to: '18:00' }] }), { workdays: ['2024-06-15'], workdayHoursOf: 5 });
		expect(windowsOn(asFriday, asFriday.hours, '2024-06-15').map((w) => w.to)).toEqual(['12:00', '17:00', '18:00']);
	});

	it('closes the day 30 minutes after the last issuing window of any service, at midnight at the latest, never on a day without hours', () => {
		expect(scheduledCloseMinute(hall, '2024-06-03')).toBe(17 * 60 + 30);
		expect(scheduledCloseMinute(hall, '2024-06-08')).toBe(12 * 60 + 30);
		expect(scheduledCloseMinute(hall, '2024-06-09')).toBeNull(); // Sunday
		expect(scheduledCloseMinute(hall, '2024-06-10')).toBeNull(); // holiday
		const late = makeHall({ hours: OFFICE, services: { [SVC.social]: { hours: [{ from: '18:00', to: '23:50' }] } } });
		expect(scheduledCloseMinute(late, '2024-06-03')).toBe(24 * 60);
		expect(scheduledCloseMinute({ ...late, dayClose: { graceMinutes: 5 } }, '2024-06-03')).toBe(23 * 60 + 55);
	});

	it('turns a local time into the instant, in the hall zone', () => {
		expect(instantOf('2024-06-03', 17 * 60 + 30, TZ)).toBe(shanghai(2024, 6, 3, 17, 30));
		expect(instantOf('2024-06-03', 24 * 60, TZ)).toBe(shanghai(2024, 6, 4, 0, 0));
		expect(instantOf('2024-03-10', 3 * 60, 'America/New_York')).toBe(Date.UTC(2024, 2, 10, 7, 0)); // the first hour of summer time
		expect(instantOf('2024-06-03', 0, 'UTC')).toBe(Date.UTC(2024, 5, 3));
	});
});
