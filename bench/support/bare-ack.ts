/**
 * The cluster bench's baseline (forked by bench/cluster.ts): a bare Socket.IO server with nothing of
 * HallQ, HallQ's server options. Every event is answered at once with the answer HallQ gave to the
 * same event in the same run (`answers`: event → the ack), so both servers send the same bytes.
 * Sends { op: 'ready', port } when it listens.
 *
 *   → { op: 'listen', answers: Record<event, unknown> }   ← { op: 'ready', port }
 *   → { op: 'close' }                                     (exits)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

function listen(answers: Record<string, unknown>): void {
	const httpServer = createServer();
	const io = new Server(httpServer, { path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 8_000 });
	io.on('connection', (socket) => {
		socket.onAny((event: string, ...args: unknown[]) => {
			const ack = args[args.length - 1];
			if (typeof ack === 'function') (ack as (a: unknown) => void)(answers[event] ?? { ok: false, error: { code: 'BENCH.NO_ANSWER' } });
		});
	});
	httpServer.listen(0, '127.0.0.1', () => process.send?.({ op: 'ready', port: (httpServer.address() as AddressInfo).port }));
	process.on('message', (m: { op: string }) => {
		if (m.op === 'close') void io.close(() => process.exit(0));
	});
}

process.once('message', (m: { op: string; answers: Record<string, unknown> }) => {
	if (m.op === 'listen') listen(m.answers);
});
