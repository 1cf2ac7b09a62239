/**
 * GET /api/audit (a page of the audit log as JSON) and /api/audit.csv (all of it), for supervisors
 * and admins of the halls in their scope, checked here on every request. Nothing in HallQ edits or
 * deletes an entry: there is no route for it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HallQ } from '../app/hallq';
import { AUDIT_FAMILIES, LOG_ACTIONS, type AuditEntry, type AuditFilter } from '../core/audit';
import { localTime } from '../core/clock';
import { fail } from '../core/errors';
import type { HallIndex } from '../core/hall-index';
import type { StaffConfig, Text } from '../core/model';
import { hallNetwork, reportHalls } from '../core/network';
import { SECURITY_ACTIONS } from '../core/security';
import { auditQuerySchema, type AuditEntryView, type AuditPageView } from './audit-contract';
import { AUDIT_ACTION_NAMES, AUDIT_FAMILY_NAMES } from './audit-definitions';
import { getRoutes, type Route } from './get-routes';
import { parseQuery } from './query-string';
import { contentDisposition, writeCsvRows, type ReportColumn, type ReportRow } from './report-export';
import { dateTimeText } from './report-definitions';

type Session = { claims: { hall: string }; staff: StaffConfig };
type Send = (res: ServerResponse, status: number, body: unknown) => void;

const ACTIONS: AuditPageView['actions'] = [
	...AUDIT_FAMILIES.map((code) => ({ code, name: AUDIT_FAMILY_NAMES[code] })),
	...[...LOG_ACTIONS, ...SECURITY_ACTIONS].map((code) => ({ code, name: AUDIT_ACTION_NAMES[code] }))
];

const COLUMNS: ReportColumn[] = [
	{ key: 'time', label: '时间 Time', kind: 'text' },
	{ key: 'action', label: '操作 Action', kind: 'text' },
	{ key: 'actor', label: '操作人 Actor', kind: 'text' },
	{ key: 'subject', label: '对象 Subject', kind: 'text' },
	{ key: 'ticket', label: '号码 Ticket', kind: 'text' },
	{ key: 'counter', label: '窗口 Counter', kind: 'text' },
	{ key: 'reason', label: '原因 Reason', kind: 'text' },
	{ key: 'detail', label: '详情 Detail', kind: 'text' },
	{ key: 'client', label: '地址 Client', kind: 'text' },
	{ key: 'code', label: '代码 Code', kind: 'text' },
	{ key: 'ref', label: '编号 Ref', kind: 'text' }
];

/** "2026-12-07 09:05:07" in the hall's time zone. */
function secondsText(at: number, timeZone: string): string {
	const t = localTime(at, timeZone);
	const s = Math.floor(at / 1000) % 60;
	return `${t.date} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export interface AuditRoutes {
	/** Handles a GET of the audit log; false when the path is not one of them. */
	handle(path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export function createAuditRoutes(hallq: HallQ, session: (req: IncomingMessage) => Promise<Session>, send: Send): AuditRoutes {
	const network = hallNetwork([...hallq.runners.values()].map((r) => r.index.config));
	const trail = () => hallq.audit ?? fail('STORE.UNAVAILABLE', 'this server has no archive: the audit log is not available');

	async function request(req: IncomingMessage) {
		const q = parseQuery(auditQuerySchema, req.url ?? '');
		const s = await session(req);
		const allowed = reportHalls(network, s.claims.hall, s.staff);
		if (allowed.length === 0) fail('AUTH.FORBIDDEN', 'the audit log is for supervisors and administrators');
		const hall = q.hall ?? s.claims.hall;
		if (!allowed.includes(hall)) fail('AUTH.FORBIDDEN', `hall ${hall} is outside your scope`);
		const filter: AuditFilter = { hall, from: q.from, to: q.to ?? q.from };
		if (q.actor !== undefined) filter.actor = q.actor;
		if (q.action !== undefined) filter.action = q.action;
		if (q.ticket !== undefined) filter.ticket = q.ticket;
		return { q, filter, index: hallq.runner(hall).index };
	}

	/** A staff member's name, or a device's (its Chinese name: devices are named in the hall file). */
	const nameOf = (index: HallIndex, id: string | null) => (id === null ? null : (index.staff.get(id)?.name ?? index.config.devices.find((d) => d.id === id)?.name.zh ?? null));
	const detailNames = (index: HallIndex, detail: string | null): Record<string, Text> => {
		const names: Record<string, Text> = {};
		for (const pair of detail?.split(' ') ?? []) {
			const [key, value = ''] = pair.split('=');
			const staff = key === 'staff' ? index.staff.get(value)?.name : undefined;
			const name = key === 'service' || key === 'toService' ? index.services.get(value)?.name : key === 'toCounter' ? index.counters.get(value)?.name : staff ? { zh: staff, en: staff } : undefined;
			if (name) names[value] = name;
		}
		return names;
	};
	const view = (index: HallIndex, e: AuditEntry): AuditEntryView => ({
		...e,
		actionName: AUDIT_ACTION_NAMES[e.action],
		actorName: nameOf(index, e.actor),
		subjectName: nameOf(index, e.subject),
		counterName: e.counter === null ? null : (index.counters.get(e.counter)?.name ?? null),
		detailNames: detailNames(index, e.detail)
	});
	const who = (index: HallIndex, id: string | null) => (id === null ? '' : `${nameOf(index, id) ?? ''} ${id}`.trim());

	async function* csvRows(index: HallIndex, entries: AsyncIterable<AuditEntry>): AsyncGenerator<ReportRow> {
		const zone = index.config.timeZone;
		for await (const e of entries) {
			yield {
				time: secondsText(e.at, zone),
				action: AUDIT_ACTION_NAMES[e.action].zh,
				actor: e.actor === null ? '系统 system' : who(index, e.actor),
				subject: who(index, e.subject),
				ticket: e.ticket,
				counter: e.counter === null ? null : `${index.counters.get(e.counter)?.name.zh ?? ''} ${e.counter}`.trim(),
				reason: e.reason,
				detail: e.detail,
				client: e.client,
				code: e.action,
				ref: e.ref
			};
		}
	}

	const routes: Record<string, Route> = {
		'/api/audit': async (req, res) => {
			const { q, filter, index } = await request(req);
			const page = await trail().page(filter, q.cursor ?? null, q.limit);
			const { config } = index;
			send(res, 200, {
				hall: { id: config.id, name: config.name, timeZone: config.timeZone },
				from: filter.from,
				to: filter.to,
				entries: page.entries.map((e) => view(index, e)),
				next: page.next,
				actions: ACTIONS
			} satisfies AuditPageView);
		},
		'/api/audit.csv': async (req, res) => {
			const { filter, index } = await request(req);
			const { config } = index;
			const name = `${config.name.zh}-操作日志-${filter.from}至${filter.to}.csv`;
			res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': contentDisposition(name), 'cache-control': 'no-store' });
			await writeCsvRows(res, '操作日志 Audit log', COLUMNS, csvRows(index, trail().all(filter)), {
				hallName: config.name.zh,
				period: { from: filter.from, to: filter.to },
				generatedAt: dateTimeText(hallq.clock.now(), config.timeZone),
				definitions: []
			});
		}
	};

	return {
		handle: getRoutes(routes)
	};
}
