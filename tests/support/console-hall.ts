/**
 * Halls for counter-console socket tests: the test hall (tests/support/test-hall.ts) under another id,
 * with its own device tokens (one server holds several of them, one per test group), an admin and a
 * kiosk agent, so every role can connect.
 */
import { hashDeviceToken, hashPassword } from '../../server/app/passwords';
import type { HallConfig } from '../../server/core/model';
import type { ConsoleState, TicketView } from '../../server/realtime/contract';
import { ClientPool, login, must, rid, type Client } from './server';
import { PASSWORD, testHall } from './test-hall';

/** The device token of `device` in hall `hall`. */
export const deviceToken = (hall: string, device: string) => `${hall}-token-${device}`;

export function consoleHall(id: string): HallConfig {
	const hall = testHall(id);
	hall.devices = hall.devices.map((d) => ({ ...d, tokenHash: hashDeviceToken(deviceToken(id, d.id)) }));
	hall.devices.push({ id: 'A1', kind: 'agent', kiosk: 'K1', name: { zh: '1号取号机代理', en: 'Kiosk 1 agent' }, tokenHash: hashDeviceToken(deviceToken(id, 'A1')) });
	hall.staff.push({ id: 'adm', name: '周管理', role: 'admin', counters: [], passwordHash: hashPassword(PASSWORD, Buffer.alloc(16, 7)) });
	return hall;
}

/** Clients of one console hall on a running server. */
export class ConsoleHallClients {
	private kioskClient: Client | null = null;

	constructor(
		readonly hall: string,
		private readonly url: () => string,
		private readonly pool: ClientPool
	) {}

	/** A signed-in staff member's console. */
	async staff(id: string): Promise<Client> {
		const { session } = await login(this.url(), this.hall, id, PASSWORD);
		return this.pool.connect({ session });
	}

	/** A device of the hall (K1, hall, zone-zb, E1, A1). */
	device(id: string): Promise<Client> {
		return this.pool.connect({ token: deviceToken(this.hall, id) });
	}

	/** A phone following a ticket. */
	phone(ticket: TicketView): Promise<Client> {
		return this.pool.connect({ ticket: ticket.token });
	}

	async issue(service = 'S1'): Promise<TicketView> {
		this.kioskClient ??= await this.device('K1');
		return must<TicketView>(this.kioskClient, 'ticket:issue', { requestId: rid('issue'), service });
	}

	/** `staff` signed in with `counter` open. */
	async at(staff: string, counter: string): Promise<Client> {
		const c = await this.staff(staff);
		await must<ConsoleState>(c, 'counter:open', { requestId: rid('open'), counter });
		return c;
	}
}
