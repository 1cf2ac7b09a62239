import { describe, expect, it } from 'vitest';
import { decide } from '../../../server/core/decide';
import { cloneState, fold, initialState } from '../../../server/core/evolve';
import { MINUTE, SVC, T0, cmd, makeHall, newDay, refusal, ticketOf } from '../../fixtures/core/hall';
import type { Day } from '../../fixtures/core/hall';
import { expectRefused } from '../../fixtures/core/expect-refused';

/** A day with counter c1 open by s1 and a few tickets waiting. */
function busyDay(): Day {
	const d = newDay();
	d.issue(SVC.bizReg); // A001
	d.tick(MINUTE);
	d.issue(SVC.bizReg); // A002
	d.tick(MINUTE);
	d.issue(SVC.tax); // B001
	d.do(cmd.open('c1', 's1'));
	return d;
}

describe('happy paths', () => {
	it('issue: a waiting ticket with its number, token, kiosk and masked identity', () => {
		const d = newDay();
		const events = d.do(
			cmd.issue(SVC.tax, {
				req: 'k1-1',
				priority: 'elderly',
				kiosk: 'k7',
				identity: { hash: 'h'.repeat(64), masked: '3101**********1234', holderMasked: '张*' }
			})
		);
		expect(events).toEqual([
			{
				type: 'TicketIssued',
				at: T0,
				req: 'k1-1',
				ticket: 'B001',
				prefix: 'B',
				serial: 1,
				service: SVC.tax,
				priority: 'elderly',
				kiosk: 'k7',
				token: 'tok-k1-1',
				identityHash: 'h'.repeat(64),
				identityMasked: '3101**********1234',
				holderMasked: '张*'
			}
		]);
		expect(ticketOf(d.state, 'B001')).toMatchObject({
			status: 'waiting',
			issuedAt: T0,
			queuedAt: T0,
			service: SVC.tax,
			issuedService: SVC.tax,
			priority: 'elderly',
			counter: null,
			holderMasked: '张*',
			identityMasked: '3101**********1234'
		});
		expect(d.state.requests['k1-1']).toEqual({ kind: 'issue', ticket: 'B001', counter: null });
		expect(d.state.version).toBe(1);
	});

	it('open → callNext → recall → start → finish → close', () => {
		const d = newDay();
		d.issue(SVC.bizReg);
		expect(d.do(cmd.open('c1', 's1'))).toMatchObject([{ type: 'CounterOpened', counter: 'c1', staff: 's1' }]);
		expect(d.state.counters.c1).toMatchObject({ status: 'open', staff: 's1', current: null });

		d.tick(MINUTE);
		expect(d.do(cmd.callNext('c1', 's1'))).toMatchObject([{ type: 'TicketCalled', ticket: 'A001', counter: 'c1', staff: 's1', reason: null }]);
		expect(ticketOf(d.state, 'A001')).toMatchObject({ status: 'called', counter: 'c1', staff: 's1', calledAt: d.now });
		expect(d.state.counters.c1?.current).toBe('A001');
		expect(d.state.lastCallSeq).toBe(d.state.version);

		d.tick(MINUTE);
		expect(d.do(cmd.recall('c1', 's1'))).toMatchObject([{ type: 'TicketRecalled', ticket: 'A001', counter: 'c1' }]);
		expect(ticketOf(d.state, 'A001').recalls).toBe(1);
		expect(d.state.lastCallSeq).toBe(d.state.version);

		d.tick(MINUTE);
		expect(d.do(cmd.start('c1', 's1'))).toMatchObject([{ type: 'ServiceStarted', ticket: 'A001' }]);
		expect(ticketOf(d.state, 'A001')).toMatchObject({ status: 'serving', startedAt: d.now });

		d.tick(7 * MINUTE);
		expect(d.do(cmd.finish('c1', 's1', 'missingDocuments'))).toMatchObject([
			{ type: 'TicketFinished', ticket: 'A001', outcome: 'missingDocuments' }
		]);
		expect(ticketOf(d.state, 'A001')).toMatchObject({ status: 'done', finishedAt: d.now, outcome: 'missingDocuments' });
		expect(d.state.counters.c1?.current).toBeNull();
		expect(d.state.services[SVC.bizReg]).toEqual({ issued: 1, finished: 1, handleMsEwma: 7 * MINUTE });

		expect(d.do(cmd.close('c1', 's1'))).toMatchObject([{ type: 'CounterClosed', counter: 'c1' }]);
		expect(d.state.counters.c1).toMatchObject({ status: 'closed', staff: null });
		// Closed: s1 may now open another counter.
		d.do(cmd.open('c2', 's1'));
		expect(d.state.counters.c2?.staff).toBe('s1');
	});

	it('noShow ends a called ticket and frees the counter', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		expect(d.do(cmd.noShow('c1', 's1'))).toMatchObject([{ type: 'TicketNoShow', ticket: 'A001', counter: 'c1' }]);
		expect(ticketOf(d.state, 'A001')).toMatchObject({ status: 'noShow', finishedAt: d.now });
		expect(d.state.counters.c1?.current).toBeNull();
		expect(d.callNext('c1', 's1')).toBe('A002');
	});

	it('callTicket calls a specific waiting ticket with a reason', () => {
		const d = busyDay();
		expect(d.do(cmd.callTicket('c1', 's1', 'A002', '预约'))).toMatchObject([
			{ type: 'TicketCalled', ticket: 'A002', counter: 'c1', reason: '预约' }
		]);
		expect(ticketOf(d.state, 'A002').status).toBe('called');
		expect(d.state.requests[d.log.at(-1)?.req ?? '']?.kind).toBe('callTicket');
	});

	it('transfer of a serving ticket puts it back in the queue of the new service', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		d.do(cmd.start('c1', 's1'));
		d.do(cmd.transfer('c1', 's1', SVC.tax, 'c3'));
		const t = ticketOf(d.state, 'A001');
		expect(t).toMatchObject({
			status: 'waiting',
			service: SVC.tax,
			issuedService: SVC.bizReg,
			pinnedCounter: 'c3',
			counter: null,
			staff: null,
			calledAt: null,
			startedAt: null,
			recalls: 0,
			transfers: 1
		});
		expect(d.state.counters.c1?.current).toBeNull();
		expect(d.log.at(-1)).toMatchObject({ type: 'TicketTransferred', ticket: 'A001', fromCounter: 'c1', toService: SVC.tax, toCounter: 'c3' });
	});

	it('cancel of a waiting ticket', () => {
		const d = busyDay();
		expect(d.do(cmd.cancel('A002', 'k3'))).toMatchObject([{ type: 'TicketCancelled', ticket: 'A002', by: 'k3' }]);
		expect(ticketOf(d.state, 'A002')).toMatchObject({ status: 'cancelled', finishedAt: d.now });
		expect(d.serveNext('c1', 's1')).toBe('A001');
		expectRefused(d, cmd.callNext('c1', 's1'), 'QUEUE.EMPTY');
	});

	it('pause and resume', () => {
		const d = busyDay();
		expect(d.do(cmd.pause('c1', 's1', '午休'))).toMatchObject([{ type: 'CounterPaused', counter: 'c1', reason: '午休' }]);
		expect(d.state.counters.c1).toMatchObject({ status: 'paused', pauseReason: '午休', since: d.now });
		d.tick(MINUTE);
		expect(d.do(cmd.resume('c1', 's1'))).toMatchObject([{ type: 'CounterResumed', counter: 'c1' }]);
		expect(d.state.counters.c1).toMatchObject({ status: 'open', pauseReason: null, since: d.now });
		expect(d.callNext('c1', 's1')).toBe('A001');
	});

	it('a paused counter keeps its current ticket and may finish it and close', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		d.do(cmd.start('c1', 's1'));
		d.do(cmd.pause('c1', 's1'));
		d.do(cmd.finish('c1', 's1'));
		d.do(cmd.close('c1', 's1'));
		expect(d.state.counters.c1).toMatchObject({ status: 'closed', current: null, pauseReason: null });
	});

	it('a supervisor may open any counter', () => {
		const d = newDay();
		d.do(cmd.open('c4', 'boss'));
		expect(d.state.counters.c4?.staff).toBe('boss');
	});

	it('the log replays to the live state', () => {
		const d = busyDay();
		d.serveNext('c1', 's1');
		d.callNext('c1', 's1');
		d.do(cmd.transfer('c1', 's1', SVC.tax));
		d.do(cmd.cancel('B001'));
		expect(fold(initialState(d.state.hall, d.state.day), d.log)).toStrictEqual(d.state);
	});
});

