/** The audit log's HTTP API as the page uses it (the session is the httpOnly cookie). */
import type { AuditPageView } from '$auditContract';
import { getJson, type Answer } from '$supervision/reports/report-api';

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

export function fetchAudit(a: AuditAsk, cursor: string | null): Promise<Answer<AuditPageView>> {
	const q = queryOf(a);
	q.set('limit', String(AUDIT_PAGE));
	if (cursor) q.set('cursor', cursor);
	return getJson<AuditPageView>(`/api/audit?${q.toString()}`);
}

export function auditCsvUrl(a: AuditAsk): string {
	return `/api/audit.csv?${queryOf(a).toString()}`;
}
