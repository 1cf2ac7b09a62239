/**
 * Who works at which counter on a simulated day: the staff present (a few are off) signed in at
 * counters their hall file allows them, one counter each, as many counters staffed as the allowed
 * pairs permit (a bipartite matching, tried in a seeded order so the rota changes from day to day).
 */
import type { HallConfig } from '../../server/core/model';

/** Share of staff off on a given day (leave, training, sick). */
const ABSENT_SHARE = 0.08;

/** counter id → staff id, for the counters staffed today. */
export function staffRota(config: HallConfig, random: () => number): Map<string, string> {
	const present = shuffled(
		config.staff.filter((s) => s.role === 'staff' && random() >= ABSENT_SHARE),
		random
	);
	const staffAt = new Map<string, string>();
	const allowed = new Map(present.map((s) => [s.id, shuffled(s.counters.filter((c) => config.counters.some((k) => k.id === c)), random)]));

	// Kuhn's augmenting paths: a staff member takes a free counter, or moves its holder to another one.
	const place = (staff: string, tried: Set<string>): boolean => {
		for (const counter of allowed.get(staff) ?? []) {
			if (tried.has(counter)) continue;
			tried.add(counter);
			const holder = staffAt.get(counter);
			if (holder === undefined || place(holder, tried)) {
				staffAt.set(counter, staff);
				return true;
			}
		}
		return false;
	};
	for (const s of present) place(s.id, new Set());
	return staffAt;
}

function shuffled<T>(list: readonly T[], random: () => number): T[] {
	const out = [...list];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j] as T, out[i] as T];
	}
	return out;
}
