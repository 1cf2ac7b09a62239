/** The OpenAPI description of GET /api/reports… (types in report-contract.ts, definitions in docs/statistics.md). */
import { MAX_PAGE_SIZE, MAX_RANGE_DAYS, REPORT_GROUPS, REPORT_PERIODS } from './report-contract';

const errorRef = { $ref: '#/components/schemas/Error' } as const;
const security = [{ sessionCookie: [] }, { bearer: [] }];
const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;

const q = (name: string, description: string, schema: object, required = false) => ({ name, in: 'query', required, description, schema });

const periodParams = [
	q('hall', 'a hall of the caller’s scope; repeat for several; default the caller’s own', { type: 'string' }),
	q('period', 'day, week (Monday–Sunday), month, or range', { type: 'string', enum: REPORT_PERIODS, default: 'month' }),
	q('from', 'day: the day; week, month: any day of it; range: the first day', date, true),
	q('to', `range only: the last day, included (at most ${MAX_RANGE_DAYS} days)`, date),
	...['zone', 'department', 'service', 'counter', 'staff'].map((f) => q(f, `only the rows of this ${f} (a report on one hall)`, { type: 'string' }))
];
const pageParams = [q('page', '1-based', { type: 'integer', minimum: 1, default: 1 }), q('pageSize', `at most ${MAX_PAGE_SIZE}`, { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE })];
const byParam = q('by', 'what a row is', { type: 'string', enum: REPORT_GROUPS, default: 'counter' });

const refusals = {
	'400': { description: 'VALIDATION.FAILED: an unknown or repeated parameter, a bad date or period, a filter over several halls', content: { 'application/json': { schema: errorRef } } },
	'401': { description: 'AUTH.REQUIRED / AUTH.INVALID', content: { 'application/json': { schema: errorRef } } },
	'403': { description: 'AUTH.FORBIDDEN: counter staff, or a hall outside the caller’s scope', content: { 'application/json': { schema: errorRef } } }
};

const file = (type: string, what: string) => ({ '200': { description: what, content: { [type]: { schema: { type: 'string', format: 'binary' } } } }, ...refusals });
const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const reportPaths = {
	'/api/reports/scope': {
		get: {
			summary: 'Supervisors, admins: the halls their reports may cover (own hall, or its network with scope network)',
			security,
			responses: { '200': { description: '{ hall, halls: [{ id, name, level, parent, timeZone }], today }', content: { 'application/json': { schema: { type: 'object', required: ['hall', 'halls', 'today'] } } } }, ...refusals }
		}
	},
	'/api/reports': {
		get: {
			summary: 'A report: rows by hall, zone, department, service, counter, staff or day; total; previous period; charts',
			description: 'Closed days from the archive’s rollups, today live. Every figure is defined in docs/statistics.md; shares are 0–1, durations ms, null when the denominator is 0.',
			security,
			parameters: [...periodParams, byParam, ...pageParams],
			responses: {
				'200': {
					description: 'ReportView (server/http/report-contract.ts)',
					content: { 'application/json': { schema: { type: 'object', required: ['halls', 'period', 'previousPeriod', 'by', 'filter', 'total', 'rows', 'rowCount', 'page', 'pageSize', 'charts', 'localShare', 'includesToday', 'generatedAt'] } } }
				},
				...refusals
			}
		}
	},
	'/api/reports/export.csv': { get: { summary: 'The report’s whole table as CSV (UTF-8 with BOM; title, halls and period on the first line)', security, parameters: [...periodParams, byParam], responses: file(CSV, 'CSV file') } },
	'/api/reports/export.xlsx': { get: { summary: 'The report’s whole table as XLSX, with a definitions sheet', security, parameters: [...periodParams, byParam], responses: file(XLSX, 'XLSX file, streamed') } },
	'/api/reports/tickets': {
		get: {
			summary: 'The tickets behind a row (one hall), without personal fields, paged',
			security,
			parameters: [...periodParams, ...pageParams],
			responses: { '200': { description: 'TicketPage: { rows, rowCount, page, pageSize }', content: { 'application/json': { schema: { type: 'object', required: ['rows', 'rowCount', 'page', 'pageSize'] } } } }, ...refusals }
		}
	},
	'/api/reports/tickets.csv': { get: { summary: 'The tickets as CSV, written as the days are read', security, parameters: periodParams, responses: file(CSV, 'CSV file, streamed') } },
	'/api/reports/tickets.xlsx': { get: { summary: 'The tickets as XLSX, written row by row', security, parameters: periodParams, responses: file(XLSX, 'XLSX file, streamed') } }
} as const;
