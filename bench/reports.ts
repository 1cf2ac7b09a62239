/**
 * Reports (issue 18) over a city network's year in the archive: 1 city hall, 10 county halls and
 * 150 township centers (the sample halls' catalogs, counters and staff), each working day of
 * `--days` days archived with the rollups and counter sessions of a realistic day of its kind
 * (scripts/history: a projected simulated day per hall kind and weekday, re-keyed to each day;
 * the values repeat, the row counts are those of real days). The city's last 30 days also keep
 * their ticket facts, for the drill-down, the raw-facts baseline and the XLSX export.
 *
 * Timed, through the app's Reports (the same code as GET /api/reports, without HTTP):
 *   - a month of the city by counter and by staff (p95 of --runs);
 *   - the central overview: the month of all 161 halls side by side (by hall);
 *   - a year's trend of the city (a range of --days days by day);
 * baseline in the same run: the city's month by counter computed from its raw ticket facts
 * (read from the same archive and folded in memory); and the XLSX export of the city's October
 * tickets to a file in a child process (RSS before and at its peak), read a day at a time as the
 * export routes do, against reading the month whole first.
 *
 *   npx tsx bench/reports.ts [--days 365] [--runs 20] [--store sqlite|postgres|both]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { HallRunner } from '../server/app/hall-runner';
import { Reports, type ReportRequest } from '../server/app/reports';
import { loadHallConfig } from '../server/config/load';
import type { CounterSession, DailyRollup, DayFacts, TicketFact } from '../server/core/facts';
import type { CaseStore } from '../server/core/follow-up';
import { indexHall } from '../server/core/hall-index';
import type { HallConfig } from '../server/core/model';
import { projectDay } from '../server/core/project-day';
import { openRelationalDb, type RelationalTarget } from '../server/store/sql/database';
import { SqlArchiveStore } from '../server/store/sql/sql-archive-store';
import { SqliteEventStore } from '../server/store/sqlite/sqlite-event-store';
import { dateOfDay, dayNumber, weekdayOf } from '../server/core/working-days';
import { realisticDay } from '../scripts/history/realistic-day';
import { dayEvents } from '../tests/fixtures/archive-facts';
import { startPostgres, type PostgresServer } from '../tests/support/postgres-server';
import { intFlag, parseFlags } from './support/args';
import { Child, type Reply } from './support/child';
import { appendResult, f0, f1, mib, percentile, ratio, runHeader, runMain, table, target } from './support/report';

const USAGE = 'npx tsx bench/reports.ts [--days 365] [--runs 20] [--store sqlite|postgres|both]';
const LAST_DAY = '2026-10-30';
const DAY_MS = 86_400_000;
const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined };

/** The network: the sample halls' configurations under their own ids, linked city → county → township. */
function network(): HallConfig[] {
	const city = loadHallConfig('config/city-hall.json');
	const county = loadHallConfig('config/county-hall.json');
	const town = loadHallConfig('config/township.json');
	const counties = Array.from({ length: 10 }, (_, i): HallConfig => ({ ...county, id: `county-${i + 1}`, parent: city.id, devices: [] }));
	const towns = Array.from({ length: 150 }, (_, i): HallConfig => ({ ...town, id: `town-${i + 1}`, parent: `county-${(i % 10) + 1}`, devices: [] }));
	return [city, ...counties, ...towns];
}

/** A projected realistic day per hall kind and weekday (1–5), to re-key to every working day. */
function templates(kinds: HallConfig[]): Map<string, DayFacts> {
	const out = new Map<string, DayFacts>();
	// 2026-10-05 … 09 is a Monday to Friday; the sample calendars have no holiday then.
	for (const config of kinds)
		for (let w = 0; w < 5; w++) {
			const day = dateOfDay(dayNumber('2026-10-12') + w);
			out.set(`${config.level}:${w + 1}`, projectDay(config, day, realisticDay(config, day).events));
		}
	return out;
}

function rekey(t: DayFacts, hall: string, day: string, withTickets: boolean): DayFacts {
	const from = t.rollups[0]?.day ?? t.sessions[0]?.day ?? day;
	const shift = (dayNumber(day) - dayNumber(from)) * DAY_MS;
	const at = (ms: number | null) => (ms === null ? null : ms + shift);
	return {
		rollups: t.rollups.map((r): DailyRollup => ({ ...r, hall, day })),
		sessions: t.sessions.map((s): CounterSession => ({ ...s, hall, day, from: s.from + shift, to: at(s.to) })),
		tickets: withTickets
			? t.tickets.map((x): TicketFact => ({ ...x, hall, day, issuedAt: x.issuedAt + shift, firstCalledAt: at(x.firstCalledAt), startedAt: at(x.startedAt), finishedAt: at(x.finishedAt), rating: x.rating ? { ...x.rating, at: x.rating.at + shift } : null, servings: x.servings.map((s) => ({ ...s, queuedAt: s.queuedAt + shift, calledAt: at(s.calledAt), startedAt: at(s.startedAt), endedAt: at(s.endedAt) })) }))
			: []
	};
}

