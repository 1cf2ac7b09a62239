/**
 * Commands benchmark (issue 7, item 1): issue and call-next latency and throughput through the
 * HallRunner (per-hall queue, group commit) on SQLite (synchronous=FULL) and Redis (AOF, appendfsync always),
 * next to a baseline measured in the same run: a raw `store.append` of the same events, one event
 * per append, sequential.
 *
 *   npx tsx bench/commands.ts [--store sqlite|redis|both] [--quick] [--instrumented]
 *
 * `--instrumented` runs each store four times, plain, with, with, plain: "with" is what a server
 * adds around each command (issue 20): the process's metrics (the runner's observer, a histogram
 * per command) and the rate limits' token buckets (set so high that none refuses). The cost is the
 * ratio of each measure's mean p99 with to without; the order A B B A cancels what a run inherits
 * from the one before (a run after another measured up to 4× apart from the same run first).
 *
 * Prints a table and appends a dated entry to bench/RESULTS.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkDigit } from '../cardreader/id-number';
import { HallRunner, type RunnerLog } from '../server/app/hall-runner';
import { cardHolder, identityFromToken } from '../server/app/identity';
import { Keyring } from '../server/app/keyring';
import { HallQMetrics } from '../server/app/metrics';
import { RateLimits, rateLimitPolicies } from '../server/app/rate-limits';
import { DEMO_KEYS } from '../server/config/demo-values';
import { loadHallConfig } from '../server/config/load';
import type { Command, IssuedIdentity, IssueTicket } from '../server/core/commands';
import { DomainError } from '../server/core/errors';
import type { HallEvent, StoredEvent } from '../server/core/events';
import { indexHall } from '../server/core/hall-index';
import type { HallConfig, StaffConfig } from '../server/core/model';
import type { Clock, EventStore } from '../server/core/ports';
import { RedisEventStore } from '../server/store/redis/redis-event-store';
import { SqliteEventStore } from '../server/store/sqlite/sqlite-event-store';
import { LOAD_RATE_LIMITS } from '../tests/support/rate-limits';
import { startRedis, type RedisServer } from '../tests/support/redis-server';
import { appendResult, f0, f1, f2, percentile, ratio, ROOT, runHeader, runMain, stats, type Stats, table, target } from './support/report';

type StoreName = 'sqlite' | 'redis';


// ---------------------------------------------------------------------------------------------
// Arguments and sizes

function parseArgs(argv: string[]): { stores: StoreName[]; quick: boolean; instrumented: boolean } {
	let store = 'both';
	let quick = false;
	let instrumented = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--quick') quick = true;
		else if (a === '--instrumented') instrumented = true;
		else if (a === '--store') store = argv[++i] ?? '';
		else if (a?.startsWith('--store=')) store = a.slice('--store='.length);
		else throw new Error(`unknown argument ${a}; usage: npx tsx bench/commands.ts [--store sqlite|redis|both] [--quick] [--instrumented]`);
	}
	if (store === 'both') return { stores: ['sqlite', 'redis'], quick, instrumented };
	if (store === 'sqlite' || store === 'redis') return { stores: [store], quick, instrumented };
	throw new Error(`--store must be sqlite, redis or both, got "${store}"`);
}

interface Sizes {
	/** Untimed issues before the first phase. */
	warmup: number;
	seqIssues: number;
	kiosks: number;
	issuesPerKiosk: number;
	burstRounds: number;
	seqCalls: number;
	halls: number;
	kiosksPerHall: number;
	/** Halls at a steady pace: each sends `pacedRate` commands a second, one in flight. */
	pacedHalls: number;
	pacedRate: number;
	issuesPerHallKiosk: number;
	/** Every phase stops starting new commands after this long. */
	phaseMs: number;
}

