/**
 * The facts of a hall between two days, wherever each day is: projected in the archive, or still in
 * the live store (today, or a closed day not archived yet), projected here with the same pure
 * projection the archive used, so the two can never disagree.
 */
import type { StoredEvent } from '../core/events';
import type { ArchiveStore } from '../core/ports';
import type { CounterSession, DailyRollup, DailyTotal, DayFacts, Measures, TicketFact } from '../core/facts';
import { daysOf, wholeMonths } from '../core/report-period';
import { addScalarSums, emptySums, sumsOf } from '../core/serving-sums';
import { projectDay } from '../core/project-day';
import type { HallRunner } from './hall-runner';

const PAGE = 5000;

/** Which facts a reader asks for: reports need no ticket rows, drill-downs no rollups. */
export interface FactParts {
	tickets?: boolean;
	sessions?: boolean;
	rollups?: boolean;
	/** Of the archived rollups: `counts` leaves their distributions out (live days keep theirs). */
	measures?: Measures;
	/**
	 * The archived rollups of whole calendar months as one row per month × service × counter × staff
	 * (`day` the month's first): for reports that do not group by day, a month is one read of its
	 * month rollups instead of every day's.
	 */
	byMonth?: boolean;
}

const ALL: FactParts = { tickets: true, sessions: true, rollups: true };

const byDay = <T extends { day: string }>(a: T, b: T) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0);

export class DayFactsReader {
	/** Today's projection per hall, kept while the log has not grown. */
	private readonly todays = new Map<string, { day: string; version: number; facts: DayFacts }>();

	constructor(private readonly o: { runners: ReadonlyMap<string, HallRunner>; archive: ArchiveStore; now: () => number }) {}

	/** Facts of `hall` from `fromDay` to `toDay`, both included, in day order; the parts not asked for are empty. */
	async between(hall: string, fromDay: string, toDay: string, parts: FactParts = ALL): Promise<DayFacts> {
		const [tickets, sessions, rollups, live] = await Promise.all([
			parts.tickets ? this.o.archive.ticketFacts(hall, fromDay, toDay) : [],
			parts.sessions ? this.o.archive.counterSessions(hall, fromDay, toDay) : [],
			parts.rollups ? (parts.byMonth ? this.rollupsByMonth(hall, fromDay, toDay, parts.measures) : this.o.archive.rollups(hall, fromDay, toDay, parts.measures)) : [],
			this.liveFacts(hall, fromDay, toDay)
		]);
		const facts: DayFacts = { tickets, sessions, rollups };
		for (const { facts: more } of live) {
			if (parts.tickets) facts.tickets.push(...more.tickets);
			if (parts.sessions) facts.sessions.push(...more.sessions);
			if (parts.rollups) facts.rollups.push(...more.rollups);
		}
		if (live.length > 0) {
			// Stable sorts: within a day each list keeps the projection's (and the archive's) order.
			facts.tickets.sort(byDay);
			facts.sessions.sort(byDay);
			facts.rollups.sort(byDay);
		}
		return facts;
	}

	/**
	 * The ticket facts of `hall` from `fromDay` to `toDay`, one day at a time in day order (days
	 * without tickets left out): an export of a year holds one day in memory, not the year.
	 */
	async *ticketsByDay(hall: string, fromDay: string, toDay: string): AsyncGenerator<TicketFact[]> {
		const live = new Map((await this.liveFacts(hall, fromDay, toDay)).map((d) => [d.day, d.facts.tickets]));
		for (const day of daysOf({ from: fromDay, to: toDay })) {
			const archived = await this.o.archive.ticketFacts(hall, day, day);
			const tickets = live.has(day) ? [...archived, ...(live.get(day) ?? [])] : archived;
			if (tickets.length > 0) yield tickets;
		}
	}

	/**
	 * Halls side by side: per hall, one total per hall-day with figures and (`withSessions`) its
	 * counter sessions summed by kind and reason (as sessions without counter), from one query each
	 * for all halls.
	 */
	async overview(
		halls: readonly string[],
		fromDay: string,
		toDay: string,
		o: { measures: Measures; byMonth: boolean; withSessions: boolean }
	): Promise<Map<string, { totals: DailyTotal[]; sessions: CounterSession[] }>> {
		const [totals, sessions, live] = await Promise.all([
			o.byMonth ? this.totalsByMonth(halls, fromDay, toDay, o.measures) : this.o.archive.totals(halls, fromDay, toDay, o.measures),
			o.withSessions ? this.o.archive.sessionTotals(halls, fromDay, toDay) : [],
			Promise.all(halls.map(async (hall) => ({ hall, days: await this.liveFacts(hall, fromDay, toDay) })))
		]);
		const out = new Map(halls.map((h) => [h, { totals: [] as DailyTotal[], sessions: [] as CounterSession[] }]));
		for (const t of totals) out.get(t.hall)?.totals.push(t);
		for (const t of sessions) out.get(t.hall)?.sessions.push({ hall: t.hall, day: t.day, counter: '', n: 0, kind: t.kind, staff: '', reason: t.reason, from: 0, to: t.ms, busyMs: t.busyMs });
		for (const { hall, days } of live) {
			const h = out.get(hall);
			if (!h || days.length === 0) continue;
			for (const { day, facts } of days) {
				h.totals.push({ ...sumsOf(facts.rollups), hall, day });
				if (o.withSessions) h.sessions.push(...facts.sessions);
			}
			h.totals.sort(byDay);
			h.sessions.sort(byDay);
		}
		return out;
	}