describe('refusals: exact code, state unchanged', () => {
	it('callNext on a closed counter → COUNTER.NOT_OPEN', () => {
		const d = busyDay();
		expectRefused(d, cmd.callNext('c2', 's1'), 'COUNTER.NOT_OPEN');
		d.do(cmd.close('c1', 's1'));
		expectRefused(d, cmd.callNext('c1', 's1'), 'COUNTER.NOT_OPEN');
	});

	it('callNext on a paused counter → COUNTER.PAUSED', () => {
		const d = busyDay();
		d.do(cmd.pause('c1', 's1'));
		expectRefused(d, cmd.callNext('c1', 's1'), 'COUNTER.PAUSED');
		expectRefused(d, cmd.callTicket('c1', 's1', 'A002'), 'COUNTER.PAUSED');
		expectRefused(d, cmd.pause('c1', 's1'), 'COUNTER.PAUSED');
	});

	it('callNext while a ticket is current → COUNTER.BUSY', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		expectRefused(d, cmd.callNext('c1', 's1'), 'COUNTER.BUSY');
		d.do(cmd.start('c1', 's1'));
		expectRefused(d, cmd.callNext('c1', 's1'), 'COUNTER.BUSY');
		expectRefused(d, cmd.callTicket('c1', 's1', 'A002'), 'COUNTER.BUSY');
	});

	it('callNext with no tickets for the counter → QUEUE.EMPTY', () => {
		const d = newDay();
		d.issue(SVC.social); // not served by c1
		d.do(cmd.open('c1', 's1'));
		expectRefused(d, cmd.callNext('c1', 's1'), 'QUEUE.EMPTY');
	});

	it('a refused request id can be used again once the command is possible', () => {
		const d = newDay();
		d.do(cmd.open('c1', 's1'));
		const call = cmd.callNext('c1', 's1', { req: 'console-1' });
		expectRefused(d, call, 'QUEUE.EMPTY');
		d.issue(SVC.bizReg);
		expect(d.do(call)).toMatchObject([{ type: 'TicketCalled', ticket: 'A001', req: 'console-1' }]);
	});

	it('recall beyond maxRecalls → TICKET.RECALL_LIMIT', () => {
		const d = busyDay(); // c1: maxRecalls 2
		d.callNext('c1', 's1');
		d.do(cmd.recall('c1', 's1'));
		d.do(cmd.recall('c1', 's1'));
		expectRefused(d, cmd.recall('c1', 's1'), 'TICKET.RECALL_LIMIT');
		expect(ticketOf(d.state, 'A001').recalls).toBe(2);
	});

	it('recall with maxRecalls 0 → TICKET.RECALL_LIMIT at once', () => {
		const d = newDay(makeHall({ counters: { c1: { maxRecalls: 0 } } }));
		d.issue(SVC.bizReg);
		d.do(cmd.open('c1', 's1'));
		d.callNext('c1', 's1');
		expectRefused(d, cmd.recall('c1', 's1'), 'TICKET.RECALL_LIMIT');
	});

	it('recall, start or noShow of a ticket already being served → TICKET.BAD_STATE', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		d.do(cmd.start('c1', 's1'));
		expectRefused(d, cmd.recall('c1', 's1'), 'TICKET.BAD_STATE');
		expectRefused(d, cmd.start('c1', 's1'), 'TICKET.BAD_STATE');
		expectRefused(d, cmd.noShow('c1', 's1'), 'TICKET.BAD_STATE');
	});

	it('start / finish / noShow / recall / transfer without a current ticket → COUNTER.IDLE', () => {
		const d = busyDay();
		expectRefused(d, cmd.start('c1', 's1'), 'COUNTER.IDLE');
		expectRefused(d, cmd.finish('c1', 's1'), 'COUNTER.IDLE');
		expectRefused(d, cmd.noShow('c1', 's1'), 'COUNTER.IDLE');
		expectRefused(d, cmd.recall('c1', 's1'), 'COUNTER.IDLE');
		expectRefused(d, cmd.transfer('c1', 's1', SVC.tax), 'COUNTER.IDLE');
		// After a finish the counter is idle again.
		d.serveNext('c1', 's1');
		expectRefused(d, cmd.finish('c1', 's1'), 'COUNTER.IDLE');
	});

	it('finish a called but not started ticket → TICKET.BAD_STATE', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		expectRefused(d, cmd.finish('c1', 's1'), 'TICKET.BAD_STATE');
	});

	it('another staff member acting on an open counter → COUNTER.TAKEN, or STAFF.NOT_ALLOWED where they may not work', () => {
		const d = busyDay(); // c1 open by s1
		d.callNext('c1', 's1');
		// s2 may not work at c1 at all.
		for (const c of [cmd.open('c1', 's2'), cmd.recall('c1', 's2'), cmd.start('c1', 's2'), cmd.noShow('c1', 's2'), cmd.close('c1', 's2')])
			expectRefused(d, c, 'STAFF.NOT_ALLOWED');
		// A supervisor may act on the counter but not open it a second time.
		expectRefused(d, cmd.open('c1', 'boss'), 'COUNTER.TAKEN');
		// s2 may work at c2; c2 open by s1 is taken for s2.
		d.do(cmd.noShow('c1', 's1'));
		d.do(cmd.close('c1', 's1'));
		d.do(cmd.open('c2', 's1'));
		expectRefused(d, cmd.open('c2', 's2'), 'COUNTER.TAKEN');
		for (const c of [cmd.callNext('c2', 's2'), cmd.pause('c2', 's2'), cmd.close('c2', 's2')]) expectRefused(d, c, 'COUNTER.TAKEN');
	});

	it('opening a counter already open by oneself → COUNTER.ALREADY_OPEN', () => {
		const d = busyDay();
		expectRefused(d, cmd.open('c1', 's1'), 'COUNTER.ALREADY_OPEN');
		d.do(cmd.pause('c1', 's1'));
		expectRefused(d, cmd.open('c1', 's1'), 'COUNTER.ALREADY_OPEN');
	});

	it('staff opening a counter not in their list → STAFF.NOT_ALLOWED', () => {
		const d = newDay();
		expectRefused(d, cmd.open('c3', 's1'), 'STAFF.NOT_ALLOWED');
		expectRefused(d, cmd.open('c1', 's4'), 'STAFF.NOT_ALLOWED');
	});

	it('opening a second counter while signed in at one → STAFF.AT_OTHER_COUNTER', () => {
		const d = busyDay(); // s1 at c1
		expectRefused(d, cmd.open('c2', 's1'), 'STAFF.AT_OTHER_COUNTER');
		d.do(cmd.pause('c1', 's1'));
		expectRefused(d, cmd.open('c2', 's1'), 'STAFF.AT_OTHER_COUNTER');
		d.do(cmd.open('c4', 'boss'));
		expectRefused(d, cmd.open('c3', 'boss'), 'STAFF.AT_OTHER_COUNTER');
	});

	it('cancel of a ticket that is not waiting → TICKET.BAD_STATE', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		expectRefused(d, cmd.cancel('A001'), 'TICKET.BAD_STATE');
		d.do(cmd.start('c1', 's1'));
		expectRefused(d, cmd.cancel('A001'), 'TICKET.BAD_STATE');
		d.do(cmd.finish('c1', 's1'));
		expectRefused(d, cmd.cancel('A001'), 'TICKET.BAD_STATE');
		d.do(cmd.cancel('A002'));
		expectRefused(d, cmd.cancel('A002'), 'TICKET.BAD_STATE');
	});

	it('callTicket of a ticket that is not waiting → TICKET.BAD_STATE', () => {
		const d = busyDay();
		d.do(cmd.open('c2', 's2'));
		d.callNext('c1', 's1'); // A001 at c1
		expectRefused(d, cmd.callTicket('c2', 's2', 'A001'), 'TICKET.BAD_STATE');
		d.do(cmd.cancel('A002'));
		expectRefused(d, cmd.callTicket('c2', 's2', 'A002'), 'TICKET.BAD_STATE');
	});

	it('unknown service → SERVICE.NOT_FOUND', () => {
		const d = busyDay();
		expectRefused(d, cmd.issue('passport'), 'SERVICE.NOT_FOUND');
		d.callNext('c1', 's1');
		expectRefused(d, cmd.transfer('c1', 's1', 'passport'), 'SERVICE.NOT_FOUND');
	});

	it('unknown ticket → TICKET.NOT_FOUND', () => {
		const d = busyDay();
		expectRefused(d, cmd.cancel('Z999'), 'TICKET.NOT_FOUND');
		expectRefused(d, cmd.callTicket('c1', 's1', 'A999'), 'TICKET.NOT_FOUND');
	});

	it('unknown counter → COUNTER.NOT_FOUND', () => {
		const d = busyDay();
		expectRefused(d, cmd.open('c99', 'boss'), 'COUNTER.NOT_FOUND');
		expectRefused(d, cmd.callNext('c99', 's1'), 'COUNTER.NOT_FOUND');
		d.callNext('c1', 's1');
		expectRefused(d, cmd.transfer('c1', 's1', SVC.tax, 'c99'), 'COUNTER.NOT_FOUND');
	});

	it('unknown staff → AUTH.FORBIDDEN', () => {
		const d = busyDay();
		expectRefused(d, cmd.open('c2', 'nobody'), 'AUTH.FORBIDDEN');
		expectRefused(d, cmd.callNext('c1', 'nobody'), 'AUTH.FORBIDDEN');
	});

	it('transfer to the same service → TICKET.SAME_SERVICE', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		expectRefused(d, cmd.transfer('c1', 's1', SVC.bizReg), 'TICKET.SAME_SERVICE');
		d.do(cmd.start('c1', 's1'));
		expectRefused(d, cmd.transfer('c1', 's1', SVC.bizReg, null), 'TICKET.SAME_SERVICE');
	});

	it('close with a current ticket → COUNTER.BUSY', () => {
		const d = busyDay();
		d.callNext('c1', 's1');
		expectRefused(d, cmd.close('c1', 's1'), 'COUNTER.BUSY');
		d.do(cmd.start('c1', 's1'));
		expectRefused(d, cmd.close('c1', 's1'), 'COUNTER.BUSY');
	});

	it('close or pause of a closed counter → COUNTER.NOT_OPEN', () => {
		const d = newDay();
		expectRefused(d, cmd.close('c1', 's1'), 'COUNTER.NOT_OPEN');
		expectRefused(d, cmd.pause('c1', 's1'), 'COUNTER.NOT_OPEN');
		expectRefused(d, cmd.resume('c1', 's1'), 'COUNTER.NOT_OPEN');
		expectRefused(d, cmd.start('c1', 's1'), 'COUNTER.NOT_OPEN');
	});

	it('resume of a counter that is not paused is refused', () => {
		const d = busyDay();
		const before = cloneState(d.state);
		const err = refusal(() => d.do(cmd.resume('c1', 's1')));
		// The code today is TICKET.BAD_STATE (there is no COUNTER.NOT_PAUSED); only the refusal is pinned here.
		expect(err.code).toMatch(/^(TICKET|COUNTER)\./);
		expect(d.state).toStrictEqual(before);
	});

	it('decide itself never mutates the state, accepted or refused', () => {
		const d = busyDay();
		const before = cloneState(d.state);
		decide(d.index, d.state, cmd.callNext('c1', 's1'), d.now);
		decide(d.index, d.state, cmd.issue(SVC.tax), d.now);
		expect(d.state).toStrictEqual(before);
	});
});
