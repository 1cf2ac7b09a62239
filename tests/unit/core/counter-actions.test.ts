/**
 * The counter actions of issue 8: park and call back, no-show with re-queue, reactivate a no-show,
 * finish with auto-call, supervisors acting on any counter, and the transfer trail. Each transition
 * and each of its refusals.
 */
import { describe, expect, it } from 'vitest';
import { isCallEvent } from '../../../server/core/events';
import { DEFAULT_MAX_REQUEUES, parkedAt } from '../../../server/core/counter-actions';
import { fold, initialState } from '../../../server/core/evolve';
import { callView } from '../../../server/core/views';
import { MINUTE, SVC, cmd, makeHall, newDay, refusal, ticketOf } from '../../fixtures/core/hall';
import type { Day } from '../../fixtures/core/hall';
import { expectRefused } from '../../fixtures/core/expect-refused';

/** c1 open by s1; A001, A002 (biz-reg) and B001 (tax) waiting, a minute apart. */
function busyDay(day: Day = newDay()): Day {
	day.issue(SVC.bizReg);
	day.tick(MINUTE);
	day.issue(SVC.bizReg);
	day.tick(MINUTE);
	day.issue(SVC.tax);
	day.do(cmd.open('c1', 's1'));
	return day;
}

/** Replaying the log gives the live state. */
function expectReplayable(d: Day): void {
	expect(fold(initialState(d.state.hall, d.state.day), d.log)).toStrictEqual(d.state);
}

describe('park and call back', () => {
	it('park sets the current ticket aside at the counter; the counter calls on; call back makes it current and announces it', () => {
		const d = busyDay();
		d.callNext('c1', 's1'); // A001
		d.do(cmd.start('c1', 's1'));
		d.tick(MINUTE);
		const parked = d.do(cmd.park('c1', 's1', { req: 'park-1' }));
		expect(parked).toEqual([{ type: 'TicketParked', at: d.now, req: 'park-1', ticket: 'A001', counter: 'c1', staff: 's1' }]);
		expect(ticketOf(d.state, 'A001')).toMatchObject({ status: 'parked', counter: 'c1', parkedAt: d.now });
		expect(d.state.counters.c1?.current).toBeNull();
		expect(parkedAt(d.state, 'c1').map((t) => t.id)).toEqual(['A001']);
		expect(d.state.requests['park-1']).toEqual({ kind: 'park', ticket: 'A001', counter: 'c1' });
		// A parked ticket is not waiting: the next call takes A002.
		expect(d.callNext('c1', 's1')).toBe('A002');
		d.do(cmd.start('c1', 's1'));
		d.do(cmd.finish('c1', 's1'));
		d.tick(MINUTE);
		const back = d.do(cmd.callBack('c1', 's1', 'A001', { req: 'back-1' }));
		expect(back).toEqual([{ type: 'TicketCalledBack', at: d.now, req: 'back-1', ticket: 'A001', counter: 'c1', staff: 's1' }]);
		expect(ticketOf(d.state, 'A001')).toMatchObject({ status: 'called', counter: 'c1', calledAt: d.now, parkedAt: null, recalls: 0 });
		expect(d.state.counters.c1?.current).toBe('A001');
		expect(d.state.lastCallSeq).toBe(d.state.version);
		// Boards announce it like a call (not a recall).
		const e = back[0];
		if (!e) throw new Error('no event');
		expect(isCallEvent(e)).toBe(true);
		expect(callView(d.index, d.state, { ...e, seq: d.state.version })).toMatchObject({ ticket: 'A001', counterNumber: 1, recall: false });
		// Then the usual path.
		d.do(cmd.start('c1', 's1'));
		d.do(cmd.finish('c1', 's1'));
		expect(ticketOf(d.state, 'A001').status).toBe('done');
		expectReplayable(d);
	});

	it('a called (not started) ticket can be parked too', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		d.do(cmd.park('c1', 's1'));
		expect(ticketOf(d.state, 'A001').status).toBe('parked');
	});

	it('park refusals: idle counter → COUNTER.IDLE, closed → COUNTER.NOT_OPEN, other staff → COUNTER.TAKEN', () => {
		const d = busyDay();
		expectRefused(d, cmd.park('c1', 's1'), 'COUNTER.IDLE');
		expectRefused(d, cmd.park('c2', 's1'), 'COUNTER.NOT_OPEN');
		d.do(cmd.close('c1', 's1'));
		d.do(cmd.open('c2', 's1'));
		d.callNext('c2', 's1');
		expectRefused(d, cmd.park('c2', 's2'), 'COUNTER.TAKEN');
		expectRefused(d, cmd.park('c1', 's2'), 'STAFF.NOT_ALLOWED');
	});

	it('call back refusals: unknown → TICKET.NOT_FOUND, not parked → TICKET.BAD_STATE, parked elsewhere → TICKET.PARKED_ELSEWHERE, busy → COUNTER.BUSY, paused → COUNTER.PAUSED', () => {
		const d = busyDay();
		d.do(cmd.open('c2', 's2'));
		d.callNext('c1', 's1'); // A001
		d.do(cmd.park('c1', 's1'));
		expectRefused(d, cmd.callBack('c1', 's1', 'Z999'), 'TICKET.NOT_FOUND');
		expectRefused(d, cmd.callBack('c1', 's1', 'A002'), 'TICKET.BAD_STATE');
		expectRefused(d, cmd.callBack('c2', 's2', 'A001'), 'TICKET.PARKED_ELSEWHERE');
		d.callNext('c1', 's1'); // A002
		expectRefused(d, cmd.callBack('c1', 's1', 'A001'), 'COUNTER.BUSY');
		d.do(cmd.noShow('c1', 's1'));
		d.do(cmd.pause('c1', 's1'));
		expectRefused(d, cmd.callBack('c1', 's1', 'A001'), 'COUNTER.PAUSED');
		d.do(cmd.resume('c1', 's1'));
		d.do(cmd.callBack('c1', 's1', 'A001'));
		// Called back: no longer parked.
		expectRefused(d, cmd.callBack('c1', 's1', 'A001'), 'TICKET.BAD_STATE');
	});

	it('a counter with parked tickets cannot close → COUNTER.HAS_PARKED', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		d.do(cmd.park('c1', 's1'));
		expectRefused(d, cmd.close('c1', 's1'), 'COUNTER.HAS_PARKED');
		d.do(cmd.callBack('c1', 's1', 'A001'));
		d.do(cmd.noShow('c1', 's1'));
		d.do(cmd.close('c1', 's1'));
		expect(d.state.counters.c1?.status).toBe('closed');
	});

	it('a retried park answers the first time and parks nothing more', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		d.do(cmd.park('c1', 's1', { req: 'p-same' }));
		expect(d.do(cmd.park('c1', 's1', { req: 'p-same' }))).toEqual([]);
		expect(refusal(() => d.do(cmd.callBack('c1', 's1', 'A001', { req: 'p-same' }))).code).toBe('REQUEST.REUSED');
		expect(ticketOf(d.state, 'A001').status).toBe('parked');
	});
});

