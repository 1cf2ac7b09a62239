/**
 * The process's Prometheus metrics (docs/deployment.md "Metrics"): what each part reports as it
 * happens (commands, batches, appends, conflicts, reloads, store errors, alerts, refused requests,
 * boards' acknowledgements) and what is read at each scrape (queues, sockets, printers, archive
 * lag). One registry per process (not prom-client's global one, so several servers in one test
 * process keep theirs apart).
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AlertChange } from '../core/alert-book';
import type { LifecycleStatus } from './day-lifecycle';
import type { RunnerObserver } from './hall-runner';

/** Read at each scrape. */
export interface MetricSources {
	queues(): Iterable<{ hall: string; depth: number }>;
	sockets(): Iterable<{ role: string; count: number }>;
	printers(): Iterable<{ condition: string }>;
	lifecycle(): LifecycleStatus | null;
	now(): number;
}

/** Command latencies: from a fraction of a millisecond (a read) to the 6 s clients wait. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 6];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128];
const ACK_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

/** Calls a board may still report, per hall: the latest ones published here. */
const CALLS_KEPT = 500;

export class HallQMetrics {
	readonly registry = new Registry();
	private sources: MetricSources | null = null;
	private readonly published = new Map<string, Map<string, number>>();
	private readonly acknowledged = new Map<string, string>();

	private readonly commands = new Histogram({ name: 'hallq_command_seconds', help: 'Time from a command reaching its hall queue to its answer, by kind and outcome', labelNames: ['kind', 'outcome'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
	private readonly batches = new Histogram({ name: 'hallq_batch_commands', help: 'Commands decided together and appended in one store call', buckets: BATCH_BUCKETS, registers: [this.registry] });
	private readonly appends = new Counter({ name: 'hallq_appends_total', help: 'Appends to the live store, by result', labelNames: ['result'], registers: [this.registry] });
	private readonly reloads = new Counter({ name: 'hallq_reloads_total', help: 'Hall-day states dropped and loaded again, by reason', labelNames: ['reason'], registers: [this.registry] });
	private readonly storeErrors = new Counter({ name: 'hallq_store_errors_total', help: 'Live store calls that failed (unreachable, timed out)', labelNames: ['op'], registers: [this.registry] });
	private readonly storeBehind = new Counter({ name: 'hallq_store_behind_total', help: 'Times the live store had fewer events than this process had acknowledged (a failover or restore that lost events)', labelNames: ['hall', 'restored'], registers: [this.registry] });
	private readonly storeDiverged = new Counter({ name: 'hallq_store_diverged_total', help: "Times the live store's log was found to hold another history than this process had published (a failover to an older copy, then appends)", labelNames: ['hall'], registers: [this.registry] });
	private readonly alerts = new Counter({ name: 'hallq_alerts_raised_total', help: 'Supervisor alerts raised, by kind and severity', labelNames: ['kind', 'severity'], registers: [this.registry] });
	private readonly limited = new Counter({ name: 'hallq_rate_limited_total', help: 'Requests refused by a rate limit (RATE.LIMITED), by limit', labelNames: ['limit'], registers: [this.registry] });
	private readonly boardAcks = new Histogram({ name: 'hallq_board_ack_seconds', help: 'From a call pushed to the boards to a board reporting it shown', buckets: ACK_BUCKETS, registers: [this.registry] });

	constructor() {
		const sources = () => this.sources;
		new Gauge({
			name: 'hallq_queue_depth',
			help: 'Commands waiting in each hall queue of this process',
			labelNames: ['hall'],
			registers: [this.registry],
			collect() {
				this.reset();
				for (const q of sources()?.queues() ?? []) this.set({ hall: q.hall }, q.depth);
			}
		});
		new Gauge({
			name: 'hallq_sockets',
			help: 'Connected sockets of this process, by role',
			labelNames: ['role'],
			registers: [this.registry],
			collect() {
				this.reset();
				for (const s of sources()?.sockets() ?? []) this.set({ role: s.role }, s.count);
			}
		});
		new Gauge({
			name: 'hallq_printers',
			help: 'Kiosk printers known to this process, by condition',
			labelNames: ['condition'],
			registers: [this.registry],
			collect() {
				this.reset();
				const counts = new Map<string, number>();
				for (const p of sources()?.printers() ?? []) counts.set(p.condition, (counts.get(p.condition) ?? 0) + 1);
				for (const [condition, n] of counts) this.set({ condition }, n);
			}
		});
		new Gauge({
			name: 'hallq_archive_failing_days',
			help: 'Hall-days this process could not archive, drop or purge',
			registers: [this.registry],
			collect() {
				this.set(sources()?.lifecycle()?.failing.length ?? 0);
			}
		});
		new Gauge({
			name: 'hallq_archive_lag_seconds',
			help: 'How long the oldest hall-day failing to archive has failed (0: none)',
			registers: [this.registry],
			collect() {
				const s = sources();
				const since = Math.min(...(s?.lifecycle()?.failing.map((f) => f.since) ?? []));
				this.set(s && Number.isFinite(since) ? Math.max(0, (s.now() - since) / 1000) : 0);
			}
		});
	}

	/** What the gauges read at a scrape; set once the parts exist. */
	watch(sources: MetricSources): void {
		this.sources = sources;
	}

	/** The observer of one hall's runner. */
	runnerObserver(hall: string): RunnerObserver {
		return {
			command: (kind, seconds, outcome) => this.commands.observe({ kind, outcome }, seconds),
			batch: (commands) => this.batches.observe(commands),
			append: (result) => this.appends.inc({ result }),
			reload: (reason) => this.reloads.inc({ reason }),
			storeError: (op) => this.storeErrors.inc({ op }),
			storeBehind: (restored) => this.storeBehind.inc({ hall, restored: restored ? 'yes' : 'no' }),
			storeDiverged: () => this.storeDiverged.inc({ hall })
		};
	}

	alertsChanged(changes: readonly AlertChange[]): void {
		for (const c of changes) if (c.type === 'raised') this.alerts.inc({ kind: c.alert.kind, severity: c.alert.severity });
	}

	rateLimited(limit: string): void {
		this.limited.inc({ limit });
	}

	/** A call pushed to this process's boards. */
	callPublished(hall: string, day: string, seq: number, at: number): void {
		let calls = this.published.get(hall);
		if (!calls) this.published.set(hall, (calls = new Map()));
		calls.set(`${day}#${seq}`, at);
		if (calls.size > CALLS_KEPT) calls.delete(calls.keys().next().value as string);
	}

	/** A board reports the last call it shows: its lag, once per board and call. */
	boardShown(hall: string, board: string, day: string, seq: number, at: number): void {
		const key = `${day}#${seq}`;
		const publishedAt = this.published.get(hall)?.get(key);
		if (publishedAt === undefined || this.acknowledged.get(`${hall}/${board}`) === key) return;
		this.acknowledged.set(`${hall}/${board}`, key);
		this.boardAcks.observe(Math.max(0, (at - publishedAt) / 1000));
	}

	/** The text a Prometheus server scrapes. */
	text(): Promise<string> {
		return this.registry.metrics();
	}

	get contentType(): string {
		return this.registry.contentType;
	}
}
