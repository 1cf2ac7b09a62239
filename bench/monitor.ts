/**
 * The live monitor's cost (issue 19): copies of the city hall (275 services, 70 counters) in one
 * HallQ process on SQLite (synchronous=FULL), each hall in a steady serving cycle over Socket.IO:
 * its kiosk issues a ticket for a service of its open counter, the counter's clerk calls it, starts
 * and finishes it (one command in flight per hall, `rate` commands a second), so queues stay
 * bounded and the phases compare alike. Baseline in the same run: the same load with no monitor
 * open, before and after. Then one wall monitor per hall (`monitor:open`, device token), pushed a
 * view at most once a second per hall.
 *
 * Measured: the server process's CPU time per second (from /proc) without and with the monitors,
 * the added CPU per command, the command round trip, and the monitor's update latency: from the ack
 * of the k-th ticket to the first push whose `totals.issued` counts it (coalescing makes it up to a
 * second by design). The clerks' sessions are signed here with the demo keys the servers run on (as the
 * server signs them at sign-in: 500 password checks would only measure scrypt).
 *
 *   npx tsx bench/monitor.ts [--halls 500] [--rate 5] [--seconds 20]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { MonitorDelta, MonitorSnapshot, MonitorView } from '../server/realtime/contract';
import { intFlag, parseFlags } from './support/args';
import { writeBenchHalls } from './support/bench-halls';
import { Keyring } from '../server/app/keyring';
import { signSession } from '../server/app/sessions';
import { DEMO_KEYS } from '../server/config/demo-values';
import { startHallProcesses } from './support/hall-processes';
import { appendResult, f0, f1, f2, mib, percentile, rssOf, runHeader, runMain, table, target } from './support/report';

const USAGE = 'npx tsx bench/monitor.ts [--halls 500] [--rate 5] [--seconds 20]';
/** A Wednesday, 10:00 in Shanghai: the halls are open; the clock runs at real speed from there. */
const BENCH_DAY = Date.parse('2025-03-12T02:00:00Z');
const CLK_TCK = 100;

/** User + system CPU of a process so far, ms (Linux /proc). */
function cpuMsOf(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

function connect(url: string, auth: object): Promise<Socket> {
	const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 60_000 });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

function ask<T>(socket: Socket, event: string, payload: unknown): Promise<{ ok: true; data: T } | { ok: false; error: { code: string } }> {
	return new Promise((resolve, reject) => socket.timeout(30_000).emit(event, payload, (err: Error | null, a: { ok: true; data: T } | { ok: false; error: { code: string } }) => (err ? reject(err) : resolve(a))));
}

interface Hall {
	id: string;
	kiosk: Socket;
	/** The clerk's console at the hall's open counter. */
	clerk: Socket;
	counter: string;
	/** Services the open counter serves (issued in turn: every ticket is the counter's to call). */
	services: string[];
	/** Tickets this bench issued in the hall (the only issuer): the k-th ack is `issued` = k. */
	issued: number;
	/** The next step of the hall's cycle: issue, call, start, finish. */
	step: number;
	/** Ack time of each ticket, by its count, while a monitor follows the hall. */
	acked: Map<number, number>;
}

const CYCLE = ['issue', 'call', 'start', 'finish'] as const;

interface Phase {
	label: string;
	commands: number;
	refused: number;
	seconds: number;
	cpuMsPerSecond: number;
	/** Round trip of every command of the phase (issue, call, start, finish). */
	issueMs: number[];
	monitorMs: number[];
	pushes: number;
	pushBytes: number;
}

let n = 0;
const rid = () => `bench-${process.pid}-${++n}`;

/** The hall's next command of its cycle. */
function step(h: Hall): Promise<{ ok: boolean; issued: boolean }> {
	const kind = CYCLE[h.step % CYCLE.length] as (typeof CYCLE)[number];
	const answer = (a: { ok: boolean }) => ({ ok: a.ok, issued: kind === 'issue' && a.ok });
	if (kind === 'issue') return ask(h.kiosk, 'ticket:issue', { requestId: rid(), service: h.services[h.issued % h.services.length] }).then(answer);
	if (kind === 'call') return ask(h.clerk, 'ticket:callNext', { requestId: rid() }).then(answer);
	if (kind === 'start') return ask(h.clerk, 'ticket:start', { requestId: rid() }).then(answer);
	return ask(h.clerk, 'ticket:finish', { requestId: rid(), outcome: 'done' }).then(answer);
}

