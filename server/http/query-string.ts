/** A GET query string as an object checked by a schema: each name once, unless it is a list. */
import type { ZodError } from 'zod';
import { fail } from '../core/errors';
import { validationMessage } from '../realtime/errors';

/** `lists` maps a name that may repeat to the list it fills (e.g. `hall` → `halls`). */
export function queryObject(url: string, lists: Record<string, string> = {}): Record<string, unknown> {
	const params = new URL(url, 'http://x').searchParams;
	const out: Record<string, unknown> = {};
	for (const [name, value] of params) {
		const list = lists[name];
		if (list !== undefined) (out[list] = (out[list] as string[] | undefined) ?? []).push(value);
		else if (name in out) fail('VALIDATION.FAILED', `${name}: given more than once`);
		else out[name] = value;
	}
	return out;
}

export function parseQuery<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError } }, url: string, lists: Record<string, string> = {}): T {
	const parsed = schema.safeParse(queryObject(url, lists));
	if (!parsed.success) fail('VALIDATION.FAILED', validationMessage(parsed.error));
	return parsed.data;
}
