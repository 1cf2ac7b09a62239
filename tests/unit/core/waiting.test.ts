import { describe, expect, it } from 'vitest';
import type { HallEvent } from '../../../server/core/events';
import { evolve, initialState } from '../../../server/core/evolve';
import { waitingCounts } from '../../../server/core/waiting';
import { SVC, cmd, newDay } from '../../fixtures/core/hall';

describe('the waiting index', () => {
	it('lists waiting tickets per service, and per counter for those pinned to one', () => {
		const d = newDay();
		const tax1 = d.issue(SVC.tax);
		const tax2 = d.issue(SVC.tax);
		const reg = d.issue(SVC.bizReg);
		expect(d.state.waiting).toEqual({ [SVC.tax]: [tax1, tax2], [SVC.bizReg]: [reg] });

		d.do(cmd.open('c3', 's2'));
		expect(d.callNext('c3', 's2')).toBe(tax1);
		expect(d.state.waiting).toEqual({ [SVC.tax]: [tax2], [SVC.bizReg]: [reg] });

		d.do(cmd.transfer('c3', 's2', SVC.bizReg, 'c2'));
		expect(d.state.waiting).toEqual({ [SVC.tax]: [tax2], [SVC.bizReg]: [reg], '@c2': [tax1] });
		// Counted under its service all the same.
		expect(waitingCounts(d.state)).toEqual({ [SVC.tax]: 1, [SVC.bizReg]: 2 });

		d.do(cmd.cancel(tax2));
		d.do(cmd.cancel(reg));
		// An emptied queue goes: services without waiting tickets are absent, as in the counts.
		expect(d.state.waiting).toEqual({ '@c2': [tax1] });
		expect(waitingCounts(d.state)).toEqual({ [SVC.bizReg]: 1 });
	});

	it('takes service codes that are names of Object.prototype', () => {
		const state = initialState('h', '2024-06-03');
		const issued = (ticket: string, service: string, serial: number): HallEvent => ({
			type: 'TicketIssued',
			at: 1,
			req: ticket,
			ticket,
			prefix: 'A',
			serial,
			service,
			priority: 'none',
			kiosk: null,
			token: ticket,
			identityHash: null,
			identityMasked: null,
			holderMasked: null
		});
		evolve(state, issued('A001', 'constructor', 1));
		evolve(state, issued('A002', 'toString', 2));
		evolve(state, issued('A003', 'constructor', 3));
		expect(state.waiting).toEqual({ constructor: ['A001', 'A003'], toString: ['A002'] });
		expect(waitingCounts(state)).toEqual({ constructor: 2, toString: 1 });
		evolve(state, { type: 'TicketCancelled', at: 2, req: 'x', ticket: 'A002', by: 'k1' });
		expect(waitingCounts(state)).toEqual({ constructor: 2 });
	});

	it('gives each ticket its place in the issue order', () => {
		const d = newDay();
		const ids = [d.issue(SVC.tax), d.issue(SVC.social), d.issue(SVC.tax)];
		expect(ids.map((id) => d.state.tickets[id]?.ordinal)).toEqual([0, 1, 2]);
	});
});
