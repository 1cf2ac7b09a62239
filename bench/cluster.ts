/**
 * Cluster (issue 7, item 4): the same load against 1 HallQ process and against 3 processes on one
 * private Redis (AOF everysec): copies of the city hall, each with kiosks issuing one ticket after
 * another and counters calling next and marking the ticket absent, one after another, over
 * Socket.IO from client processes (bench/support/load-clients.ts), spread over the server
 * processes. Commands/s and p50/p99 of the socket round trip, per command.
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
import { startHallProcesses, type StoreName } from './support/hall-processes';
import type { HallLoad } from './support/load-clients';
import { appendResult, f0, f2, mib, ratio, rssOf, runHeader, runMain, stats, type Stats, table, target } from './support/report';
import { login } from '../tests/support/server';

const USAGE = 'npx tsx bench/cluster.ts [--halls 50] [--kiosks 2] [--counters 2] [--seconds 20] [--clients 2]';
const CLIENT_SCRIPT = fileURLToPath(new URL('./support/load-clients.ts', import.meta.url));

interface Result {
	label: string;
	all: Stats;
	byKind: Map<string, Stats>;
	refused: Record<string, number>;
	retried: Record<string, number>;
	rss: number;
}

async function sessionOf(url: string, hall: string, staff: string): Promise<string> {
	const { session } = await login(url, hall, staff, BENCH_PASSWORD);
	if (!session) throw new Error(`login ${hall}/${staff}: no session token`);
	return session;
}

async function runOnce(label: string, store: StoreName, processes: number, halls: BenchHall[], o: { kiosks: number; counters: number; seconds: number; clients: number }): Promise<Result> {
	const now = Date.now();
	const procs = await startHallProcesses({ store, processes, config: halls.map((h) => h.file).join(','), clock: { simStart: now, realStart: now, speed: 1 } });
	try {
		const urls = procs.urls();
		const loads: HallLoad[] = [];
		for (const [i, h] of halls.entries()) {
			const counters = h.config.counters.slice(0, o.counters);
			const sessions = await Promise.all(counters.map((c, j) => sessionOf(urls[(i + j) % urls.length]!, h.id, h.staffOf.get(c.id)!)));
			const services = [...new Set(counters.flatMap((c) => c.services.map((s) => s.service)))].filter((s) => h.config.services.find((x) => x.code === s)?.dailyQuota === null && !h.config.services.find((x) => x.code === s)?.requiresIdentity);
			const kiosks = h.config.devices.filter((d) => d.kind === 'kiosk').slice(0, o.kiosks);
			loads.push({ kioskTokens: kiosks.map((d) => h.tokens.get(d.id)!), counters: counters.map((c, j) => ({ id: c.id, session: sessions[j]! })), services });
		}
		const children = Array.from({ length: o.clients }, () => Child.start(CLIENT_SCRIPT));
		try {
			await Promise.all(children.map((c) => c.next()));
			const replies = await Promise.all(children.map((c, i) => c.ask({ op: 'run', urls, halls: loads.filter((_, h) => h % o.clients === i), durationMs: o.seconds * 1000 })));
			const bad = replies.find((r) => r.op !== 'done');
			if (bad) throw new Error(`client process: ${String(bad.error)}`);
			const rss = procs.servers.reduce((n, s) => n + (s?.child.pid ? rssOf(s.child.pid) : 0), 0);
			const wall = Math.max(...replies.map((r) => Number(r.wallMs)));
			const byKindLat = new Map<string, number[]>();
			const refused: Record<string, number> = {};
			const retried: Record<string, number> = {};
			for (const r of replies) {
				for (const [k, n] of Object.entries(r.retried as Record<string, number>)) retried[k] = (retried[k] ?? 0) + n;
				for (const [k, l] of Object.entries(r.latencies as Record<string, number[]>)) byKindLat.set(k, [...(byKindLat.get(k) ?? []), ...l]);
				for (const [k, n] of Object.entries(r.refused as Record<string, number>)) refused[k] = (refused[k] ?? 0) + n;
			}
			const byKind = new Map([...byKindLat].map(([k, l]) => [k, stats(l, wall)]));
			return { label, all: stats([...byKindLat.values()].flat(), wall), byKind, refused, retried, rss };
		} finally {
			await Promise.all(children.map((c) => c.stop()));
		}
	} finally {
		// SIGTERM first: a server profiled with HALLQ_SERVER_NODE_ARGS=--cpu-prof writes its profile on exit.
		await procs.stopServers();
		await procs.close();
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
	try {
		const halls = writeBenchHalls(dir, o.halls);
		for (const [label, store, processes] of [
			['1 process, Redis', 'redis', 1],
			['3 processes, Redis', 'redis', 3]
		] as const) {
			console.log(`\n${label}:`);
			const r = await runOnce(label, store, processes, halls, o);
			console.log(`  ${r.all.n} commands, ${f0(r.all.perSec)}/s, p99 ${f2(r.all.p99)} ms`);
			results.push(r);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	const rows = results.flatMap((r) => [
		[r.label, 'all', String(r.all.n), f0(r.all.perSec), f2(r.all.p50), f2(r.all.p99), f2(r.all.max), mib(r.rss)],
		...[...r.byKind].map(([k, s]) => [r.label, k, String(s.n), f0(s.perSec), f2(s.p50), f2(s.p99), f2(s.max), ''])
	]);
	const [one, three] = results as [Result, Result];
	const text = [
		table(['servers', 'command', 'n', 'cmd/s', 'p50 ms', 'p99 ms', 'max ms', 'server RSS at end'], rows),
		'',
		table(
			['comparison', 'value'],
			[
				['3 processes ÷ 1 process, commands/s', ratio(three.all.perSec, one.all.perSec)],
				['3 processes ÷ 1 process, p99', ratio(three.all.p99, one.all.p99)]
			]
		),
		'',
		table(['target (issue 7)', 'reached', ''], [[`≥ 10,000 commands/s across ${o.halls} halls on Redis with 3 processes (socket round trips)`, f0(three.all.perSec), target(three.all.perSec >= 10_000)]]),
		'',
		`- refused (answered, not counted): 1 process ${JSON.stringify(one.refused)}; 3 processes ${JSON.stringify(three.refused)}`,
		`- resent after a "not now" answer (latency counts until the final answer): 1 process ${JSON.stringify(one.retried)}; 3 processes ${JSON.stringify(three.retried)}`
	].join('\n');
	console.log(`\n${text}`);
	appendResult({
		name: 'cluster',
		started: head.started,
		commit: head.commit,
		details: [
			`${o.halls} copies of the city hall; per hall ${o.kiosks} kiosks issuing and ${o.counters} counters calling next + no-show, one command after another each, for ${o.seconds} s; clients in ${o.clients} processes over Socket.IO (websocket), spread over the server processes; private redis-server (AOF everysec)`,
			`command: \`npx tsx bench/cluster.ts --halls ${o.halls} --kiosks ${o.kiosks} --counters ${o.counters} --seconds ${o.seconds} --clients ${o.clients}\``
		],
		text
	});
}

runMain(main);
