/**
 * The life of every hall-day after its hours (docs/deployment.md "Lifecycle"): on a timer, each
 * process closes the days whose close is due (today's at its scheduled time, any earlier one still
 * open at once), archives the closed ones (Archiver) and drops them from the live store once the
 * retries across midnight are over. A day that cannot be archived stays live, is reported (log,
 * `status()`, /api/health) and tried again on the next round. Every process may run it: each step
 * is idempotent, so two processes doing the same day end with the same archive.
 */
import { DomainError } from '../core/errors';
import { instantOf } from '../core/hall-calendar';
import { hallDayId, type HallDayKey } from '../core/hall-day';
import type { ArchiveStore, Clock, EventStore, PurgeReport } from '../core/ports';
import { purgePlanOn, type RetentionPolicy } from '../core/retention';
import type { Archiver } from './archiver';
import { RETRY_ACROSS_MIDNIGHT_MS, type HallRunner, type RunnerLog } from './hall-runner';

/** How long Redis keeps a dropped hall-day (its keys' expiry), so it can still be restored from there. */
export const DEFAULT_KEEP_LIVE_DAYS = 7;
export const DEFAULT_LIFECYCLE_INTERVAL_MS = 30_000;

/** Days re-projected per round after an upgrade of the projection: a year of a hall in a few hours of rounds, never a long round. */
const REPROJECT_PER_ROUND = 5;

export interface DayLifecycleOptions {
	runners: ReadonlyMap<string, HallRunner>;
	live: EventStore;
	archiver: Archiver;
	clock: Clock;
	log: RunnerLog & { info(obj: object, msg: string): void };
	/** Redis expiry of a dropped day; SQLite deletes at once. */
	keepLiveMs: number;
	intervalMs?: number;
	/** The retention purge, run in the first round of each day; none: this process purges nothing. */
	purge?: { archive: ArchiveStore; policy: RetentionPolicy };
}

export interface LifecycleFailure {
	hall: string;
	day: string;
	/** `ARCHIVE.UNAVAILABLE` (the archive database), `STORE.UNAVAILABLE` (the live store), `ARCHIVE.MISMATCH`, … */
	code: string;
	message: string;
	since: number;
	attempts: number;
}

export interface LifecycleStatus {
	/** When the last round ended (null before the first). */
	lastRoundAt: number | null;
	/** Hall-days this process archived and dropped since it started. */
	archived: number;
	dropped: number;
	/** Hall-days that could not be archived or dropped (and a purge that failed: hall `*`), and why; empty when all is well. */
	failing: LifecycleFailure[];
	/** The last retention purge of this process: the day it ran for and what it removed. */
	lastPurge: { day: string; report: PurgeReport } | null;
}

export class DayLifecycle {
	private timer: ReturnType<typeof setTimeout> | null = null;
	private round: Promise<void> | null = null;
	private stopped = false;
	private readonly failures = new Map<string, LifecycleFailure>();
	/** Days this process dropped: Redis lists them until their keys expire; nothing more to do. */
	private readonly done = new Set<string>();
	private readonly unknownHalls = new Set<string>();
	private counts = { archived: 0, dropped: 0, lastRoundAt: null as number | null };
	private lastPurge: LifecycleStatus['lastPurge'] = null;

	constructor(private readonly o: DayLifecycleOptions) {}

	/** Runs a round now and then every interval, until `stop()`. */
	start(): void {
		if (this.timer || this.stopped) return;
		const next = () => {
			if (this.stopped) return;
			this.timer = setTimeout(() => {
				void this.tick().finally(next);
			}, this.o.intervalMs ?? DEFAULT_LIFECYCLE_INTERVAL_MS);
			this.timer.unref();
		};
		void this.tick().finally(next);
	}

	/** Stops the timer and waits for a round in progress. */
	async stop(): Promise<void> {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
		await this.round;
	}

	status(): LifecycleStatus {
		return {
			lastRoundAt: this.counts.lastRoundAt,
			archived: this.counts.archived,
			dropped: this.counts.dropped,
			failing: [...this.failures.values()],
			lastPurge: this.lastPurge
		};
	}

	/** One round; rounds never overlap (a second call waits for the first and runs after it). */
	async tick(): Promise<void> {
		while (this.round) await this.round;
		this.round = this.runRound().finally(() => {
			this.round = null;
		});
		await this.round;
	}

