/** Supervisors list and move on the follow-up cases of bad ratings; they hear of every change. */
import type { HallQ } from '../app/hallq';
import { localTime } from '../core/clock';
import { isOverdue, type FollowUpCase } from '../core/follow-up';
import type { HallIndex } from '../core/hall-index';
import type { Principal } from './auth';
import type { CaseView } from './contract';
import type { On } from './on';

export function caseView(index: HallIndex, c: FollowUpCase, now: number): CaseView {
	return {
		...c,
		overdue: isOverdue(c, localTime(now, index.config.timeZone).date),
		counterNumber: index.counters.get(c.counter)?.number ?? null,
		staffName: c.staff ? (index.staff.get(c.staff)?.name ?? null) : null
	};
}

export function registerFollowUpHandlers(on: On, principal: Principal, hallq: HallQ, live: { readonly index: HallIndex }): void {
	const { hall, actor } = principal.data;
	on('cases:list', ['supervisor', 'admin'], async (p): Promise<CaseView[]> => {
		const now = hallq.clock.now();
		return (await hallq.followUps.list(hall, p.includeClosed)).map((c) => caseView(live.index, c, now));
	});
	on('case:update', ['supervisor', 'admin'], async (p): Promise<CaseView> => {
		const c = await hallq.followUps.advance(hall, p.id, p.status, actor, p.note);
		return caseView(live.index, c, hallq.clock.now());
	});
}
