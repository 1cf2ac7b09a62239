/**
 * A client process of the fan-out bench (forked by bench/fanout.ts): opens many Socket.IO
 * connections (websocket transport) to one server — boards that receive every call, and idle
 * phones — and, when it is the round's caller, sends the call itself and times each of its boards'
 * receipt against the moment it sent it, on this process's clock.
 *
 * Messages (process.send / 'message'):
 *   → { op: 'open', url, boards, boardAuth, phones: object[] }   ← { op: 'opened', ok, failed }
 *   → { op: 'caller', url, auth }                               ← { op: 'caller', ok, error? }
 *   → { op: 'round', call?: { event, payload, prep? } }        ← { op: 'round', latencies, missing, sample }
 *   → { op: 'close' }                                            (exits)
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';

type Msg =
	| { op: 'open'; url: string; boards: number; boardAuth: object; phones: object[] }
	| { op: 'caller'; url: string; auth: object }
	| { op: 'round'; call?: { event: string; payload: unknown; prep?: { event: string; payload: unknown } } }
	| { op: 'close' };

const boards: Socket[] = [];
const phones: Socket[] = [];
let caller: Socket | null = null;
/** Per round: the time the call was sent, and each board's first receipt. */
let sentAt = 0;
let receipts: number[] = [];
let received = new Set<Socket>();
let sample: unknown = null;
let roundDone: (() => void) | null = null;

const send = (m: object) => process.send?.(m);

function connect(url: string, auth: object): Promise<Socket> {
	const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000 });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (err) => {
			socket.close();
			reject(err);
		});
	});
}

/** Opens `n` connections, at most 50 handshakes at a time. */
async function openMany(n: number, make: (i: number) => Promise<Socket>): Promise<{ sockets: Socket[]; failed: number }> {
	const sockets: Socket[] = [];
	let failed = 0;
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(50, n) }, async () => {
			while (next < n) {
				const i = next++;
				try {
					sockets.push(await make(i));
				} catch {
					failed++;
				}
			}
		})
	);
	return { sockets, failed };
}

function ask(socket: Socket, event: string, payload: unknown): Promise<unknown> {
	return new Promise((resolve, reject) => {
		socket.timeout(10_000).emit(event, payload, (err: Error | null, answer: unknown) => (err ? reject(err) : resolve(answer)));
	});
}

process.on('message', (m: Msg) => {
	void (async () => {
		if (m.op === 'open') {
			const b = await openMany(m.boards, () => connect(m.url, m.boardAuth));
			for (const s of b.sockets) {
				s.on('call', (payload: unknown) => {
					if (sentAt === 0 || received.has(s)) return;
					received.add(s);
					receipts.push(performance.now() - sentAt);
					sample ??= payload;
					if (received.size === boards.length) roundDone?.();
				});
				boards.push(s);
			}
			const p = await openMany(m.phones.length, (i) => connect(m.url, m.phones[i] ?? {}));
			phones.push(...p.sockets);
			send({ op: 'opened', ok: b.sockets.length + p.sockets.length, failed: b.failed + p.failed });
		} else if (m.op === 'caller') {
			try {
				caller = await connect(m.url, m.auth);
				send({ op: 'caller', ok: true });
			} catch (err) {
				send({ op: 'caller', ok: false, error: String(err) });
			}
		} else if (m.op === 'round') {
			receipts = [];
			received = new Set();
			sample = null;
			sentAt = 0;
			if (!m.call || !caller) return send({ op: 'round', latencies: [], missing: 0, sample: null });
			if (m.call.prep) await ask(caller, m.call.prep.event, m.call.prep.payload).catch(() => null);
			const all = new Promise<void>((r) => (roundDone = r));
			const timeout = new Promise<void>((r) => setTimeout(r, 15_000));
			sentAt = performance.now();
			const answer = ask(caller, m.call.event, m.call.payload).catch((err: unknown) => ({ ok: false, error: String(err) }));
			await Promise.race([all, timeout]);
			roundDone = null;
			const latencies = receipts;
			sentAt = 0;
			send({ op: 'round', latencies, missing: boards.length - latencies.length, sample, answer: await answer });
		} else if (m.op === 'close') {
			for (const s of [...boards, ...phones, ...(caller ? [caller] : [])]) s.close();
			process.exit(0);
		}
	})();
});
send({ op: 'ready' });
