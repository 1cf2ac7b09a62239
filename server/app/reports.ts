/**
 * The reports of supervisors and central staff: one or more halls over a period, grouped and
 * filtered, compared with the period before, with the figures of its charts. Closed days come
 * from the archive's rollups, today (and any day not archived yet) from the live log through the
 * same projection (DayFactsReader). Who may read which hall is decided by the caller (the API).
 */
import { fail } from '../core/errors';
import type { CaseStore, FollowUpCase } from '../core/follow-up';
import type { HallIndex } from '../core/hall-index';
import { servingKpis, type ServingKpis } from '../core/kpis';
import type { Text } from '../core/model';
import { dailyPoints, satisfactionByCounter, waitBins } from '../core/report-charts';
import { daysOf, MAX_RANGE_DAYS, previousPeriod, reportPeriod, type Period } from '../core/report-period';
import { reportRows, reportTotal, type HallPeriodFacts, type RowFigures, type RowFilter, type RowGroup } from '../core/report-rows';
import type { ArchiveStore } from '../core/ports';
import type { DailyRollup, Measures } from '../core/facts';
import { DayFactsReader } from './day-facts';
import type { HallRunner } from './hall-runner';

export interface ReportRequest {
	halls: string[];
	period: Period['period'];
	from: string;
	to?: string;
	by: RowGroup;
	filter: RowFilter;
	page: number;
	pageSize: number;
}

export interface HallSummary {
	id: string;
	name: Text;
	level: 'city' | 'county' | 'township' | 'village';
	parent: string | null;
	/** The hall's IANA time zone: its days and hours are local to it. */
	timeZone: string;
}

export interface PreviousSummary {
	issued: number;
	served: number;
	waitMeanMs: number | null;
	withinTargetShare: number | null;
	satisfaction: number | null;
	ratingRate: number | null;
}

export interface Drill {
	by: RowGroup;
	halls: string[];
	filter: RowFilter;
}

export interface ReportRowResult {
	key: string;
	hall: string | null;
	label: Text;
	kpis: ServingKpis;
	time: RowFigures['time'];
	followUps: RowFigures['followUps'];
	previous: PreviousSummary | null;
	drill: Drill | null;
}

export interface ReportResult {
	halls: HallSummary[];
	period: Period;
	previousPeriod: Period;
	by: RowGroup;
	filter: RowFilter;
	total: ReportRowResult;
	rows: ReportRowResult[];
	rowCount: number;
	page: number;
	pageSize: number;
	charts: {
		arrivalsByHour: number[];
		servedByHour: number[];
		waitDistribution: ReturnType<typeof waitBins>;
		daily: ReturnType<typeof dailyPoints>;
		/** By counter; by hall for halls side by side (their daily totals know no counter). */
		satisfactionByCounter: ReturnType<typeof satisfactionByCounter>;
		satisfactionBy: 'counter' | 'hall';
	};
	localShare: { localServed: number; networkServed: number; share: number | null } | null;
	includesToday: boolean;
	generatedAt: number;
}

/** What clicking a row of `by` opens: the next level down, the row's own filter added. */
const DRILL: Record<RowGroup, RowGroup | null> = {
	hall: 'zone',
	zone: 'service',
	department: 'service',
	service: 'counter',
	counter: 'staff',
	staff: 'day',
	day: null
};

const LOCAL_LEVELS = new Set(['township', 'village']);

interface ReadOptions {
	totalsOnly: boolean;
	byMonth: boolean;
	withCases: boolean;
	measures: Measures;
}

export interface ReportsOptions {
	runners: ReadonlyMap<string, HallRunner>;
	archive: ArchiveStore;
	cases: CaseStore;
	now: () => number;
}

export class Reports {
	readonly facts: DayFactsReader;

	constructor(private readonly o: ReportsOptions) {
		this.facts = new DayFactsReader({ runners: o.runners, archive: o.archive, now: o.now });
	}

	index(hall: string): HallIndex {
		return (this.o.runners.get(hall) ?? fail('HALL.NOT_FOUND', `no hall ${hall}`)).index;
	}

	summary(hall: string): HallSummary {
		const c = this.index(hall).config;
		return { id: c.id, name: c.name, level: c.level, parent: c.parent ?? null, timeZone: c.timeZone };
	}

	/** The hall's local day now. */
	today(hall: string): string {
		const runner = this.o.runners.get(hall) ?? fail('HALL.NOT_FOUND', `no hall ${hall}`);
		return runner.keyAt(this.o.now()).day;
	}

