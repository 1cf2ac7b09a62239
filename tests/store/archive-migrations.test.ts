/**
 * The relational store's migrations (server/store/sql/migrations.ts) on both engines: an empty
 * database migrated to the latest has the archive's tables; migrating again does nothing; a
 * database that records a migration this code does not know (a newer HallQ ran on it) is refused,
 * by migrateToLatest and by SqlArchiveStore.open, and left as it is; each migration's `down`
 * removes what its `up` made; a day archived under 0001 reads back after 0002; months archived before
 * 0004 get their month rollups when the store opens, and their sessions' daily totals from 0004. SQLite on a temp file; PostgreSQL on a private server, a database
 * per test (and the file fails without PostgreSQL's binaries, as archive-postgres.test.ts does).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openRelationalDb, type RelationalDb, type RelationalTarget } from '../../server/store/sql/database';
import { ARCHIVE_MIGRATION_NAMES, archiveMigrator, migrateToLatest } from '../../server/store/sql/migrations';
import type { ArchiveSchema } from '../../server/store/sql/schema';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { HISTOGRAM_BUCKETS } from '../../server/core/facts';
import { startPostgres, type PostgresServer } from '../support/postgres-server';
import { dailyRollup, dayEvents } from '../fixtures/archive-facts';

const ARCHIVE_TABLES = ['archive_days', 'archive_events', 'assessment_complaints', 'assessment_confirmations', 'audit_entries', 'config_versions', 'counter_sessions', 'daily_rollups', 'daily_session_totals', 'daily_totals', 'device_tokens', 'monthly_rollups', 'monthly_totals', 'security_events', 'ticket_facts'];
const SIXTH_TABLES = ARCHIVE_TABLES.filter((t) => t !== 'device_tokens');
const FIFTH_TABLES = ['archive_days', 'archive_events', 'assessment_complaints', 'assessment_confirmations', 'audit_entries', 'counter_sessions', 'daily_rollups', 'daily_session_totals', 'daily_totals', 'monthly_rollups', 'monthly_totals', 'security_events', 'ticket_facts'];
const FOURTH_TABLES = ['archive_days', 'archive_events', 'assessment_complaints', 'assessment_confirmations', 'counter_sessions', 'daily_rollups', 'daily_session_totals', 'daily_totals', 'monthly_rollups', 'monthly_totals', 'ticket_facts'];
const THIRD_TABLES = ['archive_days', 'archive_events', 'assessment_complaints', 'assessment_confirmations', 'counter_sessions', 'daily_rollups', 'daily_totals', 'ticket_facts'];
const SECOND_TABLES = ['archive_days', 'archive_events', 'counter_sessions', 'daily_rollups', 'daily_totals', 'ticket_facts'];
const FIRST_TABLES = ['archive_days', 'archive_events', 'counter_sessions', 'daily_rollups', 'ticket_facts'];
const ALL_MIGRATIONS = ['0001_archive', '0002_statistics', '0003_assessment', '0004_summaries', '0005_audit', '0006_config_versions', '0007_device_tokens'];
const KYSELY_TABLES = ['kysely_migration', 'kysely_migration_lock'];
const FUTURE = '0008_from_a_newer_hallq';

async function tableNames(db: Kysely<ArchiveSchema>): Promise<string[]> {
	return (await db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name).sort();
}

async function recorded(db: Kysely<ArchiveSchema>): Promise<string[]> {
	return (await archiveMigrator(db).getMigrations()).filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

async function insertDay(db: Kysely<ArchiveSchema>, day: string): Promise<void> {
	await db.insertInto('archive_days').values({ hall: 'city-hall', day, status: 'projected', events: 3 }).execute();
}

function migrationSuite(name: string, fresh: () => Promise<{ target: RelationalTarget; cleanup: () => Promise<void> }>): void {
	describe(`archive migrations: ${name}`, { timeout: 60_000 }, () => {
		let target: RelationalTarget;
		let cleanup: () => Promise<void>;
		let relational: RelationalDb;
		let db: Kysely<ArchiveSchema>;

		beforeEach(async () => {
			({ target, cleanup } = await fresh());
			relational = openRelationalDb(target);
			db = relational.db;
		});
		afterEach(async () => {
			await relational?.close();
			await cleanup?.();
		});

		it('migrating an empty database to the latest creates the archive tables and records the migration', async () => {
			expect(await tableNames(db)).toEqual([]);
			await migrateToLatest(db);
			expect(await tableNames(db)).toEqual([...ARCHIVE_TABLES, ...KYSELY_TABLES].sort());
			expect(ARCHIVE_MIGRATION_NAMES).toEqual(ALL_MIGRATIONS);
			expect(await recorded(db)).toEqual(ALL_MIGRATIONS);
			// The tables take what the store writes.
			const events = (await db.introspection.getTables()).find((t) => t.name === 'archive_events');
			expect(events?.columns.map((c) => c.name).sort()).toEqual(['at', 'body', 'day', 'hall', 'seq', 'type']);
			await insertDay(db, '2025-03-03');
			expect(await db.selectFrom('archive_days').select(['day', 'status', 'events']).execute()).toEqual([{ day: '2025-03-03', status: 'projected', events: 3 }]);
		});

		it('migrating again is a no-op that keeps the data', async () => {
			await migrateToLatest(db);
			await insertDay(db, '2025-03-03');
			const [before] = await archiveMigrator(db).getMigrations();

			const again = await archiveMigrator(db).migrateToLatest();
			expect(again).toEqual({ results: [] });
			await migrateToLatest(db);
			const [after] = await archiveMigrator(db).getMigrations();
			expect(after?.executedAt?.getTime()).toBe(before?.executedAt?.getTime());
			expect((await sql`select name from kysely_migration order by name`.execute(db)).rows).toEqual(ALL_MIGRATIONS.map((name) => ({ name })));

			// Opening the store (which migrates at start-up) on the migrated database finds the day.
			const store = await SqlArchiveStore.open(target);
			try {
				expect(await store.day({ hall: 'city-hall', day: '2025-03-03' })).toMatchObject({ status: 'projected', events: 3 });
			} finally {
				await store.close();
			}
			expect(await tableNames(db)).toEqual([...ARCHIVE_TABLES, ...KYSELY_TABLES].sort());
		});

		it('refuses a database that records a migration this code does not know, and leaves it as it is', async () => {
			await migrateToLatest(db);
			await insertDay(db, '2025-03-03');
			await sql`insert into kysely_migration (name, timestamp) values (${FUTURE}, ${new Date().toISOString()})`.execute(db);

			await expect(migrateToLatest(db)).rejects.toThrow(FUTURE);
			await expect(SqlArchiveStore.open(target)).rejects.toThrow(FUTURE);
			const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
			expect(rows.rows.map((r) => r.name)).toEqual([...ALL_MIGRATIONS, FUTURE]);
			expect(await db.selectFrom('archive_days').select('day').execute()).toEqual([{ day: '2025-03-03' }]);
			expect(await tableNames(db)).toEqual([...ARCHIVE_TABLES, ...KYSELY_TABLES].sort());
		});

		it('each migration’s down undoes its up, and up makes it again', async () => {
			await migrateToLatest(db);
			const seventh = await archiveMigrator(db).migrateDown();
			expect(seventh.results).toEqual([{ migrationName: '0007_device_tokens', direction: 'Down', status: 'Success' }]);
			expect(await tableNames(db)).toEqual([...SIXTH_TABLES, ...KYSELY_TABLES].sort());
			const sixth = await archiveMigrator(db).migrateDown();
			expect(sixth.results).toEqual([{ migrationName: '0006_config_versions', direction: 'Down', status: 'Success' }]);
			expect(await tableNames(db)).toEqual([...FIFTH_TABLES, ...KYSELY_TABLES].sort());
			const fifth = await archiveMigrator(db).migrateDown();
			expect(fifth.results).toEqual([{ migrationName: '0005_audit', direction: 'Down', status: 'Success' }]);
			expect(await tableNames(db)).toEqual([...FOURTH_TABLES, ...KYSELY_TABLES].sort());
			const fourth = await archiveMigrator(db).migrateDown();
			expect(fourth.results).toEqual([{ migrationName: '0004_summaries', direction: 'Down', status: 'Success' }]);
			expect(await tableNames(db)).toEqual([...THIRD_TABLES, ...KYSELY_TABLES].sort());
			const third = await archiveMigrator(db).migrateDown();
			expect(third.results).toEqual([{ migrationName: '0003_assessment', direction: 'Down', status: 'Success' }]);
			expect(await tableNames(db)).toEqual([...SECOND_TABLES, ...KYSELY_TABLES].sort());
			const second = await archiveMigrator(db).migrateDown();
			expect(second.error).toBeUndefined();
			expect(second.results).toEqual([{ migrationName: '0002_statistics', direction: 'Down', status: 'Success' }]);
			expect(await tableNames(db)).toEqual([...FIRST_TABLES, ...KYSELY_TABLES].sort());
			const rollups = (await db.introspection.getTables()).find((t) => t.name === 'daily_rollups');
			expect(rollups?.columns.map((c) => c.name)).not.toContain('rating_5');
			const first = await archiveMigrator(db).migrateDown();
			expect(first.results).toEqual([{ migrationName: '0001_archive', direction: 'Down', status: 'Success' }]);
			expect(await tableNames(db)).toEqual(KYSELY_TABLES);
			await migrateToLatest(db);
			expect(await tableNames(db)).toEqual([...ARCHIVE_TABLES, ...KYSELY_TABLES].sort());
			expect(await recorded(db)).toEqual(ALL_MIGRATIONS);
		});

		it('a day archived under 0001 reads back after 0002 with its counts, and is listed for projecting again', async () => {
			await archiveMigrator(db).migrateTo('0001_archive');
			await insertDay(db, '2025-03-03');
			const dense = JSON.stringify(Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => (i === 4 ? 2 : 0)));
			const counts = { servings: 2, called: 2, served: 2, no_show: 0, cancelled: 0, unserved: 0, closed_in_service: 0, transferred_out: 0, within_target: 2, wait_count: 2, wait_sum_ms: 540_000, wait_max_ms: 290_000 };
			const rest = { service_count: 2, service_sum_ms: 600_000, service_max_ms: 320_000, wait_histogram: dense, service_histogram: dense, rated: 1, rating_sum: 5, good: 1, bad: 0 };
			await sql`insert into daily_rollups (hall, day, service, counter, staff, ${sql.join(Object.keys({ ...counts, ...rest }).map((c) => sql.ref(c)))})
				values ('city-hall', '2025-03-03', 'S1', 'C1', 'w1', ${sql.join(Object.values({ ...counts, ...rest }))})`.execute(db);
			await migrateToLatest(db);
			const store = new SqlArchiveStore(openRelationalDb(target));
			try {
				const [rollup] = await store.rollups('city-hall', '2025-03-03', '2025-03-03');
				expect(rollup).toMatchObject({ servings: 2, waitSumMs: 540_000, rated: 1, issued: 0, ratingLevels: [0, 0, 0, 0, 0], arrivalsByHour: new Array(24).fill(0) });
				expect(rollup?.waitHistogram[4]).toBe(2);
				expect(rollup?.waitHistogram).toHaveLength(HISTOGRAM_BUCKETS);
				expect(await store.staleProjections(['city-hall'], 10)).toEqual([{ hall: 'city-hall', day: '2025-03-03' }]);
				expect(await store.staleProjections(['county-hall'], 10)).toEqual([]);
			} finally {
				await store.close();
			}
		});

		it('months archived before 0004 get their month rollups and totals when the store opens', async () => {
			const first = await SqlArchiveStore.open(target);
			for (const day of ['2025-03-03', '2025-03-04']) {
				const key = { hall: 'city-hall', day };
				const events = dayEvents(key, 1);
				await first.copyEvents(key, events);
				await first.markVerified(key, { events: 1, digest: 'x', closedAt: null, at: 1 });
				await first.saveFacts(key, { tickets: [], sessions: [], rollups: [dailyRollup(key, 'S1', 'C1', 'w1'), dailyRollup(key, 'S2', 'C1', 'w1', { served: 1 })] }, 2);
			}
			const built = await first.monthRollups('city-hall', ['2025-03']);
			expect(built.map((r) => [r.day, r.service, r.served])).toEqual([
				['2025-03-01', 'S1', 18],
				['2025-03-01', 'S2', 2]
			]);
			await first.close();
			// As a database migrated from 0003 has them: no month rows yet.
			await sql`delete from monthly_rollups`.execute(db);
			await sql`delete from monthly_totals`.execute(db);
			const again = await SqlArchiveStore.open(target);
			try {
				expect(await again.monthRollups('city-hall', ['2025-03'])).toEqual(built);
				const [total] = await again.monthTotals(['city-hall'], ['2025-03']);
				expect(total).toMatchObject({ hall: 'city-hall', day: '2025-03-01', served: 20, issued: 44 });
				expect(total?.waitHistogram[7]).toBe(28);
				expect(await again.buildMissingMonths()).toBe(0);
			} finally {
				await again.close();
			}
		});

		it('counter sessions archived before 0004 are summed into daily session totals by 0004', async () => {
			expect((await archiveMigrator(db).migrateTo('0003_assessment')).error).toBeUndefined();
			const session = { hall: 'city-hall', day: '2025-03-03', staff: 'w1', busy_ms: 0 };
			await db
				.insertInto('counter_sessions')
				.values([
					{ ...session, counter: 'C1', n: 1, kind: 'open', reason: null, from_at: 1_000, to_at: 61_000, busy_ms: 40_000 },
					{ ...session, counter: 'C2', n: 1, kind: 'open', reason: null, from_at: 5_000, to_at: 25_000, busy_ms: 20_000 },
					{ ...session, counter: 'C1', n: 2, kind: 'paused', reason: 'break', from_at: 61_000, to_at: 71_000 },
					{ ...session, counter: 'C2', n: 2, kind: 'paused', reason: 'break', from_at: 25_000, to_at: 30_000 },
					{ ...session, counter: 'C2', n: 3, kind: 'paused', reason: null, from_at: 30_000, to_at: 33_000 },
					{ ...session, day: '2025-03-04', counter: 'C1', n: 1, kind: 'open', reason: null, from_at: 90_000, to_at: null }
				])
				.execute();
			await migrateToLatest(db);
			const store = await SqlArchiveStore.open(target);
			try {
				expect(await store.sessionTotals(['city-hall'], '2025-03-01', '2025-03-31')).toEqual([
					{ hall: 'city-hall', day: '2025-03-03', kind: 'open', reason: null, ms: 80_000, busyMs: 60_000 },
					{ hall: 'city-hall', day: '2025-03-03', kind: 'paused', reason: null, ms: 3_000, busyMs: 0 },
					{ hall: 'city-hall', day: '2025-03-03', kind: 'paused', reason: 'break', ms: 15_000, busyMs: 0 },
					{ hall: 'city-hall', day: '2025-03-04', kind: 'open', reason: null, ms: 0, busyMs: 0 }
				]);
			} finally {
				await store.close();
			}
		});
	});
}

migrationSuite('sqlite (temp file)', async () => {
	const dir = await mkdtemp(join(tmpdir(), 'hallq-migrations-'));
	return { target: { kind: 'sqlite', file: join(dir, 'hallq-archive.db') }, cleanup: () => rm(dir, { recursive: true, force: true }) };
});

describe('on PostgreSQL', () => {
	let server: PostgresServer;
	let databases = 0;

	beforeAll(async () => {
		server = await startPostgres();
	}, 180_000);
	afterAll(async () => {
		await server?.stop();
	}, 60_000);

	async function admin(text: string): Promise<void> {
		const client = new pg.Client({ connectionString: server.url });
		client.on('error', () => undefined);
		await client.connect();
		try {
			await client.query(text);
		} finally {
			await client.end();
		}
	}

	migrationSuite('postgres (private server, a database per test)', async () => {
		const name = `migrations_t${process.pid}_${++databases}`;
		await admin(`create database "${name}"`);
		const url = new URL(server.url);
		url.pathname = `/${name}`;
		return { target: { kind: 'postgres', url: url.toString() }, cleanup: () => admin(`drop database if exists "${name}" with (force)`) };
	});
});
