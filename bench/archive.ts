/**
 * The archive (issue 17): how long closing's aftermath takes and what it costs to keep.
 *
 * 1. One 10,000-ticket hall-day (about 43,000 events) archived from a live SQLite store into the
 *    archive on SQLite (synchronous=FULL) and on a private PostgreSQL: copy, verify, project, save
 *    facts. Baseline, same run, same database: the raw append of the same events as rows
 *    (`insert` of (seq, body) in the same chunks, nothing else).
 * 2. Backfill of a city network: 1 city hall at 10,000 tickets a day, 10 county halls at 2,000 and
 *    150 township centers at 200 (60,000 tickets a day), for `--days` days, into SQLite and
 *    PostgreSQL; the rate, the time a year would take (15 million tickets), the database size per
 *    million tickets.
 * 3. Redis memory over a week of simulated days of the city hall: with dropped days deleted at once
 *    (HALLQ_KEEP_LIVE_DAYS=0), and kept for the default 7 days (their expiry does not pass within
 *    the run, so the figure shows what 7 kept days weigh: the bound).
 *
 *   npx tsx bench/archive.ts [--tickets 10000] [--days 2] [--week-days 7]
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { Archiver } from '../server/app/archiver';
import { DayLifecycle } from '../server/app/day-lifecycle';
import { HallRunner } from '../server/app/hall-runner';
import type { StoredEvent } from '../server/core/events';
import { indexHall } from '../server/core/hall-index';
import type { HallConfig } from '../server/core/model';
import type { EventStore } from '../server/core/ports';
import { projectDay } from '../server/core/project-day';
import { openRelationalDb, type RelationalTarget } from '../server/store/sql/database';
import { SqlArchiveStore } from '../server/store/sql/sql-archive-store';
import { RedisEventStore } from '../server/store/redis/redis-event-store';
import { SqliteEventStore } from '../server/store/sqlite/sqlite-event-store';
import { appendBusyDay, buildBusyDay, busyHall } from '../tests/fixtures/busy-day';
import { startPostgres, type PostgresServer } from '../tests/support/postgres-server';
import { startRedis } from '../tests/support/redis-server';
import { intFlag, parseFlags } from './support/args';
import { appendResult, f0, f1, f2, mib, ratio, runHeader, runMain, table, target } from './support/report';

const USAGE = 'npx tsx bench/archive.ts [--tickets 10000] [--days 2] [--week-days 7]';
const FIRST_DAY = '2026-03-02';
const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined };
const CHUNK = 500;

function addDays(day: string, n: number): string {
	return new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

async function readAll(store: EventStore, hall: string, day: string): Promise<StoredEvent[]> {
	const all: StoredEvent[] = [];
	for (;;) {
		const page = await store.readAfter({ hall, day }, all.length, 5000);
		all.push(...page);
		if (page.length < 5000) return all;
	}
}

/** Closes `day` of every hall in `live` as its lifecycle would, the next morning (not timed). */
async function closeAll(live: EventStore, halls: HallConfig[], day: string): Promise<void> {
	const now = Date.parse(`${addDays(day, 1)}T00:40:00+08:00`);
	for (const hall of halls) {
		const runner = new HallRunner({ index: indexHall(hall), store: live, clock: { now: () => now }, log: quiet, onEvents: () => undefined });
		await runner.closeIfDue(day);
		await runner.close();
	}
}

/** The baseline: the same events inserted as bare rows, in the same chunks, one transaction. */
async function rawAppend(target: RelationalTarget, events: StoredEvent[]): Promise<number> {
	const { db, close } = openRelationalDb(target);
	try {
		await sql`drop table if exists bench_raw`.execute(db);
		await sql`create table bench_raw (seq integer primary key, body text not null)`.execute(db);
		const rows = events.map((e) => ({ seq: e.seq, body: JSON.stringify(e) }));
		const t0 = performance.now();
		await db.transaction().execute(async (trx) => {
			for (let i = 0; i < rows.length; i += CHUNK) {
				const chunk = rows.slice(i, i + CHUNK);
				const values = sql.join(chunk.map((r) => sql`(${r.seq}, ${r.body})`));
				await sql`insert into bench_raw (seq, body) values ${values}`.execute(trx);
			}
		});
		const ms = performance.now() - t0;
		await sql`drop table bench_raw`.execute(db);
		return ms;
	} finally {
		await close();
	}
}

