import { describe, expect, it } from 'vitest';
import { monitorView, waitStateOf } from '../../../server/core/monitor-view';
import { MINUTE, SVC, T0, cmd, newDay } from '../../fixtures/core/hall';

describe('the live monitor', () => {
	it('shows each service’s queue, wait against target, today’s figures, and each counter’s activity, worked by hand', () => {
		const d = newDay();
		d.do(cmd.open('c4', 's4'));
		d.do(cmd.open('c2', 's1'));
		const social = [d.issue(SVC.social), d.issue(SVC.social, { priority: 'elderly' }), d.issue(SVC.social)];
		d.tick(MINUTE);
		const served = d.serveNext('c4', 's4');
		d.callNext('c4', 's4');
		d.do(cmd.noShow('c4', 's4'));
		d.tick(MINUTE);
		const current = d.callNext('c4', 's4');
		d.do(cmd.start('c4', 's4'));
		const startedAt = d.now;
		d.tick(3 * MINUTE);
		d.issue(SVC.tax);
		d.issue(SVC.tax, { priority: 'elderly' });
		d.do(cmd.pause('c2', 's1', 'break'));
		const pausedAt = d.now;
		d.tick(20 * MINUTE);

		const view = monitorView(d.index, d.state, d.now);
		expect(new Set(social)).toContain(served);
		const tax = view.zones.flatMap((z) => z.services).find((s) => s.code === SVC.tax);
		// Two tax tickets for 20 minutes against a target of 30: ok (under 80 %); no counter open for tax (c2 paused, c3 closed).
		expect(tax).toMatchObject({ waitingPriority: 1, waitingNormal: 1, oldestQueuedAt: d.now - 20 * MINUTE, waitState: 'ok', served: 0, noShow: 0, estimateMinutes: null, openCounters: 0 });
		const soc = view.zones.flatMap((z) => z.services).find((s) => s.code === SVC.social);
		// Social: one served, one no-show, one in service; three issued 25 minutes ago (in the last 30): 6 an hour.
		expect(soc).toMatchObject({ waitingPriority: 0, waitingNormal: 0, oldestQueuedAt: null, waitState: 'none', served: 1, noShow: 1, arrivalsPerHour: 6, openCounters: 1, estimateMinutes: 0 });
		const c4 = view.counters.find((c) => c.id === 'c4');
		// In service since the start; the time limit is 3 × social's 5 minutes.
		expect(c4).toMatchObject({ activity: 'serving', since: startedAt, ticket: current, service: SVC.social, limitMinutes: 15, staff: 's4', staffName: '赵六', served: 1, noShow: 1 });
		expect(view.counters.find((c) => c.id === 'c2')).toMatchObject({ status: 'paused', activity: 'paused', since: pausedAt, pauseReason: 'break', ticket: null, served: 0 });
		expect(view.counters.find((c) => c.id === 'c1')).toMatchObject({ activity: 'closed', staff: null });
		expect(view.totals).toEqual({ waiting: 2, issued: 5, served: 1, noShow: 1, openCounters: 1 });
		expect(view.zones.map((z) => [z.id, z.waiting])).toEqual([
			['z1', 2],
			['z2', 0]
		]);
		expect(view.at).toBe(T0 + 25 * MINUTE);
	});

	it('turns a wait near at 80 % of the target and past beyond it', () => {
		expect(waitStateOf(null, 30)).toBe('none');
		expect(waitStateOf(23.9 * MINUTE, 30)).toBe('ok');
		expect(waitStateOf(24 * MINUTE, 30)).toBe('near');
		expect(waitStateOf(30 * MINUTE, 30)).toBe('near');
		expect(waitStateOf(30 * MINUTE + 1, 30)).toBe('past');
	});

	it('a called ticket makes the counter calling, since the call', () => {
		const d = newDay();
		d.do(cmd.open('c4', 's4'));
		d.issue(SVC.social);
		d.tick(MINUTE);
		d.callNext('c4', 's4');
		const calledAt = d.now;
		d.tick(MINUTE);
		expect(monitorView(d.index, d.state, d.now).counters.find((c) => c.id === 'c4')).toMatchObject({ activity: 'calling', since: calledAt });
	});
});
