import { describe, expect, it } from 'vitest';
import type { HallDayState, PriorityClass } from '../../../server/core/model';
import { pickNext, queueOrder } from '../../../server/core/routing';
import { MINUTE, SVC, cmd, makeHall, newDay, refusal, ticketOf } from '../../fixtures/core/hall';
import type { Day } from '../../fixtures/core/hall';

/** Issue `service` after advancing the clock by `minutes`. */
function issueAt(d: Day, minutes: number, service: string, priority: PriorityClass = 'none'): string {
	d.tick(minutes * MINUTE);
	return d.issue(service, { priority });
}

function counter(d: Day, id: string) {
	const c = d.index.counters.get(id);
	if (!c) throw new Error(`no counter ${id}`);
	return c;
}

function order(d: Day, counterId: string, state: HallDayState = d.state): string[] {
	return queueOrder(counter(d, counterId), state, d.now).map((t) => t.id);
}

/** Calls until the queue is empty (call, start, finish), returning the order of the calls. */
function drain(d: Day, counterId: string, staff: string): string[] {
	const out: string[] = [];
	for (;;) {
		if (pickNext(counter(d, counterId), d.state, d.now) === null) {
			expect(refusal(() => d.do(cmd.callNext(counterId, staff))).code).toBe('QUEUE.EMPTY');
			return out;
		}
		d.tick(MINUTE);
		out.push(d.serveNext(counterId, staff));
	}
}

describe('strict: service order of the counter, then arrival', () => {
	it('calls all of the first service before the second', () => {
		const d = newDay();
		const ch1 = issueAt(d, 0, SVC.bizChange); // A001
		const reg1 = issueAt(d, 1, SVC.bizReg); // A002
		const ch2 = issueAt(d, 1, SVC.bizChange); // A003
		const reg2 = issueAt(d, 1, SVC.bizReg); // A004
		d.do(cmd.open('c1', 's1'));
		const expected = [reg1, reg2, ch1, ch2];
		expect(order(d, 'c1')).toEqual(expected);
		expect(drain(d, 'c1', 's1')).toEqual(expected);
	});
});

describe('longestWait: earliest arrival across the counter services', () => {
	it('interleaves services by arrival', () => {
		const d = newDay();
		const tax1 = issueAt(d, 0, SVC.tax);
		const reg1 = issueAt(d, 1, SVC.bizReg);
		const tax2 = issueAt(d, 1, SVC.tax);
		const reg2 = issueAt(d, 1, SVC.bizReg);
		issueAt(d, 0, SVC.bizChange); // not served by c2
		d.do(cmd.open('c2', 's1'));
		const expected = [tax1, reg1, tax2, reg2];
		expect(order(d, 'c2')).toEqual(expected);
		expect(drain(d, 'c2', 's1')).toEqual(expected);
	});

	it('breaks a tie of the same instant by issue order, then by service rank', () => {
		const d = newDay();
		const tax = d.issue(SVC.tax); // B001 first, same instant
		const reg = d.issue(SVC.bizReg); // A001 second, same instant
		d.do(cmd.open('c2', 's1'));
		// Same queuedAt and issuedAt: the counter's service order (biz-reg before tax) decides.
		expect(order(d, 'c2')).toEqual([reg, tax]);
	});
});

describe('weightedWait: wait × weight', () => {
	// c3: tax weight 1, real-estate weight 3.
	it('a heavier-weighted later ticket beats an older lighter one', () => {
		const d = newDay();
		const tax = issueAt(d, 0, SVC.tax); // t0
		const re = issueAt(d, 3, SVC.realEstate); // t0 + 3 min
		d.do(cmd.open('c3', 's2'));
		d.tick(3 * MINUTE); // now t0 + 6: tax (6 min) × 1 < real estate (3 min) × 3
		expect(pickNext(counter(d, 'c3'), d.state, d.now)?.id).toBe(re);
		expect(order(d, 'c3')).toEqual([re, tax]);
		expect(d.callNext('c3', 's2')).toBe(re);
	});

	it('an old enough lighter ticket beats a younger heavier one', () => {
		const d = newDay();
		const tax = issueAt(d, 0, SVC.tax); // t0
		const re = issueAt(d, 5, SVC.realEstate); // t0 + 5 min
		d.do(cmd.open('c3', 's2'));
		d.tick(1 * MINUTE); // now t0 + 6: tax 6 min × 1 > real estate 1 min × 3
		expect(order(d, 'c3')).toEqual([tax, re]);
		expect(d.callNext('c3', 's2')).toBe(tax);
	});

	it('the same queue changes order as time passes', () => {
		const d = newDay();
		const tax = issueAt(d, 0, SVC.tax);
		const re = issueAt(d, 4, SVC.realEstate);
		d.tick(1 * MINUTE); // tax 5 min, re 1 min × 3 = 3
		expect(order(d, 'c3')).toEqual([tax, re]);
		d.tick(5 * MINUTE); // tax 10 min, re 6 min × 3 = 18
		expect(order(d, 'c3')).toEqual([re, tax]);
	});

	it('within one service it is first come, first served', () => {
		const d = newDay();
		const a = issueAt(d, 0, SVC.realEstate);
		const b = issueAt(d, 1, SVC.realEstate);
		const c = issueAt(d, 1, SVC.realEstate);
		d.do(cmd.open('c3', 's2'));
		expect(drain(d, 'c3', 's2')).toEqual([a, b, c]);
	});
});

