/**
 * Cluster (issue 7, item 4): the same load against 1 HallQ process and against 3 processes on one
 * private Redis (AOF, appendfsync always), the 3 with every client of a hall on one process (a balancer placing
 * by hall) and spread round-robin; baseline: a bare Socket.IO server answering HallQ's answers.
 * Copies of the city hall, each with kiosks issuing one ticket after another and counters calling
 * next and marking the ticket absent, one after another, over Socket.IO from client processes
 * (bench/support/load-clients.ts). Commands/s and p50/p99 of the socket round trip, per command.
 *
 *   npx tsx bench/cluster.ts [--halls 50] [--kiosks 2] [--counters 2] [--seconds 20] [--clients 2]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intFlag, parseFlags } from './support/args';
import { BENCH_PASSWORD, writeBenchHalls, type BenchHall } from './support/bench-halls';
import { Child } from './support/child';
import { startHallProcesses, type HallProcesses } from './support/hall-processes';
import type { HallLoad } from './support/load-clients';
import { appendResult, f0, f2, mib, ratio, rssOf, runHeader, runMain, stats, type Stats, table, target } from './support/report';
import { login } from '../tests/support/server';

const USAGE = 'npx tsx bench/cluster.ts [--halls 50] [--kiosks 2] [--counters 2] [--seconds 20] [--clients 2]';
const CLIENT_SCRIPT = fileURLToPath(new URL('./support/load-clients.ts', import.meta.url));
const BARE_SCRIPT = fileURLToPath(new URL('./support/bare-ack.ts', import.meta.url));

interface Result {
	label: string;
	all: Stats;
	byKind: Map<string, Stats>;
	refused: Record<string, number>;
	retried: Record<string, number>;
	rss: number;
	/** The first successful answer to each event (the bare baseline sends the same). */
	answers: Record<string, unknown>;
}

interface Options {
	kiosks: number;
	counters: number;
	seconds: number;
	clients: number;
}

/** Where the load runs: server addresses, their RSS, and how to stop them. */
interface Servers {
	urls: string[];
	rss(): number;
	close(): Promise<void>;
}

/** Every client of a hall on one process (a balancer placing by hall), or spread round-robin. */
type Placement = 'hall' | 'spread';

async function sessionOf(url: string, hall: string, staff: string): Promise<string> {
	const { session } = await login(url, hall, staff, BENCH_PASSWORD);
	if (!session) throw new Error(`login ${hall}/${staff}: no session token`);
	return session;
}

async function hallQServers(processes: number, halls: BenchHall[]): Promise<Servers & { procs: HallProcesses }> {
	const now = Date.now();
	const procs = await startHallProcesses({ store: 'redis', processes, config: halls.map((h) => h.file).join(','), clock: { simStart: now, realStart: now, speed: 1 } });
	return {
		procs,
		urls: procs.urls(),
		rss: () => procs.servers.reduce((n, s) => n + (s?.child.pid ? rssOf(s.child.pid) : 0), 0),
		async close() {
			// SIGTERM first: a server profiled with HALLQ_SERVER_NODE_ARGS=--cpu-prof writes its profile on exit.
			await procs.stopServers();
			await procs.close();
		}
	};
}

async function bareServer(answers: Record<string, unknown>): Promise<Servers> {
	const child = Child.start(BARE_SCRIPT);
	const ready = await child.ask({ op: 'listen', answers });
	return { urls: [`http://127.0.0.1:${String(ready.port)}`], rss: () => (child.proc.pid ? rssOf(child.proc.pid) : 0), close: () => child.stop() };
}

