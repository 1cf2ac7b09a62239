/**
 * Opens the relational store (archive, facts; later bookings and configuration versions) on one of
 * its two engines, behind one Kysely schema:
 *
 * - SQLite (better-sqlite3, the default: a file beside the queue database, no server). WAL journal,
 *   `synchronous=FULL` unless told otherwise (a power loss loses no committed archive copy),
 *   `busy_timeout` so writers of several processes queue instead of failing, foreign keys on,
 *   `secure_delete` so what the retention purge removes does not stay readable in free pages.
 * - PostgreSQL (`pg` pool), for several processes. BIGINT (int8) columns — epoch ms and sums of
 *   ms — come back as JS numbers through the pool's own `types` (the global `pg.types` stays as
 *   it is for anyone else in the process); a value beyond 2^53 is an error, never a rounded number.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { ArchiveSchema } from './schema';
import { withStatementCache } from './statement-cache';

export type RelationalTarget =
	| { kind: 'sqlite'; file: string; synchronous?: 'FULL' | 'NORMAL' }
	| { kind: 'postgres'; url: string; poolSize?: number };

export type RelationalEngine = RelationalTarget['kind'];

export interface RelationalDb {
	db: Kysely<ArchiveSchema>;
	engine: RelationalEngine;
	/** Closes the connection (SQLite) or ends the pool (PostgreSQL). */
	close(): Promise<void>;
}

/** How long an SQLite writer waits for another connection's write lock, ms. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;
const DEFAULT_POOL_SIZE = 10;
/** PostgreSQL's type oid of int8 (BIGINT). */
const INT8_OID = 20;

function parseInt8(text: string): number {
	const n = Number(text);
	if (!Number.isSafeInteger(n)) throw new RangeError(`BIGINT ${text} does not fit a JS number`);
	return n;
}

/** Type parsers of one pool: int8 as number, everything else as pg does by default. */
const pgTypes: pg.CustomTypesConfig = {
	// pg asks for text-format parsers unless a query requests binary results (this code never does).
	getTypeParser: (oid, format) => (oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format))
};

export function openRelationalDb(target: RelationalTarget): RelationalDb {
	if (target.kind === 'sqlite') {
		if (target.file !== ':memory:') mkdirSync(dirname(target.file), { recursive: true });
		const sqlite = new Database(target.file);
		try {
			sqlite.pragma('journal_mode = WAL');
			sqlite.pragma(`synchronous = ${target.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
			sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
			sqlite.pragma('foreign_keys = ON');
			// Purged and deleted personal fields are overwritten on disk, not left in free pages.
			sqlite.pragma('secure_delete = ON');
		} catch (err) {
			sqlite.close();
			throw err;
		}
		const db = new Kysely<ArchiveSchema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
		return { db, engine: 'sqlite', close: () => db.destroy() };
	}
	const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? DEFAULT_POOL_SIZE, types: pgTypes });
	// An idle client whose server went away (restart, failover) emits `error` on the pool; without a
	// listener that would end the process. The next query gets a fresh client or its own error.
	pool.on('error', () => undefined);
	// A client in use when the server goes away emits `error` on itself, not on the pool (its query
	// fails on its own); without a listener that too would end the process.
	pool.on('connect', (client) => client.on('error', () => undefined));
	const db = new Kysely<ArchiveSchema>({ dialect: new PostgresDialect({ pool }) });
	return { db, engine: 'postgres', close: () => db.destroy() };
}

/**
 * Where the archive lives, from the environment: `ARCHIVE_URL=postgres://…` (or `postgresql://`)
 * chooses PostgreSQL; without it, SQLite at `HALLQ_ARCHIVE_DB` or `defaultSqliteFile`. Any other
 * URL scheme is refused (the message names the scheme only: the URL may carry a password).
 */
export function archiveTargetFromEnv(env: Record<string, string | undefined>, defaultSqliteFile: string): RelationalTarget {
	const url = env.ARCHIVE_URL?.trim();
	if (url) {
		let scheme: string;
		try {
			scheme = new URL(url).protocol;
		} catch {
			throw new Error('ARCHIVE_URL is not a URL: expected postgres://user:password@host:port/database (leave it unset for SQLite)');
		}
		if (scheme === 'postgres:' || scheme === 'postgresql:') return { kind: 'postgres', url };
		throw new Error(
			`ARCHIVE_URL has the scheme "${scheme}//": only postgres:// and postgresql:// are supported (leave it unset for SQLite at HALLQ_ARCHIVE_DB)`
		);
	}
	const file = env.HALLQ_ARCHIVE_DB?.trim();
	return { kind: 'sqlite', file: file || defaultSqliteFile };
}
