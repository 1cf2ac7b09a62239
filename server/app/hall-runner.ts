import { canonicalJson } from './canonical-json';
import type { CloseDay, Command } from '../core/commands';
import { decide } from '../core/decide';
import { DomainError } from '../core/errors';
import type { HallEvent, StoredEvent } from '../core/events';
import { evolve, fold, initialState } from '../core/evolve';
import { addDays, closeDue, instantOf } from '../core/hall-calendar';
import { hallDayId, hallDayOf, type HallDayKey } from '../core/hall-day';
import type { HallIndex } from '../core/hall-index';
import { STATE_FORMAT, type HallDayState, type RequestRecord } from '../core/model';
import type { ArchiveStore, Clock, EventStore, FollowPosition, LastEvent } from '../core/ports';
import { Savepoint } from '../core/savepoint';

export interface CommandOutcome {
	record: RequestRecord;
	/** True when the request id had been handled before: this is the first answer again. */
	duplicate: boolean;
	/** Log version right after the command (or at the time of the retry). */
	version: number;
	state: HallDayState;
}

export interface RunnerLog {
	warn(obj: object, msg: string): void;
	error(obj: object, msg: string): void;
}

/** What a runner reports as it works (the process's metrics); every method is cheap and never throws. */
export interface RunnerObserver {
	/** A command answered: `ok`, `refused` (a domain rule said no) or `failed` (the store, a bug, shutting down). */
	command(kind: string, seconds: number, outcome: 'ok' | 'refused' | 'failed'): void;
	/** Commands decided together (one store call when any produced events). */
	batch(commands: number): void;
	append(result: 'ok' | 'conflict' | 'held' | 'error'): void;
	/** The hall-day state was dropped to be loaded again. */
	reload(reason: string): void;
	storeError(op: 'load' | 'append'): void;
	/** The store had fewer events than this process acknowledged; `restored`: this process gave them back. */
	storeBehind(restored: boolean): void;
	/** The store's log is not the one this process published: another history at the same seqs (a failover to an older copy, then appends). */
	storeDiverged(): void;
}

const FAILED_CODES = new Set(['STORE.UNAVAILABLE', 'STORE.CONFLICT', 'SERVER.SHUTTING_DOWN', 'INTERNAL']);

export interface RunnerOptions {
	index: HallIndex;
	store: EventStore;
	/** Where earlier days are read once they are dropped from the live store; none: only the live store. */
	archive?: ArchiveStore;
	clock: Clock;
	log: RunnerLog;
	/**
	 * Called once for every durable event of the hall-day, in log order, whichever process appended
	 * it (this one, or another that this one learned of by following the log or from a conflict).
	 * `state` is at least as recent as the events.
	 */
	onEvents: (key: HallDayKey, events: StoredEvent[], state: HallDayState) => void;
	/** Called when the process found its state behind or ahead of the store and reloaded. */
	onReload?: (key: HallDayKey, reason: string) => void;
	observer?: RunnerObserver;
	maxAttempts?: number;
	maxBatch?: number;
	snapshotEvery?: number;
	/**
	 * How long the store holds other appends after this process gives it back lost events, so every
	 * process can put back its part of the lost tail first (RestoreHold). Longer than the processes
	 * take to reconnect after a failover; default RESTORE_HOLD_MS.
	 */
	restoreHoldMs?: number;
	/**
	 * The hall's configuration versions (`index` is the one in force at start): a hall-day's commands
	 * are decided under the version its log put in force (`ConfigApplied`), and a day whose log has
	 * none yet starts under the latest. None: `index` for ever (tests of the core alone).
	 */
	configs?: HallConfigs;
	/** Called when the configuration in force changed (another version, by this process's log). */
	onConfig?: (index: HallIndex, version: number) => void;
	sleep?: (ms: number) => Promise<void>;
}

/** Where a runner finds its hall's configuration versions, as they run (validated, indexed). */
export interface HallConfigs {
	/** The version `index` of RunnerOptions is; null when it is none of the store's. */
	readonly initial: number | null;
	at(version: number): Promise<HallIndex>;
	/** The newest version, or null when there is none. */
	latest(): Promise<{ version: number; index: HallIndex } | null>;
}

interface Pending {
	cmd: Command;
	resolve: (o: CommandOutcome) => void;
	reject: (e: DomainError) => void;
}

interface Loaded {
	key: HallDayKey;
	id: string;
	state: HallDayState;
	snapshotVersion: number;
	/** Local midnight at the start of the hall-day (epoch ms). */
	startsAt: number;
}

/**
 * How long after local midnight a retry of a request the day before answered still gets that
 * answer. Clients give up within a minute (4 tries, docs/protocol.md); the day before is not kept
 * or read after this, so a process started during the day does not load yesterday.
 */
export const RETRY_ACROSS_MIDNIGHT_MS = 30 * 60_000;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs the commands of one hall: one batch in flight at a time (commands queue here instead of
 * conflicting with each other), decided in order, appended together, answered only once durable.
 * A conflict (another process appended first) catches up and decides again, a bounded number of times.
 */
