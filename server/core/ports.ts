import type { AlertChange } from './alert-book';
import type { HallEvent, StoredEvent } from './events';
import type { HallDayKey } from './hall-day';
import type { HallDayState } from './model';
import type { CounterSession, DailyRollup, DailyTotal, DayFacts, Measures, TicketFact } from './facts';
import type { AssessmentConfirmation, ComplaintRecord } from './assessment';
import type { AuditFilter, LogAuditEntry } from './audit';
import type { ConfigVersion, ConfigVersionInfo } from './config-version';
import type { SecurityAction, SecurityEvent, SecurityLog } from './security';

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
	/**
	 * Someone else appended first: `missed` holds the events after `expectedVersion`. `diverged`: the
	 * log's event at `expectedVersion` is not the caller's (`LastEvent`): the log holds another history
	 * (nothing appended, `missed` empty). `heldMs`: appends are held for that long while processes
	 * give the store back events it lost (`RestoreHold`); nothing appended, `missed` empty.
	 */
	| { ok: false; version: number; missed: StoredEvent[]; diverged?: true; heldMs?: number };

/**
 * An append that gives a store back events it lost (restored from an older copy). It holds every
 * other append to the hall-day for `holdMs` (renewed by each such append, whatever its outcome), so
 * each process that published more of the lost tail can put its part back before anyone appends
 * new events over those seqs. A store that one process writes (SQLite) has no one to wait for.
 */
export interface RestoreHold {
	holdMs: number;
}

/** The event a caller holds at its expected version, by its request and time: the store appends only after that very event. */
export interface LastEvent {
	req: string;
	at: number;
}

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
	/**
	 * With `last`, appends only when the log's event at `expectedVersion` is that one, and answers
	 * `diverged` when it is not. With `restore`, the append gives back lost events (see RestoreHold).
	 */
	append(key: HallDayKey, expectedVersion: number, events: HallEvent[], last?: LastEvent, restore?: RestoreHold): Promise<AppendResult>;
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
	/** Every hall-day the store holds, in no particular order (a day dropped with a delay counts until it goes). */
	days(): Promise<HallDayKey[]>;
	/**
	 * Removes a hall-day (archived and verified) from the live store: at once, or where the store can
	 * keep it a while (Redis: an expiry on its keys) after `keepMs`, so it can still be restored from there.
	 */
	drop(key: HallDayKey, keepMs: number): Promise<void>;
	/** Answers when the store takes writes now (readiness): SQLite its write lock, Redis a write that expires. Changes no log. */
	ping(): Promise<void>;
	close(): Promise<void>;
}

export interface Clock {
	now(): number;
}

/** Where a closed hall-day is in its life after the live store: see docs/deployment.md "Lifecycle". */
export const ARCHIVE_STATUSES = ['copying', 'verified', 'projected', 'dropped'] as const;
export type ArchiveStatus = (typeof ARCHIVE_STATUSES)[number];

export interface ArchivedDay {
	hall: string;
	day: string;
	status: ArchiveStatus;
	/** Events of the hall-day and the digest over them (set when verified). */
	events: number;
	digest: string | null;
	/** The DayClosed event's time. */
	closedAt: number | null;
	verifiedAt: number | null;
	projectedAt: number | null;
	droppedAt: number | null;
	/** When the retention purge last removed personal fields from this day; null if never. */
	purgedAt: number | null;
	/** PROJECTION_VERSION its facts were projected with; null before they are. */
	projection: number | null;
}

/** What the retention purge removes: personal fields of days before `identityBefore`, link secrets before `secretsBefore`. */
export interface PurgePlan {
	identityBefore: string;
	secretsBefore: string;
	dryRun: boolean;
}

export interface PurgeReport {
	/** Hall-days with something to remove (or removed). */
	days: number;
	events: number;
	tickets: number;
}

/**
 * The archive (the relational store): closed hall-days' logs, append-only and keyed by hall, day
 * and sequence, and the facts projected from them. Every adapter passes tests/contract/archive-store.contract.ts.
 */
export interface ServedByService {
	hall: string;
	service: string;
	served: number;
}

