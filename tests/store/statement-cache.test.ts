/**
 * The SQLite statement cache (server/store/sql/statement-cache.ts) on a real in-memory better-sqlite3
 * database: a statement is prepared once per SQL text, one still iterating is never handed out a
 * second time (both iterations read every row), and past its size the least recently used goes.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../server/store/sql/statement-cache';

describe('statement cache', () => {
	let db: Database.Database;

	beforeEach(() => {
		db = new Database(':memory:');
		db.exec('create table t (n integer)');
		db.prepare('insert into t (n) values (1), (2), (3)').run();
	});
	afterEach(() => db.close());

	it('hands out the kept statement for the same SQL, a new one for other SQL', () => {
		const cached = withStatementCache(db);
		const a = cached.prepare('select n from t order by n');
		expect(cached.prepare('select n from t order by n')).toBe(a);
		expect(cached.prepare('select n from t order by n desc')).not.toBe(a);
		expect(a.all([])).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
	});

	it('never hands out a statement that is still iterating', () => {
		const cached = withStatementCache(db);
		const sql = 'select n from t order by n';
		const outer = cached.prepare(sql);
		const seen: [number, number[]][] = [];
		for (const row of outer.iterate([]) as Iterable<{ n: number }>) {
			const inner = cached.prepare(sql);
			expect(inner).not.toBe(outer);
			seen.push([row.n, (inner.all([]) as { n: number }[]).map((r) => r.n)]);
		}
		expect(seen).toEqual([
			[1, [1, 2, 3]],
			[2, [1, 2, 3]],
			[3, [1, 2, 3]]
		]);
		// Done iterating: the kept one is handed out again.
		expect(cached.prepare(sql)).toBe(outer);
	});

	it('drops the least recently used past its size', () => {
		const cached = withStatementCache(db, 2);
		const one = cached.prepare('select 1');
		const two = cached.prepare('select 2');
		expect(cached.prepare('select 1')).toBe(one);
		cached.prepare('select 3');
		// 'select 2' was the least recently used.
		expect(cached.prepare('select 1')).toBe(one);
		expect(cached.prepare('select 2')).not.toBe(two);
	});
});
