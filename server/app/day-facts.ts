/**
 * The facts of a hall between two days, wherever each day is: projected in the archive, or still in
 * the live store (today, or a closed day not archived yet), projected here with the same pure
 * projection the archive used, so the two can never disagree.
 */
import type { StoredEvent } from '../core/events';
import type { ArchiveStore } from '../core/ports';
import type { DailyTotal, DayFacts } from '../core/facts';
import { sumsOf } from '../core/serving-sums';
import { projectDay } from '../core/project-day';
import type { HallRunner } from './hall-runner';

const PAGE = 5000;

/** Which facts a reader asks for: reports need no ticket rows, drill-downs no rollups. */
export interface FactParts {
	tickets?: boolean;
	sessions?: boolean;
	rollups?: boolean;
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
			parts.rollups ? this.o.archive.rollups(hall, fromDay, toDay) : [],
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

	/** One total per hall-day with figures (overviews across many halls read these, not the rollups), in day order. */
	async totals(hall: string, fromDay: string, toDay: string): Promise<DailyTotal[]> {
		const [archived, live] = await Promise.all([this.o.archive.totals([hall], fromDay, toDay), this.liveFacts(hall, fromDay, toDay)]);
		for (const { day, facts } of live) archived.push({ ...sumsOf(facts.rollups), hall, day });
		return live.length > 0 ? archived.sort(byDay) : archived;
	}

	/** Served servings per service of the hall over the days. */
	async servedByService(hall: string, fromDay: string, toDay: string): Promise<Map<string, number>> {
		const [archived, live] = await Promise.all([this.o.archive.servedByService([hall], fromDay, toDay), this.liveFacts(hall, fromDay, toDay)]);
		const served = new Map(archived.map((r) => [r.service, r.served]));
		for (const { facts } of live) for (const r of facts.rollups) served.set(r.service, (served.get(r.service) ?? 0) + r.served);
		return served;
	}

	/** The days of the range that are not projected in the archive, projected from the live log. */
	private async liveFacts(hall: string, fromDay: string, toDay: string): Promise<{ day: string; facts: DayFacts }[]> {
		const runner = this.runner(hall);
		const today = runner.keyAt(this.o.now()).day;
		const archivedDays = await this.o.archive.days(hall, fromDay, toDay);
		const projected = new Set(archivedDays.filter((d) => d.status === 'projected' || d.status === 'dropped').map((d) => d.day));
		const out: { day: string; facts: DayFacts }[] = [];
		for (const day of (await this.liveDays(runner, fromDay, toDay < today ? toDay : today)).filter((d) => !projected.has(d)))
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