/** Counter sessions of one hall-day summed by kind and pause reason (overviews need no session rows). */
export interface SessionTotal {
	hall: string;
	day: string;
	kind: 'open' | 'paused';
	reason: string | null;
	/** Sum of the sessions' lengths (to − from), ms. */
	ms: number;
	busyMs: number;
}

/** The monthly assessment's confirmations and the supervisors' complaint records (in the relational store). */
export interface AssessmentStore {
	confirmation(hall: string, month: string): Promise<AssessmentConfirmation | null>;
	/** Stores the confirmation; false (and nothing changes) when the month is confirmed already. */
	confirm(c: AssessmentConfirmation): Promise<boolean>;
	/** Every complaint record of the month, oldest first: the trail of who changed what. */
	complaints(hall: string, month: string): Promise<ComplaintRecord[]>;
	/** Appends a record as the subject's next version; false when `version` is taken (someone recorded first). */
	recordComplaints(r: ComplaintRecord): Promise<boolean>;
}

/** The halls' configuration versions (in the relational store). */
export interface ConfigVersionStore {
	latest(hall: string): Promise<ConfigVersion | null>;
	get(hall: string, version: number): Promise<ConfigVersion | null>;
	/** The versions' records without their configurations, newest first; `before`: only older than that version. */
	list(hall: string, options: { before?: number; limit: number }): Promise<ConfigVersionInfo[]>;
	/** The newest version imported from a hall file (source `file`), or null. */
	latestFromFile(hall: string): Promise<ConfigVersionInfo | null>;
	/** Stores `v` when `v.version` is the next one; false (and nothing changes) when someone saved it first. */
	add(v: ConfigVersion): Promise<boolean>;
}

/**
 * A device token the server issued, as it is kept: never the token, its keyed hash under one master
 * key (`kid`). A token gets one record per key it was hashed under: the first at issue, another when
 * the device uses it after a rotation (so it keeps working once the old key is gone).
 */
export interface DeviceTokenRecord {
	/** The hash (hex): unique. */
	hash: string;
	kid: string;
	/** Names the token across its hashes (random, not secret). */
	tokenId: string;
	hall: string;
	device: string;
	issuedAt: number;
	issuedBy: string;
	/** Set once for every hash of the device's tokens by a revocation; never cleared. */
	revokedAt: number | null;
	revokedBy: string | null;
}

/** The device tokens the server issued (in the relational store). */
export interface DeviceTokenStore {
	/** Adds a hash; a hash already there is kept as it is. */
	add(r: DeviceTokenRecord): Promise<void>;
	/** The record of the first of `hashes` that is known (revoked or not), or null. */
	find(hashes: string[]): Promise<DeviceTokenRecord | null>;
	/** Every record of the hall's devices, oldest first. */
	list(hall: string): Promise<DeviceTokenRecord[]>;
	/** Revokes every token of the device not yet revoked; how many tokens (not hashes) that was. */
	revoke(hall: string, device: string, at: number, by: string): Promise<number>;
}

