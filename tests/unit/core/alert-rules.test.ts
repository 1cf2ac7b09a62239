import { describe, expect, it } from 'vitest';
import { alertRecordOf, stepAlerts, type AlertBook, type OpenAlert } from '../../../server/core/alert-book';
import { alertConditions, alertSettings, arrivalsSince, type AlertInputs } from '../../../server/core/alert-rules';
import type { AlertCondition } from '../../../server/core/model';
import { MINUTE, SVC, cmd, makeHall, newDay, type Day } from '../../fixtures/core/hall';

/** Nothing known beyond the log: every console connected, no device fault, no case. */
function inputs(d: Day, over: Partial<AlertInputs> = {}): AlertInputs {
	return { now: d.now, today: d.state.day, consoleGoneSince: {}, devices: [], cases: [], daysUntil: () => 10, ...over };
}

const ids = (conditions: AlertCondition[]) => conditions.map((c) => c.id).sort();

describe('alert rules', () => {
	it('a quiet hall with counters open and no one waiting has no alert', () => {
		const d = newDay();
		d.do(cmd.open('c1', 's1'));
		d.do(cmd.open('c3', 's2'));
		d.do(cmd.open('c4', 's3'));
		expect(alertConditions(d.index, d.state, inputs(d))).toEqual([]);
	});

	it('a ticket waiting past its service’s target: one alert for the service, critical past twice the target', () => {
		const d = newDay();
		d.do(cmd.open('c4', 's4'));
		d.issue(SVC.social);
		d.issue(SVC.social);
		d.tick(30 * MINUTE);
		// Exactly at the target (30 minutes) is not past it.
		expect(ids(alertConditions(d.index, d.state, inputs(d)))).toEqual([]);
		d.tick(MINUTE);
		const [past] = alertConditions(d.index, d.state, inputs(d));
		expect(past).toMatchObject({ id: 'waitPastTarget:social', service: SVC.social, value: 31, limit: 30, severity: 'warning' });
		d.tick(30 * MINUTE);
		expect(alertConditions(d.index, d.state, inputs(d)).find((c) => c.kind === 'waitPastTarget')?.severity).toBe('critical');
	});

	it('a queue over the hall’s limit, or over its service’s own', () => {
		const config = makeHall();
		config.alerts = { queueOver: 3, services: { [SVC.tax]: { queueOver: 1 } } };
		const d = newDay(config);
		d.do(cmd.open('c2', 's1'));
		d.do(cmd.open('c4', 's4'));
		for (let i = 0; i < 3; i++) d.issue(SVC.social);
		d.issue(SVC.tax);
		expect(ids(alertConditions(d.index, d.state, inputs(d)))).toEqual([]);
		d.issue(SVC.social);
		d.issue(SVC.tax);
		const long = alertConditions(d.index, d.state, inputs(d)).filter((c) => c.kind === 'queueLong');
		expect(long.map((c) => [c.service, c.value, c.limit])).toEqual([
			[SVC.tax, 2, 1],
			[SVC.social, 4, 3]
		]);
	});

	it('a ticket in service past the time limit: three times the handling time by default, the service’s own when set', () => {
		const config = makeHall();
		config.alerts = { services: { [SVC.tax]: { timeLimitMinutes: 10 } } };
		const d = newDay(config);
		d.do(cmd.open('c4', 's4'));
		d.do(cmd.open('c2', 's1'));
		const social = d.issue(SVC.social);
		const tax = d.issue(SVC.tax);
		d.callNext('c4', 's4');
		d.do(cmd.start('c4', 's4'));
		d.callNext('c2', 's1');
		d.do(cmd.start('c2', 's1'));
		d.tick(11 * MINUTE);
		expect(alertConditions(d.index, d.state, inputs(d)).map((c) => [c.id, c.ticket, c.limit])).toEqual([['servicePastLimit:c2', tax, 10]]);
		// social: 5 minutes a ticket → 15.
		d.tick(5 * MINUTE);
		expect(alertConditions(d.index, d.state, inputs(d)).find((c) => c.counter === 'c4')).toMatchObject({ kind: 'servicePastLimit', ticket: social, limit: 15, value: 16 });
	});

	it('a counter paused past its reason’s allowance, `other: words` counted as other', () => {
		const config = makeHall();
		config.alerts = { pauseMinutes: { break: 15 } };
		const d = newDay(config);
		d.do(cmd.open('c1', 's1'));
		d.do(cmd.open('c4', 's4'));
		d.do(cmd.pause('c1', 's1', 'break'));
		d.do(cmd.pause('c4', 's4', 'other: 系统升级'));
		d.tick(16 * MINUTE);
		expect(alertConditions(d.index, d.state, inputs(d)).map((c) => [c.id, c.limit])).toEqual([['pauseTooLong:c1', 15]]);
		d.tick(5 * MINUTE);
		expect(ids(alertConditions(d.index, d.state, inputs(d)))).toEqual(['pauseTooLong:c1', 'pauseTooLong:c4']);
	});

	it('a counter open with no console for longer than allowed; a closed counter is never flagged', () => {
		const d = newDay();
		d.do(cmd.open('c1', 's1'));
		const gone = d.now;
		d.tick(5 * MINUTE);
		expect(alertConditions(d.index, d.state, inputs(d, { consoleGoneSince: { c1: gone, c2: gone } }))).toEqual([]);
		d.tick(MINUTE);
		expect(alertConditions(d.index, d.state, inputs(d, { consoleGoneSince: { c1: gone, c2: gone } })).map((c) => [c.id, c.value])).toEqual([['counterWithoutConsole:c1', 6]]);
	});

	it('waiting tickets of a service no open counter serves: critical; a paused counter does not serve', () => {
		const d = newDay();
		d.do(cmd.open('c4', 's4'));
		d.issue(SVC.realEstate);
		d.issue(SVC.social);
		expect(alertConditions(d.index, d.state, inputs(d)).map((c) => [c.id, c.value, c.severity])).toEqual([['serviceUnstaffed:real-estate', 1, 'critical']]);
		d.do(cmd.pause('c4', 's4', 'break'));
		expect(ids(alertConditions(d.index, d.state, inputs(d)))).toEqual(['serviceUnstaffed:real-estate', 'serviceUnstaffed:social']);
	});

	it('device faults and follow-ups near or past their due day', () => {
		const d = newDay();
		const daysUntil = (due: string) => ({ '2024-06-05': 2, '2024-06-04': 1, '2024-06-01': -2, '2024-06-20': 13 })[due] ?? 99;
		const conditions = alertConditions(
			d.index,
			d.state,
			inputs(d, {
				devices: [
					{ device: 'k1', kind: 'printer', problem: 'PRINTER.PAPER_OUT' },
					{ device: 'hall-board', kind: 'board', problem: 'BOARD.AUDIO_BLOCKED' }
				],
				cases: [
					{ id: '2024-05-20-A001', ticket: 'A001', counter: 'c1', due: '2024-06-05', status: 'open' },
					{ id: '2024-05-21-A002', ticket: 'A002', counter: 'c1', due: '2024-06-01', status: 'calledBack' },
					{ id: '2024-05-22-A003', ticket: 'A003', counter: 'c2', due: '2024-06-20', status: 'open' },
					{ id: '2024-05-18-A004', ticket: 'A004', counter: 'c2', due: '2024-06-01', status: 'closed' }
				],
				daysUntil
			})
		);
		expect(conditions.map((c) => [c.id, c.severity, c.fault?.problem ?? c.value])).toEqual([
			['deviceFault:printer:k1', 'critical', 'PRINTER.PAPER_OUT'],
			['deviceFault:board:hall-board', 'warning', 'BOARD.AUDIO_BLOCKED'],
			['followUpDue:2024-05-20-A001', 'warning', 2],
			['followUpDue:2024-05-21-A002', 'critical', -2]
		]);
	});

	it('forecasts a service that outgrows its counters before anyone waits past the target, naming the counters that could open', () => {
		const d = newDay();
		d.do(cmd.open('c4', 's4'));
		// Social: 5 minutes a ticket at one counter (0.2 a minute); a ticket every 2 minutes for 20 minutes.
		for (let i = 0; i < 10; i++) {
			d.issue(SVC.social);
			d.tick(2 * MINUTE);
		}
		const [f] = alertConditions(d.index, d.state, inputs(d)).filter((c) => c.kind === 'waitForecast');
		// 10 waiting, λ = 10 / 30, capacity 0.2: 10 + (1/3 − 0.2)t = 30 × 0.2 → already 50 min of work > 30: passes now.
		expect(f).toMatchObject({ id: 'waitForecast:social', service: SVC.social, limit: 30 });
		expect(f?.forecast?.passesInMinutes).toBe(0);
		// The only counter that serves social is open: none could open for it. Two counters (capacity 0.4 > λ,
		// 10 / 0.4 = 25 minutes of work) would hold the target: one more.
		expect(f?.forecast?.couldServe).toEqual([]);
		expect(f?.forecast?.moreCounters).toBe(1);
	});

	it('the forecast counts the counters that could open and how many more it needs', () => {
		const d = newDay();
		d.do(cmd.open('c2', 's1'));
		// Tax (6 minutes) at c2, which also serves business registration (no demand): one whole server.
		for (let i = 0; i < 12; i++) {
			d.issue(SVC.tax);
			d.tick(MINUTE);
		}
		d.tick(18 * MINUTE);
		// 12 arrivals in the last 30 minutes: λ 0.4, capacity 1/6; 12 waiting is 72 minutes of work: past 30 already.
		const f = alertConditions(d.index, d.state, inputs(d)).find((c) => c.kind === 'waitForecast');
		expect(f?.forecast?.couldServe).toEqual([3]);
		// The first ticket has waited exactly the target, 30 minutes, not past it: the forecast speaks, not the wait.
		expect(alertConditions(d.index, d.state, inputs(d)).some((c) => c.kind === 'waitPastTarget')).toBe(false);
		expect(f?.forecast?.passesInMinutes).toBe(0);
		// Two counters: 12 / (1/3) = 36 minutes of work, still past; three: 24 minutes and the queue shrinks: two more.
		expect(f?.forecast?.moreCounters).toBe(2);
	});

	it('counts arrivals by issue and by transfer into the service within the window', () => {
		const d = newDay();
		d.do(cmd.open('c2', 's1'));
		const from = d.now;
		d.tick(MINUTE);
		d.issue(SVC.bizReg);
		d.issue(SVC.tax);
		d.tick(MINUTE);
		d.callNext('c2', 's1');
		d.do(cmd.transfer('c2', 's1', SVC.tax));
		expect(Object.fromEntries(arrivalsSince(d.state, from, d.now))).toEqual({ [SVC.tax]: 2, [SVC.bizReg]: 1 });
		expect(arrivalsSince(d.state, d.now, d.now + MINUTE).size).toBe(0);
		// Issued before the window: not an arrival, though its transfer in the window is.
		expect(Object.fromEntries(arrivalsSince(d.state, from + 1.5 * MINUTE, d.now))).toEqual({ [SVC.tax]: 1 });
	});

	it('fills the settings the hall file leaves out with the defaults', () => {
		expect(alertSettings({ pauseMinutes: { break: 15 } })).toMatchObject({ queueOver: 30, pauseMinutes: { break: 15, meeting: 60, other: 20 }, clearAfterSeconds: 120, forecastMinutes: 20 });
	});
});