describe('no-show with re-queue', () => {
	it('puts the ticket back in the queue at its arrival time: called again before younger tickets', () => {
		const d = busyDay();
		d.callNext('c1', 's1'); // A001
		d.tick(MINUTE);
		const events = d.do(cmd.noShowRequeue('c1', 's1', { req: 'nsq-1' }));
		expect(events.map((e) => e.type)).toEqual(['TicketNoShow', 'TicketRequeued']);
		expect(events[1]).toEqual({ type: 'TicketRequeued', at: d.now, req: 'nsq-1', ticket: 'A001', counter: 'c1' });
		const t = ticketOf(d.state, 'A001');
		expect(t).toMatchObject({ status: 'waiting', counter: null, staff: null, calledAt: null, finishedAt: null, recalls: 0, requeues: 1 });
		expect(t.queuedAt).toBe(t.issuedAt);
		expect(d.state.counters.c1?.current).toBeNull();
		expect(d.state.requests['nsq-1']).toEqual({ kind: 'noShow', ticket: 'A001', counter: 'c1' });
		// Its arrival is kept: it is first again.
		expect(d.callNext('c1', 's1')).toBe('A001');
		expectReplayable(d);
	});

	it(`at most maxRequeues times (default ${DEFAULT_MAX_REQUEUES}) → TICKET.REQUEUE_LIMIT; a plain no-show still works`, () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		d.do(cmd.noShowRequeue('c1', 's1'));
		d.callNext('c1', 's1');
		expectRefused(d, cmd.noShowRequeue('c1', 's1'), 'TICKET.REQUEUE_LIMIT');
		d.do(cmd.noShow('c1', 's1'));
		expect(ticketOf(d.state, 'A001').status).toBe('noShow');
	});

	it('the counter setting raises the limit, and 0 forbids re-queueing', () => {
		const two = busyDay(newDay(makeHall({ counters: { c1: { maxRequeues: 2 } } })));
		for (let i = 0; i < 2; i++) {
			expect(two.callNext('c1', 's1')).toBe('A001');
			two.do(cmd.noShowRequeue('c1', 's1'));
		}
		two.callNext('c1', 's1');
		expectRefused(two, cmd.noShowRequeue('c1', 's1'), 'TICKET.REQUEUE_LIMIT');
		const none = busyDay(newDay(makeHall({ counters: { c1: { maxRequeues: 0 } } })));
		none.callNext('c1', 's1');
		expectRefused(none, cmd.noShowRequeue('c1', 's1'), 'TICKET.REQUEUE_LIMIT');
	});

	it('re-queue refusals follow no-show: idle → COUNTER.IDLE, serving → TICKET.BAD_STATE', () => {
		const d = busyDay();
		expectRefused(d, cmd.noShowRequeue('c1', 's1'), 'COUNTER.IDLE');
		d.callNext('c1', 's1');
		d.do(cmd.start('c1', 's1'));
		expectRefused(d, cmd.noShowRequeue('c1', 's1'), 'TICKET.BAD_STATE');
	});
});

