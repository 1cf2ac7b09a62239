/** The audit log's HTTP API as the page uses it (the session is the httpOnly cookie). */
import type { AuditPageView } from '$auditContract';
import type { Answer } from '$supervision/reports/report-api';

export interface AuditAsk {
	hall: string;
	from: string;
	to: string;
	action: string;
	actor: string;
	ticket: string;
}

export const AUDIT_PAGE = 200;

function queryOf(a: AuditAsk): URLSearchParams {
	const q = new URLSearchParams({ hall: a.hall, from: a.from, to: a.to });
	if (a.action) q.set('action', a.action);
	if (a.actor.trim()) q.set('actor', a.actor.trim());
	if (a.ticket.trim()) q.set('ticket', a.ticket.trim().toUpperCase());
	return q;
}

export async function fetchAudit(a: AuditAsk, cursor: string | null): Promise<Answer<AuditPageView>> {
	const q = queryOf(a);
	q.set('limit', String(AUDIT_PAGE));
	if (cursor) q.set('cursor', cursor);
	try {
		const res = await fetch(`/api/audit?${q.toString()}`, { headers: { accept: 'application/json' } });
		if (res.ok) return { ok: true, value: (await res.json()) as AuditPageView };
		const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
		return { ok: false, status: res.status, code: body?.error?.code ?? 'INTERNAL' };
	} catch {
		return { ok: false, status: 0, code: 'CLIENT.NETWORK' };
	}
}

export function auditCsvUrl(a: AuditAsk): string {
	return `/api/audit.csv?${queryOf(a).toString()}`;
}