export class HallRunner {
	private queue: Pending[] = [];
	private running = false;
	private loaded: Loaded | null = null;
	private loading: Promise<Loaded> | null = null;
	private closing = false;
	private idle: (() => void)[] = [];
	/** Settles when the batch being appended is durable or dropped; readers wait for it. */
	private appending: Promise<unknown> | null = null;
	/**
	 * The hall-day whose events are published: `seq` is the last one handed to `onEvents` (each is
	 * published once, in order); `followedTo` the highest one the follower has read.
	 */
	private published: { id: string; key: HallDayKey; seq: number; followedTo: number } | null = null;
	/** Events another process appended, learned by following the log; applied between batches. */
	private followed: { id: string; events: StoredEvent[] }[] = [];
	/** The last published events (at most KEEP_RECENT), to give back to a store that lost them. */
	private recent: StoredEvent[] = [];
	private readonly maxAttempts: number;
	private readonly maxBatch: number;
	private readonly snapshotEvery: number;
	private readonly restoreHoldMs: number;
	/** The configuration commands are decided under now, and its version (see RunnerOptions.configs). */
	private indexNow: HallIndex;
	private indexVersion: number | null;
	/** The hall-days whose start under the latest version was asked for (once per day per process). */
	private configStarted: string | null = null;
	/** The store was unreachable and answers again: check the log against what this process published (`storeReconnected`). */
	private verifyDue = false;
	private readonly sleep: (ms: number) => Promise<void>;

	constructor(private readonly o: RunnerOptions) {
		this.maxAttempts = o.maxAttempts ?? 16;
		this.maxBatch = o.maxBatch ?? 128;
		this.snapshotEvery = o.snapshotEvery ?? 2000;
		this.restoreHoldMs = o.restoreHoldMs ?? RESTORE_HOLD_MS;
		this.indexNow = o.index;
		this.indexVersion = o.configs?.initial ?? null;
		this.sleep = o.sleep ?? defaultSleep;
	}

	/**
	 * Where a follower of the shared log should wait for this hall's next events (null: nothing
	 * loaded yet, or closing). After the newest event this process knows of, so its own appends and
	 * what it already learned do not wake the follower again and again.
	 */
	followPosition(): FollowPosition | null {
		const p = this.published;
		if (!p || this.closing) return null;
		if (hallDayId(this.keyAt(this.o.clock.now())) !== p.id) {
			// Midnight: take the new hall-day, then follow it.
			this.current().catch(() => undefined);
			return null;
		}
		return { key: p.key, afterSeq: Math.max(p.seq, p.followedTo) };
	}

	/**
	 * Events of the log after `followPosition()`, read by the process's follower: applied to the
	 * state between batches (never during one, whose events are in the state before their append)
	 * and published, so this process's kiosks, consoles and boards see the other processes' work.
	 */
	ingestFollowed(key: HallDayKey, events: StoredEvent[]): void {
		const id = hallDayId(key);
		const last = events[events.length - 1];
		const p = this.published;
		if (!last || !p || p.id !== id || this.closing) return;
		p.followedTo = Math.max(p.followedTo, last.seq);
		this.followed.push({ id, events });
		if (!this.running) void this.drain();
	}

	/**
	 * The process's connection to the store was lost and is back. The store may be another one now (a
	 * failover, a restart from an older copy): the log is checked against what this process published
	 * at once, between batches, so lost events go back while the store holds appends, even when no
	 * command comes (an idle process may hold the longest part of the lost tail).
	 */
	storeReconnected(): void {
		if (this.closing || this.recent.length === 0) return;
		this.verifyDue = true;
		if (!this.running) void this.drain();
	}

	get hall(): string {
		return this.indexNow.config.id;
	}

	get index(): HallIndex {
		return this.indexNow;
	}

	/** The configuration version `index` is (null: none of the store's). */
	get configVersion(): number | null {
		return this.indexVersion;
	}

	/** The hall-day of the last minute asked for (see keyAt). */
	private dayOfMinute: { minute: number; key: HallDayKey } | null = null;
	/** The last earlier day read (`stateOf`). */
	private pastDay: Loaded | null = null;
	/** The hall-day before the current one, for retries across midnight (`dayBefore`). */
	private previous: Loaded | null = null;

	keyAt(now: number): HallDayKey {
		// The local date changes only on a whole minute (time-zone offsets are whole minutes), so one
		// Intl lookup a minute serves every command of that minute (in a profile of bench:commands the
		// lookup per command cost about as much CPU as choosing the next ticket).
		const minute = Math.floor(now / 60_000);
		if (this.dayOfMinute?.minute !== minute) this.dayOfMinute = { minute, key: hallDayOf(this.hall, this.indexNow.config.timeZone, now) };
		return this.dayOfMinute.key;
	}

