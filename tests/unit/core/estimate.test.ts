import { describe, expect, it } from 'vitest';
import { estimateWait, peopleAhead } from '../../../server/core/estimate';
import { cloneState } from '../../../server/core/evolve';
import { ticketView } from '../../../server/core/views';
import { MINUTE, SVC, cmd, makeHall, newDay, ticketOf } from '../../fixtures/core/hall';
import type { Day } from '../../fixtures/core/hall';

function ahead(d: Day, id: string): number {
	const t = ticketOf(d.state, id);
	return peopleAhead(d.state, t.service, t);
}

describe('people ahead', () => {
	it('counts waiting tickets of the service: priority before ordinary, then arrival', () => {
		const d = newDay();
		const o1 = d.issue(SVC.tax);
		d.tick(MINUTE);
		const o2 = d.issue(SVC.tax);
		d.tick(MINUTE);
		const p1 = d.issue(SVC.tax, { priority: 'elderly' });
		d.tick(MINUTE);
		const o3 = d.issue(SVC.tax);
		d.tick(MINUTE);
		const p2 = d.issue(SVC.tax, { priority: 'disabled' });
		d.issue(SVC.realEstate); // another service: never counted

		expect(ahead(d, p1)).toBe(0); // ordinary tickets never go before a priority one
		expect(ahead(d, p2)).toBe(1); // p1
		expect(ahead(d, o1)).toBe(2); // p1, p2
		expect(ahead(d, o2)).toBe(3); // p1, p2, o1
		expect(ahead(d, o3)).toBe(4); // p1, p2, o1, o2
		// A ticket not yet issued has everyone waiting for the service ahead of it.
		expect(peopleAhead(d.state, SVC.tax, null)).toBe(5);
	});

	it('tickets issued at the same instant count in issue order', () => {
		const d = newDay();
		const a = d.issue(SVC.tax);
		const b = d.issue(SVC.tax);
		const c = d.issue(SVC.tax);
		expect([ahead(d, a), ahead(d, b), ahead(d, c)]).toEqual([0, 1, 2]);
	});

	it('only waiting tickets count: called, serving, done and cancelled ones do not', () => {
		const d = newDay();
		const ids = [1, 2, 3, 4, 5].map(() => {
			d.tick(MINUTE);
			return d.issue(SVC.tax);
		});
		d.do(cmd.open('c2', 's1'));
		d.serveNext('c2', 's1'); // ids[0] done
		d.do(cmd.open('c3', 's2'));
		d.callNext('c3', 's2'); // ids[1] called
		d.do(cmd.cancel(ids[2] ?? ''));
		expect(ahead(d, ids[4] ?? '')).toBe(1); // only ids[3]
		expect(peopleAhead(d.state, SVC.tax, null)).toBe(2);
	});

	it('a ticket transferred in keeps its place by original arrival', () => {
		const d = newDay();
		const moved = d.issue(SVC.realEstate);
		d.tick(MINUTE);
		const later = d.issue(SVC.tax);
		d.do(cmd.open('c3', 's2'));
		d.tick(MINUTE);
		expect(d.callNext('c3', 's2')).toBe(moved);
		d.do(cmd.transfer('c3', 's2', SVC.tax));
		expect(ahead(d, later)).toBe(1);
		expect(ahead(d, moved)).toBe(0);
	});

	it('does not depend on object identity: a copy of the ticket gives the same answer', () => {
		const d = newDay();
		const a = d.issue(SVC.tax);
		const b = d.issue(SVC.tax); // same instant as a
		const copyA = { ...ticketOf(d.state, a) };
		const fromClone = ticketOf(cloneState(d.state), b);
		expect(peopleAhead(d.state, SVC.tax, copyA)).toBe(0);
		expect(peopleAhead(d.state, SVC.tax, fromClone)).toBe(1);
	});
});

