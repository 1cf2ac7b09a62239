/** The reports' HTTP API as the page uses it (the session is the httpOnly cookie the browser sends). */
import type { ReportFilter, ReportGroup, ReportPeriod, ReportScope, ReportView } from '$reportContract';

export interface ReportAsk {
	halls: string[];
	period: ReportPeriod;
	from: string;
	to: string;
	by: ReportGroup;
	filter: ReportFilter;
	page: number;
}

/** Rows per request: every row of a hall's month fits (275 services), so the page and its print show them all. */
export const PAGE_SIZE = 500;

export function queryOf(a: ReportAsk, paged = true): string {
	const q = new URLSearchParams();
	for (const h of a.halls) q.append('hall', h);
	q.set('period', a.period);
	q.set('from', a.from);
	if (a.period === 'range') q.set('to', a.to);
	q.set('by', a.by);
	for (const [k, v] of Object.entries(a.filter)) if (v !== undefined) q.set(k, v);
	if (paged) {
		q.set('page', String(a.page));
		q.set('pageSize', String(PAGE_SIZE));
	}
	return q.toString();
}

export type Answer<T> = { ok: true; value: T } | { ok: false; status: number; code: string };

/** A GET of the back-office API: its JSON, or the error's status and code (CLIENT.NETWORK when no answer came). */
export async function getJson<T>(path: string): Promise<Answer<T>> {
	try {
		const res = await fetch(path, { headers: { accept: 'application/json' } });
		if (res.ok) return { ok: true, value: (await res.json()) as T };
		const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
		return { ok: false, status: res.status, code: body?.error?.code ?? 'INTERNAL' };
	} catch {
		return { ok: false, status: 0, code: 'CLIENT.NETWORK' };
	}
}

export function fetchScope(): Promise<Answer<ReportScope>> {
	return getJson<ReportScope>('/api/reports/scope');
}

export function fetchReport(a: ReportAsk): Promise<Answer<ReportView>> {
	return getJson<ReportView>(`/api/reports?${queryOf(a)}`);
}

export function exportUrl(a: ReportAsk, ext: 'csv' | 'xlsx'): string {
	return `/api/reports/export.${ext}?${queryOf(a, false)}`;
}

export async function signIn(hall: string, staff: string, password: string): Promise<Answer<null>> {
	try {
		const res = await fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hall: hall.trim(), staff: staff.trim(), password }) });
		if (res.ok) return { ok: true, value: null };
		const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
		return { ok: false, status: res.status, code: body?.error?.code ?? 'INTERNAL' };
	} catch {
		return { ok: false, status: 0, code: 'CLIENT.NETWORK' };
	}
}

export function signOut(): Promise<unknown> {
	return fetch('/api/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
}