	execute(cmd: Command): Promise<CommandOutcome> {
		if (this.closing) return Promise.reject(new DomainError('SERVER.SHUTTING_DOWN', 'the server is shutting down'));
		const observer = this.o.observer;
		const queued = new Promise<CommandOutcome>((resolve, reject) => {
			this.queue.push({ cmd, resolve, reject });
			if (!this.running) void this.drain();
		});
		if (!observer) return queued;
		const started = performance.now();
		const done = (outcome: 'ok' | 'refused' | 'failed') => observer.command(cmd.kind, (performance.now() - started) / 1000, outcome);
		queued.then(
			() => done('ok'),
			(err: unknown) => done(err instanceof DomainError && !FAILED_CODES.has(err.code) ? 'refused' : 'failed')
		);
		return queued;
	}

	/** The current hall-day's state, loaded if needed. Read-only for callers. */
	async current(): Promise<{ key: HallDayKey; state: HallDayState }> {
		// A batch's events are in the state before its append: never show one that may not last.
		while (this.appending) await this.appending.catch(() => undefined);
		try {
			const l = await this.ensureLoaded(this.keyAt(this.o.clock.now()));
			return { key: l.key, state: l.state };
		} catch (err) {
			this.o.log.warn({ hall: this.hall, err: describe(err) }, 'hall-day not readable');
			throw storeError(err);
		}
	}

	/** Events after `afterSeq` of the current hall-day, straight from the store. */
	async eventsAfter(afterSeq: number, limit: number): Promise<{ key: HallDayKey; events: StoredEvent[] }> {
		const key = this.keyAt(this.o.clock.now());
		return { key, events: await this.dayEventsAfter(key.day, afterSeq, limit) };
	}

	/**
	 * A day's state: today's as it stands, an earlier day's (still in the live store) folded from its
	 * log once and kept, since a past day no longer changes. Read-only for callers.
	 */
	async stateOf(day: string): Promise<{ key: HallDayKey; state: HallDayState }> {
		const today = this.keyAt(this.o.clock.now());
		if (day === today.day) return this.current();
		const key = { hall: this.hall, day };
		if (this.pastDay?.key.day !== day) {
			try {
				this.pastDay = (await this.inArchive(key)) ? await this.loadArchived(key) : await this.load(key);
			} catch (err) {
				throw storeError(err);
			}
		}
		return { key, state: this.pastDay.state };
	}

	/** Events after `afterSeq` of a day's log, straight from the store that holds it (live, or the archive). */
	async dayEventsAfter(day: string, afterSeq: number, limit: number): Promise<StoredEvent[]> {
		const key = { hall: this.hall, day };
		try {
			if (day !== this.keyAt(this.o.clock.now()).day && (await this.inArchive(key))) return await (this.o.archive as ArchiveStore).readEvents(key, afterSeq, limit);
			return await this.o.store.readAfter(key, afterSeq, limit);
		} catch (err) {
			throw storeError(err);
		}
	}

	/** This hall's days in the live store. */
	async liveDays(): Promise<HallDayKey[]> {
		try {
			return (await this.o.store.days()).filter((k) => k.hall === this.hall);
		} catch (err) {
			throw storeError(err);
		}
	}

	/** Whether an earlier day now lives only in the archive (dropped from the live store). */
	private async inArchive(key: HallDayKey): Promise<boolean> {
		if (!this.o.archive) return false;
		return (await this.o.archive.day(key))?.status === 'dropped';
	}

	private async loadArchived(key: HallDayKey): Promise<Loaded> {
		const archive = this.o.archive as ArchiveStore;
		const state = initialState(key.hall, key.day);
		for (;;) {
			const page = await archive.readEvents(key, state.version, 5000);
			fold(state, page);
			if (page.length < 5000) break;
		}
		return { key, id: hallDayId(key), state, snapshotVersion: state.version, startsAt: instantOf(key.day, 0, this.indexNow.config.timeZone) };
	}

	/**
	 * Closes the hall-day of `day` when its close is due (closeDue): today's through the queue like any
	 * command, an earlier day's straight on its log, dated when it was due (a process that was down
	 * then closes it later as of that time). Every process may try: the request id is the same, so
	 * the day closes once. True when the day is closed now.
	 */
	async closeIfDue(day: string): Promise<boolean> {
		const now = this.o.clock.now();
		const due = closeDue(this.indexNow.config, day);
		if (now < due.at) return false;
		const cmd: CloseDay = { kind: 'closeDay', req: `@close:${day}`, reason: due.reason, by: null, note: null };
		if (day === this.keyAt(now).day) {
			try {
				await this.execute(cmd);
			} catch (err) {
				if (!(err instanceof DomainError && err.code === 'DAY.CLOSED')) throw err;
			}
			return true;
		}
		if (day > this.keyAt(now).day) return false;
		await this.closePastDay({ hall: this.hall, day }, cmd, due.at);
		return true;
	}

