/**
 * better-sqlite3 behind Kysely with its prepared statements kept: Kysely's SQLite driver prepares
 * every query anew, and preparing costs as much as running a small query (the reports run hundreds
 * of them). Statements are kept per SQL text, the least recently used dropped past `size`; one still
 * iterating (a streamed query) is never handed out twice.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export const STATEMENT_CACHE_SIZE = 256;

export function withStatementCache(db: Database.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
	const kept = new Map<string, Database.Statement>();
	return {
		close: () => db.close(),
		prepare(sql: string): SqliteStatement {
			const found = kept.get(sql);
			if (found && !found.busy) {
				// Most recently used last.
				kept.delete(sql);
				kept.set(sql, found);
				return found;
			}
			const fresh = db.prepare(sql);
			if (!found) {
				kept.set(sql, fresh);
				if (kept.size > size) kept.delete(kept.keys().next().value as string);
			}
			return fresh;
		}
	};
}
