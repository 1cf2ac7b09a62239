/**
 * /api/assessment…: the monthly red-flag assessment of a hall. Read by supervisors and admins whose
 * reports' scope holds the hall (its own, or the network above it); confirmed, and complaints
 * recorded, only by the hall's own supervisors and admins.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AssessedSubject, MonthAssessment, SubjectKind } from '../core/assessment';
import type { HallQ } from '../app/hallq';
import { fail } from '../core/errors';
import type { StaffConfig } from '../core/model';
import { hallNetwork, reportHalls } from '../core/network';
import { assessmentConfirmSchema, assessmentExportSchema, assessmentQuerySchema, complaintsSchema } from './assessment-contract';
import { getRoutes, type Route } from './get-routes';
import { parseQuery } from './query-string';
import { contentDisposition, csvOf, writeXlsx, type ExportMeta, type ReportColumn, type ReportTable } from './report-export';
import { ASSESSMENT_DEFINITIONS, dateTimeText } from './report-definitions';

type Session = { claims: { hall: string }; staff: StaffConfig };
type Send = (res: ServerResponse, status: number, body: unknown) => void;
type Body = <T>(req: IncomingMessage, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }) => Promise<T>;

const COMPONENT_NAMES: Record<string, string> = { volume: '办件量', satisfaction: '满意度', ratingRate: '评价率', withinTarget: '按时叫号', efficiency: '效率' };

const AWARD_COLUMNS: ReportColumn[] = [
	{ key: 'rank', label: '名次 Rank', kind: 'int' },
	{ key: 'award', label: '评选 Award', kind: 'text' },
	{ key: 'name', label: '名称 Name', kind: 'text' },
	{ key: 'score', label: '得分 Score', kind: 'number' },
	...['volume', 'satisfaction', 'ratingRate', 'withinTarget', 'efficiency'].map((c): ReportColumn => ({ key: c, label: `${COMPONENT_NAMES[c] ?? c} ${c}`, kind: 'number' })),
	{ key: 'lateFollowUp', label: '差评逾期扣分 Late follow-ups', kind: 'number' },
	{ key: 'complaint', label: '投诉扣分 Complaints', kind: 'number' },
	{ key: 'served', label: '办结 Served', kind: 'int' },
	{ key: 'eligibility', label: '资格 Eligibility', kind: 'text' }
];

function reasonText(s: AssessedSubject): string {
	if (s.reasons.length === 0) return '参评';
	return s.reasons
		.map((r) => (r.code === 'OPEN_DAYS' ? `开窗${r.have}天<${r.need}天` : r.code === 'SERVED' ? `办结${r.have}<${r.need}` : `非常不满意未整改(${r.cases.join(' ')})`))
		.join('；');
}

function awardTable(result: MonthAssessment, kind: SubjectKind, confirmed: boolean): ReportTable {
	const subjects = kind === 'counter' ? result.counters : result.staff;
	return {
		title: `${kind === 'counter' ? '红旗窗口' : '优秀个人'} ${result.month}${confirmed ? '' : '（未确认）'}`,
		columns: AWARD_COLUMNS,
		rows: subjects.map((s) => ({
			rank: s.rank,
			award: s.award ? (kind === 'counter' ? '红旗窗口' : '优秀个人') : '',
			name: s.label.zh,
			score: s.score,
			...Object.fromEntries(s.components.map((c) => [c.id, c.points])),
			lateFollowUp: -(s.penalties.find((p) => p.id === 'lateFollowUp')?.points ?? 0),
			complaint: -(s.penalties.find((p) => p.id === 'complaint')?.points ?? 0),
			served: s.served,
			eligibility: reasonText(s)
		}))
	};
}

export interface AssessmentRoutes {
	/** Handles a GET under /api/assessment; false when the path is not one of them. */
	handle(path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean>;
	/** The POST routes, for the API's table of posts (with its CSRF check). */
	posts: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>;
}

