/**
 * GET /api/reports…: the reports' JSON, their CSV and XLSX exports, and the ticket drill-down,
 * for supervisors and admins of the halls in their scope (their own hall, or its network).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HallQ } from '../app/hallq';
import type { ReportRequest, ReportResult, ReportRowResult } from '../app/reports';
import { fail } from '../core/errors';
import type { TicketFact } from '../core/facts';
import type { StaffConfig } from '../core/model';
import { hallNetwork, reportHalls } from '../core/network';
import { getRoutes, type Route } from './get-routes';
import { parseQuery } from './query-string';
import { reportQuerySchema, ticketQuerySchema, type ReportScope, type TicketPage, type TicketRow } from './report-contract';
import { contentDisposition, csvOf, writeCsvRows, writeXlsx, writeXlsxRows, type ExportMeta, type ReportColumn, type ReportTable, type ReportRow as ExportRow } from './report-export';
import { dateTimeText, KPI_DEFINITIONS } from './report-definitions';

type Session = { claims: { hall: string }; staff: StaffConfig };
type Send = (res: ServerResponse, status: number, body: unknown) => void;

/** `hall` may repeat (→ `halls`), every other name once. */
const parse = <T>(schema: Parameters<typeof parseQuery<T>>[0], url: string): T => parseQuery(schema, url, { hall: 'halls' });

const minutes = (ms: number | null) => (ms === null ? null : ms / 60_000);

const COLUMNS: ReportColumn[] = [
	{ key: 'label', label: '名称 Name', kind: 'text' },
	{ key: 'issued', label: '取号 Issued', kind: 'int' },
	{ key: 'served', label: '办结 Served', kind: 'int' },
	{ key: 'noShow', label: '过号 No-show', kind: 'int' },
	{ key: 'cancelled', label: '取消 Cancelled', kind: 'int' },
	{ key: 'unserved', label: '未办理 Unserved', kind: 'int' },
	{ key: 'transfers', label: '转办 Transfers', kind: 'int' },
	{ key: 'waitMean', label: '平均等候(分) Mean wait (min)', kind: 'minutes' },
	{ key: 'waitMedian', label: '等候中位数(分) Median wait', kind: 'minutes' },
	{ key: 'waitP90', label: '等候P90(分) P90 wait', kind: 'minutes' },
	{ key: 'serviceMean', label: '平均办理(分) Mean service (min)', kind: 'minutes' },
	{ key: 'withinTarget', label: '按时叫号率 Within target', kind: 'percent' },
	{ key: 'rated', label: '评价数 Rated', kind: 'int' },
	{ key: 'ratingRate', label: '评价率 Rating rate', kind: 'percent' },
	{ key: 'satisfaction', label: '满意度 Satisfaction', kind: 'percent' },
	{ key: 'bad', label: '差评 Bad ratings', kind: 'int' },
	{ key: 'overdue', label: '差评逾期 Follow-ups overdue', kind: 'int' },
	{ key: 'openHours', label: '开窗时长(时) Open hours', kind: 'number' },
	{ key: 'idleShare', label: '空闲率 Idle share', kind: 'percent' },
	{ key: 'servedPerOpenHour', label: '每开窗小时办结 Served per open hour', kind: 'number' }
];

function exportRow(r: ReportRowResult, halls: number): ExportRow {
	const k = r.kpis;
	return {
		label: halls > 1 && r.hall ? `${r.hall} ${r.label.zh}` : r.label.zh,
		issued: k.issued,
		served: k.served,
		noShow: k.noShow,
		cancelled: k.cancelled,
		unserved: k.unserved,
		transfers: k.transfers,
		waitMean: minutes(k.waitMeanMs),
		waitMedian: minutes(k.waitMedianMs),
		waitP90: minutes(k.waitP90Ms),
		serviceMean: minutes(k.serviceMeanMs),
		withinTarget: k.withinTargetShare,
		rated: k.rated,
		ratingRate: k.ratingRate,
		satisfaction: k.satisfaction,
		bad: k.bad,
		overdue: r.followUps ? r.followUps.overdue + r.followUps.late : null,
		openHours: r.time ? r.time.openMs / 3_600_000 : null,
		idleShare: r.time?.idleShare ?? null,
		servedPerOpenHour: r.time?.servedPerOpenHour ?? null
	};
}

const GROUP_NAMES: Record<ReportRequest['by'], string> = { hall: '按大厅', zone: '按区域', department: '按部门', service: '按事项', counter: '按窗口', staff: '按人员', day: '按日' };

