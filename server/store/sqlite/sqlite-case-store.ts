/** The SQLite adapter of the follow-up case store (server/core/follow-up.ts): its own table in the hall's database file. */
import Database from 'better-sqlite3';
import type { CaseStatus, CaseStore, FollowUpCase } from '../../core/follow-up';

const TABLE = `CREATE TABLE IF NOT EXISTS follow_up_cases (
	hall TEXT NOT NULL, id TEXT NOT NULL, status TEXT NOT NULL, rated_at INTEGER NOT NULL, body TEXT NOT NULL,
	PRIMARY KEY (hall, id)
) WITHOUT ROWID;`;

export class SqliteCaseStore implements CaseStore {
	private constructor(private readonly db: Database.Database) {}

	static open(file: string, o: { synchronous?: 'FULL' | 'NORMAL' | 'OFF' } = {}): SqliteCaseStore {
		const db = new Database(file);
		db.pragma('journal_mode = WAL');
		db.pragma(`synchronous = ${o.synchronous ?? 'FULL'}`);
		db.pragma('busy_timeout = 5000');
		db.exec(TABLE);
		return new SqliteCaseStore(db);
	}

	async open(c: FollowUpCase): Promise<boolean> {
		return this.db.prepare('INSERT INTO follow_up_cases (hall, id, status, rated_at, body) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING').run(c.hall, c.id, c.status, c.ratedAt, JSON.stringify(c)).changes > 0;
	}

	async get(hall: string, id: string): Promise<FollowUpCase | null> {
		const row = this.db.prepare('SELECT body FROM follow_up_cases WHERE hall = ? AND id = ?').get(hall, id) as { body: string } | undefined;
		return row ? (JSON.parse(row.body) as FollowUpCase) : null;
	}

	async list(hall: string): Promise<FollowUpCase[]> {
		const rows = this.db.prepare('SELECT body FROM follow_up_cases WHERE hall = ? ORDER BY rated_at, id').all(hall) as { body: string }[];
		return rows.map((r) => JSON.parse(r.body) as FollowUpCase);
	}

	async update(hall: string, id: string, from: CaseStatus, next: FollowUpCase): Promise<boolean> {
		return this.db.prepare('UPDATE follow_up_cases SET status = ?, body = ? WHERE hall = ? AND id = ? AND status = ?').run(next.status, JSON.stringify(next), hall, id, from).changes > 0;
	}

	async close(): Promise<void> {
		if (this.db.open) this.db.close();
	}
}
