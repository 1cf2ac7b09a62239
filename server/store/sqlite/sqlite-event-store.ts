/**
 * The SQLite adapter of the event store port: one log per hall-day in one database file.
 *
 * - WAL journal, `synchronous=FULL` by default: an acknowledged append survives a killed process
 *   and a power loss. Several processes may open the same file; writers queue on `busy_timeout`.
 * - `append` runs in one `BEGIN IMMEDIATE` transaction (check version, insert, bump version), so
 *   appends are linearizable per hall-day across connections and processes.
 * - Reads (`load`) run in one read transaction: the snapshot, the events after it and the version
 *   come from the same moment of the log.
 * - The schema carries `PRAGMA user_version`; `migrate` brings an older file up to `SCHEMA_VERSION`
 *   and refuses a file written by a newer version of HallQ.
 *
 * The methods are async because the port is; the work inside is synchronous (better-sqlite3).
 */
import Database from 'better-sqlite3';
import type { HallEvent, StoredEvent } from '../../core/events';
import type { HallDayKey } from '../../core/hall-day';
import { hallDayId, parseHallDayId } from '../../core/hall-day';
import type { HallDayState } from '../../core/model';
import type { AppendResult, EventStore, LastEvent, LoadedLog, RestoreHold, Snapshot } from '../../core/ports';

export type SqliteSynchronous = 'FULL' | 'NORMAL' | 'OFF';

export interface SqliteEventStoreOptions {
	/** `FULL` (default): no acknowledged append is lost on power loss. `NORMAL`: only on process crash. */
	synchronous?: SqliteSynchronous;
	/** How long a writer waits for another connection's write lock, ms. Default 5000. */
	busyTimeoutMs?: number;
}

/** The schema this code writes; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 1;

/** Migration n brings a file from user_version n-1 to n. Append new ones; never edit old ones. */
const MIGRATIONS: readonly string[] = [
	`CREATE TABLE streams (
		hall_day TEXT PRIMARY KEY,
		version  INTEGER NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE events (
		hall_day TEXT NOT NULL,
		seq      INTEGER NOT NULL,
		type     TEXT NOT NULL,
		at       INTEGER NOT NULL,
		body     TEXT NOT NULL,
		PRIMARY KEY (hall_day, seq)
	) WITHOUT ROWID;
	CREATE TABLE snapshots (
		hall_day TEXT PRIMARY KEY,
		version  INTEGER NOT NULL,
		state    TEXT NOT NULL
	) WITHOUT ROWID;`
];

const SYNCHRONOUS_MODES: readonly SqliteSynchronous[] = ['FULL', 'NORMAL', 'OFF'];

interface EventRow {
	seq: number;
	body: string;
}
interface SnapshotRow {
	version: number;
	state: string;
}

/** The row holds the event exactly as appended (`body`); the log position lives in its own column. */
function toStored(row: EventRow): StoredEvent {
	return { ...(JSON.parse(row.body) as HallEvent), seq: row.seq };
}

