/** A reader reached over TCP: the simulator CLI, or a serial-to-network bridge. */
import { createConnection } from 'node:net';
import { TransportEvents, type OpenTransport, type ReaderTransport } from './transport';

export function tcpTransport(host: string, port: number): OpenTransport {
	return () =>
		new Promise<ReaderTransport>((resolve, reject) => {
			const socket = createConnection({ host, port });
			const events = new TransportEvents();
			socket.once('error', reject);
			socket.once('connect', () => {
				socket.off('error', reject);
				socket.setNoDelay(true);
				socket.on('data', (data) => events.data(data));
				socket.on('error', (error) => events.close(error));
				socket.on('close', () => events.close());
				resolve({
					write: (bytes) => new Promise<void>((res, rej) => socket.write(bytes, (error) => (error ? rej(error) : res()))),
					onData: (l) => events.onData(l),
					onClose: (l) => events.onClose(l),
					close: async () => {
						socket.destroy();
						events.close();
					}
				});
			});
		});
}