	private async closePastDay(key: HallDayKey, cmd: CloseDay, dueAt: number): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			let loaded: Loaded;
			let last: StoredEvent | undefined;
			try {
				loaded = await this.load(key);
				if (loaded.state.closed) return;
				[last] = loaded.state.version > 0 ? await this.o.store.readAfter(key, loaded.state.version - 1, 1) : [];
			} catch (err) {
				throw storeError(err);
			}
			const events = decide(await this.indexOf(loaded.state), loaded.state, cmd, Math.max(dueAt, last?.at ?? dueAt));
			let result;
			try {
				result = await this.o.store.append(key, loaded.state.version, events);
			} catch (err) {
				throw storeError(err);
			}
			if (!result.ok && result.heldMs !== undefined) {
				attempt--;
				await this.sleep(result.heldMs);
				continue;
			}
			if (result.ok) {
				if (this.pastDay?.key.day === key.day) this.pastDay = null;
				if (this.previous?.key.day === key.day) this.previous = null;
				return;
			}
			if (attempt >= this.maxAttempts) throw new DomainError('STORE.CONFLICT', `hall-day ${hallDayId(key)} could not be closed`);
		}
	}

	/** Stops taking commands and resolves when those already queued are answered. */
	async close(): Promise<void> {
		this.closing = true;
		if (!this.running && this.queue.length === 0) return;
		await new Promise<void>((r) => this.idle.push(r));
	}

	/**
	 * The hall-day before `key`, loaded once, for the request ids it answered; null when it cannot be
	 * read now (a retry then counts as new, as it would have without this).
	 */
	private async dayBefore(key: HallDayKey): Promise<Loaded | null> {
		const day = addDays(key.day, -1);
		if (this.previous?.key.day === day) return this.previous;
		if (this.loaded && this.loaded.key.day === day) return this.loaded;
		try {
			this.previous = await this.load({ hall: key.hall, day });
			return this.previous;
		} catch (err) {
			this.o.log.warn({ hall: this.hall, day, err: describe(err) }, 'the hall-day before could not be read for retries');
			return null;
		}
	}

	private async ensureLoaded(key: HallDayKey): Promise<Loaded> {
		const id = hallDayId(key);
		if (this.loaded?.id === id) return this.loaded;
		if (this.loading) {
			const l = await this.loading;
			if (l.id === id) return l;
		}
		this.loading = this.loadVerified(key);
		try {
			const loaded = await this.loading;
			if (this.loaded && this.loaded.id !== loaded.id) this.previous = this.loaded;
			this.loaded = loaded;
			if (loaded.state.configVersion !== null && loaded.state.configVersion !== this.indexVersion) {
				this.indexOf(loaded.state).catch((err: unknown) => this.o.log.warn({ hall: this.hall, err: describe(err) }, 'configuration version not read yet'));
			}
			const version = loaded.state.version;
			// What was in the log before this process took the hall-day is history: boards sync it.
			if (this.published?.id !== id) {
				this.published = { id, key, seq: version, followedTo: version };
				this.recent = [];
			}
			// A store that lost its tail (restored from an older copy): publish from where it is now.
			else if (this.published.seq > version) {
				Object.assign(this.published, { seq: version, followedTo: version });
				this.recent = this.recent.filter((e) => e.seq <= version);
			}
			return loaded;
		} finally {
			this.loading = null;
		}
	}

	/**
	 * Loads the hall-day and, when this process published events of it before, checks the store's log
	 * against them before anything is decided on it: a store behind what this process acknowledged
	 * gets the lost events back (or the alarm), and a store whose event at the last seq both know is
	 * not this process's has another history (the alarm; the store's history is then the truth).
	 */
	private async loadVerified(key: HallDayKey): Promise<Loaded> {
		const loaded = await this.load(key);
		const p = this.published;
		const top = this.recent[this.recent.length - 1]?.seq ?? 0;
		if (p?.id !== loaded.id || top === 0) return loaded;
		const version = loaded.state.version;
		if (version >= p.seq) {
			if (!(await this.sameAsStore(key, Math.min(version, top)))) this.diverged(null, key, Math.min(version, top));
			return loaded;
		}
		// Reloading as it is would hand out the lost numbers again.
		this.o.log.error({ hall: this.hall, day: key.day, store: version, process: p.seq }, 'store is behind this process');
		const restored = await this.restoreLost(key, version, p.seq);
		this.o.observer?.storeBehind(restored);
		if (!restored) return loaded;
		const again = await this.load(key);
		// Another process may have put the events back: the same ones, or the store holds another history.
		if (!(await this.sameAsStore(key, p.seq))) this.diverged(null, key, p.seq);
		return again;
	}

	private async load(key: HallDayKey): Promise<Loaded> {
		const log = await this.o.store.load(key);
		// A snapshot of an older state shape would lack fields: fold the whole log instead.
		const snapshot = log.snapshot?.state.format === STATE_FORMAT ? log.snapshot : null;
		const state = snapshot ? snapshot.state : initialState(key.hall, key.day);
		fold(state, snapshot || !log.snapshot ? log.events : await this.readWholeLog(key));
		if (state.version !== log.version) throw new Error(`hall-day ${hallDayId(key)} loaded to ${state.version}, store says ${log.version}`);
		return { key, id: hallDayId(key), state, snapshotVersion: snapshot?.version ?? 0, startsAt: instantOf(key.day, 0, this.indexNow.config.timeZone) };
	}

	private async readWholeLog(key: HallDayKey): Promise<StoredEvent[]> {
		const all: StoredEvent[] = [];
		for (;;) {
			const page = await this.o.store.readAfter(key, all.length, 5000);
			all.push(...page);
			if (page.length < 5000) return all;
		}
	}

	private async drain(): Promise<void> {
		this.running = true;
		try {
			while (this.queue.length > 0 || this.followed.length > 0 || this.verifyDue) {
				if (this.verifyDue) {
					this.verifyDue = false;
					// One event read per hall: a store that still holds this process's last event there needs no reload.
					const p = this.published;
					const intact = p !== null && this.loaded?.id === p.id && (await this.sameAsStore(p.key, p.seq).catch(() => false));
					if (intact) continue;
					if (this.loaded) this.invalidate(this.loaded, 'store reconnected');
					await this.ensureLoaded(this.keyAt(this.o.clock.now())).catch((err: unknown) => {
						this.o.log.warn({ hall: this.hall, err: describe(err) }, 'the log could not be checked after the store came back');
					});
					continue;
				}
				if (this.followed.length > 0) {
					await this.applyFollowed().catch((err: unknown) => {
						if (this.loaded) this.invalidate(this.loaded, 'following failed');
						this.o.log.warn({ hall: this.hall, err: describe(err) }, 'following the log failed');
					});
					continue;
				}
				const batch = this.queue.splice(0, this.maxBatch);
				await this.runBatch(batch).catch((err: unknown) => {
					// A bug while applying events: the state may be half-changed, so drop it.
					if (this.loaded) this.invalidate(this.loaded, 'batch failed');
					rejectAll(batch, internal(err, this.o.log, this.hall));
				});
			}
		} finally {
			this.running = false;
			if (this.queue.length === 0 && this.followed.length === 0 && !this.verifyDue) for (const r of this.idle.splice(0)) r();
			else void this.drain();
		}
	}

	/** Commands waiting for their turn. */
	get queueDepth(): number {
		return this.queue.length;
	}

	private async runBatch(batch: Pending[]): Promise<void> {
		this.o.observer?.batch(batch.length);
		let heldFor = 0;
		for (let attempt = 1; ; attempt++) {
			let loaded: Loaded;
			// One instant per attempt: a batch never straddles midnight into two hall-days.
			const now = this.o.clock.now();
			try {
				loaded = await this.ensureLoaded(this.keyAt(now));
			} catch (err) {
				this.o.log.error({ hall: this.hall, err: describe(err) }, 'hall-day load failed');
				this.o.observer?.storeError('load');
				return rejectAll(batch, storeError(err));
			}
			const { state } = loaded;
			// A batch that puts a version in force itself (an admin's save on a day not yet started) needs none before it.
			const start = batch.some((p) => p.cmd.kind === 'applyConfig') ? null : await this.startUnderLatest(loaded);
			if (start) batch.unshift(start);
			const baseVersion = state.version;
			const answers: Answer[] = [];
			const events: HallEvent[] = [];
			// Deciding several commands needs each to see the ones before it, so their events are
			// applied here before the append; a refused append takes them back (savepoint), one whose
			// outcome is unknown drops the state.
			const savepoint = new Savepoint(state);
			// A retry of a request the day before answered (a kiosk's last ticket at 23:59:59, resent
			// after midnight) gets that answer, not a new ticket today.
			const justAfterMidnight = now - loaded.startsAt < RETRY_ACROSS_MIDNIGHT_MS;
			if (!justAfterMidnight) this.previous = null;
			const dayBefore = justAfterMidnight && batch.some((p) => state.requests[p.cmd.req] === undefined) ? await this.dayBefore(loaded.key) : null;
			for (const p of batch) {
				const earlier = state.requests[p.cmd.req] === undefined ? dayBefore?.state.requests[p.cmd.req] : undefined;
				if (dayBefore && earlier?.kind === p.cmd.kind) {
					answers.push({ earlier: dayBefore });
					continue;
				}
				const duplicate = state.requests[p.cmd.req] !== undefined;
				// A version put in force earlier in this batch decides the commands after it.
				const index = await this.indexOf(state);
				let produced: HallEvent[];
				try {
					produced = decide(index, state, p.cmd, now);
				} catch (err) {
					answers.push({ error: err instanceof DomainError ? err : internal(err, this.o.log, this.hall) });
					continue;
				}
				for (const e of produced) {
					savepoint.before(e);
					evolve(state, e);
				}
				events.push(...produced);
				answers.push({ duplicate });
			}
			if (events.length === 0) return this.answer(batch, answers, loaded);

			let result;
			// Only after this process's last event: on another history the store answers `diverged`.
			const append = this.o.store.append(loaded.key, baseVersion, events, this.lastEventAt(baseVersion));
			this.appending = append;
			try {
				result = await append;
			} catch (err) {
				this.invalidate(loaded, 'append failed');
				this.o.log.error({ hall: this.hall, err: describe(err) }, 'append failed');
				this.o.observer?.append('error');
				this.o.observer?.storeError('append');
				return rejectAll(batch, storeError(err));
			} finally {
				this.appending = null;
			}
			this.o.observer?.append(result.ok ? 'ok' : result.heldMs !== undefined ? 'held' : 'conflict');
			if (result.ok) {
				this.answer(batch, answers, loaded);
				if (result.version !== state.version) {
					this.invalidate(loaded, 'version mismatch after append', { store: result.version, process: state.version });
					this.o.onReload?.(loaded.key, 'version mismatch after append');
					return;
				}
				await this.publish(loaded, result.events);
				this.maybeSnapshot(loaded);
				return;
			}
			savepoint.rollback();
			if (result.heldMs !== undefined) {
				// Processes are giving the store back events it lost: wait, without counting a conflict.
				heldFor += result.heldMs;
				if (heldFor > HELD_LIMIT_MS) return rejectAll(batch, new DomainError('STORE.UNAVAILABLE', 'the queue store is being restored, please wait'));
				attempt--;
				await this.sleep(result.heldMs);
				continue;
			}
			if (result.diverged) {
				this.diverged(loaded, loaded.key, baseVersion);
				if (attempt >= this.maxAttempts) return rejectAll(batch, new DomainError('STORE.CONFLICT', 'the hall is too busy, please try again'));
				continue;
			}
			if (result.version < baseVersion) {
				// The store lost events this process acknowledged (failover to a late replica, a restored
				// file). Reloading would hand out those numbers again: give the events back from memory,
				// or, when this process no longer has them all, raise the alarm loudly.
				this.o.log.error({ hall: this.hall, day: loaded.key.day, store: result.version, process: baseVersion }, 'store is behind this process');
				let restored: boolean;
				try {
					restored = attempt < this.maxAttempts && (await this.restoreLost(loaded.key, result.version, baseVersion));
				} catch (err) {
					// The store went away again: the events stay here for the next attempt.
					this.invalidate(loaded, 'append failed');
					return rejectAll(batch, storeError(err));
				}
				this.o.observer?.storeBehind(restored);
				if (restored) continue;
				this.o.onReload?.(loaded.key, `store behind: ${result.version} < ${baseVersion}`);
			}
			// Conflict: another process appended first. With the batch taken back, apply what was missed
			// and decide again on the store's truth; reload only when the missed events do not follow on.
			const missed = result.missed;
			if (result.version > baseVersion && missed.length === result.version - baseVersion && missed.every((e, i) => e.seq === baseVersion + 1 + i)) {
				for (const e of missed) evolve(state, e);
				await this.publish(loaded, missed);
			} else {
				this.invalidate(loaded, 'conflict');
				try {
					await this.publish(await this.ensureLoaded(loaded.key), missed);
				} catch {
					/* the next attempt reports the load failure */
				}
			}
			if (attempt >= this.maxAttempts) {
				this.o.log.warn({ hall: this.hall, attempts: attempt }, 'conflict retries exhausted');
				return rejectAll(batch, new DomainError('STORE.CONFLICT', 'the hall is too busy, please try again'));
			}
			await this.sleep(Math.random() * Math.min(10, 2 ** attempt));
		}
	}

	private answer(batch: Pending[], answers: Answer[], loaded: Loaded): void {
		batch.forEach((p, i) => {
			const a = answers[i];
			if (!a || 'error' in a) return p.reject(a?.error ?? internal('no answer', this.o.log, this.hall));
			if ('earlier' in a) {
				const first = a.earlier.state.requests[p.cmd.req];
				if (!first) return p.reject(internal('no request record on the day before', this.o.log, this.hall));
				return p.resolve({ record: first, duplicate: true, version: a.earlier.state.version, state: a.earlier.state });
			}
			const record = loaded.state.requests[p.cmd.req];
			if (!record) return p.reject(internal('no request record after decide', this.o.log, this.hall));
			p.resolve({ record, duplicate: a.duplicate, version: loaded.state.version, state: loaded.state });
		});
	}

	/**
	 * Gives the store back, as they were, the events after `storeVersion` that it lost and this
	 * process published; true when the store holds them all again (put back by this process or
	 * others). Each attempt holds other appends (RestoreHold); when another process put part of them
	 * back, this one goes on from there, and when this one lacks the first of them it waits, while
	 * the hold lasts, for one that has them. A store error is thrown: the events stay for later.
	 */
	private async restoreLost(key: HallDayKey, storeVersion: number, version: number): Promise<boolean> {
		const hold = { holdMs: this.restoreHoldMs };
		let at = storeVersion;
		let waits = 0;
		for (;;) {
			const lost = this.recent.filter((e) => e.seq > at && e.seq <= version);
			const covered = lost.length === version - at && lost.every((e, i) => e.seq === at + 1 + i);
			// Only after this process's event at `at`: on another history they would not follow on.
			const result = await this.o.store.append(key, at, covered ? lost.map(withoutSeq) : [], this.lastEventAt(at), hold);
			if (result.ok && covered) {
				this.o.log.error({ hall: this.hall, day: key.day, events: lost.length }, 'gave the store back the events it had lost');
				this.o.onReload?.(key, `store behind: ${lost.length} events restored`);
				return true;
			}
			if (!result.ok && result.diverged) {
				this.diverged(null, key, at);
				return false;
			}
			if (result.version >= version) return true;
			if (result.version === at) {
				if (++waits > this.restoreHoldMs / RESTORE_POLL_MS) return false;
				await this.sleep(RESTORE_POLL_MS);
			}
			at = result.version;
		}
	}

	/** Applies what the follower read (between batches, so the state is all durable) and publishes it. */
	private async applyFollowed(): Promise<void> {
		const items = this.followed.splice(0);
		const key = this.keyAt(this.o.clock.now());
		const mine = items.filter((i) => i.id === hallDayId(key));
		if (mine.length === 0) return;
		// The state may have been dropped (a store error): reload it, so boards keep up without a command.
		const loaded = await this.ensureLoaded(key);
		const known: StoredEvent[] = [];
		for (const item of mine) {
			for (const e of item.events) {
				const own = e.seq <= loaded.state.version ? this.ownEvent(e.seq) : undefined;
				if (own && canonicalJson(own) !== canonicalJson(e)) return this.diverged(loaded, key, e.seq);
				if (e.seq === loaded.state.version + 1) evolve(loaded.state, e);
				else if (e.seq > loaded.state.version) return this.invalidate(loaded, 'gap while following', { seq: e.seq });
				known.push(e);
			}
		}
		await this.publish(loaded, known);
	}

	/**
	 * Hands every durable event up to the state's version to the listeners exactly once, in order.
	 * `known` are events at hand; a gap before them (events learned through a reload) is read from
	 * the store. Called only when the state holds nothing that is not durable.
	 */
	private async publish(loaded: Loaded, known: StoredEvent[]): Promise<void> {
		const p = this.published;
		const top = loaded.state.version;
		if (!p || p.id !== loaded.id || p.seq >= top) return;
		let events: StoredEvent[] = [];
		for (const e of known) if (e.seq === p.seq + 1 + events.length && e.seq <= top) events.push(e);
		if (events.length < top - p.seq) {
			try {
				events = (await this.o.store.readAfter(loaded.key, p.seq, top - p.seq)).filter((e) => e.seq <= top);
			} catch (err) {
				// Published later: the next append or followed event reads the gap again.
				this.o.log.warn({ hall: this.hall, err: describe(err) }, 'events not published yet');
				return;
			}
		}
		const ordered = events.every((e, i) => e.seq === p.seq + 1 + i);
		if (!ordered || events.length === 0 || this.published !== p) return;
		p.seq = events[events.length - 1]?.seq ?? p.seq;
		this.recent.push(...events);
		if (this.recent.length > 2 * KEEP_RECENT) this.recent = this.recent.slice(-KEEP_RECENT);
		this.notify(loaded.key, events, loaded.state);
	}

	/** Tells listeners about durable events; a failing listener never undoes a stored command. */
	private notify(key: HallDayKey, events: StoredEvent[], state: HallDayState): void {
		try {
			this.o.onEvents(key, events, state);
		} catch (err) {
			this.o.log.error({ hall: this.hall, err: describe(err) }, 'event listener failed');
		}
		// Readers (kiosk pages, the monitor) see a version another process put in force without a command here.
		if (events.some((e) => e.type === 'ConfigApplied')) {
			this.indexOf(state).catch((err: unknown) => this.o.log.warn({ hall: this.hall, err: describe(err) }, 'configuration version not read yet'));
		}
	}

	/**
	 * The configuration the state's log put in force, read (once per version) when it is not the one
	 * in use; the one in use when the log names none. A store error is STORE.UNAVAILABLE.
	 */
	private async indexOf(state: HallDayState): Promise<HallIndex> {
		const version = state.configVersion;
		const configs = this.o.configs;
		if (version === null || version === this.indexVersion || !configs) return this.indexNow;
		let index: HallIndex;
		try {
			index = await configs.at(version);
		} catch (err) {
			this.o.log.error({ hall: this.hall, version, err: describe(err) }, 'configuration version not readable');
			throw storeError(err);
		}
		// Versions only grow: a slower read of an older one does not win.
		if (this.indexVersion === null || version > this.indexVersion) {
			this.indexNow = index;
			this.indexVersion = version;
			this.o.onConfig?.(index, version);
		}
		return index;
	}

	/**
	 * A hall-day whose log names no configuration yet (a new day) starts under the latest version: the
	 * first command of the day is preceded by its ConfigApplied. Its request id is the version's, so
	 * processes starting the day at once record it once.
	 */
	private async startUnderLatest(loaded: Loaded): Promise<Pending | null> {
		const configs = this.o.configs;
		if (!configs || loaded.state.configVersion !== null || loaded.state.closed || this.configStarted === loaded.id) return null;
		this.configStarted = loaded.id;
		const latest = await configs.latest().catch((err: unknown) => {
			this.o.log.warn({ hall: this.hall, err: describe(err) }, 'the latest configuration version could not be read: the day goes on under the one in use');
			return null;
		});
		if (!latest) return null;
		const cmd: Command = {
			kind: 'applyConfig',
			req: `config-${loaded.key.day}-v${latest.version}`,
			version: latest.version,
			by: null,
			services: [...latest.index.services.keys()],
			counters: [...latest.index.counters.keys()]
		};
		return { cmd, resolve: () => undefined, reject: (err) => this.o.log.warn({ hall: this.hall, version: latest.version, err: err.message }, 'the day could not start under the latest configuration version') };
	}

	/** The event this process published at `seq`, while it is kept (the last KEEP_RECENT or so). */
	private ownEvent(seq: number): StoredEvent | undefined {
		for (let i = this.recent.length - 1; i >= 0; i--) {
			const e = this.recent[i];
			if (e && e.seq === seq) return e;
			if (e && e.seq < seq) return undefined;
		}
		return undefined;
	}

	/** What the store must hold at `seq` for this process to append after it (undefined: nothing kept to check). */
	private lastEventAt(seq: number): LastEvent | undefined {
		const e = this.ownEvent(seq);
		return e && { req: e.req, at: e.at };
	}

	/**
	 * Whether the store's event at `seq` is the one this process published there (compared by its
	 * canonical JSON). Each process appends only after the event it last knew, so equal events at one
	 * seq mean the same log up to it. True when this process has no event there to compare.
	 */
	private async sameAsStore(key: HallDayKey, seq: number): Promise<boolean> {
		const mine = seq > 0 ? this.ownEvent(seq) : undefined;
		if (!mine) return true;
		const [theirs] = await this.o.store.readAfter(key, seq - 1, 1);
		return theirs !== undefined && theirs.seq === seq && canonicalJson(theirs) === canonicalJson(mine);
	}

	/** The store holds another history than this process published from `seq` on: the alarm, and the store's history from now. */
	private diverged(loaded: Loaded | null, key: HallDayKey, seq: number): void {
		const lost = this.recent.filter((e) => e.seq >= seq);
		this.o.log.error(
			{ hall: this.hall, day: key.day, seq, tickets: lost.flatMap((e) => (e.type === 'TicketIssued' ? [e.ticket] : [])) },
			"the store's log is not the one this process published: its tickets from this seq on are not in the store"
		);
		this.o.observer?.storeDiverged();
		this.recent = [];
		if (loaded) this.invalidate(loaded, 'store diverged', { seq });
		this.o.onReload?.(key, `store diverged at ${seq}`);
	}

	/** Drops the state; `reason` is one of a few fixed phrases (a metric label), `detail` goes to the log. */
	private invalidate(loaded: Loaded, reason: string, detail: object = {}): void {
		if (this.loaded === loaded) this.loaded = null;
		this.o.log.warn({ hall: this.hall, day: loaded.key.day, reason, ...detail }, 'hall-day state dropped, reloading');
		this.o.observer?.reload(reason);
	}

	/**
	 * Snapshots the hall-day after `snapshotEvery` events, then each time the log has doubled: the
	 * store serializes the whole state on the event loop (about 0.1 s for 10,000 tickets), so a busy
	 * day takes five or six snapshots, and a restart still folds at most about half the log.
	 */
	private maybeSnapshot(loaded: Loaded): void {
		if (loaded.state.version - loaded.snapshotVersion < Math.max(this.snapshotEvery, loaded.snapshotVersion)) return;
		loaded.snapshotVersion = loaded.state.version;
		// The live state: the store serializes it before it returns (EventStore.saveSnapshot).
		const snapshot = { version: loaded.state.version, state: loaded.state };
		this.o.store.saveSnapshot(loaded.key, snapshot).catch((err: unknown) => {
			this.o.log.warn({ hall: this.hall, err: describe(err) }, 'snapshot failed');
		});
	}
}