	period(req: Pick<ReportRequest, 'period' | 'from' | 'to'>): Period {
		return reportPeriod(req.period, req.from, req.to, MAX_RANGE_DAYS);
	}

	async report(req: ReportRequest): Promise<ReportResult> {
		const halls = this.checked(req);
		const period = this.period(req);
		const previous = previousPeriod(period);
		const unfiltered = Object.values(req.filter).every((v) => v === undefined);
		// Halls or days side by side, unfiltered, need no row below a hall-day: its total is enough.
		const totalsOnly = unfiltered && (req.by === 'hall' || req.by === 'day');
		const overview = totalsOnly && req.by === 'hall';
		// Not grouped by day, whole months are read as their month rollups.
		const byMonth = req.by !== 'day';
		const [now, before, daily, counters, share] = await Promise.all([
			this.hallFacts(halls, period, { totalsOnly, byMonth, withCases: true, measures: 'all' }),
			// The previous period is only compared in counts, means and shares: its distributions are not read.
			this.hallFacts(halls, previous, { totalsOnly, byMonth, withCases: false, measures: 'counts' }),
			// The daily chart needs the days that month rollups sum away; of halls side by side, their sum per day.
			byMonth ? (overview && halls.length > 1 ? this.summedPerDay(halls, period) : this.hallFacts(halls, period, { totalsOnly: unfiltered, byMonth: false, withCases: false, measures: 'counts' })) : null,
			// Days side by side from their totals know no counter: the satisfaction chart reads the counters' months.
			totalsOnly && !overview ? this.hallFacts(halls, period, { totalsOnly: false, byMonth: true, withCases: false, measures: 'counts' }) : null,
			this.localShare(halls, period)
		]);
		const at = this.o.now();
		const rows = reportRows(now, req.by, req.filter, at);
		const previousRows = new Map(reportRows(before, req.by, req.filter, at, 'counts').map((r) => [rowId(r), r]));
		const totalLabel: Text = { zh: '合计', en: 'Total' };
		const total = reportTotal(now, req.filter, at, totalLabel);
		const previousTotal = reportTotal(before, req.filter, at, totalLabel, 'counts');
		const start = (req.page - 1) * req.pageSize;
		const dayRows = daily ? reportRows(daily, 'day', req.filter, at, 'counts') : rows;
		// Daily totals have no counter: halls side by side compare the halls' satisfaction instead.
		const satisfactionRows = overview ? rows : req.by === 'counter' ? rows : reportRows(counters ?? now, 'counter', req.filter, at, 'counts');
		return {
			halls: halls.map((h) => this.summary(h)),
			period,
			previousPeriod: previous,
			by: req.by,
			filter: req.filter,
			total: this.row(total, previousTotal, null),
			rows: rows.slice(start, start + req.pageSize).map((r) => this.row(r, previousRows.get(rowId(r)) ?? null, this.drill(req, r))),
			rowCount: rows.length,
			page: req.page,
			pageSize: req.pageSize,
			charts: {
				arrivalsByHour: [...total.sums.arrivalsByHour],
				servedByHour: [...total.sums.servedByHour],
				waitDistribution: waitBins(total.sums),
				daily: dailyPoints(dayRows, daysOf(period)),
				satisfactionByCounter: satisfactionByCounter(satisfactionRows),
				satisfactionBy: overview ? 'hall' : 'counter'
			},
			localShare: share,
			includesToday: halls.some((h) => { const t = this.today(h); return t >= period.from && t <= period.to; }),
			generatedAt: at
		};
	}

	/** Every row of the report (no paging), for an export. */
	async table(req: ReportRequest): Promise<{ report: ReportResult; rows: ReportRowResult[] }> {
		const report = await this.report({ ...req, page: 1, pageSize: Number.MAX_SAFE_INTEGER });
		return { report, rows: report.rows };
	}

	private checked(req: ReportRequest): string[] {
		if (req.halls.length === 0) fail('VALIDATION.FAILED', 'hall: name at least one hall');
		for (const h of req.halls) this.index(h);
		const filtered = Object.values(req.filter).some((v) => v !== undefined);
		if (filtered && req.halls.length > 1) fail('VALIDATION.FAILED', 'a zone, department, service, counter or staff filter needs one hall');
		return [...new Set(req.halls)];
	}

	/** One hall's rollups, counter sessions and follow-up cases of a period (for the monthly assessment). */
	async periodFacts(hall: string, period: Period): Promise<HallPeriodFacts> {
		const [facts] = await this.hallFacts([hall], period, { totalsOnly: false, byMonth: true, withCases: true, measures: 'counts' });
		return facts as HallPeriodFacts;
	}