describe('the alert book', () => {
	const queue = (value: number, severity: AlertCondition['severity'] = 'warning'): AlertCondition => ({ id: 'queueLong:tax', kind: 'queueLong', severity, service: 'tax', counter: null, ticket: null, device: null, value, limit: 30 });
	const CLEAR = 2 * MINUTE;

	it('raises once, follows the figures, escalates once to critical and stays critical', () => {
		let book: AlertBook = {};
		const first = stepAlerts(book, [queue(31)], 0, CLEAR);
		expect(first.changes.map((c) => c.type)).toEqual(['raised']);
		book = first.book;
		const second = stepAlerts(book, [queue(35)], MINUTE, CLEAR);
		expect(second.changes).toEqual([]);
		expect(second.book['queueLong:tax']).toMatchObject({ value: 35, raisedAt: 0, seenAt: MINUTE });
		const third = stepAlerts(second.book, [queue(70, 'critical')], 2 * MINUTE, CLEAR);
		expect(third.changes.map((c) => c.type)).toEqual(['escalated']);
		const fourth = stepAlerts(third.book, [queue(40)], 3 * MINUTE, CLEAR);
		expect(fourth.changes).toEqual([]);
		expect(fourth.book['queueLong:tax']?.severity).toBe('critical');
	});

	it('clears only after the condition has been gone for the clearing time; a return meanwhile keeps the same alert', () => {
		const raised = stepAlerts({}, [queue(31)], 0, CLEAR).book;
		const gone = stepAlerts(raised, [], MINUTE, CLEAR);
		expect(gone.changes).toEqual([]);
		expect(gone.book['queueLong:tax']?.goneSince).toBe(MINUTE);
		const back = stepAlerts(gone.book, [queue(32)], 2 * MINUTE, CLEAR);
		expect(back.changes).toEqual([]);
		expect(back.book['queueLong:tax']).toMatchObject({ raisedAt: 0, goneSince: null });
		const goneAgain = stepAlerts(back.book, [], 3 * MINUTE, CLEAR);
		expect(stepAlerts(goneAgain.book, [], 4 * MINUTE, CLEAR).changes).toEqual([]);
		const cleared = stepAlerts(stepAlerts(goneAgain.book, [], 4 * MINUTE, CLEAR).book, [], 5 * MINUTE, CLEAR);
		expect(cleared.changes.map((c) => [c.type, c.type === 'cleared' ? c.at : null])).toEqual([['cleared', 5 * MINUTE]]);
		expect(cleared.book).toEqual({});
		// After clearing, the condition again is a new alert.
		expect(stepAlerts(cleared.book, [queue(31)], 6 * MINUTE, CLEAR).changes.map((c) => [c.type, c.alert.raisedAt])).toEqual([['raised', 6 * MINUTE]]);
	});

	it('an acknowledgement is carried along while the alert stays open, until its condition clears', () => {
		const raised = stepAlerts({}, [queue(31)], 0, CLEAR).book;
		const acknowledged = { by: 'boss', note: '已加开3号窗口', at: MINUTE };
		const book: AlertBook = { 'queueLong:tax': { ...(raised['queueLong:tax'] as OpenAlert), acknowledged } };
		expect(stepAlerts(book, [queue(33)], 2 * MINUTE, CLEAR).book['queueLong:tax']?.acknowledged).toEqual(acknowledged);
		expect(stepAlerts(book, [], 2 * MINUTE, 0).changes.map((c) => [c.type, c.alert.acknowledged?.by])).toEqual([['cleared', 'boss']]);
	});
});

