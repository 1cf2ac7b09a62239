import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, HandshakeAuth, RequestEvent, RequestPayload, RequestResults, ServerToClientEvents } from '$contract';
import { CLIENT_VERSION, onProtocolRefused, onServerHello } from './protocol';

export type HallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Kiosks, consoles and boards use websocket only: no sticky sessions needed behind a balancer.
 * After a deploy the page reloads itself when `quiet()` says it may (src/lib/client/protocol.ts).
 */
export function connectHall(auth: HandshakeAuth, quiet: () => boolean = () => true): HallSocket {
	const socket: HallSocket = io({ auth: { ...auth, ...CLIENT_VERSION }, transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 5000 });
	socket.on('server:hello', (hello) => onServerHello(hello, quiet));
	socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
		if (err.data?.code === 'PROTOCOL.UNSUPPORTED') onProtocolRefused();
	});
	return socket;
}

export class RequestError extends Error {
	constructor(
		readonly code: string,
		message: string
	) {
		super(message);
	}
}

/**
 * Emits a request of the contract with an ack and a timeout: the event names the payload and the
 * answer's type. A timeout rejects with code CLIENT.TIMEOUT so the caller can retry with the same
 * request id (`retrying`).
 */
export function request<E extends RequestEvent>(socket: HallSocket, event: E, payload: RequestPayload<E>, timeoutMs = 8000): Promise<RequestResults[E]> {
	return new Promise((resolve, reject) => {
		// Socket.IO's typed emit cannot spread a generic event's parameters; the contract's map types this call instead.
		(socket.timeout(timeoutMs) as unknown as { emit: (e: string, p: object, cb: (err: Error | null, a: Ack<RequestResults[E]>) => void) => void }).emit(
			event,
			payload,
			(err, answer) => {
				if (err) return reject(new RequestError('CLIENT.TIMEOUT', 'no answer from the server'));
				if (answer.ok) resolve(answer.data);
				else reject(new RequestError(answer.error.code, answer.error.message));
			}
		);
	});
}

/** Codes after which the same request is sent again: it may or may not have been applied. */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set(['CLIENT.TIMEOUT', 'STORE.UNAVAILABLE', 'STORE.CONFLICT', 'SERVER.SHUTTING_DOWN']);

export interface Retrying {
	/** Sends in all, the first one included. */
	attempts: number;
	timeoutMs: number;
	/** How long a retry waits for a lost connection to come back. */
	reconnectWaitMs: number;
	/** While connected, attempt n + 1 follows n × this. */
	backoffMs: number;
	/** Before each attempt after the first. */
	onRetry?: (attempt: number) => void;
	/** False: the page moved on (another socket, another screen); the last error is thrown. */
	wanted?: () => boolean;
}

/**
 * Sends a request, and on a retryable failure (`RETRYABLE_CODES`) sends the same payload again (same
 * request id: the server answers a repeat with the first result, never a second ticket).
 */
export async function requestRetrying<E extends RequestEvent>(socket: HallSocket, event: E, payload: RequestPayload<E>, retrying: Retrying): Promise<RequestResults[E]> {
	for (let attempt = 1; ; attempt++) {
		try {
			return await request(socket, event, payload, retrying.timeoutMs);
		} catch (err) {
			const code = err instanceof RequestError ? err.code : 'INTERNAL';
			if (!RETRYABLE_CODES.has(code) || attempt >= retrying.attempts || retrying.wanted?.() === false) throw err;
			if (!socket.connected) await waitForConnection(socket, retrying.reconnectWaitMs);
			else await new Promise((r) => setTimeout(r, retrying.backoffMs * attempt));
			retrying.onRetry?.(attempt + 1);
		}
	}
}

/** A request id: random, URL-safe, 22 characters. */
export function newRequestId(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Resolves when the socket is connected (again), or after `ms`, whichever comes first. */
export function waitForConnection(socket: HallSocket, ms: number): Promise<void> {
	if (socket.connected) return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			socket.off('connect', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		socket.on('connect', done);
	});
}