/** The load of each hall: its kiosks' tokens, its counters with a signed-in clerk (HallQ only), the services to issue for. */
async function hallLoads(halls: BenchHall[], urls: string[], placement: Placement, o: Options, signIn: boolean): Promise<HallLoad[]> {
	return Promise.all(
		halls.map(async (h, i) => {
			const counters = h.config.counters.slice(0, o.counters);
			const urlOf = (j: number) => urls[(placement === 'hall' ? i : i + j) % urls.length]!;
			const sessions = await Promise.all(counters.map((c, j) => (signIn ? sessionOf(urlOf(j), h.id, h.staffOf.get(c.id)!) : 'bare')));
			const services = [...new Set(counters.flatMap((c) => c.services.map((s) => s.service)))].filter((s) => h.config.services.find((x) => x.code === s)?.dailyQuota === null && !h.config.services.find((x) => x.code === s)?.requiresIdentity);
			const kiosks = h.config.devices.filter((d) => d.kind === 'kiosk').slice(0, o.kiosks);
			return {
				...(placement === 'hall' ? { url: urlOf(0) } : {}),
				kioskTokens: kiosks.map((d) => h.tokens.get(d.id)!),
				counters: counters.map((c, j) => ({ id: c.id, session: sessions[j]! })),
				services
			};
		})
	);
}

async function runOnce(label: string, servers: Servers, loads: HallLoad[], o: Options): Promise<Result> {
	const children = Array.from({ length: o.clients }, () => Child.start(CLIENT_SCRIPT));
	try {
		await Promise.all(children.map((c) => c.next()));
		const replies = await Promise.all(children.map((c, i) => c.ask({ op: 'run', urls: servers.urls, halls: loads.filter((_, h) => h % o.clients === i), durationMs: o.seconds * 1000 })));
		const bad = replies.find((r) => r.op !== 'done');
		if (bad) throw new Error(`client process: ${String(bad.error)}`);
		const rss = servers.rss();
		const wall = Math.max(...replies.map((r) => Number(r.wallMs)));
		const byKindLat = new Map<string, number[]>();
		const refused: Record<string, number> = {};
		const retried: Record<string, number> = {};
		const answers: Record<string, unknown> = {};
		for (const r of replies) {
			for (const [k, n] of Object.entries(r.retried as Record<string, number>)) retried[k] = (retried[k] ?? 0) + n;
			for (const [k, l] of Object.entries(r.latencies as Record<string, number[]>)) byKindLat.set(k, [...(byKindLat.get(k) ?? []), ...l]);
			for (const [k, n] of Object.entries(r.refused as Record<string, number>)) refused[k] = (refused[k] ?? 0) + n;
			Object.assign(answers, r.answers);
		}
		const byKind = new Map([...byKindLat].map(([k, l]) => [k, stats(l, wall)]));
		return { label, all: stats([...byKindLat.values()].flat(), wall), byKind, refused, retried, rss, answers };
	} finally {
		await Promise.all(children.map((c) => c.stop()));
	}
}

/** One run of the load against HallQ on `processes` processes sharing a private Redis. */
async function runHallQ(label: string, processes: number, placement: Placement, halls: BenchHall[], o: Options): Promise<Result> {
	const servers = await hallQServers(processes, halls);
	try {
		return await runOnce(label, servers, await hallLoads(halls, servers.urls, placement, o, true), o);
	} finally {
		await servers.close();
	}
}

