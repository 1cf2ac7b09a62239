/**
 * Clients for tests of several server processes: a kiosk, console or board that, like a client
 * behind a balancer, moves to another process when its own goes away, and resends an unanswered
 * request with the same request id.
 */
import { io } from 'socket.io-client';
import type { Ack, BoardState, CallView, CatalogZone, ClientToServerEvents, CounterView, QueueCounts } from '../../server/realtime/contract';
import type { ErrorCode } from '../../server/core/errors';
import type { Client } from './server';

/** Answers that mean "not now": the request is sent again, unchanged. */
const RETRY_CODES = new Set(['STORE.UNAVAILABLE', 'STORE.CONFLICT', 'SERVER.SHUTTING_DOWN']);
/** Handshake refusals that the same credentials will get again (an expired session, a revoked token). */
const REFUSED_CODES = new Set<ErrorCode>(['AUTH.INVALID', 'AUTH.REQUIRED', 'AUTH.CROSS_SITE']);
const ASK_TIMEOUT_MS = 4000;
/** How long `call` keeps resending by default. */
export const CALL_DEADLINE_MS = 60_000;

/** The server refused the connection itself: retrying with the same `auth` cannot help. */
export class ConnectionRefused extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string
	) {
		super(message);
		this.name = 'ConnectionRefused';
	}
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface FailoverStats {
	/** Requests sent again after a timeout, a lost connection or a "not now" answer. */
	retries: number;
	/** Why, by error code (`TIMEOUT` for no answer). */
	retriedFor: Record<string, number>;
	/** Times the client connected to a process after its first connection. */
	failovers: number;
}

export class FailoverClient {
	socket: Client | null = null;
	readonly stats: FailoverStats = { retries: 0, retriedFor: {}, failovers: 0 };
	private next: number;
	private connects = 0;
	private closed = false;
	private connecting: Promise<Client> | null = null;
	private suspended = false;

	/**
	 * `urls()` gives the processes' addresses as they are now (a restarted process comes back on a
	 * new port); the client starts at `first` and moves on round-robin. `onConnect` runs on every
	 * connection before it is used (a board syncs there). With `onConnect` the client also connects
	 * again by itself when its connection is lost (a board has nothing to send that would).
	 */
	constructor(
		private readonly urls: () => string[],
		private readonly auth: object,
		first: number,
		private readonly onConnect?: (socket: Client) => void
	) {
		this.next = first;
	}

	/** The connected socket, connecting (and moving to the next process) as needed. */
	connected(): Promise<Client> {
		if (this.socket?.connected) return Promise.resolve(this.socket);
		this.connecting ??= this.connectSomewhere().finally(() => {
			this.connecting = null;
		});
		return this.connecting;
	}

	/**
	 * Takes the client off the network (a board unplugged): its connection is closed and it does
	 * not connect again until `resume()`.
	 */
	suspend(): void {
		this.suspended = true;
		this.socket?.disconnect();
	}

	resume(): void {
		this.suspended = false;
	}

	private async connectSomewhere(): Promise<Client> {
		while (this.suspended && !this.closed) await sleep(100);
		for (let attempt = 0; !this.closed; attempt++) {
			const list = this.urls();
			const url = list[this.next % list.length];
			this.next += 1;
			if (!url) throw new Error('no server address');
			try {
				const socket = await open(url, this.auth);
				if (this.closed) {
					socket.close();
					break;
				}
				this.socket?.removeAllListeners();
				this.socket?.close();
				this.socket = socket;
				if (this.connects++ > 0) this.stats.failovers++;
				// After a lost connection the next attempt goes to the next process, as a balancer would.
				if (this.onConnect) {
					socket.on('disconnect', () => {
						if (this.socket === socket && !this.closed) void this.connected().catch(() => undefined);
					});
				}
				this.onConnect?.(socket);
				return socket;
			} catch (err) {
				// An expired session or a revoked token is refused by every process, every time: the caller must act.
				if (err instanceof ConnectionRefused) throw err;
				await sleep(Math.min(50 * 2 ** attempt, 500));
			}
		}
		throw new Error('client closed');
	}

	/**
	 * Sends a request until it is answered: after a timeout or a lost connection (on another process)
	 * and after a "not now" answer, with the same payload. Domain refusals are returned, and so is a
	 * refused connection (AUTH.INVALID when the session expired: sign in again and call again).
	 * Throws once `deadline` (epoch ms) has passed, waiting for a connection included.
	 */
	async call<T>(event: keyof ClientToServerEvents, payload: unknown, deadline = Date.now() + CALL_DEADLINE_MS): Promise<Ack<T>> {
		const late = () => new Error(`${event} not answered in time (${this.stats.retries} retries)`);
		for (;;) {
			if (this.closed) throw new Error('client closed');
			if (Date.now() > deadline) throw late();
			let socket: Client;
			try {
				socket = await beforeDeadline(this.connected(), deadline, late);
			} catch (err) {
				if (err instanceof ConnectionRefused) return { ok: false, error: { code: err.code, message: err.message } };
				throw err instanceof Error && err.message.startsWith(event) ? err : new Error(`${event}: ${String(err)}`);
			}
			const answer = await ask<T>(socket, event, payload).catch(() => null);
			if (answer && !(answer.ok === false && RETRY_CODES.has(answer.error.code))) return answer;
			this.stats.retries++;
			const why = answer && !answer.ok ? answer.error.code : 'TIMEOUT';
			this.stats.retriedFor[why] = (this.stats.retriedFor[why] ?? 0) + 1;
			if (!answer && this.socket === socket) {
				// No answer on this connection: drop it, the next attempt connects again (maybe elsewhere).
				socket.removeAllListeners();
				socket.close();
				this.socket = null;
			}
			await sleep(50 + Math.random() * 150);
		}
	}

