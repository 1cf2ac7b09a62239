/** The monthly assessment's HTTP API as the page uses it (the session is the httpOnly cookie). */
import type { AssessmentView, ComplaintRecord } from '$assessmentContract';
import type { Answer } from '$supervision/reports/report-api';

async function answer<T>(res: Promise<Response>): Promise<Answer<T>> {
	try {
		const r = await res;
		if (r.ok) return { ok: true, value: (await r.json()) as T };
		const body = (await r.json().catch(() => null)) as { error?: { code?: string } } | null;
		return { ok: false, status: r.status, code: body?.error?.code ?? 'INTERNAL' };
	} catch {
		return { ok: false, status: 0, code: 'CLIENT.NETWORK' };
	}
}

const postJson = (path: string, body: unknown) => fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export function fetchAssessment(hall: string, month: string): Promise<Answer<AssessmentView>> {
	return answer(fetch(`/api/assessment?${new URLSearchParams({ hall, month }).toString()}`));
}

export function confirmMonth(hall: string, month: string, note: string): Promise<Answer<AssessmentView>> {
	return answer(postJson('/api/assessment/confirm', { hall, month, note }));
}

export function recordComplaints(body: { hall: string; month: string; kind: 'counter' | 'staff'; subject: string; count: number; reason: string }): Promise<Answer<ComplaintRecord>> {
	return answer(postJson('/api/assessment/complaints', body));
}

export function awardListUrl(hall: string, month: string, ext: 'csv' | 'xlsx', kind: 'counter' | 'staff' = 'counter'): string {
	const q = new URLSearchParams({ hall, month });
	if (ext === 'csv') q.set('kind', kind);
	return `/api/assessment/export.${ext}?${q.toString()}`;
}
