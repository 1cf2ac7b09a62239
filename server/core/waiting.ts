import type { HallDayState } from './model';

/** Waiting tickets per service. */
export function waitingCounts(state: HallDayState): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const id of state.order) {
		const t = state.tickets[id];
		if (t && t.status === 'waiting') counts[t.service] = (counts[t.service] ?? 0) + 1;
	}
	return counts;
}