function tableOf(report: ReportResult, rows: ReportRowResult[]): ReportTable {
	const { total } = report;
	return { title: `${GROUP_NAMES[report.by]} ${report.by}`, columns: COLUMNS, rows: rows.map((r) => exportRow(r, report.halls.length)), totals: { ...exportRow(total, 1), label: '合计 Total' } };
}

function metaOf(hallq: HallQ, report: Pick<ReportResult, 'halls' | 'period'>): ExportMeta {
	const zone = report.halls[0] ? hallq.runner(report.halls[0].id).index.config.timeZone : 'Asia/Shanghai';
	return {
		hallName: report.halls.map((h) => h.name.zh).join('、'),
		period: { from: report.period.from, to: report.period.to },
		generatedAt: dateTimeText(hallq.clock.now(), zone),
		definitions: KPI_DEFINITIONS
	};
}

function fileName(report: Pick<ReportResult, 'halls' | 'period'>, what: string, ext: string): string {
	const halls = report.halls.length === 1 ? (report.halls[0]?.name.zh ?? '') : `${report.halls.length}个大厅`;
	return `${halls}-${what}-${report.period.from}至${report.period.to}.${ext}`;
}

const TICKET_COLUMNS: ReportColumn[] = [
	{ key: 'day', label: '日期 Day', kind: 'text' },
	{ key: 'ticket', label: '号码 Ticket', kind: 'text' },
	{ key: 'service', label: '事项 Service', kind: 'text' },
	{ key: 'issuedAt', label: '取号时间 Issued', kind: 'text' },
	{ key: 'counter', label: '窗口 Counter', kind: 'text' },
	{ key: 'staff', label: '人员 Staff', kind: 'text' },
	{ key: 'outcome', label: '结果 Outcome', kind: 'text' },
	{ key: 'wait', label: '等候(分) Wait (min)', kind: 'minutes' },
	{ key: 'serviceMinutes', label: '办理(分) Service (min)', kind: 'minutes' },
	{ key: 'rating', label: '评价 Rating', kind: 'int' }
];

