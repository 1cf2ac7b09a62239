/**
 * The deployment's network of halls (city → county → townships → villages), from each hall's
 * `parent`, and which halls a supervisor's or admin's reports may cover.
 */
import type { HallConfig, StaffConfig } from './model';

export interface HallNetwork {
	/** Every hall id, in configuration order. */
	halls: string[];
	parentOf(hall: string): string | null;
	/** The hall and every hall below it, the hall first, then breadth first in configuration order. */
	subtree(hall: string): string[];
}

type Linked = Pick<HallConfig, 'id' | 'parent'>;

/** One line per problem of the network: a parent that is not configured, a loop of parents. */
export function networkProblems(halls: readonly Linked[]): string[] {
	const ids = new Set(halls.map((h) => h.id));
	const parent = new Map(halls.map((h) => [h.id, h.parent]));
	const problems: string[] = [];
	for (const h of halls) if (h.parent !== undefined && !ids.has(h.parent)) problems.push(`hall ${h.id}: parent "${h.parent}" is not a configured hall`);
	const inLoop = new Set<string>();
	for (const h of halls) {
		const seen = new Set<string>([h.id]);
		for (let p = parent.get(h.id); p !== undefined && ids.has(p); p = parent.get(p)) {
			if (p === h.id) {
				if (!inLoop.has(h.id)) problems.push(`hall ${h.id}: its parents lead back to it (${[...seen, h.id].join(' → ')})`);
				for (const s of seen) inLoop.add(s);
				break;
			}
			if (seen.has(p)) break;
			seen.add(p);
		}
	}
	return problems;
}

/** The network of valid halls (networkProblems empty). */
export function hallNetwork(halls: readonly Linked[]): HallNetwork {
	const order = halls.map((h) => h.id);
	const parent = new Map(halls.map((h) => [h.id, h.parent ?? null]));
	const children = new Map<string, string[]>();
	for (const h of halls) if (h.parent !== undefined) children.set(h.parent, [...(children.get(h.parent) ?? []), h.id]);
	return {
		halls: order,
		parentOf: (hall) => parent.get(hall) ?? null,
		subtree(hall) {
			if (!parent.has(hall)) return [];
			const out = [hall];
			for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i] as string) ?? []));
			return out;
		}
	};
}

/** The halls whose reports this person may read: none for counter staff; the own hall, or its subtree with scope `network`. */
export function reportHalls(network: HallNetwork, hall: string, person: Pick<StaffConfig, 'role' | 'scope'>): string[] {
	if (person.role === 'staff') return [];
	return person.scope === 'network' ? network.subtree(hall) : network.halls.includes(hall) ? [hall] : [];
}