async function main(): Promise<void> {
	const flags = parseFlags(process.argv.slice(2), { values: ['halls', 'kiosks', 'counters', 'seconds', 'clients'], flags: [] }, USAGE);
	const o = {
		halls: intFlag(flags, 'halls', 50, 1, 500),
		kiosks: intFlag(flags, 'kiosks', 2, 1, 6),
		counters: intFlag(flags, 'counters', 2, 1, 70),
		seconds: intFlag(flags, 'seconds', 20, 1, 600),
		clients: intFlag(flags, 'clients', 2, 1, 16)
	};
	const head = runHeader('cluster bench');
	for (const l of head.lines) console.log(l);
	console.log(`${o.halls} city-hall copies, ${o.kiosks} kiosks and ${o.counters} counters each, ${o.seconds} s, ${o.clients} client processes`);
	const dir = mkdtempSync(join(tmpdir(), 'hallq-cluster-bench-'));
	const results: Result[] = [];
	const show = (r: Result) => console.log(`  ${r.all.n} commands, ${f0(r.all.perSec)}/s, p99 ${f2(r.all.p99)} ms`);
	try {
		const halls = writeBenchHalls(dir, o.halls);
		console.log('\n1 process, Redis:');
		const one = await runHallQ('1 process, Redis', 1, 'hall', halls, o);
		show(one);
		// The baseline: the same clients and load against a bare Socket.IO server sending HallQ's answers.
		console.log('\nbare Socket.IO, 1 process:');
		const bare = await bareServer(one.answers);
		try {
			const r = await runOnce('bare Socket.IO, 1 process', bare, await hallLoads(halls, bare.urls, 'hall', o, false), o);
			show(r);
			results.push(r, one);
		} finally {
			await bare.close();
		}
		for (const [label, placement] of [
			['3 processes, by hall', 'hall'],
			['3 processes, spread', 'spread']
		] as const) {
			console.log(`\n${label}:`);
			const r = await runHallQ(label, 3, placement, halls, o);
			show(r);
			results.push(r);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	const rows = results.flatMap((r) => [
		[r.label, 'all', String(r.all.n), f0(r.all.perSec), f2(r.all.p50), f2(r.all.p99), f2(r.all.max), mib(r.rss)],
		...[...r.byKind].map(([k, s]) => [r.label, k, String(s.n), f0(s.perSec), f2(s.p50), f2(s.p99), f2(s.max), ''])
	]);
	const [bare, one, byHall, spread] = results as [Result, Result, Result, Result];
	const text = [
		table(['servers', 'command', 'n', 'cmd/s', 'p50 ms', 'p99 ms', 'max ms', 'server RSS at end'], rows),
		'',
		table(
			['comparison', 'value'],
			[
				['1 process ÷ bare Socket.IO, commands/s', ratio(one.all.perSec, bare.all.perSec)],
				['3 processes by hall ÷ 1 process, commands/s', ratio(byHall.all.perSec, one.all.perSec)],
				['3 processes spread ÷ 1 process, commands/s', ratio(spread.all.perSec, one.all.perSec)],
				['3 processes by hall ÷ 1 process, p99', ratio(byHall.all.p99, one.all.p99)]
			]
		),
		'',
		table(['target (issue 7)', 'reached', ''], [[`≥ 10,000 commands/s across ${o.halls} halls on Redis with 3 processes (socket round trips)`, f0(Math.max(byHall.all.perSec, spread.all.perSec)), target(Math.max(byHall.all.perSec, spread.all.perSec) >= 10_000)]]),
		'',
		...results.map((r) => `- ${r.label}: refused (answered, not counted) ${JSON.stringify(r.refused)}; resent after a "not now" answer (latency counts until the final answer) ${JSON.stringify(r.retried)}`)
	].join('\n');
	console.log(`\n${text}`);
	appendResult({
		name: 'cluster',
		started: head.started,
		commit: head.commit,
		details: [
			`${o.halls} copies of the city hall; per hall ${o.kiosks} kiosks issuing and ${o.counters} counters calling next + no-show, one command after another each, for ${o.seconds} s; clients in ${o.clients} processes over Socket.IO (websocket); private redis-server (AOF appendfsync always)`,
			'placement: "by hall" = every client of a hall on the same process (a balancer hashing on the hall), "spread" = round-robin over the processes, so a hall\'s commands race on different processes',
			'baseline: the same clients against a bare Socket.IO server (bench/support/bare-ack.ts) that answers each event at once with the answer HallQ gave in this run',
			`command: \`npx tsx bench/cluster.ts --halls ${o.halls} --kiosks ${o.kiosks} --counters ${o.counters} --seconds ${o.seconds} --clients ${o.clients}\``
		],
		text
	});
}

runMain(main);