function checkVersion(name: string, value: number): void {
	if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

function migrate(db: Database.Database): void {
	const current = db.pragma('user_version', { simple: true }) as number;
	if (current === SCHEMA_VERSION) return;
	db.transaction(() => {
		// Read again under the write lock: another process may have migrated meanwhile.
		const from = db.pragma('user_version', { simple: true }) as number;
		if (from > SCHEMA_VERSION) {
			throw new Error(`event store schema ${from} is newer than this HallQ (${SCHEMA_VERSION})`);
		}
		for (let v = from; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
		db.pragma(`user_version = ${SCHEMA_VERSION}`);
	}).immediate();
}

export class SqliteEventStore implements EventStore {
	private readonly db: Database.Database;
	private readonly stmt: {
		version: Database.Statement<[string], { version: number }>;
		setVersion: Database.Statement<[string, number]>;
		insert: Database.Statement<[string, number, string, number, string]>;
		after: Database.Statement<[string, number], EventRow>;
		at: Database.Statement<[string, number], { at: number; body: string }>;
		afterLimit: Database.Statement<[string, number, number], EventRow>;
		snapshot: Database.Statement<[string], SnapshotRow>;
		saveSnapshot: Database.Statement<[string, number, string]>;
		days: Database.Statement<[], { hall_day: string }>;
	};
	private readonly appendTx: (id: string, expectedVersion: number, events: HallEvent[], last: LastEvent | undefined) => AppendResult;
	private readonly loadTx: (id: string) => LoadedLog;
	private readonly snapshotTx: (id: string, snapshot: Snapshot) => void;
	private readonly dropTx: (id: string) => void;

	static open(file: string, options: SqliteEventStoreOptions = {}): SqliteEventStore {
		const synchronous = options.synchronous ?? 'FULL';
		if (!SYNCHRONOUS_MODES.includes(synchronous)) throw new RangeError(`unknown synchronous mode ${String(synchronous)}`);
		const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
		checkVersion('busyTimeoutMs', busyTimeoutMs);
		const db = new Database(file);
		try {
			db.pragma(`busy_timeout = ${busyTimeoutMs}`);
			const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
			if (mode.toLowerCase() !== 'wal' && !db.memory) throw new Error(`could not switch ${file} to WAL (got ${mode})`);
			db.pragma(`synchronous = ${synchronous}`);
			// Deleted rows (a dropped hall-day, with its identity hashes) are overwritten, not left in free pages.
			db.pragma('secure_delete = ON');
			migrate(db);
			return new SqliteEventStore(db);
		} catch (err) {
			db.close();
			throw err;
		}
	}

	private constructor(db: Database.Database) {
		this.db = db;
		this.stmt = {
			version: db.prepare('SELECT version FROM streams WHERE hall_day = ?'),
			setVersion: db.prepare(
				'INSERT INTO streams (hall_day, version) VALUES (?, ?) ON CONFLICT (hall_day) DO UPDATE SET version = excluded.version'
			),
			insert: db.prepare('INSERT INTO events (hall_day, seq, type, at, body) VALUES (?, ?, ?, ?, ?)'),
			after: db.prepare('SELECT seq, body FROM events WHERE hall_day = ? AND seq > ? ORDER BY seq'),
			at: db.prepare('SELECT at, body FROM events WHERE hall_day = ? AND seq = ?'),
			afterLimit: db.prepare('SELECT seq, body FROM events WHERE hall_day = ? AND seq > ? ORDER BY seq LIMIT ?'),
			snapshot: db.prepare('SELECT version, state FROM snapshots WHERE hall_day = ?'),
			saveSnapshot: db.prepare(
				`INSERT INTO snapshots (hall_day, version, state) VALUES (?, ?, ?)
				 ON CONFLICT (hall_day) DO UPDATE SET version = excluded.version, state = excluded.state
				 WHERE excluded.version > snapshots.version`
			),
			days: db.prepare('SELECT hall_day FROM streams')
		};

		const versionOf = (id: string): number => this.stmt.version.get(id)?.version ?? 0;

		const append = db.transaction((id: string, expectedVersion: number, events: HallEvent[], last: LastEvent | undefined): AppendResult => {
			const version = versionOf(id);
			const diverged = (): boolean => {
				if (!last || expectedVersion === 0 || expectedVersion > version) return false;
				const row = this.stmt.at.get(id, expectedVersion);
				return !row || row.at !== last.at || (JSON.parse(row.body) as HallEvent).req !== last.req;
			};
			if (version !== expectedVersion) {
				if (diverged()) return { ok: false, version, missed: [], diverged: true };
				// expectedVersion > version means the store is behind the caller: nothing to catch up on.
				return { ok: false, version, missed: this.stmt.after.all(id, expectedVersion).map(toStored) };
			}
			if (events.length === 0) return { ok: true, version, events: [] };
			if (diverged()) return { ok: false, version, missed: [], diverged: true };
			const stored: StoredEvent[] = [];
			let seq = version;
			for (const event of events) {
				seq += 1;
				const body = JSON.stringify(event);
				this.stmt.insert.run(id, seq, event.type, event.at, body);
				stored.push({ ...(JSON.parse(body) as HallEvent), seq });
			}
			this.stmt.setVersion.run(id, seq);
			return { ok: true, version: seq, events: stored };
		});
		this.appendTx = (id, expectedVersion, events, last) => append.immediate(id, expectedVersion, events, last);

		const load = db.transaction((id: string): LoadedLog => {
			const row = this.stmt.snapshot.get(id);
			const snapshot: Snapshot | null = row ? { version: row.version, state: JSON.parse(row.state) as HallDayState } : null;
			const events = this.stmt.after.all(id, snapshot?.version ?? 0).map(toStored);
			return { snapshot, events, version: versionOf(id) };
		});
		this.loadTx = (id) => load.deferred(id);

		const saveSnapshot = db.transaction((id: string, snapshot: Snapshot): void => {
			const version = versionOf(id);
			if (snapshot.version > version) {
				throw new RangeError(`snapshot version ${snapshot.version} is ahead of the log (version ${version})`);
			}
			this.stmt.saveSnapshot.run(id, snapshot.version, JSON.stringify(snapshot.state));
		});
		this.snapshotTx = (id, snapshot) => saveSnapshot.immediate(id, snapshot);

		const deleteEvents = db.prepare<[string]>('DELETE FROM events WHERE hall_day = ?');
		const deleteSnapshot = db.prepare<[string]>('DELETE FROM snapshots WHERE hall_day = ?');
		const deleteStream = db.prepare<[string]>('DELETE FROM streams WHERE hall_day = ?');
		const drop = db.transaction((id: string): void => {
			deleteEvents.run(id);
			deleteSnapshot.run(id);
			deleteStream.run(id);
		});
		this.dropTx = (id) => drop.immediate(id);
	}

	async load(key: HallDayKey): Promise<LoadedLog> {
		return this.loadTx(hallDayId(key));
	}

	/** `_restore` holds nothing here: one process writes an SQLite store, so no other one has lost events to put back. */
	async append(key: HallDayKey, expectedVersion: number, events: HallEvent[], last?: LastEvent, _restore?: RestoreHold): Promise<AppendResult> {
		checkVersion('expectedVersion', expectedVersion);
		return this.appendTx(hallDayId(key), expectedVersion, events, last);
	}

	async readAfter(key: HallDayKey, afterSeq: number, limit: number): Promise<StoredEvent[]> {
		checkVersion('afterSeq', afterSeq);
		checkVersion('limit', limit);
		if (limit === 0) return [];
		return this.stmt.afterLimit.all(hallDayId(key), afterSeq, limit).map(toStored);
	}

	async saveSnapshot(key: HallDayKey, snapshot: Snapshot): Promise<void> {
		checkVersion('snapshot.version', snapshot.version);
		this.snapshotTx(hallDayId(key), snapshot);
	}

	async days(): Promise<HallDayKey[]> {
		return this.stmt.days.all().map((r) => parseHallDayId(r.hall_day));
	}

	async ping(): Promise<void> {
		// The write lock, taken and given back: a read-only or locked database fails here.
		this.db.exec('BEGIN IMMEDIATE; ROLLBACK');
	}

	/** SQLite keeps nothing for later: the rows go now, whatever `keepMs` says (the archive holds the day). */
	async drop(key: HallDayKey, _keepMs: number): Promise<void> {
		this.dropTx(hallDayId(key));
		// The WAL still holds the old pages until a checkpoint: write them back and empty it.
		this.db.pragma('wal_checkpoint(TRUNCATE)');
	}

	async close(): Promise<void> {
		if (this.db.open) this.db.close();
	}
}