describe('reactivate a no-show', () => {
	it('calls the no-show ticket at this counter at once, announced like a call', () => {
		const d = busyDay();
		d.callNext('c1', 's1'); // A001
		d.do(cmd.noShow('c1', 's1'));
		d.callNext('c1', 's1'); // A002
		d.do(cmd.start('c1', 's1'));
		d.do(cmd.finish('c1', 's1'));
		d.tick(5 * MINUTE);
		const events = d.do(cmd.reactivate('c1', 's1', 'A001', { req: 'react-1' }));
		expect(events).toEqual([{ type: 'TicketReactivated', at: d.now, req: 'react-1', ticket: 'A001', counter: 'c1', staff: 's1' }]);
		expect(ticketOf(d.state, 'A001')).toMatchObject({ status: 'called', counter: 'c1', staff: 's1', calledAt: d.now, finishedAt: null, recalls: 0 });
		expect(d.state.counters.c1?.current).toBe('A001');
		expect(d.state.requests['react-1']).toEqual({ kind: 'reactivate', ticket: 'A001', counter: 'c1' });
		const e = events[0];
		if (!e) throw new Error('no event');
		expect(callView(d.index, d.state, { ...e, seq: d.state.version })).toMatchObject({ ticket: 'A001', recall: false });
		d.do(cmd.start('c1', 's1'));
		d.do(cmd.finish('c1', 's1'));
		expectReplayable(d);
	});

	it('any counter may reactivate (the citizen is standing there), even one that does not serve the service', () => {
		const d = busyDay();
		d.do(cmd.open('c4', 's4'));
		d.callNext('c1', 's1');
		d.do(cmd.noShow('c1', 's1'));
		d.do(cmd.reactivate('c4', 's4', 'A001'));
		expect(ticketOf(d.state, 'A001')).toMatchObject({ status: 'called', counter: 'c4' });
	});

	it('refusals: unknown → TICKET.NOT_FOUND, not a no-show → TICKET.BAD_STATE, busy → COUNTER.BUSY, paused → COUNTER.PAUSED, closed → COUNTER.NOT_OPEN', () => {
		const d = busyDay();
		expectRefused(d, cmd.reactivate('c1', 's1', 'Z999'), 'TICKET.NOT_FOUND');
		expectRefused(d, cmd.reactivate('c1', 's1', 'A002'), 'TICKET.BAD_STATE');
		d.callNext('c1', 's1');
		d.do(cmd.noShow('c1', 's1'));
		d.callNext('c1', 's1');
		expectRefused(d, cmd.reactivate('c1', 's1', 'A001'), 'COUNTER.BUSY');
		d.do(cmd.noShow('c1', 's1'));
		d.do(cmd.pause('c1', 's1'));
		expectRefused(d, cmd.reactivate('c1', 's1', 'A001'), 'COUNTER.PAUSED');
		expectRefused(d, cmd.reactivate('c2', 's1', 'A001'), 'COUNTER.NOT_OPEN');
	});
});

