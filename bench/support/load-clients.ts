/**
 * A client process of the cluster bench (forked by bench/cluster.ts): for each hall it is given,
 * kiosks issue one ticket after another and counters call next and mark the called ticket absent,
 * one after another, over Socket.IO (websocket), spread round-robin over the server processes,
 * for a fixed time. Replies with every answered command's latency (ms, this process's clock).
 *
 *   → { op: 'run', urls, halls: HallLoad[], durationMs }   ← { op: 'done', latencies: {kind: ms[]}, refused, retried: {code: n}, answers: {event: first ok ack} }
 *   → { op: 'close' }                                       (exits)
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

export interface HallLoad {
	/** Where every client of the hall connects (a balancer that places by hall); absent: spread round-robin. */
	url?: string;
	kioskTokens: string[];
	counters: { id: string; session: string }[];
	services: string[];
}

/** Answers that mean "not now": sent again unchanged (tests/support/failover-client.ts does the same). */
const RETRY = new Set(['STORE.UNAVAILABLE', 'STORE.CONFLICT', 'SERVER.SHUTTING_DOWN']);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function connect(url: string, auth: object): Promise<Socket> {
	const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

/** The first successful answer to each event: the bare baseline server sends the same ones. */
const answers: Record<string, unknown> = {};

function ask(socket: Socket, event: string, payload: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
	return new Promise((resolve, reject) =>
		socket.timeout(20_000).emit(event, payload, (err: Error | null, a: { ok: boolean }) => {
			if (err) return reject(err);
			if (a.ok && !(event in answers)) answers[event] = a;
			resolve(a);
		})
	);
}

let n = 0;
const rid = (p: string) => `${p}-${process.pid}-${++n}`;

async function run(urls: string[], halls: HallLoad[], durationMs: number) {
	const latencies: Record<string, number[]> = { issue: [], callNext: [], noShow: [] };
	const refused: Record<string, number> = {};
	const retried: Record<string, number> = {};
	const sockets: Socket[] = [];
	let k = 0;
	const at = (h: HallLoad) => h.url ?? urls[k++ % urls.length]!;
	const kiosks = await Promise.all(halls.flatMap((h) => h.kioskTokens.map(async (token) => ({ h, s: await connect(at(h), { token }) }))));
	const counters = await Promise.all(halls.flatMap((h) => h.counters.map(async (c) => ({ c, s: await connect(at(h), { session: c.session }) }))));
	sockets.push(...kiosks.map((x) => x.s), ...counters.map((x) => x.s));
	for (const { c, s } of counters) {
		const a = await ask(s, 'counter:open', { requestId: rid('open'), counter: c.id });
		if (!a.ok) throw new Error(`counter:open ${c.id}: ${a.error?.code}`);
	}
	/** Timed until answered: a "not now" answer is resent with the same request id (as clients do). */
	const timed = async (kind: string, s: Socket, event: string, payload: object) => {
		const t = performance.now();
		let a = await ask(s, event, payload);
		for (let i = 0; !a.ok && RETRY.has(a.error?.code ?? '') && i < 20; i++) {
			retried[a.error?.code ?? ''] = (retried[a.error?.code ?? ''] ?? 0) + 1;
			a = await ask(s, event, payload);
		}
		if (a.ok) latencies[kind]!.push(performance.now() - t);
		else refused[`${event} ${a.error?.code}`] = (refused[`${event} ${a.error?.code}`] ?? 0) + 1;
		return a.ok;
	};
	const start = performance.now();
	const running = () => performance.now() - start < durationMs;
	await Promise.all([
		...kiosks.map(async ({ h, s }, i) => {
			for (let j = i; running(); j++) await timed('issue', s, 'ticket:issue', { requestId: rid('i'), service: h.services[j % h.services.length], priority: 'none' });
		}),
		...counters.map(async ({ s }) => {
			while (running()) {
				if (await timed('callNext', s, 'ticket:callNext', { requestId: rid('c') })) await timed('noShow', s, 'ticket:noShow', { requestId: rid('n') });
				else await sleep(20);
			}
		})
	]);
	const wallMs = performance.now() - start;
	for (const s of sockets) s.close();
	return { latencies, refused, retried, wallMs, answers };
}

process.on('message', (m: { op: string; urls: string[]; halls: HallLoad[]; durationMs: number }) => {
	if (m.op === 'close') process.exit(0);
	if (m.op !== 'run') return;
	run(m.urls, m.halls, m.durationMs).then(
		(r) => process.send?.({ op: 'done', ...r }),
		(err: unknown) => process.send?.({ op: 'error', error: String(err) })
	);
});
process.send?.({ op: 'ready' });