describe('priority tickets', () => {
	it('go first, at most maxPriorityInRow in a row while ordinary tickets wait', () => {
		// c1: strict, maxPriorityInRow 2.
		const d = newDay();
		const o1 = issueAt(d, 0, SVC.bizReg);
		const o2 = issueAt(d, 1, SVC.bizReg);
		const p = [1, 2, 3, 4, 5, 6].map(() => issueAt(d, 1, SVC.bizReg, 'elderly'));
		d.do(cmd.open('c1', 's1'));
		// p1 p2 | o1 | p3 p4 | o2 | p5 p6 (only priority left: they keep being called)
		expect(drain(d, 'c1', 's1')).toEqual([p[0], p[1], o1, p[2], p[3], o2, p[4], p[5]]);
	});

	it('keep being called when only priority tickets wait, and then an ordinary one gets the next turn', () => {
		const d = newDay();
		const p = [1, 2, 3, 4].map(() => issueAt(d, 1, SVC.bizReg, 'elderly'));
		d.do(cmd.open('c1', 's1'));
		expect(drain(d, 'c1', 's1')).toEqual(p);
		expect(d.state.counters.c1?.priorityRun).toBe(4);
		const pLate = issueAt(d, 1, SVC.bizReg, 'elderly');
		const o = issueAt(d, 1, SVC.bizReg);
		expect(order(d, 'c1')).toEqual([o, pLate]);
		expect(drain(d, 'c1', 's1')).toEqual([o, pLate]);
	});

	it('count per counter: another counter calling priority tickets does not use this counter’s run', () => {
		const d = newDay();
		const p = [1, 2, 3, 4].map(() => issueAt(d, 1, SVC.bizReg, 'disabled'));
		const o = issueAt(d, 1, SVC.bizReg);
		d.do(cmd.open('c1', 's1'));
		d.do(cmd.open('c2', 'boss'));
		expect(d.callNext('c1', 's1')).toBe(p[0]);
		expect(d.callNext('c2', 'boss')).toBe(p[1]);
		d.do(cmd.noShow('c1', 's1'));
		expect(d.callNext('c1', 's1')).toBe(p[2]);
		d.do(cmd.noShow('c1', 's1'));
		// c1 has called two priority tickets in a row: now the ordinary one.
		expect(d.callNext('c1', 's1')).toBe(o);
		d.do(cmd.noShow('c2', 'boss'));
		expect(d.callNext('c2', 'boss')).toBe(p[3]);
	});

	it('the run restarts when the counter closes', () => {
		const d = newDay();
		const p = [1, 2, 3].map(() => issueAt(d, 1, SVC.bizReg, 'military'));
		issueAt(d, 1, SVC.bizReg);
		d.do(cmd.open('c1', 's1'));
		d.serveNext('c1', 's1');
		d.serveNext('c1', 's1');
		d.do(cmd.close('c1', 's1'));
		expect(d.state.counters.c1?.priorityRun).toBe(0);
		d.do(cmd.open('c1', 's1'));
		expect(d.callNext('c1', 's1')).toBe(p[2]);
	});

	it('queueOrder shows the order callNext follows, with the cap applied', () => {
		const d = newDay();
		const o1 = issueAt(d, 0, SVC.bizReg);
		const o2 = issueAt(d, 1, SVC.bizReg);
		const p = [1, 2, 3].map(() => issueAt(d, 1, SVC.bizReg, 'pregnant'));
		d.do(cmd.open('c1', 's1'));
		expect(order(d, 'c1')).toEqual([p[0], p[1], o1, p[2], o2]);
		d.serveNext('c1', 's1');
		d.serveNext('c1', 's1');
		// Two priority calls in a row: the queue now starts with the ordinary ticket.
		expect(order(d, 'c1')).toEqual([o1, p[2], o2]);
		expect(order(d, 'c1')[0]).toBe(pickNext(counter(d, 'c1'), d.state, d.now)?.id);
		expect(drain(d, 'c1', 's1')).toEqual([o1, p[2], o2]);
	});
});

