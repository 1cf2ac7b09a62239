import { randomBytes } from 'node:crypto';
import type { Command } from '../core/commands';
import { fail } from '../core/errors';
import type { StoredEvent } from '../core/events';
import type { HallDayKey } from '../core/hall-day';
import { indexHall, type HallIndex } from '../core/hall-index';
import { DomainError } from '../core/errors';
import { ConfigVersions, type SaveOutcome } from './config-versions';
import { StoredHallConfigs } from './hall-configs';
import type { HallConfig, HallDayState } from '../core/model';
import type { AlertNotifier, ArchiveStore, Clock, EventStore } from '../core/ports';
import { HallRunner, type CommandOutcome, type RunnerLog, type RunnerObserver } from './hall-runner';
import type { LockoutPolicy, SecurityStore } from '../core/security';
import type { CaseStore } from '../core/follow-up';
import { Accounts } from './accounts';
import type { Keyring } from './keyring';
import type { HallQMetrics } from './metrics';
import { FollowUps } from './follow-ups';
import { Reports } from './reports';
import { Assessments } from './assessments';
import { AlertWatch } from './alert-watch';
import { alertLog } from './alert-log';
import { AuditTrail } from './audit-trail';

export interface HallQOptions {
	halls: HallConfig[];
	store: EventStore;
	/** Closed hall-days once dropped from the live store (boot opens it; tests may leave it out). */
	archive?: ArchiveStore;
	clock: Clock;
	log: RunnerLog;
	/** Session epochs, changed passwords, lockouts, revoked device tokens (beyond the hall-day). */
	security: SecurityStore;
	/** Follow-up cases of bad ratings (beyond the hall-day). */
	cases: CaseStore;
	lockout?: LockoutPolicy;
	sessionHours?: number;
	/** The deployment's keys: sessions, identity tokens, the ID-number hash. */
	keys: Keyring;
	/**
	 * Follow the shared log (a store with `waitForEvents`: several processes on Redis), so every
	 * process learns, applies and publishes the others' events. Default: on when the store can.
	 */
	follow?: boolean;
	/** The longest a follower's blocking read waits before it looks at its halls again. Default 2000 ms. */
	followBlockMs?: number;
	/** Where alert changes go besides the monitor. Default: the log. */
	alertNotifier?: AlertNotifier;
	/** The process's metrics: each runner reports to it, and raised alerts are counted. */
	metrics?: HallQMetrics;
	/**
	 * The halls' configuration versions (in the archive's relational store): the version each of
	 * `halls` is, and how a stored version becomes the hall as it runs. None: `halls` for ever.
	 */
	configs?: { inForce: ReadonlyMap<string, number>; asRun: (config: HallConfig) => HallConfig };
}

/** A configuration version saved and, when it could be, put in force in today's hall-day at once. */
export interface ConfigSaved extends SaveOutcome {
	/** In force now; `CONFIG.IN_USE` when today's hall-day refused it (it starts the next day). */
	applied: true | { code: string; message: string };
}

function withMetrics(notifier: AlertNotifier, metrics: HallQMetrics | undefined): AlertNotifier {
	if (!metrics) return notifier;
	return {
		alertsChanged(hall, changes) {
			metrics.alertsChanged(changes);
			notifier.alertsChanged(hall, changes);
		}
	};
}

/** A runner's reports when the process keeps no metrics. */
const UNOBSERVED: RunnerObserver = { command() {}, batch() {}, append() {}, reload() {}, storeError() {}, storeBehind() {}, storeDiverged() {} };

/** How long a store found behind or diverged stays an open alert (it happened once; a supervisor should see it). */
export const STORE_ALARM_MS = 30 * 60_000;
/** The live store's problems, mildest first. */
const STORE_PROBLEMS = ['STORE.BEHIND_RESTORED', 'STORE.BEHIND', 'STORE.DIVERGED'] as const;
type StoreProblem = (typeof STORE_PROBLEMS)[number];

export type EventListener = (runner: HallRunner, key: HallDayKey, events: StoredEvent[], state: HallDayState) => void;

/** The application: every hall's runner, device and staff authentication. Transport-free. */
export class HallQ {
	readonly runners = new Map<string, HallRunner>();
	/** Sign-in, sessions, passwords and device tokens. */
	readonly accounts: Accounts;
	/** Follow-up cases of bad ratings. */
	readonly followUps: FollowUps;
	/** Reports over past days and today; null without an archive. */
	readonly reports: Reports | null;
	/** The monthly red-flag assessment; null without an archive. */
	readonly assessments: Assessments | null;
	/** The supervisor's alerts: evaluates each hall's rules and records what changed. */
	readonly alerts: AlertWatch;
	/** Who did what, when and why (S5); null without an archive. */
	readonly audit: AuditTrail | null;
	/** The halls' configuration versions; null without an archive. */
	readonly configVersions: ConfigVersions | null;
	private readonly hallConfigs = new Map<string, StoredHallConfigs>();
	private readonly listeners: EventListener[] = [];
	private readonly configListeners: ((hall: string, index: HallIndex) => void)[] = [];
	private closed = false;
	/** Per hall: the status-link secrets of the current day's tickets, by secret (see ticketByToken). */
	private readonly tokens = new Map<string, { day: string; indexed: number; tickets: Map<string, string> }>();
	private following: Promise<void> | null = null;
	/** Per hall: when the live store was last found behind or diverged, and the alert's problem. */
	private readonly storeProblems = new Map<string, { at: number; problem: StoreProblem }>();

