import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, HandshakeAuth, ServerToClientEvents } from '$contract';
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

/** Emits with an ack and a timeout; a timeout rejects with code CLIENT.TIMEOUT so the caller can retry with the same request id. */
export function request<T>(
	socket: HallSocket,
	event: keyof ClientToServerEvents,
	payload: object,
	timeoutMs = 8000
): Promise<T> {
	return new Promise((resolve, reject) => {
		// The typed emit needs a literal event name; this helper is generic over them.
		(socket.timeout(timeoutMs) as unknown as { emit: (e: string, p: object, cb: (err: Error | null, a: Ack<T>) => void) => void }).emit(
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