	private async runRound(): Promise<void> {
		const now = this.o.clock.now();
		for (const runner of this.o.runners.values()) {
			const today = runner.keyAt(now).day;
			await this.step({ hall: runner.hall, day: today }, 'STORE.UNAVAILABLE', () => runner.closeIfDue(today));
		}
		let keys: HallDayKey[];
		try {
			keys = await this.o.live.days();
		} catch (err) {
			this.o.log.warn({ err: describe(err) }, 'the live store could not list its hall-days');
			return;
		}
		keys.sort((a, b) => (a.day === b.day ? a.hall.localeCompare(b.hall) : a.day.localeCompare(b.day)));
		for (const key of keys) {
			if (this.stopped) return;
			const id = hallDayId(key);
			if (this.done.has(id)) continue;
			const runner = this.o.runners.get(key.hall);
			if (!runner) {
				if (!this.unknownHalls.has(key.hall)) this.o.log.warn({ hall: key.hall }, 'the live store holds days of a hall that is not configured here: left alone');
				this.unknownHalls.add(key.hall);
				continue;
			}
			await this.step(key, 'ARCHIVE.FAILED', () => this.advance(runner, key, now));
		}
		await this.purgeOnce(now);
		await this.step({ hall: '*', day: 'projection' }, 'ARCHIVE.FAILED', async () => {
			const n = this.stopped ? 0 : await this.o.archiver.reprojectStale(REPROJECT_PER_ROUND);
			if (n > 0) this.o.log.info({ days: n }, 'archived days projected again with the current projection');
		});
		this.counts.lastRoundAt = this.o.clock.now();
	}

	/** The retention purge, once a day (by the first hall's calendar), after the day's archiving. */
	private async purgeOnce(now: number): Promise<void> {
		const purge = this.o.purge;
		const first = this.o.runners.values().next().value;
		if (!purge || !first || this.stopped) return;
		const today = first.keyAt(now).day;
		if (this.lastPurge?.day === today) return;
		await this.step({ hall: '*', day: today }, 'PURGE.FAILED', async () => {
			const plan = purgePlanOn(purge.policy, today, false);
			const report = await purge.archive.purge(plan, now);
			const audit = await purge.archive.audit.purge(plan.identityBefore, false);
			this.lastPurge = { day: today, report };
			if (report.days > 0) this.o.log.info({ ...report }, 'personal data past its retention purged');
			if (audit.entries + audit.securityEvents > 0) this.o.log.info({ ...audit }, 'personal data of audit entries past its retention purged');
		});
	}

	/** Closes (if due), archives (if closed) and drops (if archived and old enough) one hall-day. */
	private async advance(runner: HallRunner, key: HallDayKey, now: number): Promise<void> {
		const today = runner.keyAt(now).day;
		if (key.day > today) return;
		const closed = key.day < today ? await runner.closeIfDue(key.day) : (await runner.current()).state.closed !== null;
		if (!closed) return;
		const outcome = await this.o.archiver.archive(key);
		if (outcome.kind !== 'archived') return;
		if (outcome.fresh) {
			this.counts.archived += 1;
			this.o.log.info({ hall: key.hall, day: key.day, events: outcome.day.events }, 'hall-day archived');
		}
		const dropAt = instantOf(key.day, 24 * 60, runner.index.config.timeZone) + RETRY_ACROSS_MIDNIGHT_MS;
		if (now < dropAt) return;
		const wasDropped = outcome.day.status === 'dropped';
		await this.o.archiver.drop(key, this.o.keepLiveMs);
		this.done.add(hallDayId(key));
		if (!wasDropped) {
			this.counts.dropped += 1;
			this.o.log.info({ hall: key.hall, day: key.day }, 'hall-day dropped from the live store');
		}
	}

	/** Runs a step of one hall-day; a failure is kept (and logged when it is new), a success clears it. */
	private async step(key: HallDayKey, fallbackCode: string, run: () => Promise<unknown>): Promise<void> {
		const id = hallDayId(key);
		try {
			await run();
			if (this.failures.delete(id)) this.o.log.info({ hall: key.hall, day: key.day }, 'hall-day lifecycle recovered');
		} catch (err) {
			const code = codeOf(err) ?? fallbackCode;
			const message = describe(err);
			const seen = this.failures.get(id);
			if (!seen || seen.message !== message) this.o.log.error({ hall: key.hall, day: key.day, code, err: message }, 'hall-day lifecycle step failed (a day not archived stays live); tried again next round');
			this.failures.set(id, { hall: key.hall, day: key.day, code, message, since: seen?.since ?? this.o.clock.now(), attempts: (seen?.attempts ?? 0) + 1 });
		}
	}
}

function codeOf(err: unknown): string | null {
	if (err instanceof DomainError) return err.code;
	const code = (err as { code?: unknown } | null)?.code;
	return typeof code === 'string' && /^[A-Z]+\.[A-Z_]+$/.test(code) ? code : null;
}

function describe(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}
