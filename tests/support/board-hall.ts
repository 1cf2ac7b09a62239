import { hashDeviceToken } from '../../server/app/passwords';
import type { HallConfig } from '../../server/core/model';
import type { ConsoleState, TicketView } from '../../server/realtime/contract';
import { connect, login, must, rid, type Client } from './server';
import { PASSWORD, TOKENS, testHall } from './test-hall';

/** Device tokens of the boards the board tests add to the test hall. */
export const BOARD_TOKENS = {
	hall: TOKENS.hallBoard,
	zoneA: 'test-zone-a-board-token',
	counter1: 'test-counter-1-board-token',
	counter2: 'test-counter-2-board-token',
	counter3: 'test-counter-3-board-token'
};

const text = (zh: string, en: string) => ({ zh, en });

/**
 * The test hall with a board of every kind: `hall`, `zone-za` (zone A: counters C1, C2),
 * `zone-zb` (already there) and counter boards `counter-C1` … `counter-C3`.
 */
export function boardHall(): HallConfig {
	const hall = testHall();
	hall.devices.push(
		{ id: 'zone-za', kind: 'display', board: 'zone', zone: 'za', name: text('社会事务区叫号屏', 'Social affairs board'), tokenHash: hashDeviceToken(BOARD_TOKENS.zoneA) },
		...(['1', '2', '3'] as const).map((n) => ({
			id: `counter-C${n}`,
			kind: 'display' as const,
			board: 'counter' as const,
			counter: `C${n}`,
			name: text(`${n}号窗口屏`, `Counter ${n} board`),
			tokenHash: hashDeviceToken(BOARD_TOKENS[`counter${n}`])
		}))
	);
	return hall;
}

/** A signed-in staff member's socket. */
export async function staffSocket(url: string, staff: string): Promise<Client> {
	const { session } = await login(url, 'test', staff, PASSWORD);
	return connect(url, { session });
}

/** Issues a ticket of `service` from kiosk K1. */
export async function issueTicket(kiosk: Client, service: string): Promise<TicketView> {
	return must<TicketView>(kiosk, 'ticket:issue', { requestId: rid('issue'), service });
}

export async function openCounter(staff: Client, counter: string): Promise<ConsoleState> {
	return must<ConsoleState>(staff, 'counter:open', { requestId: rid('open'), counter });
}

export async function callNext(staff: Client): Promise<ConsoleState> {
	return must<ConsoleState>(staff, 'ticket:callNext', { requestId: rid('call') });
}
