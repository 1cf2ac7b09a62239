/**
 * The fan-out bench's baseline (forked by bench/fanout.ts): a bare Socket.IO server with nothing of
 * HallQ. Clients whose auth says `board` join one room; a `go` event broadcasts its payload to that
 * room as `call` and is answered. Sends { op: 'ready', port } when it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const httpServer = createServer();
// The options HallQ's server uses (server/realtime/attach.ts).
const io = new Server(httpServer, { path: '/socket.io', serveClient: false, maxHttpBufferSize: 64 * 1024, pingInterval: 10_000, pingTimeout: 8_000 });
io.on('connection', (socket) => {
	if ((socket.handshake.auth as { board?: boolean }).board) void socket.join('boards');
	socket.on('go', (payload: unknown, ack: (a: unknown) => void) => {
		io.to('boards').emit('call', payload);
		ack({ ok: true });
	});
});
httpServer.listen(0, '127.0.0.1', () => process.send?.({ op: 'ready', port: (httpServer.address() as AddressInfo).port }));
process.on('message', (m: { op: string }) => {
	if (m.op === 'close') void io.close(() => process.exit(0));
});