describe('finish with auto-call', () => {
	it('finishes and calls the next ticket in one command', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		d.do(cmd.start('c1', 's1'));
		const events = d.do(cmd.finishAutoCall('c1', 's1', 'done', { req: 'fa-1' }));
		expect(events).toMatchObject([
			{ type: 'TicketFinished', ticket: 'A001', outcome: 'done', req: 'fa-1' },
			{ type: 'TicketCalled', ticket: 'A002', counter: 'c1', staff: 's1', reason: null, req: 'fa-1' }
		]);
		expect(d.state.counters.c1?.current).toBe('A002');
		// The answer is about the finish.
		expect(d.state.requests['fa-1']).toEqual({ kind: 'finish', ticket: 'A001', counter: 'c1' });
		// A retry changes nothing.
		expect(d.do(cmd.finishAutoCall('c1', 's1', 'done', { req: 'fa-1' }))).toEqual([]);
		expectReplayable(d);
	});

	it('an empty queue leaves the counter idle and the finish stands', () => {
		const d = newDay();
		d.issue(SVC.bizReg);
		d.do(cmd.open('c1', 's1'));
		d.callNext('c1', 's1');
		d.do(cmd.start('c1', 's1'));
		expect(d.do(cmd.finishAutoCall('c1', 's1', 'missingDocuments')).map((e) => e.type)).toEqual(['TicketFinished']);
		expect(d.state.counters.c1?.current).toBeNull();
		expect(ticketOf(d.state, 'A001')).toMatchObject({ status: 'done', outcome: 'missingDocuments' });
	});

	it('a paused counter finishes without calling', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		d.do(cmd.start('c1', 's1'));
		d.do(cmd.pause('c1', 's1'));
		expect(d.do(cmd.finishAutoCall('c1', 's1')).map((e) => e.type)).toEqual(['TicketFinished']);
		expect(d.state.counters.c1?.current).toBeNull();
	});

	it('refusals are those of finish: idle → COUNTER.IDLE, called → TICKET.BAD_STATE', () => {
		const d = busyDay();
		expectRefused(d, cmd.finishAutoCall('c1', 's1'), 'COUNTER.IDLE');
		d.callNext('c1', 's1');
		expectRefused(d, cmd.finishAutoCall('c1', 's1'), 'TICKET.BAD_STATE');
	});
});

describe('call a specific ticket is audited', () => {
	it('the reason and the staff member are in the event and the request is recorded as callTicket', () => {
		const d = busyDay();
		const events = d.do(cmd.callTicket('c1', 's1', 'A002', '残疾人优先', { req: 'ct-1' }));
		expect(events).toEqual([{ type: 'TicketCalled', at: d.now, req: 'ct-1', ticket: 'A002', counter: 'c1', staff: 's1', reason: '残疾人优先' }]);
		expect(d.state.requests['ct-1']).toEqual({ kind: 'callTicket', ticket: 'A002', counter: 'c1' });
	});
});

describe('transfer keeps the arrival and its trail', () => {
	it('each transfer is a step of the ticket trail; queuedAt stays the original arrival', () => {
		const d = busyDay();
		d.do(cmd.open('c3', 's3'));
		d.callNext('c1', 's1'); // A001
		d.tick(MINUTE);
		d.do(cmd.transfer('c1', 's1', SVC.tax));
		const t1 = d.now;
		d.callNext('c3', 's3'); // B001 arrived later than A001, but A001 keeps its arrival → A001 first
		expect(d.state.counters.c3?.current).toBe('A001');
		d.tick(MINUTE);
		d.do(cmd.transfer('c3', 's3', SVC.tax, 'c2'));
		const t = ticketOf(d.state, 'A001');
		expect(t.queuedAt).toBe(t.issuedAt);
		expect(t.trail).toEqual([
			{ at: t1, fromService: SVC.bizReg, fromCounter: 'c1', toService: SVC.tax, toCounter: null },
			{ at: d.now, fromService: SVC.tax, fromCounter: 'c3', toService: SVC.tax, toCounter: 'c2' }
		]);
		expect(t.transfers).toBe(2);
		expectReplayable(d);
	});
});