const FULL: Sizes = {
	warmup: 200,
	seqIssues: 2000,
	kiosks: 20,
	issuesPerKiosk: 150,
	burstRounds: 10,
	seqCalls: 1000,
	halls: 50,
	kiosksPerHall: 4,
	pacedHalls: 500,
	pacedRate: 5,
	issuesPerHallKiosk: 25,
	phaseMs: 20_000
};
const QUICK: Sizes = {
	warmup: 30,
	seqIssues: 200,
	kiosks: 20,
	issuesPerKiosk: 10,
	burstRounds: 2,
	seqCalls: 100,
	halls: 50,
	kiosksPerHall: 2,
	pacedHalls: 100,
	pacedRate: 5,
	issuesPerHallKiosk: 3,
	phaseMs: 2_000
};

// ---------------------------------------------------------------------------------------------
// The hall

const BASE_CONFIG = loadHallConfig(join(ROOT, 'config', 'city-hall.json'));

/** The city hall issuing around the clock without quotas, plus one admin per counter. */
function benchHall(id: string): HallConfig {
	const hall = structuredClone(BASE_CONFIG);
	hall.id = id;
	hall.hours = [{ from: '00:00', to: '24:00' }];
	for (const s of hall.services) {
		s.hours = [];
		s.dailyQuota = null;
	}
	const admins: StaffConfig[] = hall.counters.map((c, i) => ({
		id: `bench-${String(i + 1).padStart(2, '0')}`,
		name: `Bench ${c.id}`,
		role: 'admin',
		counters: [],
		passwordHash: 'unused'
	}));
	hall.staff = [...hall.staff, ...admins];
	return hall;
}

/** A Wednesday, 10:00 in Shanghai. */
const BENCH_DAY = Date.parse('2025-03-12T02:00:00Z');

/** BENCH_DAY, advancing in real time: the run never crosses midnight. */
function benchClock(): Clock {
	const base = BENCH_DAY;
	const t0 = performance.now();
	return { now: () => base + Math.floor(performance.now() - t0) };
}

class Counts implements RunnerLog {
	warns = 0;
	errors = 0;
	readonly codes = new Map<string, number>();
	warn(): void {
		this.warns++;
	}
	error(obj: object, msg: string): void {
		if (this.errors++ < 5) console.error(`runner error: ${msg}`, obj);
	}
	failed(err: unknown): void {
		const code = err instanceof DomainError ? err.code : err instanceof Error ? err.name : 'unknown';
		this.codes.set(code, (this.codes.get(code) ?? 0) + 1);
	}
	summary(): string {
		const failed = [...this.codes].map(([c, n]) => `${c}×${n}`).join(', ');
		return `failed commands: ${failed || 'none'}; runner warnings ${this.warns}, errors ${this.errors}`;
	}
}

/** What a server adds around each command besides the runner (`--instrumented`). */
interface Instruments {
	metrics: HallQMetrics;
	limits: RateLimits;
}

function instruments(): Instruments {
	const metrics = new HallQMetrics();
	return { metrics, limits: new RateLimits(rateLimitPolicies(LOAD_RATE_LIMITS), () => Date.now(), (limit) => metrics.rateLimited(limit)) };
}

interface Bench {
	runner: HallRunner;
	hall: HallConfig;
	counts: Counts;
	captured: HallEvent[];
	staffOf: Map<string, string>;
	nextReq: () => string;
	instruments: Instruments | null;
}

function makeBench(store: EventStore, clock: Clock, id: string, counts: Counts, capture: boolean, inst: Instruments | null): Bench {
	const hall = benchHall(id);
	const captured: HallEvent[] = [];
	const runner = new HallRunner({
		index: indexHall(hall),
		store,
		clock,
		log: counts,
		...(inst ? { observer: inst.metrics.runnerObserver(id) } : {}),
		onEvents: (_key, events: StoredEvent[]) => {
			if (!capture) return;
			for (const e of events) {
				const { seq: _seq, ...event } = e;
				captured.push(event as HallEvent);
			}
		}
	});
	const staffOf = new Map(hall.counters.map((c, i) => [c.id, `bench-${String(i + 1).padStart(2, '0')}`]));
	let req = 0;
	return { runner, hall, counts, captured, staffOf, nextReq: () => `${id}-r${++req}`, instruments: inst };
}