	/** Like `call`, throwing on a refusal. */
	async must<T>(event: keyof ClientToServerEvents, payload: unknown): Promise<T> {
		const a = await this.call<T>(event, payload);
		if (!a.ok) throw new Error(`${event} refused: ${a.error.code} ${a.error.message}`);
		return a.data;
	}

	close(): void {
		this.closed = true;
		this.socket?.removeAllListeners();
		this.socket?.close();
		this.socket = null;
	}
}

/** `promise`, or the error `late()` once `deadline` (epoch ms) has passed. */
export function beforeDeadline<T>(promise: Promise<T>, deadline: number, late: () => Error): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const expired = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(late()), Math.max(0, deadline - Date.now()));
	});
	return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

function open(url: string, auth: object): Promise<Client> {
	const socket: Client = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, timeout: 2000 });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (err: Error & { data?: { code?: unknown } }) => {
			socket.close();
			const code = err.data?.code;
			reject(REFUSED_CODES.has(code as ErrorCode) ? new ConnectionRefused(code as ErrorCode, err.message) : err);
		});
	});
}

function ask<T>(socket: Client, event: keyof ClientToServerEvents, payload: unknown): Promise<Ack<T>> {
	return new Promise((resolve, reject) => {
		(socket.timeout(ASK_TIMEOUT_MS) as unknown as { emit: (e: string, p: unknown, cb: (err: Error | null, a: Ack<T>) => void) => void }).emit(
			event,
			payload,
			(err, answer) => (err ? reject(err) : resolve(answer))
		);
	});
}

/**
 * A display board as the board page runs it: syncs from the last call it saw on every connection,
 * takes live calls, counter updates and waiting counts. Keeps every call it was given, to be
 * compared with the log.
 */
export class BoardWatcher {
	readonly client: FailoverClient;
	/** Every call seq this board was given (live or by sync). */
	readonly seqs = new Set<number>();
	readonly calls = new Map<number, CallView>();
	/** A call pushed twice on one connection (a process publishing an event twice). */
	liveDuplicates = 0;
	/** Calls a sync sent that the board already had (pages that overlap). */
	syncDuplicates = 0;
	/** `board:sync` answers taken (a long catch-up takes several pages). */
	syncs = 0;
	zones: CatalogZone[] = [];
	counters = new Map<string, CounterView>();
	private day: string | null = null;
	private cursor = 0;
	private countsVersion = -1;
	private syncing: Promise<void> | null = null;

	constructor(
		urls: () => string[],
		readonly token: string,
		first: number
	) {
		this.client = new FailoverClient(urls, { token }, first, (socket) => this.attach(socket));
	}

	async start(): Promise<void> {
		await this.client.connected();
		await this.syncing;
	}

	private attach(socket: Client): void {
		const live = new Set<number>();
		socket.on('call', (call) => {
			if (live.has(call.seq)) this.liveDuplicates++;
			live.add(call.seq);
			this.add(call);
		});
		socket.on('counter:update', (view) => this.counters.set(view.id, view));
		socket.on('queue:counts', (counts: QueueCounts) => {
			if (counts.version < this.countsVersion) return;
			this.countsVersion = counts.version;
			this.zones = this.zones.map((z) => ({ ...z, waiting: counts.zones[z.id] ?? 0 }));
		});
		// A sync that fails (no process answered in time) leaves the board behind, which the comparison
		// with the log shows; it must not end the process as an unhandled rejection.
		const syncing = this.sync();
		syncing.catch(() => undefined);
		this.syncing = syncing;
	}

	/** From the last call seen, page by page (`more`) to the end of the log. */
	private async sync(): Promise<void> {
		let answer: BoardState;
		do {
			answer = await this.client.must<BoardState>('board:sync', { day: this.day, lastSeq: this.cursor });
			this.syncs++;
			for (const c of answer.calls) {
				if (this.seqs.has(c.seq)) this.syncDuplicates++;
				this.add(c);
			}
			this.day = answer.hall.day;
			this.cursor = Math.max(this.cursor, answer.lastSeq);
		} while (answer.more);
		this.zones = answer.zones;
		this.countsVersion = -1;
		for (const c of answer.counters) this.counters.set(c.id, c);
	}

	private add(call: CallView): void {
		this.seqs.add(call.seq);
		this.calls.set(call.seq, call);
		if (call.seq > this.cursor) this.cursor = call.seq;
	}

	/** Off the network while `during` runs, then back: it pages through what it missed. Resolves once caught up. */
	async away(during: () => Promise<unknown>): Promise<void> {
		this.client.suspend();
		try {
			await during();
		} finally {
			this.client.resume();
		}
		await this.client.connected();
		await this.syncing;
	}

	close(): void {
		this.client.close();
	}
}