	/**
	 * The facts of each hall over the period: its rollups (or, `totalsOnly`, one total per hall-day
	 * as a rollup without service, counter or staff; `byMonth`, whole months as month rollups), its
	 * counter sessions and follow-up cases (`withCases`), with `measures`.
	 */
	private async hallFacts(halls: string[], period: Period, o: ReadOptions): Promise<HallPeriodFacts[]> {
		const cases = (hall: string) => (o.withCases ? this.o.cases.list(hall) : Promise.resolve([] as FollowUpCase[]));
		const inPeriod = (list: FollowUpCase[]) => list.filter((c) => c.day >= period.from && c.day <= period.to);
		if (o.totalsOnly) {
			const [batch, lists] = await Promise.all([this.facts.overview(halls, period.from, period.to, { measures: o.measures, byMonth: o.byMonth, withSessions: o.withCases }), Promise.all(halls.map(cases))]);
			return halls.map((hall, i): HallPeriodFacts => {
				const facts = batch.get(hall);
				return {
					index: this.index(hall),
					rollups: (facts?.totals ?? []).map((t): DailyRollup => ({ ...t, service: '', counter: '', staff: '' })),
					sessions: o.withCases ? (facts?.sessions ?? []) : [],
					cases: inPeriod(lists[i] ?? []),
					asOf: this.today(hall)
				};
			});
		}
		return Promise.all(
			halls.map(async (hall): Promise<HallPeriodFacts> => {
				const [facts, list] = await Promise.all([this.facts.between(hall, period.from, period.to, { rollups: true, sessions: o.withCases, measures: o.measures, byMonth: o.byMonth }), cases(hall)]);
				return { index: this.index(hall), rollups: facts.rollups, sessions: facts.sessions, cases: inPeriod(list), asOf: this.today(hall) };
			})
		);
	}

	/** The halls' daily totals added up per day, as the facts of one hall (the first) for the daily chart. */
	private async summedPerDay(halls: string[], period: Period): Promise<HallPeriodFacts[]> {
		const [first] = halls as [string];
		const totals = await this.facts.totalsPerDay(halls, period.from, period.to);
		return [{ index: this.index(first), rollups: totals.map((t): DailyRollup => ({ ...t, hall: first, service: '', counter: '', staff: '' })), sessions: [], cases: [], asOf: this.today(first) }];
	}

	/**
	 * 让数据多跑路: of the tickets served for services that the report's township and village centers
	 * offer, the share they served themselves (the rest was served by the halls above them). Null
	 * unless the report has both local halls and halls above them.
	 */
	private async localShare(halls: string[], period: Period): Promise<ReportResult['localShare']> {
		const local = halls.filter((h) => LOCAL_LEVELS.has(this.index(h).config.level));
		if (local.length === 0 || local.length === halls.length) return null;
		const offered = new Set(local.flatMap((h) => this.index(h).config.services.map((s) => s.code)));
		const served = await this.facts.servedByServiceOf(halls, period.from, period.to);
		let localServed = 0;
		let networkServed = 0;
		for (const [h, byService] of served)
			for (const [service, n] of byService) {
				if (!offered.has(service)) continue;
				networkServed += n;
				if (local.includes(h)) localServed += n;
			}
		return { localServed, networkServed, share: networkServed > 0 ? localServed / networkServed : null };
	}

	private row(r: RowFigures, previous: RowFigures | null, drill: Drill | null): ReportRowResult {
		return { key: r.key, hall: r.hall, label: r.label, kpis: servingKpis(r.sums), time: r.time, followUps: r.followUps, previous: previous ? previousSummary(previous) : null, drill };
	}

	private drill(req: ReportRequest, r: RowFigures): Drill | null {
		const next = DRILL[req.by];
		if (next === null || r.key === '') return null;
		if (req.by === 'hall') return { by: next, halls: [r.key], filter: {} };
		const own: RowFilter = req.by === 'day' ? {} : { [req.by]: r.key };
		return { by: next, halls: r.hall ? [r.hall] : req.halls, filter: { ...req.filter, ...own } };
	}
}

function rowId(r: RowFigures): string {
	return `${r.hall ?? ''}\u0000${r.key}`;
}

function previousSummary(r: RowFigures): PreviousSummary {
	const k = servingKpis(r.sums);
	return { issued: k.issued, served: k.served, waitMeanMs: k.waitMeanMs, withinTargetShare: k.withinTargetShare, satisfaction: k.satisfaction, ratingRate: k.ratingRate };
}