	constructor(private readonly o: HallQOptions) {
		for (const hall of o.halls) {
			if (this.runners.has(hall.id)) throw new Error(`hall "${hall.id}" is configured twice`);
			const configs = o.archive && o.configs ? new StoredHallConfigs(hall.id, o.archive.configs, o.configs.inForce.get(hall.id) ?? null, o.configs.asRun) : undefined;
			if (configs) this.hallConfigs.set(hall.id, configs);
			const runner: HallRunner = new HallRunner({
				index: indexHall(hall),
				configs,
				onConfig: (index, version) => {
					o.log.warn({ hall: hall.id, version }, 'configuration version in force');
					try {
						this.accounts.reindexDevices();
					} catch (err) {
						o.log.error({ hall: hall.id, version, err: err instanceof Error ? err.message : String(err) }, 'device tokens of the new version not taken: the earlier ones stay');
					}
					for (const l of this.configListeners) l(hall.id, index);
				},
				store: o.store,
				archive: o.archive,
				clock: o.clock,
				log: o.log,
				observer: this.observerOf(hall.id),
				onEvents: (key, events, state) => {
					for (const l of this.listeners) l(runner, key, events, state);
				}
			});
			this.runners.set(hall.id, runner);
		}
		this.followUps = new FollowUps(o.cases, this.runners, () => o.clock.now(), o.log);
		this.listeners.push((runner, key, events) => this.followUps.ingest(runner, key, events));
		this.reports = o.archive ? new Reports({ runners: this.runners, archive: o.archive, cases: o.cases, now: () => o.clock.now() }) : null;
		this.assessments = this.reports && o.archive ? new Assessments({ reports: this.reports, store: o.archive.assessments, now: () => o.clock.now() }) : null;
		this.alerts = new AlertWatch({ runners: this.runners, followUps: this.followUps, now: () => o.clock.now(), processId: randomBytes(4).toString('hex'), notifier: withMetrics(o.alertNotifier ?? alertLog(o.log), o.metrics) });
		this.audit = o.archive ? new AuditTrail({ runners: this.runners, archive: o.archive, now: () => o.clock.now() }) : null;
		this.configVersions = o.archive ? new ConfigVersions(o.archive.configs, () => o.clock.now()) : null;
		this.accounts = new Accounts({
			halls: this.runners,
			security: o.security,
			clock: o.clock,
			sessionMs: (o.sessionHours ?? 12) * 3_600_000,
			keys: o.keys,
			lockout: o.lockout,
			securityLog: o.archive?.audit,
			log: o.log,
			deviceTokens: o.archive?.deviceTokens
		});
	}

	/** Reports to the metrics, and remembers a store found behind for the supervisors' alert. */
	private observerOf(hall: string): RunnerObserver {
		const metrics = this.o.metrics?.runnerObserver(hall) ?? UNOBSERVED;
		return {
			...metrics,
			storeBehind: (restored) => {
				metrics.storeBehind(restored);
				this.storeProblem(hall, restored ? 'STORE.BEHIND_RESTORED' : 'STORE.BEHIND');
			},
			storeDiverged: () => {
				metrics.storeDiverged();
				this.storeProblem(hall, 'STORE.DIVERGED');
			}
		};
	}

	/**
	 * The live store's fault of a hall for the alert rules: it had fewer events than this process
	 * acknowledged (a Redis failover or a restore that lost events), or another history than this
	 * process published, in the last STORE_ALARM_MS.
	 */
	storeFaults(hall: string, now: number): { device: string; kind: 'store'; problem: string }[] {
		const seen = this.storeProblems.get(hall);
		if (!seen || now - seen.at > STORE_ALARM_MS) return [];
		return [{ device: 'live-store', kind: 'store', problem: seen.problem }];
	}

	/** A worse problem replaces a milder one while it is open; the same or a worse one restarts the clock. */
	private storeProblem(hall: string, problem: StoreProblem): void {
		const now = this.o.clock.now();
		const open = this.storeProblems.get(hall);
		if (open && now - open.at <= STORE_ALARM_MS && STORE_PROBLEMS.indexOf(open.problem) > STORE_PROBLEMS.indexOf(problem)) return;
		this.storeProblems.set(hall, { at: now, problem });
	}

	get keys(): Keyring {
		return this.o.keys;
	}

	get clock(): Clock {
		return this.o.clock;
	}

	onEvents(listener: EventListener): void {
		this.listeners.push(listener);
	}

	runner(hall: string): HallRunner {
		return this.runners.get(hall) ?? fail('HALL.NOT_FOUND', `no hall ${hall}`);
	}

