/**
 * Fan-out (issue 7, item 2): call → board latency with 100, 1,000 and 10,000 connected clients
 * (half hall boards, half phones following their own ticket), and memory per idle connection;
 * next to a bare Socket.IO server broadcasting the same call payload to the same clients.
 *
 * The clients live in separate processes (bench/support/fanout-clients.ts, up to 2,500 each). Each
 * round, one client process is the caller: it sends call-next (HallQ) or `go` (bare) and times the
 * receipt at each of its own boards against the moment it sent, on its own clock. The caller moves
 * to the next client process every round, so every board is timed. A fresh server per size.
 *
 *   npm run bench:fanout                         (raises the open-file limit first)
 *   npx tsx bench/fanout.ts [--sizes 100,1000,10000] [--rounds 30]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import type { HallConfig } from '../server/core/model';
import { staffPerCounter } from '../tests/support/city-staff';
import { login, rid } from '../tests/support/server';
import { intFlag, parseFlags } from './support/args';
import { CITY_HALL } from './support/day-sim';
import { startHallProcesses } from './support/hall-processes';
import { Child } from './support/child';
import { appendResult, f1, percentile, ratio, ROOT, rssOf, runHeader, runMain, table, target } from './support/report';

const USAGE = 'npx tsx bench/fanout.ts [--sizes 100,1000,10000] [--rounds 30]';
const PER_PROCESS = 2500;
const CLIENT_SCRIPT = fileURLToPath(new URL('./support/fanout-clients.ts', import.meta.url));
const BARE_SCRIPT = fileURLToPath(new URL('./support/bare-broadcast.ts', import.meta.url));
const hall = JSON.parse(readFileSync(join(ROOT, CITY_HALL), 'utf8')) as HallConfig;
const COUNTER = hall.counters[0]!;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface Side {
	/** Board receipts, ms after the call was sent. */
	latencies: number[];
	missing: number;
	rssIdle: number;
	rssConnected: number;
	connected: number;
	failed: number;
	sample: unknown;
}

/** Opens `n` clients (half boards) over as many client processes as needed, then runs the rounds. */
async function measure(
	url: string,
	pid: number,
	n: number,
	rounds: number,
	auth: { board: object; phones: object[]; caller: object },
	call: () => { event: string; payload: unknown; prep?: { event: string; payload: unknown } }
): Promise<Side> {
	const processes = Math.max(1, Math.ceil(n / PER_PROCESS));
	const children = Array.from({ length: processes }, () => Child.start(CLIENT_SCRIPT));
	try {
		await Promise.all(children.map((c) => c.next()));
		await sleep(1000);
		const rssIdle = rssOf(pid);
		const boards = Math.floor(n / 2);
		const opened = await Promise.all(
			children.map((c, i) => {
				const share = (k: number) => Math.floor((k * (i + 1)) / processes) - Math.floor((k * i) / processes);
				const from = Math.floor((auth.phones.length * i) / processes);
				return c.ask({ op: 'open', url, boards: share(boards), boardAuth: auth.board, phones: auth.phones.slice(from, from + share(n - boards)) });
			})
		);
		const connected = opened.reduce((k, r) => k + Number(r.ok), 0);
		const failed = opened.reduce((k, r) => k + Number(r.failed), 0);
		for (const c of children) {
			const r = await c.ask({ op: 'caller', url, auth: auth.caller });
			if (!r.ok) throw new Error(`caller did not connect: ${String(r.error)}`);
		}
		// Idle: let the handshakes settle, then read the server's RSS.
		await sleep(3000);
		const rssConnected = rssOf(pid);
		const latencies: number[] = [];
		let missing = 0;
		let sample: unknown = null;
		for (let r = 0; r < rounds; r++) {
			const caller = r % processes;
			const replies = await Promise.all(children.map((c, i) => c.ask({ op: 'round', ...(i === caller ? { call: call() } : {}) })));
			const mine = replies[caller]!;
			const answer = mine.answer as { ok?: boolean; error?: unknown } | undefined;
			if (answer && answer.ok === false) throw new Error(`round ${r}: the call was refused: ${JSON.stringify(answer.error)}`);
			latencies.push(...(mine.latencies as number[]));
			missing += Number(mine.missing);
			sample ??= mine.sample;
			await sleep(100);
		}
		return { latencies, missing, rssIdle, rssConnected, connected, failed, sample };
	} finally {
		await Promise.all(children.map((c) => c.stop()));
	}
}

/** HallQ on SQLite, the city hall, real clock: phones' tickets issued and a counter opened first. */
async function hallqSide(n: number, rounds: number): Promise<Side> {
	const procs = await startHallProcesses({ store: 'sqlite', processes: 1, config: CITY_HALL, clock: { simStart: Date.now(), realStart: Date.now(), speed: 1 } });
	try {
		const url = procs.urls()[0]!;
		const pid = procs.servers[0]!.child.pid!;
		const kiosk = await open(url, { token: 'demo-city-kiosk-K01' });
		const phones: object[] = [];
		// Services a kiosk issues without an ID card (the load has no card reader).
		const services = COUNTER.services.map((s) => s.service).filter((s) => !hall.services.find((x) => x.code === s)?.requiresIdentity);
		const tickets = Math.floor(n / 2) + rounds + 5;
		let next = 0;
		await Promise.all(
			Array.from({ length: 20 }, async () => {
				while (next < tickets) {
					const i = next++;
					const a = (await ask(kiosk, 'ticket:issue', { requestId: rid('fan'), service: services[i % services.length], priority: 'none' })) as { ok: boolean; data: { token: string } };
					if (!a.ok) throw new Error(`issue refused: ${JSON.stringify(a)}`);
					if (phones.length < n - Math.floor(n / 2)) phones.push({ ticket: a.data.token });
				}
			})
		);
		kiosk.close();
		const staff = staffPerCounter(hall).get(COUNTER.id)!;
		const { session } = await login(url, hall.id, staff, 'hallq-demo');
		if (!session) throw new Error('login: no session token');
		const counter = await open(url, { session });
		const opened = (await ask(counter, 'counter:open', { requestId: rid('open'), counter: COUNTER.id })) as { ok: boolean };
		if (!opened.ok) throw new Error('counter:open refused');
		counter.close();
		return await measure(url, pid, n, rounds, { board: { token: 'demo-city-board-hall' }, phones, caller: { session } }, () => ({
			event: 'ticket:callNext',
			payload: { requestId: rid('call') },
			prep: { event: 'ticket:noShow', payload: { requestId: rid('ns') } }
		}));
	} finally {
		await procs.close();
	}
}

