/**
 * Fills the sample halls with a realistic month of past, archived hall-days, so that `npm run hall`
 * opens with reports worth looking at:
 *
 *   npm run demo:history      (HALLQ_CONFIG, HALLQ_DB, ARCHIVE_URL / HALLQ_ARCHIVE_DB, STORE as for the server;
 *                              HALLQ_HISTORY_DAYS: calendar days back from yesterday, default 30)
 *
 * For each hall and each past working day of its calendar that the archive lacks, one day is simulated
 * through the core (scripts/history/realistic-day.ts), appended to a scratch live store in memory, and
 * archived from there by the production Archiver: copied, verified, projected, dropped from the scratch
 * store (so the archive holds it as every past day: `dropped`, read from the archive). The bad ratings of
 * the day open their follow-up cases in the case store, moved on as supervisors would have by now
 * (scripts/history/case-progress.ts). Idempotent: a day already archived is skipped, and so is any day the
 * hall's live store holds (a real day is never replaced). Prints one line per hall and the time taken.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Archiver } from '../server/app/archiver';
import { loadHalls, openStore } from '../server/boot';
import { wholeNumber } from '../server/env-number';
import type { HallEvent } from '../server/core/events';
import { advanceCase, caseFromRating, type CaseStore, type FollowUpCase } from '../server/core/follow-up';
import { hallDayId, hallDayOf, type HallDayKey } from '../server/core/hall-day';
import { indexHall } from '../server/core/hall-index';
import type { HallConfig } from '../server/core/model';
import type { EventStore } from '../server/core/ports';
import { isBadRating } from '../server/core/rating';
import { openArchive } from '../server/lifecycle-boot';
import { createLogger } from '../server/logger';
import { openCaseStore } from '../server/security-boot';
import { SqliteEventStore } from '../server/store/sqlite/sqlite-event-store';
import { caseSteps } from './history/case-progress';
import { historyDays } from './history/history-days';
import { realisticDay } from './history/realistic-day';

export const DEFAULT_HISTORY_DAYS = 30;
const APPEND_BATCH = 2000;

export interface DemoHistoryOptions {
	env?: NodeJS.ProcessEnv;
	/** The clock: the history ends the day before its today in each hall's time zone. */
	now?: () => number;
	print?: (line: string) => void;
}

export interface HallHistory {
	hall: string;
	/** Hall-days archived by this run, and their tickets. */
	daysAdded: number;
	tickets: number;
	/** Hall-days of the span found archived already, or held by the live store. */
	daysThere: number;
	casesOpened: number;
}

export interface DemoHistoryReport {
	halls: HallHistory[];
	ms: number;
}

export async function demoHistory(o: DemoHistoryOptions = {}): Promise<DemoHistoryReport> {
	const started = performance.now();
	const env = o.env ?? process.env;
	const now = o.now ?? (() => Date.now());
	const print = o.print ?? ((line: string) => console.log(line));
	// The history keeps each hall's real hours, whatever HALLQ_HOURS the demo server runs with.
	const halls = loadHalls({ ...env, HALLQ_HOURS: undefined });
	const span = wholeNumber(env, 'HALLQ_HISTORY_DAYS', DEFAULT_HISTORY_DAYS, 1, 366, 'days');
	const logger = createLogger(env.LOG_LEVEL ?? 'warn');

	const live = await openStore(env, logger);
	const archive = await openArchive(env, logger);
	const cases = await openCaseStore(env);
	const scratch = SqliteEventStore.open(':memory:', { synchronous: 'OFF' });
	const archiver = new Archiver({ live: scratch, archive, halls: new Map(halls.map((h) => [h.id, h])), now });
	const report: HallHistory[] = [];
	try {
		const realDays = new Set((await live.days()).map(hallDayId));
		for (const hall of halls) {
			const today = hallDayOf(hall.id, hall.timeZone, now()).day;
			const done: HallHistory = { hall: hall.id, daysAdded: 0, tickets: 0, daysThere: 0, casesOpened: 0 };
			for (const day of historyDays(hall, today, span)) {
				const key = { hall: hall.id, day };
				const known = await archive.day(key);
				if (realDays.has(hallDayId(key)) || known?.status === 'projected' || known?.status === 'dropped') {
					done.daysThere += 1;
					continue;
				}
				const simulated = realisticDay(hall, day);
				// Cases first: a run stopped before the archive has the day simulates it again (the same
				// day, the seed is the hall and date) and finds its cases open already.
				done.casesOpened += await openCases(cases, hall, day, simulated.events, today, now());
				await appendDay(scratch, key, simulated.events);
				const outcome = await archiver.archive(key);
				if (outcome.kind !== 'archived') throw new Error(`hall-day ${hallDayId(key)} was not archived (${outcome.kind})`);
				await archiver.drop(key, 0);
				done.daysAdded += 1;
				done.tickets += simulated.tickets;
			}
			report.push(done);
			print(hallLine(done));
		}
	} finally {
		await scratch.close();
		await live.close();
		await archive.close();
		await cases.close();
	}
	const ms = performance.now() - started;
	const added = report.reduce((n, h) => n + h.daysAdded, 0);
	print(added === 0 ? `demo history: nothing to add, every past working day is there (${seconds(ms)})` : `demo history: ${added} hall-day(s) added in ${seconds(ms)}`);
	return { halls: report, ms };
}

function hallLine(h: HallHistory): string {
	const there = h.daysThere > 0 ? `, ${h.daysThere} already there` : '';
	if (h.daysAdded === 0) return `${h.hall}: no day added${there}`;
	return `${h.hall}: ${h.daysAdded} day(s) added, ${h.tickets.toLocaleString('en-US')} tickets, ${h.casesOpened} follow-up case(s)${there}`;
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}

async function appendDay(store: EventStore, key: HallDayKey, events: HallEvent[]): Promise<void> {
	for (let i = 0; i < events.length; i += APPEND_BATCH) {
		const result = await store.append(key, i, events.slice(i, i + APPEND_BATCH));
		if (!result.ok) throw new Error(`the scratch store refused ${hallDayId(key)} at event ${i}: it holds ${result.version}`);
	}
}

/** Opens the case of each bad rating of the day (as the server does) and moves the new ones on to where they would be by now. */
async function openCases(store: CaseStore, hall: HallConfig, day: string, events: HallEvent[], today: string, now: number): Promise<number> {
	const index = indexHall(hall);
	let opened = 0;
	for (const e of events) {
		if (e.type !== 'TicketRated' || !isBadRating(e.overall)) continue;
		let c: FollowUpCase = caseFromRating(index, day, e);
		if (!(await store.open(c))) continue;
		opened += 1;
		for (const step of caseSteps(hall, c, today, now)) {
			const next = advanceCase(c, step.to, step.by, step.note, step.at);
			if (!(await store.update(hall.id, c.id, c.status, next))) break;
			c = next;
		}
	}
	return opened;
}

// Run when executed, not when imported (the tests call demoHistory()).
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
	demoHistory().then(
		() => undefined,
		(err: unknown) => {
			console.error(err);
			process.exitCode = 1;
		}
	);
}
