import type { HallConfig } from '../../server/core/model';

/** One staff member per counter, each allowed at it (augmenting paths over the staff's counter lists). */
export function staffPerCounter(config: HallConfig): Map<string, string> {
	const byCounter = new Map<string, string>();
	const staff = config.staff.filter((s) => s.role === 'staff');
	const tryAssign = (s: (typeof staff)[number], seen: Set<string>): boolean => {
		for (const c of s.counters) {
			if (seen.has(c)) continue;
			seen.add(c);
			const holder = byCounter.get(c);
			const holderStaff = holder ? staff.find((x) => x.id === holder) : undefined;
			if (!holderStaff || tryAssign(holderStaff, seen)) {
				byCounter.set(c, s.id);
				return true;
			}
		}
		return false;
	};
	for (const s of staff) tryAssign(s, new Set());
	return byCounter;
}
