/** Admins revoke and restore device tokens over the socket (as over HTTP); a revoked device is disconnected on every process. */
import type { Socket } from 'socket.io';
import type { HallQ } from '../app/hallq';
import type { Principal } from './auth';
import type { DeviceTokenView, IssuedDeviceTokenView, RevokedDeviceView } from './contract';
import type { On } from './on';
import { rooms } from './rooms';

export function registerSecurityHandlers(on: On, principal: Principal, hallq: HallQ, socket: Pick<Socket, 'nsp'>): void {
	const { hall, actor } = principal.data;
	on('device:revoke', ['admin'], async (p): Promise<RevokedDeviceView> => {
		const r = await hallq.accounts.revokeDevice(hall, p.device, actor);
		// Through the adapter: the device's connections on every process.
		socket.nsp.in(rooms.device(hall, p.device)).disconnectSockets(true);
		return { device: r.device, at: r.at, by: r.by };
	});
	on('device:restore', ['admin'], async (p) => ({ device: p.device, restored: await hallq.accounts.restoreDevice(hall, p.device, actor) }));
	on('devices:revoked', ['admin'], async (): Promise<RevokedDeviceView[]> =>
		(await hallq.accounts.security.revokedDevices(hall)).map((r) => ({ device: r.device, at: r.at, by: r.by }))
	);
	on('device:issueToken', ['admin'], async (p): Promise<IssuedDeviceTokenView> => {
		const issued = await hallq.accounts.issueDeviceToken(hall, p.device, actor, { replace: p.replace });
		if (issued.replaced > 0) socket.nsp.in(rooms.device(hall, p.device)).disconnectSockets(true);
		return issued;
	});
	on('devices:tokens', ['admin'], async (): Promise<DeviceTokenView[]> => hallq.accounts.issuedTokens(hall));
}