function issueCmd(b: Bench, i: number, service?: string, kiosk = 'K01'): IssueTicket {
	const services = b.hall.services;
	const chosen = service ? b.hall.services.find((s) => s.code === service) : services[i % services.length];
	if (!chosen) throw new Error(`no service ${service}`);
	return {
		kind: 'issue',
		req: b.nextReq(),
		service: chosen.code,
		priority: 'none',
		kiosk,
		token: `tok${i.toString(36).padStart(14, '0')}`,
		identity: chosen.requiresIdentity ? cardRead(b.hall, i, kiosk) : null
	};
}

/** The demo keys: what a bench hall's card reads are signed and hashed with. */
const BENCH_KEYS = new Keyring(DEMO_KEYS);

/**
 * For a service that requires an ID card: a fictitious person of issue `i`'s own (a valid number no
 * other issue of the hall uses), derived as the server derives a card read (hash, masked forms,
 * age). Made before the command is timed.
 */
function cardRead(hall: HallConfig, i: number, kiosk: string): IssuedIdentity {
	const n = i % 20_000_000;
	const birthDate = new Date(Date.UTC(1950, 0, 1 + Math.floor(n / 1000))).toISOString().slice(0, 10);
	const first17 = `110101${birthDate.replaceAll('-', '')}${String(n % 1000).padStart(3, '0')}`;
	const card = { kind: 'resident' as const, idNumber: first17 + checkDigit(first17), name: '测试一', birthDate };
	return identityFromToken(BENCH_KEYS, hall, kiosk, cardHolder(BENCH_KEYS, hall, kiosk, card, BENCH_DAY).token, BENCH_DAY);
}

function counterCmd(b: Bench, kind: 'callNext' | 'noShow' | 'openCounter', counter: string): Command {
	return { kind, req: b.nextReq(), counter, staff: b.staffOf.get(counter)! };
}

/** Runs `cmd`, pushing its latency on success; a failure is counted, not thrown. */
async function timed(b: Bench, cmd: Command, latencies: number[]): Promise<boolean> {
	const t = performance.now();
	try {
		// As the socket handler does: the sender's bucket, and a kiosk's issue bucket.
		const limits = b.instruments?.limits;
		if (limits) {
			const key = `${b.hall.id}/${cmd.kind === 'issue' ? cmd.kiosk : 'staff' in cmd ? cmd.staff : ''}`;
			if (limits.take(cmd.kind === 'issue' ? 'device' : 'staff', key) || (cmd.kind === 'issue' && limits.take('issue', key))) throw new DomainError('RATE.LIMITED', 'bench limits refused');
		}
		await b.runner.execute(cmd);
		latencies.push(performance.now() - t);
		return true;
	} catch (err) {
		b.counts.failed(err);
		return false;
	}
}

/** The counters that hold a called ticket now. */
async function busyCounters(b: Bench): Promise<string[]> {
	const { state } = await b.runner.current();
	return Object.values(state.counters)
		.filter((c) => c.current)
		.map((c) => c.id);
}

// ---------------------------------------------------------------------------------------------
// Phases

interface StoreResult {
	/** The store, and `+ metrics, limits` for an instrumented run. */
	store: string;
	issueSeq: Stats;
	issueConc: Stats;
	callSeq: Stats;
	burstMs: number[];
	burstAnswered: string;
	rawIssue: Stats;
	rawCall: Stats;
	/** Raw appends without and with the caller's last event to check (issue 20), in the order A B B A. */
	lastCheck: { without: Stats[]; with: Stats[] };
	halls: Stats | null;
	paced: Stats | null;
	notes: string[];
}

/**
 * Appends `events` one per append, one in flight. `checked`: each append names the event before it
 * (`last`), so the store checks the log's event at the expected version is the caller's, as the
 * runner's appends do (issue 20).
 */
async function rawAppend(store: EventStore, hall: string, events: HallEvent[], deadlineMs: number, checked = false): Promise<Stats> {
	const key = { hall, day: '2025-03-12' };
	let version = (await store.load(key)).version;
	let previous: HallEvent | undefined;
	const lat: number[] = [];
	const start = performance.now();
	for (const e of events) {
		if (performance.now() - start > deadlineMs) break;
		const last = checked && previous ? { req: previous.req, at: previous.at } : undefined;
		const t = performance.now();
		const r = await store.append(key, version, [e], last);
		lat.push(performance.now() - t);
		if (!r.ok) throw new Error(`raw append ${r.diverged ? 'diverged' : 'conflict'} at version ${version}`);
		version = r.version;
		previous = e;
	}
	return stats(lat, performance.now() - start);
}