/** Events kept to restore a store that lost its tail (a late replica, or Redis run with `appendfsync everysec`). */
const KEEP_RECENT = 2000;
/** See RunnerOptions.restoreHoldMs: Redis clients reconnect within about 1.1 s (createRedisClient). */
const RESTORE_HOLD_MS = 3000;
/** How often a process that lacks the first lost events looks whether another one put them back. */
const RESTORE_POLL_MS = 100;
/** A batch waits at most this long for appends held by restoring processes, then is refused as unavailable. */
const HELD_LIMIT_MS = 15_000;

function withoutSeq(e: StoredEvent): HallEvent {
	const { seq: _seq, ...event } = e;
	return event as HallEvent;
}

function rejectAll(batch: Pending[], err: DomainError): void {
	for (const p of batch) p.reject(err);
}

function describe(err: unknown): string {
	return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

function storeError(err: unknown): DomainError {
	if (err instanceof DomainError) return err;
	return new DomainError('STORE.UNAVAILABLE', 'the queue store is not reachable, please wait');
}

/** Anything but a DomainError is a bug: logged in full here, answered without detail. */
function internal(err: unknown, log: RunnerLog, hall: string): DomainError {
	log.error({ hall, err: describe(err) }, 'internal error');
	return new DomainError('INTERNAL', 'internal error');
}

/** A command's answer in a batch: decided now, refused, or answered on the day before (a retry across midnight). */
type Answer = { duplicate: boolean } | { error: DomainError } | { earlier: Loaded };