describe('transfer', () => {
	it('keeps the original arrival: called before tickets issued to the new service after its issue time', () => {
		const d = newDay();
		const before = issueAt(d, 0, SVC.bizReg); // A001, t0
		const moved = issueAt(d, 1, SVC.tax); // B001, t0 + 1
		const after1 = issueAt(d, 1, SVC.bizReg); // A002, t0 + 2
		d.do(cmd.open('c3', 's2'));
		d.tick(MINUTE);
		expect(d.callNext('c3', 's2')).toBe(moved);
		d.do(cmd.start('c3', 's2'));
		d.tick(MINUTE);
		d.do(cmd.transfer('c3', 's2', SVC.bizReg));
		const after2 = issueAt(d, 1, SVC.bizReg); // A003, issued after the transfer

		const t = ticketOf(d.state, moved);
		expect(t).toMatchObject({ status: 'waiting', service: SVC.bizReg, issuedService: SVC.tax, transfers: 1, counter: null });
		expect(t.queuedAt).toBe(t.issuedAt);
		expect(d.state.counters.c3?.current).toBeNull();

		d.do(cmd.open('c1', 's1'));
		expect(drain(d, 'c1', 's1')).toEqual([before, moved, after1, after2]);
	});

	it('keeps the original arrival on a longestWait counter too', () => {
		const d = newDay();
		const moved = issueAt(d, 0, SVC.realEstate);
		const tax = issueAt(d, 1, SVC.tax);
		d.do(cmd.open('c3', 's2'));
		d.tick(10 * MINUTE);
		// Real estate weighs 3: called first on c3.
		expect(d.callNext('c3', 's2')).toBe(moved);
		d.do(cmd.transfer('c3', 's2', SVC.bizReg));
		const reg = issueAt(d, 1, SVC.bizReg);
		d.do(cmd.open('c2', 's1'));
		expect(order(d, 'c2')).toEqual([moved, tax, reg]);
		d.do(cmd.close('c3', 's2'));
		expect(drain(d, 'c2', 's1')).toEqual([moved, tax, reg]);
	});

	it('pinned to a counter: only that counter calls it', () => {
		const d = newDay();
		const moved = issueAt(d, 0, SVC.tax);
		const reg1 = issueAt(d, 1, SVC.bizReg);
		d.do(cmd.open('c3', 's2'));
		expect(d.callNext('c3', 's2')).toBe(moved);
		d.do(cmd.transfer('c3', 's2', SVC.bizReg, 'c2'));
		const reg2 = issueAt(d, 1, SVC.bizReg);
		expect(ticketOf(d.state, moved).pinnedCounter).toBe('c2');

		// c1 serves biz-reg but never sees the pinned ticket.
		d.do(cmd.open('c1', 's1'));
		expect(order(d, 'c1')).toEqual([reg1, reg2]);
		expect(drain(d, 'c1', 's1')).toEqual([reg1, reg2]);
		expect(ticketOf(d.state, moved).status).toBe('waiting');
		// Calling it by number from another counter is refused too.
		expect(refusal(() => d.do(cmd.callTicket('c1', 's1', moved))).code).toBe('TICKET.BAD_STATE');

		d.do(cmd.open('c2', 'boss'));
		expect(order(d, 'c2')).toEqual([moved]);
		expect(d.callNext('c2', 'boss')).toBe(moved);
		expect(ticketOf(d.state, moved).pinnedCounter).toBeNull();
	});

	it('pinned to a counter that does not serve the new service: that counter still calls it', () => {
		const d = newDay();
		const moved = d.issue(SVC.tax);
		d.do(cmd.open('c3', 's2'));
		d.callNext('c3', 's2');
		d.do(cmd.transfer('c3', 's2', SVC.bizReg, 'c4'));
		d.do(cmd.open('c4', 's4'));
		d.do(cmd.open('c1', 's1'));
		expect(order(d, 'c1')).toEqual([]);
		expect(d.callNext('c4', 's4')).toBe(moved);
	});

	it('a ticket transferred to the same service pinned to a counter is fine (back to one counter)', () => {
		const hall = makeHall();
		const d = newDay(hall);
		const t = d.issue(SVC.bizReg);
		d.do(cmd.open('c1', 's1'));
		d.callNext('c1', 's1');
		d.do(cmd.transfer('c1', 's1', SVC.bizReg, 'c2'));
		expect(ticketOf(d.state, t)).toMatchObject({ status: 'waiting', service: SVC.bizReg, pinnedCounter: 'c2' });
		expect(refusal(() => d.do(cmd.callNext('c1', 's1'))).code).toBe('QUEUE.EMPTY');
	});
});

describe('tickets of the same instant', () => {
	// c1 strict, c2 longestWait, c3 weightedWait.
	it.each([
		['c1', SVC.bizReg],
		['c2', SVC.tax],
		['c3', SVC.tax]
	])('keep their issue order at %s when the first one is re-queued (it re-enters its queue last)', (counterId, service) => {
		const d = newDay();
		const first = d.issue(service);
		const second = d.issue(service); // same instant
		d.do(cmd.open(counterId, 'boss'));
		expect(d.callNext(counterId, 'boss')).toBe(first);
		d.do(cmd.noShowRequeue(counterId, 'boss'));
		expect(d.state.waiting[service]).toEqual([second, first]);
		expect(order(d, counterId)).toEqual([first, second]);
		expect(d.callNext(counterId, 'boss')).toBe(first);
	});
});
