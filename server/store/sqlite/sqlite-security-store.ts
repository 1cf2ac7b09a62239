/**
 * The SQLite adapter of the security store (server/core/security.ts): its own tables in the hall's
 * database file, next to the event log (not part of the event store's schema versions).
 */
import Database from 'better-sqlite3';
import type { LockoutPolicy, RevokedDevice, SecurityStore } from '../../core/security';

const TABLES = `
CREATE TABLE IF NOT EXISTS staff_epochs (hall TEXT NOT NULL, staff TEXT NOT NULL, epoch INTEGER NOT NULL, PRIMARY KEY (hall, staff)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS staff_passwords (hall TEXT NOT NULL, staff TEXT NOT NULL, hash TEXT NOT NULL, changed_at INTEGER NOT NULL, PRIMARY KEY (hall, staff)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS login_failures (account TEXT PRIMARY KEY, count INTEGER NOT NULL, first_at INTEGER NOT NULL, locked_until INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS revoked_devices (token_hash TEXT PRIMARY KEY, hall TEXT NOT NULL, device TEXT NOT NULL, at INTEGER NOT NULL, by_staff TEXT NOT NULL) WITHOUT ROWID;
`;

interface FailureRow {
	count: number;
	first_at: number;
	locked_until: number;
}

export class SqliteSecurityStore implements SecurityStore {
	private constructor(private readonly db: Database.Database) {}

	/** Opens (and creates the tables in) a database file; ':memory:' for a store of one process's life. */
	static open(file: string, o: { synchronous?: 'FULL' | 'NORMAL' | 'OFF'; busyTimeoutMs?: number } = {}): SqliteSecurityStore {
		const db = new Database(file);
		db.pragma('journal_mode = WAL');
		db.pragma(`synchronous = ${o.synchronous ?? 'FULL'}`);
		db.pragma(`busy_timeout = ${o.busyTimeoutMs ?? 5000}`);
		db.exec(TABLES);
		return new SqliteSecurityStore(db);
	}

	async epoch(hall: string, staff: string): Promise<number> {
		const row = this.db.prepare('SELECT epoch FROM staff_epochs WHERE hall = ? AND staff = ?').get(hall, staff) as { epoch: number } | undefined;
		return row?.epoch ?? 0;
	}

	async bumpEpoch(hall: string, staff: string): Promise<number> {
		const row = this.db
			.prepare('INSERT INTO staff_epochs (hall, staff, epoch) VALUES (?, ?, 1) ON CONFLICT (hall, staff) DO UPDATE SET epoch = epoch + 1 RETURNING epoch')
			.get(hall, staff) as { epoch: number };
		return row.epoch;
	}

	async passwordHash(hall: string, staff: string): Promise<string | null> {
		const row = this.db.prepare('SELECT hash FROM staff_passwords WHERE hall = ? AND staff = ?').get(hall, staff) as { hash: string } | undefined;
		return row?.hash ?? null;
	}

	async setPasswordHash(hall: string, staff: string, hash: string, at: number): Promise<void> {
		this.db
			.prepare('INSERT INTO staff_passwords (hall, staff, hash, changed_at) VALUES (?, ?, ?, ?) ON CONFLICT (hall, staff) DO UPDATE SET hash = excluded.hash, changed_at = excluded.changed_at')
			.run(hall, staff, hash, at);
	}

	async lockedUntil(account: string, now: number): Promise<number | null> {
		const row = this.db.prepare('SELECT locked_until FROM login_failures WHERE account = ?').get(account) as { locked_until: number } | undefined;
		return row && row.locked_until > now ? row.locked_until : null;
	}

	async loginFailed(account: string, now: number, policy: LockoutPolicy): Promise<number | null> {
		return this.db
			.transaction((): number | null => {
				const row = this.db.prepare('SELECT count, first_at, locked_until FROM login_failures WHERE account = ?').get(account) as FailureRow | undefined;
				if (row && row.locked_until > now) return row.locked_until;
				const fresh = !row || row.count === 0 || now - row.first_at >= policy.windowMs;
				const count = (fresh ? 0 : (row?.count ?? 0)) + 1;
				const first = fresh ? now : (row?.first_at ?? now);
				const locked = count >= policy.maxFailures ? now + policy.lockMs : 0;
				this.db
					.prepare('INSERT INTO login_failures (account, count, first_at, locked_until) VALUES (?, ?, ?, ?) ON CONFLICT (account) DO UPDATE SET count = excluded.count, first_at = excluded.first_at, locked_until = excluded.locked_until')
					.run(account, locked ? 0 : count, first, locked);
				return locked || null;
			})
			.immediate();
	}

	async loginSucceeded(account: string): Promise<void> {
		this.db.prepare('DELETE FROM login_failures WHERE account = ?').run(account);
	}

	async revokeDevice(r: RevokedDevice): Promise<void> {
		this.db
			.prepare('INSERT INTO revoked_devices (token_hash, hall, device, at, by_staff) VALUES (?, ?, ?, ?, ?) ON CONFLICT (token_hash) DO NOTHING')
			.run(r.tokenHash, r.hall, r.device, r.at, r.by);
	}

	async restoreDevice(hall: string, device: string): Promise<boolean> {
		return this.db.prepare('DELETE FROM revoked_devices WHERE hall = ? AND device = ?').run(hall, device).changes > 0;
	}

	async isRevoked(tokenHash: string): Promise<boolean> {
		return this.db.prepare('SELECT 1 FROM revoked_devices WHERE token_hash = ?').get(tokenHash) !== undefined;
	}

	async revokedDevices(hall: string): Promise<RevokedDevice[]> {
		const rows = this.db.prepare('SELECT token_hash, hall, device, at, by_staff FROM revoked_devices WHERE hall = ? ORDER BY at, device').all(hall) as {
			token_hash: string;
			hall: string;
			device: string;
			at: number;
			by_staff: string;
		}[];
		return rows.map((r) => ({ hall: r.hall, device: r.device, tokenHash: r.token_hash, at: r.at, by: r.by_staff }));
	}

	async close(): Promise<void> {
		if (this.db.open) this.db.close();
	}
}