export interface ReportRoutes {
	/** Handles a GET under /api/reports; false when the path is not one of them. */
	handle(path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

export function createReportRoutes(hallq: HallQ, session: (req: IncomingMessage) => Promise<Session>, send: Send): ReportRoutes {
	const network = hallNetwork([...hallq.runners.values()].map((r) => r.index.config));
	const reports = () => hallq.reports ?? fail('STORE.UNAVAILABLE', 'this server has no archive: reports are not available');

	/** The halls the caller may read; AUTH.FORBIDDEN for counter staff and for a hall outside the scope. */
	async function scoped(req: IncomingMessage, asked: string[] | undefined): Promise<{ s: Session; halls: string[]; allowed: string[] }> {
		const s = await session(req);
		const allowed = reportHalls(network, s.claims.hall, s.staff);
		if (allowed.length === 0) fail('AUTH.FORBIDDEN', 'reports are for supervisors and administrators');
		const halls = asked ?? [s.claims.hall];
		for (const h of halls) if (!allowed.includes(h)) fail('AUTH.FORBIDDEN', `hall ${h} is outside your reports' scope`);
		return { s, halls, allowed };
	}

	async function reportRequest(req: IncomingMessage): Promise<ReportRequest> {
		const q = parse(reportQuerySchema, req.url ?? '');
		const { halls } = await scoped(req, q.halls);
		const { zone, department, service, counter, staff } = q;
		const filter = Object.fromEntries(Object.entries({ zone, department, service, counter, staff }).filter(([, v]) => v !== undefined));
		return { halls, period: q.period, from: q.from, to: q.to, by: q.by, filter, page: q.page, pageSize: q.pageSize };
	}

	async function ticketRows(req: IncomingMessage) {
		const q = parse(ticketQuerySchema, req.url ?? '');
		const { halls } = await scoped(req, q.halls);
		const hall = halls[0] as string;
		const r = reports();
		const period = r.period(q);
		const index = r.index(hall);
		const zoneOf = (service: string) => index.services.get(service);
		const serves = (t: TicketFact, ok: (s: TicketFact['servings'][number]) => boolean) => t.servings.some(ok);
		const matches = (t: TicketFact) =>
			(q.service === undefined || serves(t, (s) => s.service === q.service)) &&
			(q.counter === undefined || serves(t, (s) => s.counter === q.counter)) &&
			(q.staff === undefined || serves(t, (s) => s.staff === q.staff)) &&
			(q.zone === undefined || serves(t, (s) => zoneOf(s.service)?.zone === q.zone)) &&
			(q.department === undefined || serves(t, (s) => zoneOf(s.service)?.department === q.department));
		const rowOf = (t: TicketFact): TicketRow => ({
			hall,
			day: t.day,
			ticket: t.ticket,
			service: t.service,
			serviceName: index.services.get(t.service)?.name ?? { zh: t.service, en: t.service },
			issuedAt: t.issuedAt,
			firstCalledAt: t.firstCalledAt,
			finishedAt: t.finishedAt,
			counter: t.counter,
			staff: t.staff,
			staffName: t.staff ? (index.staff.get(t.staff)?.name ?? t.staff) : null,
			outcome: t.outcome,
			transfers: t.transfers,
			recalls: t.recalls,
			waitMs: t.waitMs,
			serviceMs: t.serviceMs,
			withinTarget: t.withinTarget,
			rating: t.rating?.overall ?? null
		});
		/** The matching tickets one day at a time: a year's export never holds more than a day. */
		async function* rows(): AsyncGenerator<TicketRow> {
			for await (const day of r.facts.ticketsByDay(hall, period.from, period.to)) for (const t of day) if (matches(t)) yield rowOf(t);
		}
		return { q, rows, meta: { halls: [r.summary(hall)], period }, timeZone: index.config.timeZone };
	}

	const routes: Record<string, Route> = {
		'/api/reports/scope': async (req, res) => {
			const { s, allowed } = await scoped(req, undefined);
			const r = reports();
			send(res, 200, { hall: s.claims.hall, halls: allowed.map((h) => r.summary(h)), today: r.today(s.claims.hall) } satisfies ReportScope);
		},
		'/api/reports': async (req, res) => {
			send(res, 200, await reports().report(await reportRequest(req)));
		},
		'/api/reports/export.csv': async (req, res) => {
			const { report, rows } = await reports().table(await reportRequest(req));
			const csv = csvOf(tableOf(report, rows), metaOf(hallq, report));
			res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': contentDisposition(fileName(report, GROUP_NAMES[report.by], 'csv')), 'cache-control': 'no-store' });
			res.end(csv);
		},
		'/api/reports/export.xlsx': async (req, res) => {
			const { report, rows } = await reports().table(await reportRequest(req));
			res.writeHead(200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': contentDisposition(fileName(report, GROUP_NAMES[report.by], 'xlsx')), 'cache-control': 'no-store' });
			await writeXlsx(res, [tableOf(report, rows)], metaOf(hallq, report));
		},
		'/api/reports/tickets': async (req, res) => {
			const { q, rows } = await ticketRows(req);
			const start = (q.page - 1) * q.pageSize;
			const page: TicketRow[] = [];
			let rowCount = 0;
			for await (const t of rows()) if (rowCount++ >= start && page.length < q.pageSize) page.push(t);
			send(res, 200, { rows: page, rowCount, page: q.page, pageSize: q.pageSize } satisfies TicketPage);
		},
		'/api/reports/tickets.csv': async (req, res) => {
			const { rows, meta, timeZone } = await ticketRows(req);
			res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': contentDisposition(fileName(meta, '办件明细', 'csv')), 'cache-control': 'no-store' });
			await writeCsvRows(res, '办件明细 Tickets', TICKET_COLUMNS, exportRows(rows(), timeZone), metaOf(hallq, meta));
		},
		'/api/reports/tickets.xlsx': async (req, res) => {
			const { rows, meta, timeZone } = await ticketRows(req);
			res.writeHead(200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': contentDisposition(fileName(meta, '办件明细', 'xlsx')), 'cache-control': 'no-store' });
			await writeXlsxRows(res, '办件明细 Tickets', TICKET_COLUMNS, exportRows(rows(), timeZone), metaOf(hallq, meta));
		}
	};

	return {
		handle: getRoutes(routes)
	};
}

async function* exportRows(rows: AsyncIterable<TicketRow>, timeZone: string): AsyncGenerator<ExportRow> {
	for await (const t of rows) yield ticketExportRow(t, timeZone);
}

function ticketExportRow(t: TicketRow, timeZone: string): ExportRow {
	return {
		day: t.day,
		ticket: t.ticket,
		service: t.serviceName.zh,
		issuedAt: dateTimeText(t.issuedAt, timeZone),
		counter: t.counter,
		staff: t.staffName,
		outcome: t.outcome,
		wait: minutes(t.waitMs),
		serviceMinutes: minutes(t.serviceMs),
		rating: t.rating
	};
}