/** The store's last-event check: raw appends of the same events without, with, with, without it, each on a fresh hall-day. */
async function lastCheckCost(store: EventStore, name: StoreName, events: HallEvent[], deadlineMs: number): Promise<StoreResult['lastCheck']> {
	const order = [false, true, true, false];
	const runs: Stats[] = [];
	for (const [i, checked] of order.entries()) runs.push(await rawAppend(store, `check-${name}-${i}`, events, deadlineMs, checked));
	return { without: runs.filter((_, i) => !order[i]), with: runs.filter((_, i) => order[i]) };
}

async function runStore(name: StoreName, sizes: Sizes, store: EventStore, inst: Instruments | null): Promise<StoreResult> {
	const clock = benchClock();
	const counts = new Counts();
	const b = makeBench(store, clock, `bench-${name}`, counts, true, inst);
	const counterIds = b.hall.counters.map((c) => c.id);
	const notes: string[] = [];
	const log = (s: string) => console.log(`  [${name}] ${s}`);

	await b.runner.current();
	const opened = await Promise.all(counterIds.map((c) => b.runner.execute(counterCmd(b, 'openCounter', c)).then(() => true)));
	log(`${opened.length} counters open`);

	// Warm-up (untimed): JIT and caches, so the first measured commands are not the slowest.
	for (let i = 0; i < sizes.warmup; i++) await b.runner.execute(issueCmd(b, 800_000 + i));
	b.captured.length = 0;

	// (a) issue at a real pace: one in flight.
	const issueLat: number[] = [];
	let t0 = performance.now();
	for (let i = 0; i < sizes.seqIssues && performance.now() - t0 < sizes.phaseMs; i++) await timed(b, issueCmd(b, i), issueLat);
	const issueSeq = stats(issueLat, performance.now() - t0);
	const issuedEvents = b.captured.filter((e) => e.type === 'TicketIssued');
	log(`issue sequential: ${issueSeq.n}`);

	// (b) issue with many in flight: every kiosk issues one after another, all kiosks at once.
	const concLat: number[] = [];
	t0 = performance.now();
	await Promise.all(
		Array.from({ length: sizes.kiosks }, async (_, k) => {
			const kiosk = `K${String(k + 1).padStart(2, '0')}`;
			for (let i = 0; i < sizes.issuesPerKiosk && performance.now() - t0 < sizes.phaseMs; i++) {
				await timed(b, issueCmd(b, k * 1000 + i, undefined, kiosk), concLat);
			}
		})
	);
	const issueConc = stats(concLat, performance.now() - t0);
	log(`issue ${sizes.kiosks} kiosks concurrently: ${issueConc.n}`);

	// (c) burst: every counter presses "call next" at the same moment.
	const burstMs: number[] = [];
	const waitingAtBurst: number[] = [];
	let answered = 0;
	let asked = 0;
	for (let round = 0; round < sizes.burstRounds; round++) {
		// Untimed preparation: free the counters, and one ticket more per counter so ≥ 70 wait.
		await Promise.all((await busyCounters(b)).map((c) => b.runner.execute(counterCmd(b, 'noShow', c))));
		await Promise.all(
			b.hall.counters.map((c, i) => b.runner.execute(issueCmd(b, 900_000 + round * 100 + i, c.services[0]?.service)))
		);
		const { state } = await b.runner.current();
		const waiting = Object.values(state.tickets).filter((t) => t.status === 'waiting').length;
		if (waiting < counterIds.length) throw new Error(`only ${waiting} tickets wait before the burst`);
		if (round === 0 || round === sizes.burstRounds - 1) waitingAtBurst.push(waiting);
		const start = performance.now();
		let last = start;
		const ok = await Promise.all(
			counterIds.map((c) =>
				b.runner.execute(counterCmd(b, 'callNext', c)).then(
					() => {
						last = Math.max(last, performance.now());
						return true;
					},
					(err: unknown) => {
						last = Math.max(last, performance.now());
						counts.failed(err);
						return false;
					}
				)
			)
		);
		burstMs.push(last - start);
		asked += ok.length;
		answered += ok.filter(Boolean).length;
	}
	log(`burst: ${burstMs.length} rounds`);
	notes.push(`waiting tickets before the bursts: ${waitingAtBurst.join(', ')}`);

	// (d) call-next at a real pace: one in flight. Untimed before each call: the counter's previous
	// ticket is marked absent, and one ticket of a service it serves is issued (it never finds its queue empty).
	const busy = new Set(await busyCounters(b));
	const callLat: number[] = [];
	let callWall = 0;
	t0 = performance.now();
	for (let i = 0; i < sizes.seqCalls && performance.now() - t0 < sizes.phaseMs; i++) {
		const counter = b.hall.counters[i % b.hall.counters.length]!;
		const c = counter.id;
		if (busy.has(c)) {
			await b.runner.execute(counterCmd(b, 'noShow', c));
			busy.delete(c);
		}
		await b.runner.execute(issueCmd(b, 700_000 + i, counter.services[i % counter.services.length]?.service));
		const t = performance.now();
		if (await timed(b, counterCmd(b, 'callNext', c), callLat)) busy.add(c);
		callWall += performance.now() - t;
	}
	const callSeq = stats(callLat, callWall);
	{
		const { state } = await b.runner.current();
		const all = Object.values(state.tickets);
		notes.push(`after call-next: ${all.length} tickets in the hall-day, ${all.filter((t) => t.status === 'waiting').length} waiting`);
	}
	log(`call-next sequential: ${callSeq.n}`);

	// Baseline: the same events appended raw to another hall-day of the same store, one per append.
	const calledEvents = b.captured.filter((e) => e.type === 'TicketCalled').slice(-callSeq.n);
	const rawIssue = await rawAppend(store, `raw-${name}`, issuedEvents.slice(0, issueSeq.n), sizes.phaseMs);
	const rawCall = await rawAppend(store, `raw-${name}`, calledEvents, sizes.phaseMs);
	log(`raw appends: ${rawIssue.n} + ${rawCall.n}`);
	const lastCheck = await lastCheckCost(store, name, issuedEvents.slice(0, issueSeq.n), sizes.phaseMs);
	log(`raw appends with and without the last-event check: ${[...lastCheck.without, ...lastCheck.with].map((x) => x.n).join(' + ')}`);
	await b.runner.close();

	// 50 halls at once on the same store: every hall's kiosks issue concurrently.
	let halls: Stats | null = null;
	if (sizes.halls > 0) {
		const benches = Array.from({ length: sizes.halls }, (_, h) =>
			makeBench(store, clock, `bench-${name}-h${String(h).padStart(2, '0')}`, counts, false, inst)
		);
		await Promise.all(benches.map((hb) => hb.runner.current()));
		const lat: number[] = [];
		t0 = performance.now();
		await Promise.all(
			benches.flatMap((hb) =>
				Array.from({ length: sizes.kiosksPerHall }, async (_, k) => {
					for (let i = 0; i < sizes.issuesPerHallKiosk && performance.now() - t0 < sizes.phaseMs; i++) {
						await timed(hb, issueCmd(hb, k * 1000 + i, undefined, `K${k + 1}`), lat);
					}
				})
			)
		);
		halls = stats(lat, performance.now() - t0);
		await Promise.all(benches.map((hb) => hb.runner.close()));
		log(`${sizes.halls} halls: ${halls.n}`);
	}

	// Many halls at their own steady pace: each hall sends `pacedRate` commands a second (issue,
	// issue, call-next, no-show, issue, …), one in flight, starting at random offsets.
	let paced: Stats | null = null;
	if (sizes.pacedHalls > 0) {
		const benches = Array.from({ length: sizes.pacedHalls }, (_, h) =>
			makeBench(store, clock, `paced-${name}-h${String(h).padStart(3, '0')}`, counts, false, inst)
		);
		await Promise.all(benches.map((hb) => hb.runner.current()));
		const counter = benches[0]!.hall.counters[0]!;
		await Promise.all(benches.map((hb) => hb.runner.execute(counterCmd(hb, 'openCounter', counter.id))));
		const lat: number[] = [];
		const gap = 1000 / sizes.pacedRate;
		t0 = performance.now();
		await Promise.all(
			benches.map(async (hb, h) => {
				let due = t0 + Math.random() * gap;
				for (let i = 0; due - t0 < sizes.phaseMs; i++, due += gap) {
					await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
					const step = i % 5;
					const cmd =
						step === 2
							? counterCmd(hb, 'callNext', counter.id)
							: step === 3
								? counterCmd(hb, 'noShow', counter.id)
								: issueCmd(hb, h * 100_000 + i, counter.services[i % counter.services.length]?.service);
					await timed(hb, cmd, lat);
				}
			})
		);
		paced = stats(lat, performance.now() - t0);
		await Promise.all(benches.map((hb) => hb.runner.close()));
		log(`${sizes.pacedHalls} halls at ${sizes.pacedRate} commands/s: ${paced.n}`);
	}

	notes.push(counts.summary());
	if (inst) {
		const scraped = await inst.metrics.text();
		const counted = [...scraped.matchAll(/^hallq_command_seconds_count\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
		notes.push(`metrics: ${counted} commands observed, a scrape of ${Math.round(scraped.length / 1024)} KiB`);
	}
	return {
		store: inst ? `${name} + metrics, limits` : name,
		issueSeq,
		issueConc,
		callSeq,
		burstMs,
		burstAnswered: `${answered}/${asked}`,
		rawIssue,
		rawCall,
		lastCheck,
		halls,
		paced,
		notes
	};
}

// ---------------------------------------------------------------------------------------------
// Report

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function report(results: StoreResult[], sizes: Sizes): string {
	const header = ['store', 'measure', 'n', 'cmd/s', 'p50 ms', 'p99 ms', 'max ms', 'raw p50', 'raw p99', 'raw/s', 'p50 ×raw', 'p99 ×raw', 'cmd/s ÷ raw/s'];
	const rows: string[][] = [];
	/** `latencyVsRaw`: only a one-in-flight row compares its latency with the raw append's. */
	const row = (store: string, what: string, s: Stats, raw: Stats, latencyVsRaw: boolean) =>
		rows.push([
			store,
			what,
			String(s.n),
			f0(s.perSec),
			f2(s.p50),
			f2(s.p99),
			f2(s.max),
			latencyVsRaw ? f2(raw.p50) : '',
			latencyVsRaw ? f2(raw.p99) : '',
			f0(raw.perSec),
			latencyVsRaw ? ratio(s.p50, raw.p50) : '',
			latencyVsRaw ? ratio(s.p99, raw.p99) : '',
			ratio(s.perSec, raw.perSec)
		]);
	for (const r of results) {
		row(r.store, 'issue, 1 in flight', r.issueSeq, r.rawIssue, true);
		row(r.store, `issue, ${sizes.kiosks} kiosks at once`, r.issueConc, r.rawIssue, false);
		row(r.store, 'call-next, 1 in flight', r.callSeq, r.rawCall, true);
		if (r.halls) row(r.store, `issue, ${sizes.halls} halls × ${sizes.kiosksPerHall} kiosks`, r.halls, r.rawIssue, false);
		if (r.paced) row(r.store, `mixed, ${sizes.pacedHalls} halls × ${sizes.pacedRate}/s each`, r.paced, r.rawIssue, false);
	}
	const burstRows = results.map((r) => {
		const s = [...r.burstMs].sort((a, b) => a - b);
		return [r.store, String(s.length), f1(percentile(s, 50)), f1(s[s.length - 1] ?? Number.NaN), r.burstAnswered];
	});
	const targetRows = results.flatMap((r) => {
		const burstMax = Math.max(...r.burstMs);
		return [
			[r.store, 'issue p99 ≤ 5 ms (1 in flight)', f2(r.issueSeq.p99), target(r.issueSeq.p99 <= 5)],
			[r.store, 'issue p99 ≤ 1.5× raw append p99', ratio(r.issueSeq.p99, r.rawIssue.p99), target(r.issueSeq.p99 <= 1.5 * r.rawIssue.p99)],
			[r.store, 'call-next p99 ≤ 10 ms (1 in flight)', f2(r.callSeq.p99), target(r.callSeq.p99 <= 10)],
			[r.store, 'call-next p99 ≤ 1.5× raw append p99', ratio(r.callSeq.p99, r.rawCall.p99), target(r.callSeq.p99 <= 1.5 * r.rawCall.p99)],
			[r.store, '70-counter burst answered ≤ 100 ms (worst round)', f1(burstMax), target(burstMax <= 100)],
			...(r.paced ? [[r.store, `${sizes.pacedHalls} halls at ${sizes.pacedRate} commands/s each: p99 ≤ 15 ms`, f2(r.paced.p99), target(r.paced.p99 <= 15)]] : [])
		];
	});
	const checkRows = results.map((r) => {
		const [a, b] = [r.lastCheck.without, r.lastCheck.with];
		const p = (xs: Stats[], of: (x: Stats) => number) => xs.map((x) => f2(of(x))).join(' / ');
		return [r.store, String(a[0]?.n ?? 0), p(a, (x) => x.p50), p(b, (x) => x.p50), p(a, (x) => x.p99), p(b, (x) => x.p99), ratio(mean(b.map((x) => x.p50)), mean(a.map((x) => x.p50))), ratio(mean(b.map((x) => x.p99)), mean(a.map((x) => x.p99))), ratio(mean(b.map((x) => x.perSec)), mean(a.map((x) => x.perSec)))];
	});
	return [
		table(header, rows),
		'',
		'raw = the same events appended straight to the same store (another hall-day), one event per append, one in flight.',
		'',
		"The store's last-event check (issue 20): raw appends of the issued events without and with the caller's last event to check (req, at), runs in the order without, with, with, without.",
		'',
		table(['store', 'n', 'p50 without', 'p50 with', 'p99 without', 'p99 with', 'p50 ×', 'p99 ×', 'appends/s ×'], checkRows),
		'',
		'Burst: all 70 counters press "call next" at the same moment (≥ 70 tickets waiting); time until the last answer.',
		'',
		table(['store', 'rounds', 'median ms', 'worst ms', 'answered ok'], burstRows),
		'',
		table(['store', 'target (issue 7)', 'reached', ''], targetRows),
		'',
		...results.map((r) => `- ${r.store}: ${r.notes.join('; ')}`)
	].join('\n');
}

/**
 * What the instruments cost one command, measured directly: the two bucket takes of the handler,
 * the runner's command, batch and append reports, over many iterations (µs per command).
 */
function instrumentMicros(): number {
	const inst = instruments();
	const observer = inst.metrics.runnerObserver('bench-cost');
	const n = 200_000;
	const t = performance.now();
	for (let i = 0; i < n; i++) {
		const key = `bench-cost/K${i % 20}`;
		inst.limits.take('device', key);
		inst.limits.take('issue', key);
		observer.batch(1);
		observer.append('ok');
		observer.command(i % 2 === 0 ? 'issue' : 'callNext', 0.0004, 'ok');
	}
	return ((performance.now() - t) * 1000) / n;
}

/** The instrumented runs' mean p99 against the plain runs' of the same store and process (goal: within 10 %). */
function instrumentCost(results: StoreResult[], sizes: Sizes): string {
	const rows: string[][] = [];
	for (const store of [...new Set(results.filter((r) => !r.store.includes('+')).map((r) => r.store))]) {
		const plain = results.filter((r) => r.store === store);
		const inst = results.filter((r) => r.store === `${store} + metrics, limits`);
		if (inst.length === 0) continue;
		const measures: [string, (r: StoreResult) => Stats | null][] = [
			['issue, 1 in flight', (r) => r.issueSeq],
			[`issue, ${sizes.kiosks} kiosks at once`, (r) => r.issueConc],
			['call-next, 1 in flight', (r) => r.callSeq],
			[`mixed, ${sizes.pacedHalls} halls × ${sizes.pacedRate}/s each`, (r) => r.paced]
		];
		for (const [what, of] of measures) {
			const a = plain.flatMap((r) => of(r) ?? []);
			const b = inst.flatMap((r) => of(r) ?? []);
			if (a.length === 0 || b.length === 0) continue;
			const pa = mean(a.map((x) => x.p99));
			const pb = mean(b.map((x) => x.p99));
			rows.push([store, what, a.map((x) => f2(x.p99)).join(' / '), b.map((x) => f2(x.p99)).join(' / '), ratio(pb, pa), f0(mean(a.map((x) => x.perSec))), f0(mean(b.map((x) => x.perSec))), target(pb <= 1.1 * pa)]);
		}
	}
	const micros = instrumentMicros();
	const p50 = mean(results.filter((r) => !r.store.includes('+')).map((r) => r.issueSeq.p50));
	return [
		'Cost of metrics and rate limits (issue 20): mean p99 with them ÷ mean p99 without, same store and process, runs in the order without, with, with, without.',
		'',
		table(['store', 'measure', 'p99 without (runs 1, 4)', 'p99 with (runs 2, 3)', '× (means)', 'cmd/s without', 'cmd/s with', 'p99 within 10 %'], rows),
		'',
		`Measured directly: the instruments of one command (2 bucket takes, the runner's command, batch and append reports) cost ${f2(micros)} µs, ${f2((micros / 1000 / p50) * 100)} % of the plain runs' mean issue p50 (${f2(p50)} ms).`
	].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

async function withStore(name: StoreName, sizes: Sizes, inst: Instruments | null): Promise<StoreResult> {
	if (name === 'sqlite') {
		const dir = mkdtempSync(join(os.tmpdir(), 'hallq-bench-'));
		const store = SqliteEventStore.open(join(dir, 'bench.db'), { synchronous: 'FULL' });
		try {
			return await runStore(name, sizes, store, inst);
		} finally {
			await store.close();
			rmSync(dir, { recursive: true, force: true });
		}
	}
	let redis: RedisServer | null = null;
	let store: RedisEventStore | null = null;
	try {
		redis = await startRedis({ appendonly: true, appendfsync: 'always' });
		// A generous command timeout: the bench measures latency, it should not turn slow replies into errors.
		store = await RedisEventStore.connect(redis.url, { commandTimeoutMs: 10_000 });
		return await runStore(name, sizes, store, inst);
	} finally {
		await store?.close();
		await redis?.stop();
	}
}

async function main(): Promise<void> {
	const { stores, quick, instrumented } = parseArgs(process.argv.slice(2));
	const sizes = quick ? QUICK : FULL;
	const head = runHeader(`commands bench${quick ? ' (quick)' : ''}`);
	for (const l of head.lines) console.log(l);
	console.log(
		`hall: ${BASE_CONFIG.id} copy, ${BASE_CONFIG.counters.length} counters, ${BASE_CONFIG.services.length} services; SQLite synchronous=FULL, Redis AOF appendfsync always`
	);
	const results: StoreResult[] = [];
	for (const name of stores) {
		const t = performance.now();
		console.log(`\n${name}:`);
		results.push(await withStore(name, sizes, null));
		if (instrumented) {
			results.push(await withStore(name, sizes, instruments()));
			results.push(await withStore(name, sizes, instruments()));
			results.push(await withStore(name, sizes, null));
		}
		console.log(`  [${name}] done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
	}
	const text = report(results, sizes) + (instrumented ? `\n\n${instrumentCost(results, sizes)}` : '');
	console.log(`\n${text}`);
	appendResult({
		name: `commands${quick ? ' (quick)' : ''}`,
		started: head.started,
		commit: head.commit,
		details: [
			`stores: ${stores.join(', ')} (SQLite synchronous=FULL in a temp dir; Redis AOF appendfsync always, private server)`,
			`command: \`npx tsx bench/commands.ts --store ${stores.length === 2 ? 'both' : stores[0]}${quick ? ' --quick' : ''}${instrumented ? ' --instrumented' : ''}\``
		],
		text
	});
}

runMain(main);