/** Every hall runs `rate` commands of its cycle a second (one in flight) for `seconds`; the server's CPU is read around it. */
async function pace(halls: Hall[], rate: number, seconds: number, pid: number, label: string, follow: boolean): Promise<Phase> {
	const issueMs: number[] = [];
	let refused = 0;
	let commands = 0;
	const stopAt = performance.now() + seconds * 1000;
	const cpu0 = cpuMsOf(pid);
	const t0 = performance.now();
	await Promise.all(
		halls.map(async (h, i) => {
			// Spread the halls' ticks over the interval.
			await new Promise((r) => setTimeout(r, (i * 1000) / rate / halls.length));
			for (let next = performance.now(); next < stopAt; next += 1000 / rate) {
				const wait = next - performance.now();
				if (wait > 0) await new Promise((r) => setTimeout(r, wait));
				const started = performance.now();
				const a = await step(h);
				const done = performance.now();
				h.step++;
				if (!a.ok) {
					refused++;
					continue;
				}
				commands++;
				issueMs.push(done - started);
				if (!a.issued) continue;
				h.issued++;
				if (follow) h.acked.set(h.issued, done);
			}
		})
	);
	const wall = (performance.now() - t0) / 1000;
	const cpu = cpuMsOf(pid) - cpu0;
	return { label, commands, refused, seconds: wall, cpuMsPerSecond: cpu / wall, issueMs: issueMs.sort((a, b) => a - b), monitorMs: [], pushes: 0, pushBytes: 0 };
}

