/**
 * The relational store's schema, as versioned migrations in code (Kysely's Migrator with a fixed
 * provider: nothing read from disk, so a bundled server carries them). One set for SQLite and
 * PostgreSQL, in portable SQL only — Kysely's schema builder, text for JSON, bigint for epoch ms,
 * integer 0/1 flags — so that PostgreSQL-compatible servers (openGauss, KingbaseES) run it too.
 *
 * Rules: a migration, once released, is never edited; a change is a new entry named
 * `NNNN_what`, ordered by name. `migrateToLatest` runs at start-up; Kysely's lock table keeps two
 * processes from migrating at once.
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';

/** Creates the archive: hall-days, their copied events, and the facts projected from them. */
const archive0001: Migration = {
	async up(db: Kysely<unknown>): Promise<void> {
		await db.schema
			.createTable('archive_days')
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('day', 'text', (c) => c.notNull())
			.addColumn('status', 'text', (c) => c.notNull())
			.addColumn('events', 'integer', (c) => c.notNull().defaultTo(0))
			.addColumn('digest', 'text')
			.addColumn('closed_at', 'bigint')
			.addColumn('verified_at', 'bigint')
			.addColumn('projected_at', 'bigint')
			.addColumn('dropped_at', 'bigint')
			.addColumn('purged_at', 'bigint')
			.addPrimaryKeyConstraint('archive_days_pk', ['hall', 'day'])
			.execute();
		// Retention runs over days of every hall: `day < cutoff`.
		await db.schema.createIndex('archive_days_day').on('archive_days').columns(['day']).execute();

		await db.schema
			.createTable('archive_events')
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('day', 'text', (c) => c.notNull())
			.addColumn('seq', 'integer', (c) => c.notNull())
			.addColumn('type', 'text', (c) => c.notNull())
			.addColumn('at', 'bigint', (c) => c.notNull())
			.addColumn('body', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('archive_events_pk', ['hall', 'day', 'seq'])
			.execute();

		await db.schema
			.createTable('ticket_facts')
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('day', 'text', (c) => c.notNull())
			.addColumn('ticket', 'text', (c) => c.notNull())
			.addColumn('issued_service', 'text', (c) => c.notNull())
			.addColumn('zone', 'text', (c) => c.notNull())
			.addColumn('department', 'text', (c) => c.notNull())
			.addColumn('service', 'text', (c) => c.notNull())
			.addColumn('priority', 'text', (c) => c.notNull())
			.addColumn('channel', 'text', (c) => c.notNull())
			.addColumn('kiosk', 'text')
			.addColumn('issued_at', 'bigint', (c) => c.notNull())
			.addColumn('first_called_at', 'bigint')
			.addColumn('started_at', 'bigint')
			.addColumn('finished_at', 'bigint')
			.addColumn('counter', 'text')
			.addColumn('staff', 'text')
			.addColumn('servings', 'text', (c) => c.notNull())
			.addColumn('transfers', 'integer', (c) => c.notNull())
			.addColumn('recalls', 'integer', (c) => c.notNull())
			.addColumn('requeues', 'integer', (c) => c.notNull())
			.addColumn('outcome', 'text')
			.addColumn('finish_outcome', 'text')
			.addColumn('wait_ms', 'bigint')
			.addColumn('service_ms', 'bigint')
			.addColumn('within_target', 'integer')
			.addColumn('rating_overall', 'integer')
			.addColumn('rating_efficiency', 'integer')
			.addColumn('rating_level', 'integer')
			.addColumn('rating_attitude', 'integer')
			.addColumn('rating_reasons', 'text')
			.addColumn('rating_counter', 'text')
			.addColumn('rating_staff', 'text')
			.addColumn('rating_at', 'bigint')
			.addColumn('identity_hash', 'text')
			.addColumn('identity_masked', 'text')
			.addColumn('holder_masked', 'text')
			.addPrimaryKeyConstraint('ticket_facts_pk', ['hall', 'day', 'ticket'])
			.execute();
		// Drill-downs read a hall's days in issue order.
		await db.schema.createIndex('ticket_facts_hall_day').on('ticket_facts').columns(['hall', 'day', 'issued_at']).execute();

		await db.schema
			.createTable('counter_sessions')
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('day', 'text', (c) => c.notNull())
			.addColumn('counter', 'text', (c) => c.notNull())
			.addColumn('n', 'integer', (c) => c.notNull())
			.addColumn('kind', 'text', (c) => c.notNull())
			.addColumn('staff', 'text', (c) => c.notNull())
			.addColumn('reason', 'text')
			.addColumn('from_at', 'bigint', (c) => c.notNull())
			.addColumn('to_at', 'bigint')
			.addPrimaryKeyConstraint('counter_sessions_pk', ['hall', 'day', 'counter', 'n'])
			.execute();

		await db.schema
			.createTable('daily_rollups')
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('day', 'text', (c) => c.notNull())
			.addColumn('service', 'text', (c) => c.notNull())
			.addColumn('counter', 'text', (c) => c.notNull())
			.addColumn('staff', 'text', (c) => c.notNull())
			.addColumn('servings', 'integer', (c) => c.notNull())
			.addColumn('called', 'integer', (c) => c.notNull())
			.addColumn('served', 'integer', (c) => c.notNull())
			.addColumn('no_show', 'integer', (c) => c.notNull())
			.addColumn('cancelled', 'integer', (c) => c.notNull())
			.addColumn('unserved', 'integer', (c) => c.notNull())
			.addColumn('closed_in_service', 'integer', (c) => c.notNull())
			.addColumn('transferred_out', 'integer', (c) => c.notNull())
			.addColumn('within_target', 'integer', (c) => c.notNull())
			.addColumn('wait_count', 'integer', (c) => c.notNull())
			.addColumn('wait_sum_ms', 'bigint', (c) => c.notNull())
			.addColumn('wait_max_ms', 'bigint', (c) => c.notNull())
			.addColumn('service_count', 'integer', (c) => c.notNull())
			.addColumn('service_sum_ms', 'bigint', (c) => c.notNull())
			.addColumn('service_max_ms', 'bigint', (c) => c.notNull())
			.addColumn('wait_histogram', 'text', (c) => c.notNull())
			.addColumn('service_histogram', 'text', (c) => c.notNull())
			.addColumn('rated', 'integer', (c) => c.notNull())
			.addColumn('rating_sum', 'integer', (c) => c.notNull())
			.addColumn('good', 'integer', (c) => c.notNull())
			.addColumn('bad', 'integer', (c) => c.notNull())
			.addPrimaryKeyConstraint('daily_rollups_pk', ['hall', 'day', 'service', 'counter', 'staff'])
			.execute();
	},
	async down(db: Kysely<unknown>): Promise<void> {
		for (const table of ['daily_rollups', 'counter_sessions', 'ticket_facts', 'archive_events', 'archive_days']) {
			await db.schema.dropTable(table).execute();
		}
	}
};

/**
 * Statistics (issue 18): the rollups gain what the KPIs need (tickets issued, uncalled waits past
 * target, each rating level, the three dimensions, hourly curves), counter sessions their busy time,
 * archived days the projection version they were projected with (older ones are re-projected from
 * their archived events), and one totals row per hall-day for overviews across halls and years.
 */
const statistics0002: Migration = {
	async up(db: Kysely<unknown>): Promise<void> {
		const counts = ['issued', 'uncalled_past_target', 'rating_1', 'rating_2', 'rating_3', 'rating_4', 'rating_5', 'efficiency_sum', 'level_sum', 'attitude_sum'];
		for (const column of counts) await db.schema.alterTable('daily_rollups').addColumn(column, 'integer', (c) => c.notNull().defaultTo(0)).execute();
		for (const column of ['arrivals_by_hour', 'served_by_hour']) await db.schema.alterTable('daily_rollups').addColumn(column, 'text', (c) => c.notNull().defaultTo('[]')).execute();
		await db.schema.alterTable('counter_sessions').addColumn('busy_ms', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
		await db.schema.alterTable('archive_days').addColumn('projection', 'integer', (c) => c.notNull().defaultTo(1)).execute();

		let totals = db.schema.createTable('daily_totals').addColumn('hall', 'text', (c) => c.notNull()).addColumn('day', 'text', (c) => c.notNull());
		for (const column of SUM_COLUMNS) totals = totals.addColumn(column.name, column.type, (c) => c.notNull().defaultTo(column.type === 'text' ? '[]' : 0));
		await totals.addPrimaryKeyConstraint('daily_totals_pk', ['hall', 'day']).execute();
		// Overviews read every hall of a range of days.
		await db.schema.createIndex('daily_totals_day').on('daily_totals').columns(['day']).execute();
	},
	async down(db: Kysely<unknown>): Promise<void> {
		await db.schema.dropTable('daily_totals').execute();
		await db.schema.alterTable('archive_days').dropColumn('projection').execute();
		await db.schema.alterTable('counter_sessions').dropColumn('busy_ms').execute();
		for (const column of ['issued', 'uncalled_past_target', 'rating_1', 'rating_2', 'rating_3', 'rating_4', 'rating_5', 'efficiency_sum', 'level_sum', 'attitude_sum', 'arrivals_by_hour', 'served_by_hour']) {
			await db.schema.alterTable('daily_rollups').dropColumn(column).execute();
		}
	}
};

/** The measure columns of a rollup, as daily_totals repeats them (0002 and later must not change this list: add a migration). */
const SUM_COLUMNS: readonly { name: string; type: 'integer' | 'bigint' | 'text' }[] = [
	...['servings', 'issued', 'called', 'served', 'no_show', 'cancelled', 'unserved', 'closed_in_service', 'transferred_out', 'within_target', 'uncalled_past_target', 'wait_count'].map((name) => ({ name, type: 'integer' as const })),
	{ name: 'wait_sum_ms', type: 'bigint' },
	{ name: 'wait_max_ms', type: 'bigint' },
	{ name: 'service_count', type: 'integer' },
	{ name: 'service_sum_ms', type: 'bigint' },
	{ name: 'service_max_ms', type: 'bigint' },
	{ name: 'wait_histogram', type: 'text' },
	{ name: 'service_histogram', type: 'text' },
	...['rated', 'rating_sum', 'good', 'bad', 'rating_1', 'rating_2', 'rating_3', 'rating_4', 'rating_5', 'efficiency_sum', 'level_sum', 'attitude_sum'].map((name) => ({ name, type: 'integer' as const })),
	{ name: 'arrivals_by_hour', type: 'text' },
	{ name: 'served_by_hour', type: 'text' }
];

/** The monthly assessment: a month's confirmation (frozen result) and the supervisors' complaint records (append-only). */
const assessment0003: Migration = {
	async up(db: Kysely<unknown>): Promise<void> {
		await db.schema
			.createTable('assessment_confirmations')
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('month', 'text', (c) => c.notNull())
			.addColumn('confirmed_at', 'bigint', (c) => c.notNull())
			.addColumn('confirmed_by', 'text', (c) => c.notNull())
			.addColumn('note', 'text', (c) => c.notNull())
			.addColumn('result', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('assessment_confirmations_pk', ['hall', 'month'])
			.execute();
		await db.schema
			.createTable('assessment_complaints')
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('month', 'text', (c) => c.notNull())
			.addColumn('kind', 'text', (c) => c.notNull())
			.addColumn('subject', 'text', (c) => c.notNull())
			.addColumn('version', 'integer', (c) => c.notNull())
			.addColumn('count', 'integer', (c) => c.notNull())
			.addColumn('reason', 'text', (c) => c.notNull())
			.addColumn('recorded_by', 'text', (c) => c.notNull())
			.addColumn('recorded_at', 'bigint', (c) => c.notNull())
			.addPrimaryKeyConstraint('assessment_complaints_pk', ['hall', 'month', 'kind', 'subject', 'version'])
			.execute();
	},
	async down(db: Kysely<unknown>): Promise<void> {
		await db.schema.dropTable('assessment_complaints').execute();
		await db.schema.dropTable('assessment_confirmations').execute();
	}
};

/**
 * Summaries for reports over many days. Month rollups and totals: a month's report reads one row
 * per service × counter × staff instead of one per day; filled by saveFacts (the day's month rebuilt
 * from its days) and, for months archived before this migration, once when the store opens
 * (SqlArchiveStore.buildMissingMonths). Daily session totals: a hall-day's counter sessions summed
 * by kind and reason ('' for none: a key column cannot be null), filled by saveFacts and here from
 * the sessions already archived.
 */
const summaries0004: Migration = {
	async up(db: Kysely<unknown>): Promise<void> {
		let rollups = db.schema
			.createTable('monthly_rollups')
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('month', 'text', (c) => c.notNull())
			.addColumn('service', 'text', (c) => c.notNull())
			.addColumn('counter', 'text', (c) => c.notNull())
			.addColumn('staff', 'text', (c) => c.notNull());
		for (const column of SUM_COLUMNS) rollups = rollups.addColumn(column.name, column.type, (c) => c.notNull().defaultTo(column.type === 'text' ? '{}' : 0));
		await rollups.addPrimaryKeyConstraint('monthly_rollups_pk', ['hall', 'month', 'service', 'counter', 'staff']).execute();
		let totals = db.schema.createTable('monthly_totals').addColumn('hall', 'text', (c) => c.notNull()).addColumn('month', 'text', (c) => c.notNull()).addColumn('days', 'integer', (c) => c.notNull());
		for (const column of SUM_COLUMNS) totals = totals.addColumn(column.name, column.type, (c) => c.notNull().defaultTo(column.type === 'text' ? '{}' : 0));
		await totals.addPrimaryKeyConstraint('monthly_totals_pk', ['hall', 'month']).execute();
		await db.schema
			.createTable('daily_session_totals')
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('day', 'text', (c) => c.notNull())
			.addColumn('kind', 'text', (c) => c.notNull())
			.addColumn('reason', 'text', (c) => c.notNull())
			.addColumn('ms', 'bigint', (c) => c.notNull())
			.addColumn('busy_ms', 'bigint', (c) => c.notNull())
			.addPrimaryKeyConstraint('daily_session_totals_pk', ['hall', 'day', 'kind', 'reason'])
			.execute();
		await sql`insert into daily_session_totals (hall, day, kind, reason, ms, busy_ms)
			select hall, day, kind, coalesce(reason, ''), sum(coalesce(to_at, from_at) - from_at), sum(busy_ms)
			from counter_sessions group by hall, day, kind, coalesce(reason, '')`.execute(db);
	},
	async down(db: Kysely<unknown>): Promise<void> {
		await db.schema.dropTable('daily_session_totals').execute();
		await db.schema.dropTable('monthly_totals').execute();
		await db.schema.dropTable('monthly_rollups').execute();
	}
};

/**
 * The audit trail (issue 19, S5). `audit_entries`: one row per event of a projected hall-day
 * (server/core/audit.ts), written with its facts and searched by actor, action and ticket.
 * `security_events`: sign-ins, lockouts, passwords and device tokens, appended as they happen (no
 * hall-day log holds them). Neither is edited; the retention purge blanks their personal fields.
 */
const audit0005: Migration = {
	async up(db: Kysely<unknown>): Promise<void> {
		await db.schema
			.createTable('audit_entries')
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('day', 'text', (c) => c.notNull())
			.addColumn('seq', 'integer', (c) => c.notNull())
			.addColumn('at', 'bigint', (c) => c.notNull())
			.addColumn('action', 'text', (c) => c.notNull())
			.addColumn('actor', 'text')
			.addColumn('ticket', 'text')
			.addColumn('counter', 'text')
			.addColumn('reason', 'text')
			.addColumn('detail', 'text')
			.addPrimaryKeyConstraint('audit_entries_pk', ['hall', 'day', 'seq'])
			.execute();
		await db.schema.createIndex('audit_entries_actor').on('audit_entries').columns(['hall', 'actor', 'day', 'seq']).execute();
		await db.schema.createIndex('audit_entries_ticket').on('audit_entries').columns(['hall', 'ticket', 'day', 'seq']).execute();
		await db.schema.createIndex('audit_entries_action').on('audit_entries').columns(['hall', 'action', 'day', 'seq']).execute();
		await db.schema
			.createTable('security_events')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('day', 'text', (c) => c.notNull())
			.addColumn('at', 'bigint', (c) => c.notNull())
			.addColumn('action', 'text', (c) => c.notNull())
			.addColumn('actor', 'text')
			.addColumn('subject', 'text')
			.addColumn('client', 'text')
			.addColumn('detail', 'text')
			.execute();
		await db.schema.createIndex('security_events_hall_at').on('security_events').columns(['hall', 'at', 'id']).execute();
		await db.schema.createIndex('security_events_day').on('security_events').columns(['day']).execute();
	},
	async down(db: Kysely<unknown>): Promise<void> {
		await db.schema.dropTable('security_events').execute();
		await db.schema.dropTable('audit_entries').execute();
	}
};

/** The halls' configuration versions (issue 22): one row per save, never updated. */
const configVersions0006: Migration = {
	async up(db: Kysely<unknown>): Promise<void> {
		await db.schema
			.createTable('config_versions')
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('version', 'integer', (c) => c.notNull())
			.addColumn('at', 'bigint', (c) => c.notNull())
			.addColumn('author', 'text', (c) => c.notNull())
			.addColumn('reason', 'text', (c) => c.notNull())
			.addColumn('source', 'text', (c) => c.notNull())
			.addColumn('restores', 'integer')
			.addColumn('digest', 'text', (c) => c.notNull())
			.addColumn('body', 'text', (c) => c.notNull())
			.addPrimaryKeyConstraint('config_versions_pk', ['hall', 'version'])
			.execute();
		// The start-up import compares a hall file with the last one imported.
		await db.schema.createIndex('config_versions_source').on('config_versions').columns(['hall', 'source', 'version']).execute();
	},
	async down(db: Kysely<unknown>): Promise<void> {
		await db.schema.dropTable('config_versions').execute();
	}
};

/** The device tokens the server issues (issue 22's registry): keyed hashes, revoked in place, never deleted. */
const deviceTokens0007: Migration = {
	async up(db: Kysely<unknown>): Promise<void> {
		await db.schema
			.createTable('device_tokens')
			.addColumn('hash', 'text', (c) => c.primaryKey())
			.addColumn('kid', 'text', (c) => c.notNull())
			.addColumn('token_id', 'text', (c) => c.notNull())
			.addColumn('hall', 'text', (c) => c.notNull())
			.addColumn('device', 'text', (c) => c.notNull())
			.addColumn('issued_at', 'bigint', (c) => c.notNull())
			.addColumn('issued_by', 'text', (c) => c.notNull())
			.addColumn('revoked_at', 'bigint')
			.addColumn('revoked_by', 'text')
			.execute();
		await db.schema.createIndex('device_tokens_device').on('device_tokens').columns(['hall', 'device']).execute();
	},
	async down(db: Kysely<unknown>): Promise<void> {
		await db.schema.dropTable('device_tokens').execute();
	}
};

/** Every migration, by name; applied in name order. Append, never edit or remove. */
export const ARCHIVE_MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
	'0001_archive': archive0001,
	'0002_statistics': statistics0002,
	'0003_assessment': assessment0003,
	'0004_summaries': summaries0004,
	'0005_audit': audit0005,
	'0006_config_versions': configVersions0006,
	'0007_device_tokens': deviceTokens0007
});

/** The migration names in the order they apply; the last is the schema this code expects. */
export const ARCHIVE_MIGRATION_NAMES: readonly string[] = Object.keys(ARCHIVE_MIGRATIONS).sort();

/** A Migrator over this code's migrations (tests use it to step through the versions). */
export function archiveMigrator<DB>(db: Kysely<DB>): Migrator {
	return new Migrator({ db, provider: { getMigrations: async () => ({ ...ARCHIVE_MIGRATIONS }) } });
}

/** Throws the first failed migration's error, naming the migration. */
export function throwIfFailed(result: MigrationResultSet): void {
	if (result.error === undefined) return;
	const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
	const cause = result.error instanceof Error ? result.error.message : String(result.error);
	throw new Error(`archive migration ${failed ?? '(before any migration ran)'} failed: ${cause}`, { cause: result.error });
}

/**
 * Brings the database up to the latest migration (run at start-up). A database migrated by a newer
 * HallQ (a migration this code does not know) is refused by the Migrator: an error, not a guess.
 */
export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<void> {
	// Kysely's migration lock is a no-op on SQLite: processes starting at once on one SQLite file
	// can both see a migration pending; the later one fails ("already exists") once the first has
	// committed it. Looking again then finds it recorded.
	for (let attempt = 1; ; attempt++) {
		const result = await archiveMigrator(db).migrateToLatest();
		const message = result.error instanceof Error ? result.error.message : '';
		if (result.error === undefined || attempt >= 5 || !/already exists|duplicate column|SQLITE_BUSY|database is locked/i.test(message)) return throwIfFailed(result);
		await new Promise((r) => setTimeout(r, 100 * attempt));
	}
}