export function createAssessmentRoutes(hallq: HallQ, session: (req: IncomingMessage) => Promise<Session>, send: Send, body: Body): AssessmentRoutes {
	const network = hallNetwork([...hallq.runners.values()].map((r) => r.index.config));
	const assessments = () => hallq.assessments ?? fail('STORE.UNAVAILABLE', 'this server has no archive: the assessment is not available');

	async function reader(req: IncomingMessage, hall: string | undefined): Promise<{ s: Session; hall: string }> {
		const s = await session(req);
		const allowed = reportHalls(network, s.claims.hall, s.staff);
		if (allowed.length === 0) fail('AUTH.FORBIDDEN', 'the assessment is for supervisors and administrators');
		const h = hall ?? s.claims.hall;
		if (!allowed.includes(h)) fail('AUTH.FORBIDDEN', `hall ${h} is outside your scope`);
		return { s, hall: h };
	}

	/** Confirming and recording are the hall's own business: its supervisors and admins. */
	async function owner(req: IncomingMessage, hall: string): Promise<Session> {
		const { s } = await reader(req, hall);
		if (s.claims.hall !== hall) fail('AUTH.FORBIDDEN', `only supervisors of hall ${hall} confirm its assessment`);
		return s;
	}

	function meta(hall: string, result: MonthAssessment): ExportMeta {
		const index = hallq.runner(hall).index;
		return { hallName: index.config.name.zh, period: { from: result.from, to: result.to }, generatedAt: dateTimeText(hallq.clock.now(), index.config.timeZone), definitions: ASSESSMENT_DEFINITIONS };
	}

	async function awardList(req: IncomingMessage) {
		const q = parseQuery(assessmentExportSchema, req.url ?? '');
		const { hall } = await reader(req, q.hall);
		const view = await assessments().view(hall, q.month);
		// The award list is the confirmed one once there is.
		const result = view.confirmed?.result ?? view.current;
		const name = `${view.hall.name.zh}-红旗窗口评选-${q.month}${view.confirmed ? '' : '-未确认'}`;
		return { q, hall, result, confirmed: view.confirmed !== null, name };
	}

	const routes: Record<string, Route> = {
		'/api/assessment': async (req, res) => {
			const q = parseQuery(assessmentQuerySchema, req.url ?? '');
			const { hall } = await reader(req, q.hall);
			send(res, 200, await assessments().view(hall, q.month));
		},
		'/api/assessment/export.csv': async (req, res) => {
			const { q, hall, result, confirmed, name } = await awardList(req);
			const csv = csvOf(awardTable(result, q.kind, confirmed), meta(hall, result));
			res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': contentDisposition(`${name}-${q.kind === 'counter' ? '窗口' : '个人'}.csv`), 'cache-control': 'no-store' });
			res.end(csv);
		},
		'/api/assessment/export.xlsx': async (req, res) => {
			const { hall, result, confirmed, name } = await awardList(req);
			res.writeHead(200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': contentDisposition(`${name}.xlsx`), 'cache-control': 'no-store' });
			await writeXlsx(res, [awardTable(result, 'counter', confirmed), awardTable(result, 'staff', confirmed)], meta(hall, result));
		}
	};

	const posts: AssessmentRoutes['posts'] = {
		'/api/assessment/confirm': async (req, res) => {
			const { hall, month, note } = await body(req, assessmentConfirmSchema);
			const s = await owner(req, hall);
			await assessments().confirm(hall, month, s.staff.id, note);
			send(res, 200, await assessments().view(hall, month));
		},
		'/api/assessment/complaints': async (req, res) => {
			const { hall, month, kind, subject, count, reason } = await body(req, complaintsSchema);
			const s = await owner(req, hall);
			send(res, 200, await assessments().recordComplaints(hall, month, { kind, subject, count, reason }, s.staff.id));
		}
	};

	return {
		posts,
		handle: getRoutes(routes)
	};
}