async function main(): Promise<number> {
	const flags = parseFlags(process.argv.slice(2), { values: ['halls', 'rate', 'seconds'], flags: [] }, USAGE);
	const hallCount = intFlag(flags, 'halls', 500, 1, 2000);
	const rate = intFlag(flags, 'rate', 5, 1, 50);
	const seconds = intFlag(flags, 'seconds', 20, 2, 600);
	const header = runHeader(`monitor bench: ${hallCount} halls × ${rate} commands/s, ${seconds} s a phase`);
	for (const l of header.lines) console.log(l);

	const dir = mkdtempSync(join(tmpdir(), 'hallq-monitor-bench-'));
	const demoKeys = new Keyring(DEMO_KEYS);
	const benchHalls = writeBenchHalls(dir, hallCount);
	const procs = await startHallProcesses({ store: 'sqlite', processes: 1, config: benchHalls.map((h) => h.file).join(','), clock: { simStart: BENCH_DAY, realStart: Date.now(), speed: 1 } });
	try {
		const server = procs.servers[0];
		const pid = server?.child.pid;
		if (!server || !pid) throw new Error('no server process');
		const halls: Hall[] = [];
		for (const b of benchHalls) {
			const issuable = new Set(b.config.services.filter((s) => !s.requiresIdentity && s.dailyQuota === null).map((s) => s.code));
			const counter = b.config.counters.find((c) => c.services.some((x) => issuable.has(x.service)));
			if (!counter) throw new Error(`${b.id}: no counter serves a service without identity or quota`);
			const staff = b.staffOf.get(counter.id) ?? '';
			const session = signSession({ hall: b.id, staff, exp: BENCH_DAY + 86_400_000, ep: 0 }, demoKeys);
			const clerk = await connect(server.url, { session });
			const opened = await ask(clerk, 'counter:open', { requestId: rid(), counter: counter.id });
			if (!opened.ok) throw new Error(`counter:open ${b.id}/${counter.id}: ${opened.error.code}`);
			const services = counter.services.map((x) => x.service).filter((code) => issuable.has(code));
			halls.push({ id: b.id, kiosk: await connect(server.url, { token: b.tokens.get('K01') }), clerk, counter: counter.id, services, issued: 0, step: 0, acked: new Map() });
		}
		console.log(`${halls.length} kiosks and counters connected; warming up`);
		await pace(halls, rate, 5, pid, 'warm-up', false);

		const without = await pace(halls, rate, seconds, pid, 'no monitors (baseline, before)', false);
		console.log(`${without.label}: ${f0(without.commands / without.seconds)} commands/s, server CPU ${f0(without.cpuMsPerSecond)} ms/s`);

		const monitors: Socket[] = [];
		const monitorMs: number[] = [];
		let pushes = 0;
		let pushBytes = 0;
		let following = false;
		for (const h of halls) {
			const m = await connect(server.url, { token: `${h.id}-wall` });
			const snap = await ask<MonitorSnapshot>(m, 'monitor:open', {});
			if (!snap.ok) throw new Error(`monitor:open ${h.id}: ${snap.error.code}`);
			let seen = snap.data.view.totals.issued;
			const onView = (v: { totals: { issued: number } }, bytes: number) => {
				const now = performance.now();
				if (!following) return;
				pushes++;
				pushBytes += bytes;
				for (let k = seen + 1; k <= v.totals.issued; k++) {
					const at = h.acked.get(k);
					if (at !== undefined) monitorMs.push(Math.max(0, now - at));
					h.acked.delete(k);
				}
				seen = Math.max(seen, v.totals.issued);
			};
			m.on('monitor:view', (v: MonitorView) => onView(v, JSON.stringify(v).length));
			m.on('monitor:delta', (d: MonitorDelta) => onView(d, JSON.stringify(d).length));
			monitors.push(m);
		}
		console.log(`${monitors.length} monitors open; warming up`);
		await pace(halls, rate, 5, pid, 'warm-up', false);
		following = true;
		const withMonitors = await pace(halls, rate, seconds, pid, `one monitor per hall`, true);
		// The last pushes of the phase arrive within the coalescing second.
		await new Promise((r) => setTimeout(r, 2500));
		following = false;
		withMonitors.monitorMs = monitorMs.sort((a, b) => a - b);
		withMonitors.pushes = pushes;
		withMonitors.pushBytes = pushBytes;
		const rss = rssOf(pid);
		// The baseline is measured before and after the monitors, and their mean compared: what changes
		// through a run (the day's tickets, the log) weighs on both sides alike.
		for (const m of monitors) m.disconnect();
		await pace(halls, rate, 5, pid, 'warm-up', false);
		const after = await pace(halls, rate, seconds, pid, 'no monitors (baseline, after)', false);
		const baseline = (without.cpuMsPerSecond + after.cpuMsPerSecond) / 2;

		const added = (withMonitors.cpuMsPerSecond - baseline) / baseline;
		const perCommand = (p: Phase) => p.cpuMsPerSecond / (p.commands / p.seconds);
		const rows = [without, withMonitors, after].map((p) => [
			p.label,
			f0(p.commands / p.seconds),
			String(p.refused),
			f0(p.cpuMsPerSecond),
			f2(perCommand(p)),
			f1(percentile(p.issueMs, 50)),
			f1(percentile(p.issueMs, 99)),
			p.monitorMs.length ? f0(percentile(p.monitorMs, 50)) : '–',
			p.monitorMs.length ? f0(percentile(p.monitorMs, 99)) : '–',
			p.pushes ? f0(p.pushes / p.seconds) : '–',
			p.pushes ? `${f1(p.pushBytes / p.pushes / 1024)} KiB` : '–'
		]);
		const text = [
			table(['phase', 'commands/s', 'refused', 'server CPU ms/s', 'CPU ms/command', 'command p50 ms', 'command p99 ms', 'monitor p50 ms', 'monitor p99 ms', 'pushes/s', 'push size'], rows),
			'',
			`Added server CPU with the monitors: ${f1(added * 100)} % of the mean baseline ${f0(baseline)} ms/s (goal under 10 %: ${target(added < 0.1)}); monitor updates counted: ${withMonitors.monitorMs.length} of ${halls.reduce((n, h) => n + h.acked.size, 0) + withMonitors.monitorMs.length} tickets; server RSS ${mib(rss)}.`
		].join('\n');
		console.log(`\n${text}`);
		appendResult({
			name: 'Live monitor (bench/monitor.ts)',
			started: header.started,
			commit: header.commit,
			details: [
				`${hallCount} copies of the city hall in one process, SQLite synchronous=FULL; per hall one kiosk and one open counter in a steady cycle (issue, call, start, finish), ${rate} commands/s (one in flight); ${seconds} s a phase after 5 s of warm-up; clients in the bench process on the same machine`
			],
			text
		});
		for (const s of halls.flatMap((h) => [h.kiosk, h.clerk])) s.disconnect();
		// SIGTERM first: a profiled server (HALLQ_SERVER_NODE_ARGS=--cpu-prof) writes its profile.
		await procs.stopServers();
		return 0;
	} finally {
		await procs.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

runMain(main);