describe('alerts in the hall-day log', () => {
	const condition = (id: string, severity: AlertCondition['severity'] = 'warning'): AlertCondition => ({ id, kind: 'queueLong', severity, service: 'tax', counter: null, ticket: null, device: null, value: 31, limit: 30 });

	it('records raised, escalated and cleared alerts once, whichever process sends them first', () => {
		const d = newDay();
		const raised = d.do({ kind: 'recordAlerts', req: 'a1', raised: [condition('queueLong:tax'), condition('queueLong:tax')], escalated: [], cleared: [] });
		expect(raised.map((e) => e.type)).toEqual(['AlertRaised']);
		expect(d.state.alerts['queueLong:tax']).toMatchObject({ raisedAt: d.now, severity: 'warning', acknowledged: null });
		// Another process found the same: nothing new to record.
		expect(() => d.do({ kind: 'recordAlerts', req: 'a2', raised: [condition('queueLong:tax')], escalated: [], cleared: [] })).toThrow(expect.objectContaining({ code: 'ALERT.UNCHANGED' }));
		d.tick(MINUTE);
		expect(d.do({ kind: 'recordAlerts', req: 'a3', raised: [], escalated: [condition('queueLong:tax', 'critical')], cleared: [] }).map((e) => e.type)).toEqual(['AlertEscalated']);
		expect(d.state.alerts['queueLong:tax']).toMatchObject({ severity: 'critical', raisedAt: d.now - MINUTE });
		// Escalating a critical one, or clearing one that is not open, records nothing.
		expect(() => d.do({ kind: 'recordAlerts', req: 'a4', raised: [], escalated: [condition('queueLong:tax', 'critical')], cleared: ['queueLong:social'] })).toThrow(expect.objectContaining({ code: 'ALERT.UNCHANGED' }));
		expect(d.do({ kind: 'recordAlerts', req: 'a5', raised: [], escalated: [], cleared: ['queueLong:tax'] }).map((e) => e.type)).toEqual(['AlertCleared']);
		expect(d.state.alerts).toEqual({});
	});

	it('an acknowledgement by a supervisor with a note; refused for a clerk, an alert not open, or an empty note', () => {
		const d = newDay();
		d.do({ kind: 'recordAlerts', req: 'a1', raised: [condition('queueLong:tax')], escalated: [], cleared: [] });
		const ack = (req: string, by: string, note: string, id = 'queueLong:tax') => d.do({ kind: 'acknowledgeAlert', req, id, by, note });
		expect(() => ack('k1', 's1', '已处理')).toThrow(expect.objectContaining({ code: 'AUTH.FORBIDDEN' }));
		expect(() => ack('k2', 'boss', '   ')).toThrow(expect.objectContaining({ code: 'VALIDATION.FAILED' }));
		expect(() => ack('k3', 'boss', '已处理', 'queueLong:social')).toThrow(expect.objectContaining({ code: 'ALERT.UNKNOWN' }));
		d.tick(MINUTE);
		expect(ack('k4', 'boss', ' 已加开3号窗口 ')).toEqual([{ type: 'AlertAcknowledged', at: d.now, req: 'k4', id: 'queueLong:tax', by: 'boss', note: '已加开3号窗口' }]);
		expect(d.state.alerts['queueLong:tax']?.acknowledged).toEqual({ by: 'boss', note: '已加开3号窗口', at: d.now });
	});

	it('the day’s close ends every open alert, and no alert is recorded after it', () => {
		const d = newDay();
		d.do({ kind: 'recordAlerts', req: 'a1', raised: [condition('queueLong:tax'), condition('queueLong:social')], escalated: [], cleared: [] });
		d.do({ kind: 'closeDay', req: 'close', reason: 'supervisor', by: 'boss', note: '测试' });
		expect(d.state.alerts).toEqual({});
		expect(() => d.do({ kind: 'recordAlerts', req: 'a2', raised: [condition('queueLong:tax')], escalated: [], cleared: [] })).toThrow(expect.objectContaining({ code: 'DAY.CLOSED' }));
	});

	it('an evaluation’s changes become one command without the book’s own fields', () => {
		const { changes } = stepAlerts({}, [condition('queueLong:tax')], 0, MINUTE);
		expect(alertRecordOf(changes, 'r1')).toEqual({ kind: 'recordAlerts', req: 'r1', raised: [condition('queueLong:tax')], escalated: [], cleared: [] });
		expect(alertRecordOf([], 'r2')).toBeNull();
	});
});
