import type { HallEvent, StoredEvent } from './events';
import type { HallDayKey } from './hall-day';
import type { HallDayState } from './model';

export interface Snapshot {
	/** The version (number of events) the state stands for. */
	version: number;
	state: HallDayState;
}

export interface LoadedLog {
	snapshot: Snapshot | null;
	/** Events after the snapshot (or all of them), in order. */
	events: StoredEvent[];
	version: number;
}

export type AppendResult =
	| { ok: true; version: number; events: StoredEvent[] }
	/** Someone else appended first: `missed` holds the events after `expectedVersion`. */
	| { ok: false; version: number; missed: StoredEvent[] };

/** Follow a hall-day log from just after `afterSeq`. */
export interface FollowPosition {
	key: HallDayKey;
	afterSeq: number;
}

export interface FollowedEvents {
	key: HallDayKey;
	/** In order, starting at `afterSeq + 1`. */
	events: StoredEvent[];
}

/**
 * The event store: one log per hall-day with optimistic concurrency. Every adapter
 * (SQLite, Redis) passes the contract suite in tests/contract.
 */
export interface EventStore {
	load(key: HallDayKey): Promise<LoadedLog>;
	append(key: HallDayKey, expectedVersion: number, events: HallEvent[]): Promise<AppendResult>;
	/** Events with seq > afterSeq, at most `limit`, in order. */
	readAfter(key: HallDayKey, afterSeq: number, limit: number): Promise<StoredEvent[]>;
	/**
	 * Saves a snapshot of a hall-day. `snapshot.state` is the live state, which the caller changes
	 * again as soon as this returns: the store serializes it before returning its promise (a copy
	 * first would double the cost, and a 10,000-ticket day took half a second to copy).
	 */
	saveSnapshot(key: HallDayKey, snapshot: Snapshot): Promise<void>;
	/**
	 * For a log several processes write (Redis): waits at most `timeoutMs` until any of the given
	 * logs has events after its position and returns them (nothing on timeout). A store that only one
	 * process writes (SQLite) leaves it out: that process appends every event itself.
	 */
	waitForEvents?(positions: FollowPosition[], timeoutMs: number): Promise<FollowedEvents[]>;
	close(): Promise<void>;
}

export interface Clock {
	now(): number;
}