describe('a supervisor moves a waiting ticket from the monitor', () => {
	it('keeps its arrival, records who and why, and is called first at its new service', () => {
		const d = busyDay(); // A001, A002 for bizReg; B001 for tax, issued after both
		d.do(cmd.open('c3', 's3')); // c3 serves tax
		const [moved] = d.do(cmd.move('A002', 'boss', SVC.tax, '材料属税务窗口'));
		expect(moved).toMatchObject({ type: 'TicketTransferred', ticket: 'A002', fromCounter: null, toService: SVC.tax, toCounter: null, by: 'boss', reason: '材料属税务窗口' });
		const t = ticketOf(d.state, 'A002');
		expect(t).toMatchObject({ status: 'waiting', service: SVC.tax, transfers: 1, queuedAt: t.issuedAt });
		expect(d.callNext('c3', 's3')).toBe('A002'); // arrived before B001
		expectReplayable(d);
	});

	it('a retried move answers the first result; clerks, unknown services, tickets not waiting and empty reasons are refused', () => {
		const d = busyDay();
		const again = cmd.move('A001', 'boss', SVC.tax, '转税务', { req: 'move-1' });
		d.do(again);
		expect(d.do(again)).toEqual([]);
		expectRefused(d, cmd.move('A002', 's1', SVC.tax, '转税务'), 'AUTH.FORBIDDEN');
		expectRefused(d, cmd.move('A002', 'boss', 'nope', '转税务'), 'SERVICE.NOT_FOUND');
		expectRefused(d, cmd.move('A002', 'boss', SVC.tax, ' '), 'ACTION.REASON_REQUIRED');
		expectRefused(d, cmd.move('A002', 'boss', SVC.bizReg, '原地'), 'TICKET.SAME_SERVICE');
		expectRefused(d, cmd.move('A002', 'boss', SVC.tax, '到窗口', { toCounter: 'c99' }), 'COUNTER.NOT_FOUND');
		d.callNext('c1', 's1'); // A002 now (A001 moved away)
		expectRefused(d, cmd.move('A002', 'boss', SVC.tax, '转税务'), 'TICKET.BAD_STATE');
		expectRefused(d, cmd.move('Z999', 'boss', SVC.tax, '转税务'), 'TICKET.NOT_FOUND');
	});

	it('pinned to one counter, only that counter calls it', () => {
		const d = busyDay();
		d.do(cmd.open('c2', 's2'));
		d.do(cmd.move('A001', 'boss', SVC.bizReg, '指定窗口', { toCounter: 'c2' }));
		expect(ticketOf(d.state, 'A001').pinnedCounter).toBe('c2');
		expect(d.callNext('c1', 's1')).toBe('A002');
		expect(d.callNext('c2', 's2')).toBe('A001');
	});
});

describe('supervisors act on any counter of their hall', () => {
	it('a supervisor calls, parks, calls back, re-queues and closes at a counter staff opened; the events name the supervisor', () => {
		const d = busyDay(); // c1 open by s1
		const [called] = d.do(cmd.callNext('c1', 'boss'));
		expect(called).toMatchObject({ type: 'TicketCalled', counter: 'c1', staff: 'boss' });
		d.do(cmd.recall('c1', 'boss'));
		d.do(cmd.park('c1', 'boss'));
		d.do(cmd.callBack('c1', 'boss', 'A001'));
		d.do(cmd.noShowRequeue('c1', 'boss'));
		d.do(cmd.pause('c1', 'boss', '会议'));
		d.do(cmd.resume('c1', 'boss'));
		// Closing the counter s1 opened (代为操作) needs a reason, kept in the event with who closed it.
		expectRefused(d, cmd.close('c1', 'boss'), 'ACTION.REASON_REQUIRED');
		expectRefused(d, cmd.close('c1', 'boss', { note: '  ' }), 'ACTION.REASON_REQUIRED');
		expect(d.do(cmd.close('c1', 'boss', { note: '人已离岗' }))).toEqual([expect.objectContaining({ type: 'CounterClosed', counter: 'c1', by: 'boss', note: '人已离岗' })]);
		expect(d.state.counters.c1).toMatchObject({ status: 'closed', staff: null });
		// The counter is still s1's to open; a closed counter is not acted on.
		expectRefused(d, cmd.callNext('c1', 'boss'), 'COUNTER.NOT_OPEN');
	});

	it('a clerk closing their own counter gives no reason, and the event names nobody else', () => {
		const d = busyDay();
		d.do(cmd.callNext('c1', 's1'));
		d.do(cmd.noShow('c1', 's1'));
		const [closed] = d.do(cmd.close('c1', 's1'));
		expect(closed).not.toHaveProperty('by');
		expect(closed).not.toHaveProperty('note');
	});

	it('staff stay on the counters they are allowed and have open', () => {
		const d = busyDay(); // c1 open by s1
		expectRefused(d, cmd.callNext('c3', 's1'), 'STAFF.NOT_ALLOWED');
		expectRefused(d, cmd.callNext('c2', 's1'), 'COUNTER.NOT_OPEN');
		d.do(cmd.open('c2', 's2'));
		expectRefused(d, cmd.callNext('c2', 's1'), 'COUNTER.TAKEN');
		expectRefused(d, cmd.open('c2', 's1'), 'COUNTER.TAKEN');
	});
});