export interface ArchiveStore {
	/** The device tokens the server issued, in the same relational store. */
	readonly deviceTokens: DeviceTokenStore;
	/** The monthly assessment's records, in the same relational store. */
	readonly assessments: AssessmentStore;
	/** The audit trail's tables, in the same relational store. */
	readonly audit: AuditStore;
	/** The halls' configuration versions, in the same relational store. */
	readonly configs: ConfigVersionStore;
	day(key: HallDayKey): Promise<ArchivedDay | null>;
	/** Archived hall-days of a hall from `fromDay` to `toDay`, both included, in day order. */
	days(hall: string, fromDay: string, toDay: string): Promise<ArchivedDay[]>;
	/**
	 * Copies events (seq ascending, contiguous from lastSeq + 1 or overlapping already stored ones):
	 * an event already stored under its seq is left as it is, so a copy run again or resumed after
	 * a kill ends identical. Creates the day as `copying` when it is new.
	 */
	copyEvents(key: HallDayKey, events: StoredEvent[]): Promise<void>;
	/** The highest stored seq of a hall-day (0 when none). */
	lastSeq(key: HallDayKey): Promise<number>;
	readEvents(key: HallDayKey, afterSeq: number, limit: number): Promise<StoredEvent[]>;
	markVerified(key: HallDayKey, verified: { events: number; digest: string; closedAt: number | null; at: number }): Promise<void>;
	/** Replaces every fact of the hall-day with these, in one transaction, and marks it `projected`. */
	saveFacts(key: HallDayKey, facts: DayFacts, at: number): Promise<void>;
	markDropped(key: HallDayKey, at: number): Promise<void>;
	/** Facts of a hall from `fromDay` to `toDay`, both included, ordered by day then ticket issue time / counter / key. */
	ticketFacts(hall: string, fromDay: string, toDay: string): Promise<TicketFact[]>;
	counterSessions(hall: string, fromDay: string, toDay: string): Promise<CounterSession[]>;
	/** `counts`: without the distributions (left as zeros), a fraction of the reading. */
	rollups(hall: string, fromDay: string, toDay: string, measures?: Measures): Promise<DailyRollup[]>;
	/** One total per projected hall-day of these halls, ordered by day then hall. */
	totals(halls: readonly string[], fromDay: string, toDay: string, measures?: Measures): Promise<DailyTotal[]>;
	/** The halls' daily totals added up per day (hall ''), in counts: one row per day, for charts across many halls. */
	totalsPerDay(halls: readonly string[], fromDay: string, toDay: string): Promise<DailyTotal[]>;
	/** The months' rollups (the sums of their projected days), one row per month × service × counter × staff, `day` the month's first. */
	monthRollups(hall: string, months: readonly string[], measures?: Measures): Promise<DailyRollup[]>;
	/** The months' totals of these halls, one per hall-month with projected days, `day` the month's first. */
	monthTotals(halls: readonly string[], months: readonly string[], measures?: Measures): Promise<DailyTotal[]>;
	/** Served servings of these halls' projected days, per hall and service, ordered by hall then service. */
	servedByService(halls: readonly string[], fromDay: string, toDay: string): Promise<ServedByService[]>;
	/** Counter sessions of these halls' projected days summed per hall, day, kind and reason, ordered by hall, day, kind, reason. */
	sessionTotals(halls: readonly string[], fromDay: string, toDay: string): Promise<SessionTotal[]>;
	/** Projected days of these halls whose facts come from an older PROJECTION_VERSION, newest first (to project again from their events). */
	staleProjections(halls: readonly string[], limit: number): Promise<HallDayKey[]>;
	/** Removes personal fields (identity hash, masked id and name, rating comment, reasons typed by staff; ticket token) from events and facts. */
	purge(plan: PurgePlan, at: number): Promise<PurgeReport>;
	close(): Promise<void>;
}

/**
 * Where a hall's alert changes go besides the monitor (issue 19): a log now; SMS or a webhook (a
 * later issue) plug in here. Called once per change, by the process that recorded it in the log.
 */
export interface AlertNotifier {
	alertsChanged(hall: string, changes: readonly AlertChange[]): void;
}

/** Where a hall-day's log audit entries are, in (day, seq) order. */
export interface LogPosition {
	day: string;
	seq: number;
}
/** Where a security event is, in (at, id) order. */
export interface SecurityPosition {
	at: number;
	id: string;
}

/** The audit trail in the relational store: projected days' log entries and the security events. */
export interface AuditStore extends SecurityLog {
	/** Replaces the log entries of a hall-day (the archiver writes them just before the day's facts). */
	saveLogEntries(key: HallDayKey, entries: readonly LogAuditEntry[]): Promise<void>;
	/** Stored log entries matching the filter, after `after`, in (day, seq) order, leaving out the days in `exceptDays`. */
	logEntries(filter: AuditFilter, after: LogPosition | null, limit: number, exceptDays: readonly string[]): Promise<LogAuditEntry[]>;
	/** Security events matching the filter (an actor filter matches the actor or the subject), after `after`, in (at, id) order. */
	securityEvents(filter: AuditFilter, after: SecurityPosition | null, limit: number): Promise<SecurityEvent[]>;
	/** The hall's latest security event of this action, or null. */
	latestSecurityEvent(hall: string, action: SecurityAction): Promise<SecurityEvent | null>;
	/** Blanks the personal fields (free-text reasons, client addresses) of entries of days before `identityBefore`; returns how many. */
	purge(identityBefore: string, dryRun: boolean): Promise<{ entries: number; securityEvents: number }>;
}
