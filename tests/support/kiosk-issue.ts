import { io, type Socket } from 'socket.io-client';
import { TOKENS } from './test-hall';

/** A second kiosk of the test hall driven by socket, to issue tickets and read the catalog behind the browser's back. */
export interface KioskSocket {
	issue(service: string, requestId?: string): Promise<{ ok: boolean; data?: { id: string }; error?: { code: string } }>;
	waiting(service: string): Promise<number>;
	issuedToday(service: string): Promise<number>;
	close(): void;
}

export async function kioskSocket(url: string): Promise<KioskSocket> {
	const socket: Socket = io(url, { auth: { token: TOKENS.kiosk2 }, transports: ['websocket'], reconnection: false });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('connect_error', reject);
	});
	const catalog = async () =>
		(await socket.timeout(5000).emitWithAck('kiosk:catalog', {})) as { ok: true; data: { services: { code: string; waiting: number; issuedToday?: number }[] } };
	return {
		issue: async (service, requestId = `test-${service}-${Math.random().toString(36).slice(2)}`) =>
			(await socket.timeout(5000).emitWithAck('ticket:issue', { requestId, service, priority: 'none' })) as { ok: boolean; data?: { id: string }; error?: { code: string } },
		waiting: async (service) => (await catalog()).data.services.find((s) => s.code === service)?.waiting ?? -1,
		issuedToday: async (service) => (await catalog()).data.services.find((s) => s.code === service)?.issuedToday ?? -1,
		close: () => void socket.close()
	};
}