function folderBytes(dir: string, prefix: string): number {
	return readdirSync(dir)
		.filter((f) => f.startsWith(prefix))
		.reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

/** The database's size on disk: the SQLite file with its WAL, or pg_database_size. */
async function databaseBytes(target: RelationalTarget): Promise<number> {
	if (target.kind === 'sqlite') return folderBytes(dirname(target.file), basename(target.file));
	const { db, close } = openRelationalDb(target);
	try {
		const r = await sql<{ n: number }>`select pg_database_size(current_database())::bigint as n`.execute(db);
		return Number(r.rows[0]?.n ?? 0);
	} finally {
		await close();
	}
}

async function main(): Promise<number> {
	const flags = parseFlags(process.argv.slice(2), { values: ['tickets', 'days', 'week-days'], flags: [] }, USAGE);
	const tickets = intFlag(flags, 'tickets', 10_000);
	const days = intFlag(flags, 'days', 2, 1, 365);
	const weekDays = intFlag(flags, 'week-days', 7, 1, 31);
	const head = runHeader('archive');
	for (const l of head.lines) console.log(l);
	const dir = mkdtempSync(join(tmpdir(), 'hallq-bench-archive-'));
	let pg: PostgresServer | null = null;
	try {
		pg = await startPostgres();
		const targets: { name: string; target: () => RelationalTarget }[] = [
			{ name: 'SQLite (FULL)', target: () => ({ kind: 'sqlite', file: join(dir, `archive-${Math.random().toString(36).slice(2)}.db`) }) },
			{ name: 'PostgreSQL 15', target: () => ({ kind: 'postgres', url: (pg as PostgresServer).url }) }
		];

		// ---- 1. one busy hall-day ----
		const city = busyHall('city');
		const liveFile = join(dir, 'live.db');
		const live = SqliteEventStore.open(liveFile, { synchronous: 'NORMAL' });
		const day = buildBusyDay(city, FIRST_DAY, tickets, 1);
		await appendBusyDay(live, day);
		await closeAll(live, [city], FIRST_DAY);
		const events = await readAll(live, city.id, FIRST_DAY);
		const t0 = performance.now();
		const projected = projectDay(city, FIRST_DAY, events);
		const projectMs = performance.now() - t0;
		const oneDay: string[][] = [];
		const oneDayTargets: string[][] = [];
		for (const { name, target: make } of targets) {
			const t = make();
			const baseline = await rawAppend(t, events);
			const archive = await SqlArchiveStore.open(t);
			const archiver = new Archiver({ live, archive, halls: new Map([[city.id, city]]), now: () => Date.now() });
			const a0 = performance.now();
			const outcome = await archiver.archive(day.key);
			const archiveMs = performance.now() - a0;
			if (outcome.kind !== 'archived') throw new Error(`${name}: the day was not archived (${outcome.kind})`);
			const r0 = performance.now();
			const again = await archiver.archive(day.key);
			const rerunMs = performance.now() - r0;
			if (again.kind !== 'archived' || again.fresh) throw new Error(`${name}: the second run archived again`);
			await archive.close();
			oneDay.push([name, String(events.length), f0(baseline), f0(archiveMs), ratio(archiveMs, baseline), f1(rerunMs)]);
			oneDayTargets.push([`archive + project a ${tickets}-ticket hall-day, ${name}`, `${f2(archiveMs / 1000)} s`, target(archiveMs < 2000)]);
			console.log(`one day on ${name}: ${f0(archiveMs)} ms (raw append ${f0(baseline)} ms)`);
		}
		await live.close();

		// ---- 2. backfill of a city network ----
		const network: { hall: HallConfig; tickets: number }[] = [
			{ hall: busyHall('n-city'), tickets: 10_000 },
			...Array.from({ length: 10 }, (_, i) => ({ hall: busyHall(`n-county-${i + 1}`), tickets: 2_000 })),
			...Array.from({ length: 150 }, (_, i) => ({ hall: busyHall(`n-town-${i + 1}`), tickets: 200 }))
		];
		const perDay = network.reduce((n, h) => n + h.tickets, 0);
		const backfillLiveFile = join(dir, 'backfill-live.db');
		const backfillLive = SqliteEventStore.open(backfillLiveFile, { synchronous: 'OFF' });
		let eventCount = 0;
		for (let d = 0; d < days; d++) {
			const date = addDays(FIRST_DAY, 7 + d);
			for (const [i, { hall, tickets: n }] of network.entries()) {
				const built = buildBusyDay(hall, date, n, 100 + d * 1000 + i);
				await appendBusyDay(backfillLive, built, 2000);
				eventCount += built.events.length;
			}
			await closeAll(backfillLive, network.map((h) => h.hall), date);
		}
		const keys = await backfillLive.days();
		const backfill: string[][] = [];
		const halls = new Map(network.map((h) => [h.hall.id, h.hall]));
		for (const { name, target: make } of targets) {
			const t = make();
			if (t.kind === 'postgres') {
				const { db, close } = openRelationalDb(t);
				await sql`drop table if exists ticket_facts, counter_sessions, daily_rollups, archive_events, archive_days, kysely_migration, kysely_migration_lock`.execute(db);
				await close();
			}
			const archive = await SqlArchiveStore.open(t);
			const archiver = new Archiver({ live: backfillLive, archive, halls, now: () => Date.now() });
			const b0 = performance.now();
			for (const key of keys) await archiver.archive(key);
			const ms = performance.now() - b0;
			await archive.close();
			const total = perDay * days;
			const rate = total / (ms / 1000);
			const bytes = await databaseBytes(t);
			backfill.push([name, `${keys.length} hall-days, ${total} tickets, ${eventCount} events`, f1(ms / 1000), f0(rate), f1(15_000_000 / rate / 60), mib(bytes / (total / 1_000_000))]);
			console.log(`backfill on ${name}: ${f0(rate)} tickets/s`);
		}
		await backfillLive.close();

		// ---- 3. Redis memory over a week ----
		const redis = await startRedis();
		const week: string[][] = [];
		try {
			const client = new Redis(redis.url);
			const used = async () => Number(/used_memory:(\d+)/.exec(await client.info('memory'))?.[1] ?? NaN);
			for (const keepDays of [0, 7]) {
				await client.flushall();
				const store = await RedisEventStore.connect(redis.url);
				const archive = await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, `archive-week-${keepDays}.db`), synchronous: 'NORMAL' });
				const before = await used();
				const row = [`HALLQ_KEEP_LIVE_DAYS=${keepDays}`, mib(before)];
				for (let d = 0; d < weekDays; d++) {
					const date = addDays(FIRST_DAY, 30 + d);
					const built = buildBusyDay(city, date, tickets, 500 + d);
					await appendBusyDay(store, built, 500);
					let now = Date.parse(`${date}T20:00:00+08:00`);
					const runner = new HallRunner({ index: indexHall(city), store, archive, clock: { now: () => now }, log: quiet, onEvents: () => undefined });
					const archiver = new Archiver({ live: store, archive, halls: new Map([[city.id, city]]), now: () => now });
					const lifecycle = new DayLifecycle({ runners: new Map([[city.id, runner]]), live: store, archiver, clock: { now: () => now }, log: quiet, keepLiveMs: keepDays * 86_400_000 });
					if (d === 0) row.push(`${mib(await used())} (a day live)`);
					now = Date.parse(`${addDays(date, 1)}T00:40:00+08:00`);
					await lifecycle.tick();
					if (lifecycle.status().failing.length > 0) throw new Error(`lifecycle failed: ${JSON.stringify(lifecycle.status().failing)}`);
					await runner.close();
				}
				row.push(mib(await used()));
				week.push(row);
				await store.close();
				await archive.close();
			}
			client.disconnect();
		} finally {
			await redis.stop();
		}

		const text = [
			table(['archive database', 'events', 'raw append ms (baseline)', 'archive + project ms', 'vs raw', 'second run ms (nothing to do)'], oneDay),
			'',
			table(['measure', 'value'], [['projectDay alone (in memory)', `${f0(projectMs)} ms for ${events.length} events → ${projected.tickets.length} ticket facts, ${projected.rollups.length} rollup rows`]]),
			'',
			table(['backfill into', 'archived', 'seconds', 'tickets/s', 'minutes for a year (15 M tickets)', 'database size per million tickets'], backfill),
			'',
			table(['Redis live store', 'used_memory before', 'after the first day (live)', `after ${weekDays} days closed, archived, dropped`], week),
			'',
			table(['target (issue 17)', 'reached', ''], oneDayTargets)
		].join('\n');
		console.log(`\n${text}`);
		appendResult({
			name: 'archive',
			started: head.started,
			commit: head.commit,
			details: [
				`one day: the busy-day fixture (tests/fixtures/busy-day.ts: 20 counters, ${tickets} tickets, about 4 events per ticket) from a live SQLite file; archive on SQLite (synchronous=FULL, WAL) and on a private PostgreSQL 15 (fsync on), both on this machine's disk`,
				`baseline: the same events inserted as (seq, body) rows in chunks of ${CHUNK}, one transaction, same database`,
				`backfill: ${network.length} halls (1 × 10,000, 10 × 2,000, 150 × 200 tickets a day = ${perDay} a day) × ${days} day(s); the year figure extrapolates the measured rate`,
				`Redis: private redis-server (AOF always), the city day (${tickets} tickets) × ${weekDays}, each closed, archived and dropped the next morning by the lifecycle`,
				`command: \`npx tsx bench/archive.ts --tickets ${tickets} --days ${days} --week-days ${weekDays}\``
			],
			text
		});
		return oneDayTargets.every((r) => r[2] === 'met') ? 0 : 1;
	} finally {
		await pg?.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

runMain(main);
