import { mkdtempSync, rmSync } from 'node:fs';
import { LOAD_RATE_LIMITS } from './rate-limits';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { startHallQ, type RunningHallQ } from '../../server/boot';
import type { HallConfig } from '../../server/core/model';
import type { Clock } from '../../server/core/ports';
import { createLogger } from '../../server/logger';
import type { Ack, ClientToServerEvents, LoginResponse, ServerToClientEvents } from '../../server/realtime/contract';

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
	url: string;
	running: RunningHallQ;
	dbFile: string;
	close(): Promise<void>;
}

/** HallQ on a real http server on 127.0.0.1, port 0, with a SQLite file in a temp folder; rate limits never refuse unless `env` sets them. */
export async function startTestServer(
	halls: HallConfig[],
	o: { clock?: Clock; dir?: string; env?: Record<string, string>; logger?: Logger } = {}
): Promise<TestServer> {
	const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'hallq-test-'));
	const dbFile = join(dir, 'hallq.db');
	const httpServer = createServer();
	const running = await startHallQ({
		httpServer,
		halls,
		clock: o.clock,
		logger: o.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
		env: { HALLQ_DB: dbFile, SQLITE_SYNCHRONOUS: 'NORMAL', HALLQ_RATE_LIMITS: LOAD_RATE_LIMITS, ...o.env }
	});
	httpServer.on('request', (req, res) => {
		if (req.url?.startsWith('/socket.io/')) return;
		running.httpHandler(req, res, () => {
			res.statusCode = 404;
			res.end();
		});
	});
	await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
	const { port } = httpServer.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		running,
		dbFile,
		async close() {
			await running.close();
			await new Promise<void>((r) => httpServer.close(() => r()));
			if (!o.dir) rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A connected client; rejects with the server's connect_error (e.g. AUTH.INVALID). */
export function connect(url: string, auth: object, extra: { reconnection?: boolean } = {}): Promise<Client> {
	const socket: Client = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: extra.reconnection ?? false });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (err: Error & { data?: { code: string } }) => {
			socket.close();
			reject(Object.assign(new Error(err.message), { code: err.data?.code }));
		});
	});
}

/** Emits and resolves with the raw ack. */
export function ask<T>(socket: Client, event: keyof ClientToServerEvents, payload: unknown): Promise<Ack<T>> {
	return new Promise((resolve, reject) => {
		(socket.timeout(10_000) as unknown as { emit: (e: string, p: unknown, cb: (err: Error | null, a: Ack<T>) => void) => void }).emit(
			event,
			payload,
			(err, answer) => (err ? reject(err) : resolve(answer))
		);
	});
}

/** Emits and returns the data of an ok ack, or throws with the error code. */
export async function must<T>(socket: Client, event: keyof ClientToServerEvents, payload: unknown): Promise<T> {
	const a = await ask<T>(socket, event, payload);
	if (!a.ok) throw new Error(`${event} failed: ${a.error.code} ${a.error.message}`);
	return a.data;
}

/** Signs a staff member in over HTTP; with `timeoutMs`, gives up (rejects) when not answered in that time. */
export async function login(url: string, hall: string, staff: string, password: string, timeoutMs?: number): Promise<LoginResponse> {
	const res = await fetch(`${url}/api/login`, {
		method: 'POST',
		...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
		headers: { 'content-type': 'application/json' },
		// Not a browser: ask for the session token in the body too (browsers get only the httpOnly cookie).
		body: JSON.stringify({ hall, staff, password, bearer: true })
	});
	const body = (await res.json()) as LoginResponse & { error?: { code: string } };
	if (!res.ok) throw new Error(`login ${res.status} ${body.error?.code}`);
	if (!body.session) throw new Error('login answered without a session');
	return body as LoginResponse & { session: string };
}

/** The session of a staff member signed in (bearer), for tests that act over HTTP and sockets. */
export async function sessionOf(url: string, hall: string, staff: string, password: string): Promise<string> {
	const { session } = await login(url, hall, staff, password);
	if (!session) throw new Error('login answered without a session');
	return session;
}

let counter = 0;
export function rid(prefix = 'req'): string {
	counter += 1;
	return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function waitFor<T>(socket: Client, event: keyof ServerToClientEvents, pred: (v: T) => boolean = () => true, ms = 5000): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
		const on = (v: T) => {
			if (!pred(v)) return;
			clearTimeout(timer);
			(socket as unknown as Socket).off(event, on);
			resolve(v);
		};
		(socket as unknown as Socket).on(event, on);
	});
}

/** The clients a test file opens on one server, closed together when it ends. */
export class ClientPool {
	private readonly open: Client[] = [];

	constructor(private readonly url: () => string) {}

	/** A connected client (see `connect`), closed by `closeAll`. */
	async connect(auth: object): Promise<Client> {
		return this.add(await connect(this.url(), auth));
	}

	/** Takes a client opened otherwise, to close it with the rest. */
	add(client: Client): Client {
		this.open.push(client);
		return client;
	}

	closeAll(): void {
		for (const c of this.open.splice(0)) c.close();
	}
}
