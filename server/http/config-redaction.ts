/**
 * The admin pages never receive a password or token hash: `/api/config` answers them as KEPT, and a
 * save puts back, for each staff member or device it names by id, the hash of the version it was
 * based on (a new one has none to keep; the schema then asks for one). The hall file export keeps
 * them: it is the file the operator keeps in version control.
 */

/** What the admin API shows in place of a hash. */
export const KEPT = '(kept)';

type Entry = Record<string, unknown> & { id?: unknown };
const HASHES: readonly ['staff' | 'devices', string][] = [
	['staff', 'passwordHash'],
	['devices', 'tokenHash']
];

function entries(config: unknown, list: 'staff' | 'devices'): Entry[] {
	const value = typeof config === 'object' && config !== null ? (config as Record<string, unknown>)[list] : undefined;
	return Array.isArray(value) ? value.filter((e): e is Entry => typeof e === 'object' && e !== null) : [];
}

/** A copy of `config` with every hash shown as KEPT. */
export function redactHashes(config: unknown): unknown {
	const copy = structuredClone(config);
	for (const [list, field] of HASHES) for (const e of entries(copy, list)) if (typeof e[field] === 'string') e[field] = KEPT;
	return copy;
}

/** `edited` (changed in place) with each KEPT hash put back from `base`, matched by id; a KEPT without a match is removed. */
export function restoreHashes(edited: unknown, base: unknown): unknown {
	for (const [list, field] of HASHES) {
		const before = new Map(entries(base, list).map((e) => [e.id, e[field]]));
		for (const e of entries(edited, list)) {
			if (e[field] !== KEPT) continue;
			const kept = before.get(e.id);
			if (typeof kept === 'string') e[field] = kept;
			else delete e[field];
		}
	}
	return edited;
}
