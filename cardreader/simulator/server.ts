/** Serves a SimulatedSam over TCP, one connection at a time, so a kiosk agent can be run against it. */
import { createServer, type Server, type Socket } from 'node:net';
import type { SimulatedSam } from './simulated-sam';

export interface SimulatorServer {
	readonly port: number;
	/** Ends the current connection, as pulling the reader's cable would. */
	dropConnection(): void;
	close(): Promise<void>;
}

export function startSimulatorServer(sam: SimulatedSam, options: { port?: number; host?: string } = {}): Promise<SimulatorServer> {
	let current: Socket | undefined;
	const server: Server = createServer((socket) => {
		current?.destroy();
		current = socket;
		socket.setNoDelay(true);
		socket.on('data', (data) => {
			for (const chunk of sam.receive(data, Date.now())) socket.write(chunk);
		});
		socket.on('error', () => socket.destroy());
		socket.on('close', () => {
			if (current === socket) current = undefined;
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			resolve({
				port,
				dropConnection: () => current?.destroy(),
				close: () =>
					new Promise<void>((res) => {
						current?.destroy();
						server.close(() => res());
					})
			});
		});
	});
}
