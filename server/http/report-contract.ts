/**
 * The reports' HTTP contract: the query every report endpoint takes and the JSON it answers.
 * Pages import only the types of this file (and of server/realtime/contract.ts).
 */
import { z } from 'zod';
import type { FollowUpCounts, ServingKpis, TimeKpis } from '../core/kpis';
import type { FactOutcome } from '../core/facts';
import type { Text } from '../core/model';
import type { HallSummary, PreviousSummary, ReportResult, ReportRowResult } from '../app/reports';
import type { CounterSatisfactionFigures, DailyFigures, WaitBinFigures } from '../core/report-charts';
import type { Period } from '../core/report-period';
import { MAX_RANGE_DAYS } from '../core/report-period';

export type { FollowUpCounts, ServingKpis, TimeKpis };

/** What a report's rows are. `day`: one row per day of the period. */
export const REPORT_GROUPS = ['hall', 'zone', 'department', 'service', 'counter', 'staff', 'day'] as const;
export type ReportGroup = (typeof REPORT_GROUPS)[number];

/** `week` is Monday to Sunday; `month` a calendar month; `range` from … to, at most MAX_RANGE_DAYS. */
export const REPORT_PERIODS = ['day', 'week', 'month', 'range'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export { MAX_RANGE_DAYS };
export const MAX_PAGE_SIZE = 500;

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, "-" or "_", at most 40');
const date = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date "YYYY-MM-DD"');

/** Rows limited to one zone, department, service, counter or staff member (of a report on one hall). */
export const reportFilterSchema = z.strictObject({
	zone: id.optional(),
	department: id.optional(),
	service: id.optional(),
	counter: id.optional(),
	staff: id.optional()
});
export type ReportFilter = z.infer<typeof reportFilterSchema>;

/**
 * GET /api/reports?hall=city&period=month&from=2026-11-01&by=counter&page=1 (query string; `hall`
 * may repeat). Without `hall`: the caller's own hall.
 */
export const reportQuerySchema = z.strictObject({
	halls: z.array(id).min(1).max(500).optional(),
	period: z.enum(REPORT_PERIODS).default('month'),
	/** day: the day; week: any day of the week; month: any day of the month; range: the first day. */
	from: date,
	/** range only: the last day, included. */
	to: date.optional(),
	by: z.enum(REPORT_GROUPS).default('counter'),
	...reportFilterSchema.shape,
	page: z.coerce.number().int().min(1).max(100_000).default(1),
	pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50)
});
export type ReportQuery = z.input<typeof reportQuerySchema>;

/** GET /api/reports/tickets: the ticket facts behind a row (the drill-down's last level), paged. */
export const ticketQuerySchema = z.strictObject({
	halls: z.array(id).length(1).optional(),
	period: z.enum(REPORT_PERIODS).default('day'),
	from: date,
	to: date.optional(),
	...reportFilterSchema.shape,
	page: z.coerce.number().int().min(1).max(100_000).default(1),
	pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(100)
});
export type TicketQuery = z.input<typeof ticketQuerySchema>;

/** The answer of GET /api/reports is the app's ReportResult; these names are the contract's. */
export type ReportView = ReportResult;
export type ReportRow = ReportRowResult;
export type PreviousFigures = PreviousSummary;
export type HallRef = HallSummary;
export type ReportPeriodView = Period;
export type ReportCharts = ReportResult['charts'];
export type WaitBin = WaitBinFigures;
export type DailyPoint = DailyFigures;
export type CounterSatisfaction = CounterSatisfactionFigures;
export type LocalShare = NonNullable<ReportResult['localShare']>;

/** One ticket of a drill-down: no personal field. */
export interface TicketRow {
	hall: string;
	day: string;
	ticket: string;
	service: string;
	serviceName: Text;
	issuedAt: number;
	firstCalledAt: number | null;
	finishedAt: number | null;
	counter: string | null;
	staff: string | null;
	staffName: string | null;
	outcome: FactOutcome | null;
	transfers: number;
	recalls: number;
	waitMs: number | null;
	serviceMs: number | null;
	withinTarget: boolean | null;
	rating: number | null;
}

export interface TicketPage {
	rows: TicketRow[];
	rowCount: number;
	page: number;
	pageSize: number;
}

/** GET /api/reports/scope: the halls the caller's reports may cover. */
export interface ReportScope {
	hall: string;
	halls: HallRef[];
	today: string;
}
