import type { Command } from '../core/commands';
import { decide } from '../core/decide';
import { DomainError } from '../core/errors';
import type { HallEvent, StoredEvent } from '../core/events';
import { evolve, fold, initialState } from '../core/evolve';
import { hallDayId, hallDayOf, type HallDayKey } from '../core/hall-day';
import type { HallIndex } from '../core/hall-index';
import type { HallDayState, RequestRecord } from '../core/model';
import type { Clock, EventStore } from '../core/ports';

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

export interface RunnerOptions {
	index: HallIndex;
	store: EventStore;
	clock: Clock;
	log: RunnerLog;
	/**
	 * Called after events are durable, in log order. `remote`: another process appended them (this one
	 * learned of them by following the log or from a conflict); that process has broadcast them.
	 */
	onEvents: (key: HallDayKey, events: StoredEvent[], state: HallDayState, remote: boolean) => void;
	/** Called when the process found its state behind or ahead of the store and reloaded. */
	onReload?: (key: HallDayKey, reason: string) => void;
	maxAttempts?: number;
	maxBatch?: number;
	snapshotEvery?: number;
	/** Poll the log for other processes' events this often (ms); 0 = one process owns the hall. */
	followEveryMs?: number;
	sleep?: (ms: number) => Promise<void>;
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
}

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
	private followTimer: ReturnType<typeof setInterval> | null = null;
	private following = false;
	private readonly maxAttempts: number;
	private readonly maxBatch: number;
	private readonly snapshotEvery: number;
	private readonly sleep: (ms: number) => Promise<void>;

	constructor(private readonly o: RunnerOptions) {
		this.maxAttempts = o.maxAttempts ?? 8;
		this.maxBatch = o.maxBatch ?? 128;
		this.snapshotEvery = o.snapshotEvery ?? 2000;
		this.sleep = o.sleep ?? defaultSleep;
		if (o.followEveryMs) {
			this.followTimer = setInterval(() => void this.follow(), o.followEveryMs);
			this.followTimer.unref();
		}
	}

	/**
	 * Catches up with events other processes appended, between this process's own batches, so its
	 * kiosks, consoles and boards see them without waiting for a conflict.
	 */
	async follow(): Promise<void> {
		const loaded = this.loaded;
		if (!loaded || this.running || this.following || this.closing) return;
		this.following = true;
		try {
			const events = await this.o.store.readAfter(loaded.key, loaded.state.version, 1000);
			// A batch that started meanwhile decides on the state as it is; it learns the rest by conflict.
			if (events.length === 0 || this.running || this.loaded !== loaded) return;
			for (const e of events) {
				if (e.seq !== loaded.state.version + 1) return this.invalidate(loaded, `gap while following at ${e.seq}`);
				evolve(loaded.state, e);
			}
			this.notify(loaded.key, events, loaded.state, true);
		} catch {
			// The store is unreachable: the next command reports it, the next tick tries again.
		} finally {
			this.following = false;
		}
	}

	get hall(): string {
		return this.o.index.config.id;
	}

	get index(): HallIndex {
		return this.o.index;
	}

	keyAt(now: number): HallDayKey {
		return hallDayOf(this.hall, this.o.index.config.timeZone, now);
	}

	execute(cmd: Command): Promise<CommandOutcome> {
		if (this.closing) return Promise.reject(new DomainError('SERVER.SHUTTING_DOWN', 'the server is shutting down'));
		return new Promise((resolve, reject) => {
			this.queue.push({ cmd, resolve, reject });
			if (!this.running) void this.drain();
		});
	}

	/** The current hall-day's state, loaded if needed. Read-only for callers. */
	async current(): Promise<{ key: HallDayKey; state: HallDayState }> {
		// A batch's events are in the state before its append: never show one that may not last.
		while (this.appending) await this.appending.catch(() => undefined);
		const l = await this.ensureLoaded(this.keyAt(this.o.clock.now()));
		return { key: l.key, state: l.state };
	}

	/** Events after `afterSeq` of the current hall-day, straight from the store. */
	async eventsAfter(afterSeq: number, limit: number): Promise<{ key: HallDayKey; events: StoredEvent[] }> {
		const key = this.keyAt(this.o.clock.now());
		return { key, events: await this.o.store.readAfter(key, afterSeq, limit) };
	}

	/** Stops taking commands and resolves when those already queued are answered. */
	async close(): Promise<void> {
		this.closing = true;
		if (this.followTimer) clearInterval(this.followTimer);
		if (!this.running && this.queue.length === 0) return;
		await new Promise<void>((r) => this.idle.push(r));
	}

	private async ensureLoaded(key: HallDayKey): Promise<Loaded> {
		const id = hallDayId(key);
		if (this.loaded?.id === id) return this.loaded;
		if (this.loading) {
			const l = await this.loading;
			if (l.id === id) return l;
		}
		this.loading = this.load(key);
		try {
			this.loaded = await this.loading;
			return this.loaded;
		} finally {
			this.loading = null;
		}
	}

	private async load(key: HallDayKey): Promise<Loaded> {
		const log = await this.o.store.load(key);
		const state = log.snapshot ? log.snapshot.state : initialState(key.hall, key.day);
		fold(state, log.events);
		if (state.version !== log.version) throw new Error(`hall-day ${hallDayId(key)} loaded to ${state.version}, store says ${log.version}`);
		return { key, id: hallDayId(key), state, snapshotVersion: log.snapshot?.version ?? 0 };
	}

	private async drain(): Promise<void> {
		this.running = true;
		try {
			while (this.queue.length > 0) {
				const batch = this.queue.splice(0, this.maxBatch);
				await this.runBatch(batch).catch((err: unknown) => {
					// A bug while applying events: the state may be half-changed, so drop it.
					if (this.loaded) this.invalidate(this.loaded, 'batch failed');
					rejectAll(batch, internal(err, this.o.log, this.hall));
				});
			}
		} finally {
			this.running = false;
			if (this.queue.length === 0) for (const r of this.idle.splice(0)) r();
			else void this.drain();
		}
	}

	private async runBatch(batch: Pending[]): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			let loaded: Loaded;
			// One instant per attempt: a batch never straddles midnight into two hall-days.
			const now = this.o.clock.now();
			try {
				loaded = await this.ensureLoaded(this.keyAt(now));
			} catch (err) {
				this.o.log.error({ hall: this.hall, err: describe(err) }, 'hall-day load failed');
				return rejectAll(batch, storeError(err));
			}
			const { state } = loaded;
			const baseVersion = state.version;
			const answers: Answer[] = [];
			const events: HallEvent[] = [];
			// Deciding several commands needs each to see the ones before it, so their events are
			// applied here before the append; if the append does not go through, the state is reloaded.
			for (const p of batch) {
				const duplicate = state.requests[p.cmd.req] !== undefined;
				let produced: HallEvent[];
				try {
					produced = decide(this.o.index, state, p.cmd, now);
				} catch (err) {
					answers.push({ error: err instanceof DomainError ? err : internal(err, this.o.log, this.hall) });
					continue;
				}
				for (const e of produced) evolve(state, e);
				events.push(...produced);
				answers.push({ duplicate });
			}
			if (events.length === 0) return this.answer(batch, answers, loaded);

			let result;
			const append = this.o.store.append(loaded.key, baseVersion, events);
			this.appending = append;
			try {
				result = await append;
			} catch (err) {
				this.invalidate(loaded, 'append failed');
				this.o.log.error({ hall: this.hall, err: describe(err) }, 'append failed');
				return rejectAll(batch, storeError(err));
			} finally {
				this.appending = null;
			}
			if (result.ok) {
				if (result.version !== state.version) {
					this.invalidate(loaded, `store version ${result.version} after append, process expected ${state.version}`);
					this.o.onReload?.(loaded.key, 'version mismatch after append');
				}
				this.notify(loaded.key, result.events, state, false);
				this.answer(batch, answers, loaded);
				this.maybeSnapshot(loaded);
				return;
			}
			if (result.version < baseVersion) {
				// The store lost events this process acknowledged (failover to a late replica, a restored
				// file). Reloading would hand out those numbers again: raise the alarm loudly.
				this.o.log.error({ hall: this.hall, day: loaded.key.day, store: result.version, process: baseVersion }, 'store is behind this process');
				this.o.onReload?.(loaded.key, `store behind: ${result.version} < ${baseVersion}`);
			}
			// Conflict: another process appended first. Start again from the store's truth.
			this.invalidate(loaded, 'conflict');
			if (result.missed.length > 0) {
				try {
					const fresh = await this.ensureLoaded(loaded.key);
					this.notify(fresh.key, result.missed, fresh.state, true);
				} catch {
					/* the next attempt reports the load failure */
				}
			}
			if (attempt >= this.maxAttempts) {
				this.o.log.warn({ hall: this.hall, attempts: attempt }, 'conflict retries exhausted');
				return rejectAll(batch, new DomainError('STORE.CONFLICT', 'the hall is too busy, please try again'));
			}
			await this.sleep(Math.random() * Math.min(50, 2 ** attempt));
		}
	}

	private answer(batch: Pending[], answers: Answer[], loaded: Loaded): void {
		batch.forEach((p, i) => {
			const a = answers[i];
			if (!a || 'error' in a) return p.reject(a?.error ?? internal('no answer', this.o.log, this.hall));
			const record = loaded.state.requests[p.cmd.req];
			if (!record) return p.reject(internal('no request record after decide', this.o.log, this.hall));
			p.resolve({ record, duplicate: a.duplicate, version: loaded.state.version, state: loaded.state });
		});
	}

	/** Tells listeners about durable events; a failing listener never undoes a stored command. */
	private notify(key: HallDayKey, events: StoredEvent[], state: HallDayState, remote: boolean): void {
		try {
			this.o.onEvents(key, events, state, remote);
		} catch (err) {
			this.o.log.error({ hall: this.hall, err: describe(err) }, 'event listener failed');
		}
	}

	private invalidate(loaded: Loaded, reason: string): void {
		if (this.loaded === loaded) this.loaded = null;
		this.o.log.warn({ hall: this.hall, day: loaded.key.day, reason }, 'hall-day state dropped, reloading');
	}

	private maybeSnapshot(loaded: Loaded): void {
		if (loaded.state.version - loaded.snapshotVersion < this.snapshotEvery) return;
		loaded.snapshotVersion = loaded.state.version;
		const snapshot = { version: loaded.state.version, state: structuredClone(loaded.state) };
		this.o.store.saveSnapshot(loaded.key, snapshot).catch((err: unknown) => {
			this.o.log.warn({ hall: this.hall, err: describe(err) }, 'snapshot failed');
		});
	}
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

type Answer = { duplicate: boolean } | { error: DomainError };