describe('estimated wait', () => {
	// tax: avgHandleMinutes 6; served by c2 (weights biz-reg 1, tax 1) and c3 (tax 1, real estate 3).
	function taxQueue(n: number): { d: Day; ids: string[] } {
		const d = newDay();
		const ids: string[] = [];
		for (let i = 0; i < n; i++) {
			d.tick(MINUTE);
			ids.push(d.issue(SVC.tax));
		}
		return { d, ids };
	}

	it('is null when no counter serving the service is open, paused ones included', () => {
		const { d, ids } = taxQueue(3);
		const t = ticketOf(d.state, ids[2] ?? '');
		expect(estimateWait(d.index, d.state, SVC.tax, t, d.now)).toEqual({ ahead: 2, minutes: null });
		d.do(cmd.open('c1', 's1')); // c1 does not serve tax
		expect(estimateWait(d.index, d.state, SVC.tax, t, d.now).minutes).toBeNull();
		d.do(cmd.close('c1', 's1'));
		d.do(cmd.open('c2', 's1'));
		d.do(cmd.pause('c2', 's1'));
		expect(estimateWait(d.index, d.state, SVC.tax, t, d.now).minutes).toBeNull();
	});

	it('tickets issued at the same instant: the first has nobody ahead, even after it was re-queued', () => {
		const d = newDay();
		const first = d.issue(SVC.social);
		const second = d.issue(SVC.social); // same instant
		d.do(cmd.open('c4', 's4'));
		const wait = (id: string) => estimateWait(d.index, d.state, SVC.social, ticketOf(d.state, id), d.now);
		expect(wait(first)).toEqual({ ahead: 0, minutes: 0 });
		expect(wait(second)).toEqual({ ahead: 1, minutes: 5 });
		d.callNext('c4', 's4');
		d.do(cmd.noShowRequeue('c4', 's4'));
		expect(wait(first)).toEqual({ ahead: 0, minutes: 0 });
		expect(wait(second)).toEqual({ ahead: 1, minutes: 5 });
	});

	it('uses the configured avgHandleMinutes before any finish, shared by the open counters serving it', () => {
		const { d } = taxQueue(3);
		d.do(cmd.open('c2', 's1'));
		// 3 tax tickets before a new one × 6 min, one counter
		expect(estimateWait(d.index, d.state, SVC.tax, null, d.now)).toEqual({ ahead: 3, minutes: 18 });
		d.do(cmd.open('c3', 's2'));
		// the same 3 tickets, two counters
		expect(estimateWait(d.index, d.state, SVC.tax, null, d.now)).toEqual({ ahead: 3, minutes: 9 });
		d.do(cmd.close('c2', 's1'));
		expect(estimateWait(d.index, d.state, SVC.tax, null, d.now)).toEqual({ ahead: 3, minutes: 18 });
	});

	it('counts the tickets of other services the same counter calls first', () => {
		// c2 (longest wait first) serves business registration and tax; 3 tax tickets arrived earlier.
		const { d } = taxQueue(3);
		d.do(cmd.open('c2', 's1'));
		d.tick(MINUTE);
		// Asked at the kiosk before taking the number, and for the ticket once issued: the same answer.
		// Nobody waits for business registration, but c2 calls the 3 tax tickets (6 min each) first.
		expect(estimateWait(d.index, d.state, SVC.bizReg, null, d.now)).toEqual({ ahead: 3, minutes: 18 });
		const biz = ticketOf(d.state, d.issue(SVC.bizReg));
		expect(estimateWait(d.index, d.state, SVC.bizReg, biz, d.now)).toEqual({ ahead: 3, minutes: 18 });
		// A strict counter listing business registration first calls it before any tax ticket.
		d.do(cmd.open('c1', 'boss'));
		expect(estimateWait(d.index, d.state, SVC.bizReg, biz, d.now)).toEqual({ ahead: 0, minutes: 0 });
	});

	it('a single-service counter counts fully whatever its weight', () => {
		const d = newDay();
		d.issue(SVC.social);
		d.issue(SVC.social);
		d.do(cmd.open('c4', 's4'));
		// 2 × 5 min / 1
		expect(estimateWait(d.index, d.state, SVC.social, null, d.now)).toEqual({ ahead: 2, minutes: 10 });
	});

	it('the first ticket has nothing ahead: 0 minutes', () => {
		const d = newDay();
		d.do(cmd.open('c4', 's4'));
		const t = ticketOf(d.state, d.issue(SVC.social));
		expect(estimateWait(d.index, d.state, SVC.social, t, d.now)).toEqual({ ahead: 0, minutes: 0 });
	});

	it('switches to the live moving mean (EWMA, α = 0.2) once tickets are finished', () => {
		const d = newDay();
		for (let i = 0; i < 6; i++) d.issue(SVC.social);
		d.do(cmd.open('c4', 's4'));
		const serve = (calledFor: number, handle: number) => {
			d.callNext('c4', 's4');
			d.tick(calledFor * MINUTE); // time between call and start does not count
			d.do(cmd.start('c4', 's4'));
			d.tick(handle * MINUTE);
			d.do(cmd.finish('c4', 's4'));
		};
		serve(2, 4);
		expect(d.state.services[SVC.social]?.handleMsEwma).toBe(4 * MINUTE);
		// 5 waiting × 4 min
		expect(estimateWait(d.index, d.state, SVC.social, null, d.now)).toEqual({ ahead: 5, minutes: 20 });
		serve(1, 9);
		// 4 + 0.2 × (9 − 4) = 5 min
		expect(d.state.services[SVC.social]?.handleMsEwma).toBe(5 * MINUTE);
		// 4 waiting × 5 min
		expect(estimateWait(d.index, d.state, SVC.social, null, d.now)).toEqual({ ahead: 4, minutes: 20 });
		expect(d.state.services[SVC.social]?.finished).toBe(2);
	});

	it('rounds to whole minutes', () => {
		const d = newDay(makeHall({ services: { [SVC.social]: { avgHandleMinutes: 2.4 } } }));
		d.issue(SVC.social);
		d.issue(SVC.social);
		d.do(cmd.open('c4', 's4'));
		expect(estimateWait(d.index, d.state, SVC.social, null, d.now).minutes).toBe(5); // 4.8
	});

	it('the ticket view carries ahead and estimate for a waiting ticket', () => {
		const d = newDay();
		d.issue(SVC.social);
		const t = d.issue(SVC.social);
		d.do(cmd.open('c4', 's4'));
		const view = ticketView(d.index, d.state, ticketOf(d.state, t), d.now);
		expect(view).toMatchObject({ id: t, status: 'waiting', ahead: 1, estimateMinutes: 5, counterNumbers: [4] });
	});
});