type ExportDone = Reply & { rows: number; ms: number; bytes: number; rssBefore: number; rssPeak: number; liveHeapPeak: number };

const noCases: CaseStore = {
	open: async () => false,
	get: async () => null,
	list: async () => [],
	update: async () => false,
	close: async () => undefined
};

function timed(runs: number, f: () => Promise<unknown>): Promise<number[]> {
	return (async () => {
		const out: number[] = [];
		for (let i = 0; i < runs; i++) {
			const t0 = performance.now();
			await f();
			out.push(performance.now() - t0);
		}
		return out.sort((a, b) => a - b);
	})();
}

async function main(): Promise<void> {
	const flags = parseFlags(process.argv.slice(2), { values: ['days', 'runs', 'store'], flags: [] }, USAGE);
	const days = intFlag(flags, 'days', 365, 31, 400);
	const runs = intFlag(flags, 'runs', 20, 3, 1000);
	const which = flags.get('store') ?? 'both';
	const header = runHeader('reports');
	for (const l of header.lines) console.log(l);
	const dir = mkdtempSync(join(tmpdir(), 'hallq-bench-reports-'));
	let pg: PostgresServer | null = null;
	try {
		const halls = network();
		const [city] = halls as [HallConfig];
		const kinds = [city, halls[1] as HallConfig, halls[11] as HallConfig];
		const t0 = performance.now();
		const tmpl = templates(kinds);
		console.log(`templates: ${f0(performance.now() - t0)} ms; rollup rows per city day ${tmpl.get('city:1')?.rollups.length}, county ${tmpl.get('county:1')?.rollups.length}, township ${tmpl.get('township:1')?.rollups.length}`);
		const workDays: string[] = [];
		for (let n = dayNumber(LAST_DAY) - days + 1; n <= dayNumber(LAST_DAY); n++) if (weekdayOf(dateOfDay(n)) <= 5) workDays.push(dateOfDay(n));
		const month = { from: '2026-10-01', to: '2026-10-31' };
		const targets: { name: string; target: () => Promise<RelationalTarget> }[] = [];
		if (which !== 'postgres') targets.push({ name: 'SQLite (FULL)', target: async () => ({ kind: 'sqlite', file: join(dir, 'archive.db') }) });
		if (which !== 'sqlite')
			targets.push({
				name: 'PostgreSQL 15',
				target: async () => {
					pg = await startPostgres();
					return { kind: 'postgres', url: pg.url };
				}
			});
		const results: string[][] = [];
		const goals: string[][] = [];
		let fill = '';
		for (const { name, target: make } of targets) {
			const t = await make();
			if (t.kind === 'postgres') {
				const { db, close } = openRelationalDb(t);
				await sql`drop table if exists ticket_facts, counter_sessions, daily_rollups, daily_totals, archive_events, archive_days, kysely_migration, kysely_migration_lock`.execute(db);
				await close();
			}
			const archive = await SqlArchiveStore.open(t);
			const f0ms = performance.now();
			let rollupRows = 0;
			let ticketRows = 0;
			for (const day of workDays) {
				const w = weekdayOf(day);
				for (const h of halls) {
					const key = { hall: h.id, day };
					const facts = rekey(tmpl.get(`${h.level}:${w}`) as DayFacts, h.id, day, h.id === city.id && day >= '2026-10-01');
					const events = dayEvents(key, 1);
					await archive.copyEvents(key, events);
					await archive.markVerified(key, { events: events.length, digest: 'bench', closedAt: null, at: Date.now() });
					await archive.saveFacts(key, facts, Date.now());
					rollupRows += facts.rollups.length;
					ticketRows += facts.tickets.length;
				}
			}
			fill = `${workDays.length} working days × ${halls.length} halls = ${workDays.length * halls.length} hall-days, ${rollupRows} rollup rows; the city's October: ${ticketRows} ticket facts`;
			console.log(`${name}: filled in ${f1((performance.now() - f0ms) / 1000)} s (${fill})`);

			const live = SqliteEventStore.open(join(dir, `live-${t.kind}.db`), { synchronous: 'OFF' });
			const now = Date.parse('2026-11-02T02:00:00Z');
			const clock = { now: () => now };
			const runners = new Map(halls.map((h) => [h.id, new HallRunner({ index: indexHall(h), store: live, archive, clock, log: quiet, onEvents: () => undefined })]));
			const reports = new Reports({ runners, archive, cases: noCases, now: () => now });
			const req = (over: Partial<ReportRequest>): ReportRequest => ({ halls: [city.id], period: 'month', from: month.from, by: 'counter', filter: {}, page: 1, pageSize: 50, ...over });

			const byCounter = await timed(runs, () => reports.report(req({})));
			const byStaff = await timed(runs, () => reports.report(req({ by: 'staff' })));
			const central = await timed(Math.max(3, Math.round(runs / 4)), () => reports.report(req({ halls: halls.map((h) => h.id), by: 'hall' })));
			const yearFrom = dateOfDay(dayNumber(LAST_DAY) - days + 1);
			const year = await timed(Math.max(3, Math.round(runs / 4)), () => reports.report(req({ period: 'range', from: yearFrom, to: LAST_DAY, by: 'day', pageSize: 500 })));
			// Baseline: the same month by counter from the raw ticket facts.
			const raw = await timed(Math.max(3, Math.round(runs / 4)), async () => {
				const tickets = await archive.ticketFacts(city.id, month.from, month.to);
				const per = new Map<string, { served: number; waitSum: number; waits: number }>();
				for (const x of tickets)
					for (const s of x.servings) {
						const c = per.get(s.counter ?? '') ?? { served: 0, waitSum: 0, waits: 0 };
						if (s.outcome === 'served') c.served += 1;
						if (s.waitMs !== null) {
							c.waitSum += s.waitMs;
							c.waits += 1;
						}
						per.set(s.counter ?? '', c);
					}
				return per;
			});
			// 30 days of the city's tickets as XLSX to a file, in a process of its own for its RSS: read a
			// day at a time as the export routes do, and (the baseline) read whole first.
			// A week and the month streamed: the peak should not grow with the period.
			const exportRuns = [
				{ mode: 'streamed', from: month.from, to: '2026-10-07', how: 'read a day at a time (the routes)' },
				{ mode: 'streamed', ...month, how: 'read a day at a time (the routes)' },
				{ mode: 'loaded', ...month, how: 'baseline: read whole first' }
			] as const;
			const exports: { how: string; days: number; e: ExportDone }[] = [];
			for (const [i, run] of exportRuns.entries()) {
				const child = Child.start('bench/support/ticket-export-child.ts', ['--expose-gc']);
				const e = await child.ask({ op: 'export', target: t, hall: city, from: run.from, to: run.to, mode: run.mode, file: join(dir, `tickets-${t.kind}-${i}.xlsx`), live: join(dir, `live-${t.kind}-${i}.db`), now });
				await child.stop();
				if (e.op !== 'done') throw new Error(`the ${run.mode} export failed`);
				exports.push({ how: run.how, days: dayNumber(run.to) - dayNumber(run.from) + 1, e: e as ExportDone });
			}
			await live.close();
			await archive.close();

			const p95 = (xs: number[]) => percentile(xs, 95);
			results.push(
				[name, 'city month by counter', f1(percentile(byCounter, 50)), f1(p95(byCounter)), ratio(p95(byCounter), p95(raw))],
				[name, 'city month by staff', f1(percentile(byStaff, 50)), f1(p95(byStaff)), ratio(p95(byStaff), p95(raw))],
				[name, `central month, ${halls.length} halls by hall`, f1(percentile(central, 50)), f1(p95(central)), '–'],
				[name, `city trend, ${days} days by day`, f1(percentile(year, 50)), f1(p95(year)), '–'],
				[name, 'baseline: city month by counter from raw ticket facts', f1(percentile(raw, 50)), f1(p95(raw)), '1.00×'],
				...exports.map(({ how, days: n, e }) => [name, `XLSX of ${e.rows} tickets (${n} days, ${mib(e.bytes)}), ${how}`, f0(e.ms), '–', `RSS ${mib(e.rssBefore)} → peak ${mib(e.rssPeak)} (+${mib(e.rssPeak - e.rssBefore)}); heap in use at most +${mib(e.liveHeapPeak)}`])
			);
			goals.push(
				[`${name}: month report of one hall, p95 < 300 ms`, `${f1(Math.max(p95(byCounter), p95(byStaff)))} ms`, target(Math.max(p95(byCounter), p95(byStaff)) < 300)],
				[`${name}: central month of ${halls.length} halls, p95 < 300 ms`, `${f1(p95(central))} ms`, target(p95(central) < 300)],
				[`${name}: a year's trend of one hall < 1 s`, `${f1(p95(year))} ms`, target(p95(year) < 1000)]
			);
			console.log(table(['store', 'report', 'p50 ms', 'p95 ms', 'vs raw facts'], results.filter((r) => r[0] === name)));
		}
		const text = [table(['store', 'report', 'p50 ms', 'p95 ms', 'vs raw facts / memory'], results), '', table(['target (issue 18)', 'measured', ''], goals)].join('\n');
		console.log(`\n${text}`);
		appendResult({
			name: 'reports',
			started: header.started,
			commit: header.commit,
			details: [
				`network: the sample catalogs — 1 city hall, 10 county halls, 150 township centers — ${fill}`,
				`each hall-day's rollups and sessions are those of a projected realistic day (scripts/history) of its kind and weekday, re-keyed; the archive on this machine's disk (SQLite synchronous=FULL, WAL; PostgreSQL 15 fsync on)`,
				`timed through server/app/reports.ts (the code behind GET /api/reports, without HTTP), ${runs} runs (central and trend ${Math.max(3, Math.round(runs / 4))})`,
				`baseline: the city's month by counter folded from its raw ticket facts read from the same archive`,
				`command: \`${['npx tsx bench/reports.ts', ...process.argv.slice(2)].join(' ')}\``
			],
			text
		});
	} finally {
		if (pg) await (pg as PostgresServer).stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

runMain(main);