async function bareSide(n: number, rounds: number, payload: unknown): Promise<Side> {
	const server = Child.start(BARE_SCRIPT);
	try {
		const ready = await server.next();
		const url = `http://127.0.0.1:${String(ready.port)}`;
		const phones = Array.from({ length: n - Math.floor(n / 2) }, (_, i) => ({ phone: i }));
		return await measure(url, server.proc.pid!, n, rounds, { board: { board: true }, phones, caller: {} }, () => ({ event: 'go', payload }));
	} finally {
		await server.stop();
	}
}

function open(url: string, auth: object): Promise<Socket> {
	const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

function ask(socket: Socket, event: string, payload: unknown): Promise<unknown> {
	return new Promise((resolve, reject) => socket.timeout(10_000).emit(event, payload, (err: Error | null, a: unknown) => (err ? reject(err) : resolve(a))));
}

async function main(): Promise<void> {
	const flags = parseFlags(process.argv.slice(2), { values: ['sizes', 'rounds'], flags: [] }, USAGE);
	const sizes = (flags.get('sizes') ?? '100,1000,10000').split(',').map(Number);
	if (sizes.some((s) => !Number.isInteger(s) || s < 2)) throw new Error(`--sizes must be whole numbers ≥ 2, not ${flags.get('sizes')}`);
	const rounds = intFlag(flags, 'rounds', 30, 1, 1000);
	const head = runHeader('fan-out bench');
	for (const l of head.lines) console.log(l);
	const rows: string[][] = [];
	const targets: string[][] = [];
	for (const n of sizes) {
		console.log(`\n${n} clients (${Math.floor(n / 2)} boards, ${n - Math.floor(n / 2)} phones), ${rounds} calls`);
		const h = await hallqSide(n, rounds);
		console.log(`  hallq: ${h.connected} connected (${h.failed} failed), ${h.latencies.length} receipts, ${h.missing} missing`);
		const b = await bareSide(n, rounds, h.sample ?? { seq: 1 });
		console.log(`  bare: ${b.connected} connected (${b.failed} failed), ${b.latencies.length} receipts, ${b.missing} missing`);
		const sorted = (x: number[]) => [...x].sort((p, q) => p - q);
		const hs = sorted(h.latencies);
		const bs = sorted(b.latencies);
		const perConn = (s: Side) => (s.rssConnected - s.rssIdle) / Math.max(1, s.connected);
		for (const [name, s, l] of [['HallQ', h, hs], ['bare Socket.IO', b, bs]] as const) {
			rows.push([String(n), name, `${s.connected}/${n}`, String(l.length), String(s.missing), f1(percentile(l, 50)), f1(percentile(l, 99)), f1(l[l.length - 1] ?? Number.NaN), f1(perConn(s) / 1024)]);
		}
		rows.push([String(n), 'HallQ ÷ bare', '', '', '', ratio(percentile(hs, 50), percentile(bs, 50)), ratio(percentile(hs, 99), percentile(bs, 99)), '', ratio(perConn(h), perConn(b))]);
		if (n === 1000) targets.push(['call → board p99 ≤ 100 ms at 1,000 clients', `${f1(percentile(hs, 99))} ms`, target(percentile(hs, 99) <= 100)]);
		if (n === 10000) targets.push(['call → board p99 ≤ 1.5× bare broadcast at 10,000', ratio(percentile(hs, 99), percentile(bs, 99)), target(percentile(hs, 99) <= 1.5 * percentile(bs, 99))]);
		if (n === Math.max(...sizes)) targets.push([`≤ 30 KB RSS per idle connection (${n} clients)`, `${f1(perConn(h) / 1024)} KB`, target(perConn(h) <= 30 * 1024)]);
	}
	const text = [
		table(['clients', 'server', 'connected', 'receipts', 'missing', 'p50 ms', 'p99 ms', 'max ms', 'RSS KB / idle conn'], rows),
		'',
		'Latency: from the caller sending call-next (HallQ: the counter\'s request, including the command and its durable append; bare: `go`) to each hall board\'s `call` event, both timed in the same client process. Half the clients are hall boards (they receive every call), half are phones (HallQ: each follows its own ticket; bare: idle). RSS per connection: server RSS with every client connected and idle minus RSS before, ÷ clients.',
		'',
		table(['target (issue 7)', 'reached', ''], targets)
	].join('\n');
	console.log(`\n${text}`);
	appendResult({
		name: 'fanout',
		started: head.started,
		commit: head.commit,
		details: [`HallQ: one process, SQLite synchronous=FULL, the city hall; clients in ${PER_PROCESS}-client processes, websocket transport; ${rounds} calls per size`, `command: \`npm run bench:fanout -- --sizes ${sizes.join(',')} --rounds ${rounds}\``],
		text
	});
}

runMain(main);
