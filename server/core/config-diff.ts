/**
 * The readable difference between two hall configurations, as an administrator reads it: which
 * zone, service, counter, staff member or device was added, removed or changed, and in which field.
 * Lists of things with an id are matched by id (a service moved in the list is not a change); other
 * lists are compared as values. Secret-like fields (password and token hashes) are named as changed,
 * never shown.
 */

export type ConfigChangeKind = 'added' | 'removed' | 'changed';

export interface ConfigChange {
	/** `services[HJ-001].name.zh`, `counters[C01].services[HJ-001].weight`, `hours`. */
	path: string;
	kind: ConfigChangeKind;
	/** Absent for an added entry and for a hidden field. */
	before?: unknown;
	/** Absent for a removed entry and for a hidden field. */
	after?: unknown;
	/** A hash that is not shown: only that it changed. */
	hidden?: true;
}

/** Lists matched by a key field, by path pattern (`*` is one keyed entry). */
const KEYED_LISTS: Readonly<Record<string, string>> = {
	zones: 'id',
	departments: 'id',
	services: 'code',
	counters: 'id',
	'counters[*].services': 'service',
	staff: 'id',
	devices: 'id'
};

const HIDDEN_FIELDS = new Set(['passwordHash', 'tokenHash']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: unknown): v is Record<string, Json> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
	if (isObject(a) && isObject(b)) {
		const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
		for (const k of keys) if (!sameValue(a[k], b[k])) return false;
		return true;
	}
	return false;
}

function keyedEntries(list: unknown[], key: string): Map<string, Record<string, Json>> | null {
	const out = new Map<string, Record<string, Json>>();
	for (const item of list) {
		if (!isObject(item) || typeof item[key] !== 'string' || out.has(item[key])) return null;
		out.set(item[key], item);
	}
	return out;
}

function walk(before: unknown, after: unknown, path: string, pattern: string, field: string, out: ConfigChange[]): void {
	if (sameValue(before, after)) return;
	if (HIDDEN_FIELDS.has(field)) {
		out.push({ path, kind: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed', hidden: true });
		return;
	}
	if (before === undefined) return void out.push({ path, kind: 'added', after });
	if (after === undefined) return void out.push({ path, kind: 'removed', before });
	const key = KEYED_LISTS[pattern];
	if (key && Array.isArray(before) && Array.isArray(after)) {
		const a = keyedEntries(before, key);
		const b = keyedEntries(after, key);
		if (a && b) {
			for (const [id, entry] of a) {
				const other = b.get(id);
				if (other === undefined) out.push({ path: `${path}[${id}]`, kind: 'removed', before: hideSecrets(entry) });
				else walk(entry, other, `${path}[${id}]`, `${pattern}[*]`, '', out);
			}
			for (const [id, entry] of b) if (!a.has(id)) out.push({ path: `${path}[${id}]`, kind: 'added', after: hideSecrets(entry) });
			return;
		}
	}
	if (isObject(before) && isObject(after)) {
		const keys = [...Object.keys(before), ...Object.keys(after).filter((k) => !(k in before))];
		for (const k of keys) walk(before[k], after[k], path ? `${path}.${k}` : k, pattern ? `${pattern}.${k}` : k, k, out);
		return;
	}
	out.push({ path, kind: 'changed', before, after });
}

/** An added or removed entry as shown: its hash fields left out. */
function hideSecrets(entry: Record<string, Json>): Record<string, Json> {
	return Object.fromEntries(Object.entries(entry).filter(([k]) => !HIDDEN_FIELDS.has(k)));
}

/** What changed from `before` to `after` (hall configurations as JSON values), in the order of `before`'s fields. */
export function diffConfigs(before: unknown, after: unknown): ConfigChange[] {
	const out: ConfigChange[] = [];
	walk(before, after, '', '', '', out);
	return out;
}