	execute(hall: string, cmd: Command): Promise<CommandOutcome> {
		return this.runner(hall).execute(cmd);
	}

	/** Calls `listener` each time this process puts another configuration version of a hall in force. */
	onConfigChange(listener: (hall: string, index: HallIndex) => void): void {
		this.configListeners.push(listener);
	}

	/**
	 * Saves an admin's change (or a rollback: `restore`) as the next configuration version and puts it
	 * in force in today's hall-day at once: new tickets use it from the next command, a counter's new
	 * services from its next call, on every process (they read it from the day's log). A version that
	 * removes a service with open tickets or an open counter stays saved and starts the next day.
	 */
	async saveConfig(hall: string, author: string, save: (versions: ConfigVersions) => Promise<SaveOutcome>): Promise<ConfigSaved> {
		const versions = this.configVersions ?? fail('CONFIG.NOT_FOUND', 'this server keeps no configuration versions (no relational store)');
		const runner = this.runner(hall);
		const outcome = await save(versions);
		if (!outcome.saved) return { ...outcome, applied: true };
		try {
			await this.applyConfig(runner, outcome.version.version, author);
			return { ...outcome, applied: true };
		} catch (err) {
			if (err instanceof DomainError && err.code === 'CONFIG.IN_USE') return { ...outcome, applied: { code: err.code, message: err.message } };
			// This version, or a newer one saved a moment later, is in force already.
			if (err instanceof DomainError && err.code === 'CONFIG.CONFLICT' && (runner.configVersion ?? 0) >= outcome.version.version) return { ...outcome, applied: true };
			throw err;
		}
	}

	private async applyConfig(runner: HallRunner, version: number, by: string): Promise<void> {
		const configs = this.hallConfigs.get(runner.hall) ?? fail('CONFIG.NOT_FOUND', `hall ${runner.hall} runs without configuration versions`);
		const index = await configs.at(version);
		await runner.execute({ kind: 'applyConfig', req: `config-${version}-${randomBytes(6).toString('base64url')}`, version, by, services: [...index.services.keys()], counters: [...index.counters.keys()] });
	}

	/** Loads every hall's current day, so the first command does not wait for it. */
	async warmUp(): Promise<void> {
		await Promise.all([...this.runners.values()].map((r) => r.current()));
		await this.followUps.reconcile();
		if (this.o.store.waitForEvents && (this.o.follow ?? true) && !this.following) this.following = this.follow();
	}

	/**
	 * One loop per process: a blocking read of every hall's log after what the process knows; what
	 * arrives goes to that hall's runner. Store errors (Redis away) wait a moment and try again.
	 */
	private async follow(): Promise<void> {
		const wait = this.o.store.waitForEvents?.bind(this.o.store);
		if (!wait) return;
		const block = this.o.followBlockMs ?? 2000;
		let failing = false;
		while (!this.closed) {
			const positions = [...this.runners.values()].map((r) => r.followPosition()).filter((p) => p !== null);
			try {
				if (positions.length === 0) await pause(200);
				// Right after a failure, a read that does not block: the store answers again, so say so at once.
				else for (const got of await wait(positions, failing ? 1 : block)) this.runners.get(got.key.hall)?.ingestFollowed(got.key, got.events);
				if (failing) for (const runner of this.runners.values()) runner.storeReconnected();
				failing = false;
			} catch (err) {
				if (this.closed) break;
				if (!failing) this.o.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'following the log failed; retrying');
				failing = true;
				await pause(250);
			}
		}
	}

	/**
	 * The ticket of a status-link secret, in the current hall-day of any hall; null when there is
	 * none (a mistyped link, or a ticket of an earlier day).
	 */
	async ticketByToken(token: string): Promise<{ hall: string; day: string; ticket: string } | null> {
		for (const runner of this.runners.values()) {
			const { key, state } = await runner.current();
			// Each phone (re)connecting would otherwise scan the whole day: index only the tickets new since the last look.
			let index = this.tokens.get(runner.hall);
			if (!index || index.day !== key.day || index.indexed > state.order.length) {
				index = { day: key.day, indexed: 0, tickets: new Map() };
				this.tokens.set(runner.hall, index);
			}
			for (; index.indexed < state.order.length; index.indexed++) {
				const id = state.order[index.indexed] as string;
				const t = state.tickets[id];
				if (t) index.tickets.set(t.token, id);
			}
			const ticket = index.tickets.get(token);
			if (ticket) return { hall: key.hall, day: key.day, ticket };
		}
		return null;
	}

	/** Secret for a ticket's status link. */
	newTicketToken(): string {
		return randomBytes(12).toString('base64url');
	}

	/** Answers what is queued, then stops following (the store closes after: it ends a blocked read). */
	async close(): Promise<void> {
		this.closed = true;
		await Promise.all([...this.runners.values()].map((r) => r.close()));
	}

	/** Resolves when the follow loop has ended (after `close()` and the store's). */
	async stopped(): Promise<void> {
		await this.following;
	}
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