	/** The halls' daily totals added up per day (hall ''), in counts, live days included: the daily chart of halls side by side. */
	async totalsPerDay(halls: readonly string[], fromDay: string, toDay: string): Promise<DailyTotal[]> {
		const [archived, live] = await Promise.all([this.o.archive.totalsPerDay(halls, fromDay, toDay), Promise.all(halls.map((hall) => this.liveFacts(hall, fromDay, toDay)))]);
		const perDay = new Map(archived.map((t) => [t.day, t]));
		for (const days of live)
			for (const { day, facts } of days) {
				const total = perDay.get(day) ?? { ...emptySums(), hall: '', day };
				for (const r of facts.rollups) addScalarSums(total, r);
				perDay.set(day, total);
			}
		return [...perDay.values()].sort(byDay);
	}

	private async rollupsByMonth(hall: string, fromDay: string, toDay: string, measures: Measures | undefined): Promise<DailyRollup[]> {
		const { months, ranges } = wholeMonths(fromDay, toDay);
		const parts = await Promise.all([this.o.archive.monthRollups(hall, months, measures), ...ranges.map((r) => this.o.archive.rollups(hall, r.from, r.to, measures))]);
		return parts.flat().sort(byDay);
	}

	private async totalsByMonth(halls: readonly string[], fromDay: string, toDay: string, measures: Measures): Promise<DailyTotal[]> {
		const { months, ranges } = wholeMonths(fromDay, toDay);
		const parts = await Promise.all([this.o.archive.monthTotals(halls, months, measures), ...ranges.map((r) => this.o.archive.totals(halls, r.from, r.to, measures))]);
		return parts.flat().sort(byDay);
	}

	/** Served servings per service of each hall over the days, from one query for all halls. */
	async servedByServiceOf(halls: readonly string[], fromDay: string, toDay: string): Promise<Map<string, Map<string, number>>> {
		const [archived, live] = await Promise.all([this.o.archive.servedByService(halls, fromDay, toDay), Promise.all(halls.map(async (hall) => ({ hall, days: await this.liveFacts(hall, fromDay, toDay) })))]);
		const out = new Map(halls.map((h) => [h, new Map<string, number>()]));
		for (const r of archived) out.get(r.hall)?.set(r.service, r.served);
		for (const { hall, days } of live) {
			const served = out.get(hall);
			if (!served) continue;
			for (const { facts } of days) for (const r of facts.rollups) served.set(r.service, (served.get(r.service) ?? 0) + r.served);
		}
		return out;
	}

	/** The days of the range that are not projected in the archive, projected from the live log. */
	private async liveFacts(hall: string, fromDay: string, toDay: string): Promise<{ day: string; facts: DayFacts }[]> {
		const runner = this.runner(hall);
		const today = runner.keyAt(this.o.now()).day;
		const liveDays = await this.liveDays(runner, fromDay, toDay < today ? toDay : today);
		// Most ranges are in the past: nothing live, no need to ask the archive which days it projected.
		if (liveDays.length === 0) return [];
		const archivedDays = await this.o.archive.days(hall, fromDay, toDay);
		const projected = new Set(archivedDays.filter((d) => d.status === 'projected' || d.status === 'dropped').map((d) => d.day));
		const out: { day: string; facts: DayFacts }[] = [];
		for (const day of liveDays.filter((d) => !projected.has(d)))
			out.push({ day, facts: day === today ? await this.today(hall) : projectDay(runner.index.config, day, await this.events(runner, day)) });
		return out;
	}

	/** Today's facts from the live log, without waiting for the close. */
	async today(hall: string): Promise<DayFacts> {
		const runner = this.runner(hall);
		const { key, state } = await runner.current();
		const kept = this.todays.get(hall);
		if (kept && kept.day === key.day && kept.version === state.version) return kept.facts;
		const facts = projectDay(runner.index.config, key.day, await this.events(runner, key.day));
		this.todays.set(hall, { day: key.day, version: state.version, facts });
		return facts;
	}

	private runner(hall: string): HallRunner {
		const runner = this.o.runners.get(hall);
		if (!runner) throw new Error(`no hall ${hall}`);
		return runner;
	}

	/** Days of the hall in the range that the live store (still) holds, today included when in range. */
	private async liveDays(runner: HallRunner, fromDay: string, toDay: string): Promise<string[]> {
		const days = new Set<string>();
		for (const key of await runner.liveDays()) if (key.day >= fromDay && key.day <= toDay) days.add(key.day);
		const today = runner.keyAt(this.o.now()).day;
		if (today >= fromDay && today <= toDay) days.add(today);
		return [...days].sort();
	}

	private async events(runner: HallRunner, day: string): Promise<StoredEvent[]> {
		const all: StoredEvent[] = [];
		for (;;) {
			const page = await runner.dayEventsAfter(day, all.length, PAGE);
			all.push(...page);
			if (page.length < PAGE) return all;
		}
	}
}
