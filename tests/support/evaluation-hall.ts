import { hashDeviceToken } from '../../server/app/passwords';
import type { HallConfig } from '../../server/core/model';
import type { ConsoleState, TicketView } from '../../server/realtime/contract';
import { must, rid, type Client } from './server';
import { PASSWORD, TOKENS, testHall } from './test-hall';

export { PASSWORD, TOKENS };

/** Tokens the evaluation and security tests add to the test hall. */
export const EVAL_TOKENS = { counter1: TOKENS.evaluator, counter2: 'test-evaluator-2-token' };

/**
 * The test hall with an evaluation terminal at counters C1 (E1, already there) and C2 (E2), an admin
 * (`adm`) and a fixed working calendar: 2026-10-01…07 are holidays, Sunday 2026-09-27 and Saturday
 * 2026-10-10 are worked in exchange (as the national-day week of a Chinese year is).
 */
export function evaluationHall(): HallConfig {
	const hall = testHall();
	const hash = hall.staff[0]?.passwordHash ?? '';
	hall.staff.push({ id: 'adm', name: '周管理', role: 'admin', counters: [], passwordHash: hash });
	hall.devices.push({ id: 'E2', kind: 'evaluator', counter: 'C2', name: { zh: '2号窗口评价器', en: 'Counter 2 evaluator' }, tokenHash: hashDeviceToken(EVAL_TOKENS.counter2) });
	hall.evaluation = {
		promptSeconds: 30,
		windowMinutes: 10,
		holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
		workdays: ['2026-09-27', '2026-10-10']
	};
	return hall;
}

/** Issues a ticket at kiosk K1 for `service`, then `staff` (with a counter open) calls, starts and finishes it. */
export async function serveOne(kiosk: Client, staff: Client, service = 'S1'): Promise<TicketView> {
	const ticket = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid('issue'), service });
	const called = await must<ConsoleState>(staff, 'ticket:callNext', { requestId: rid('call') });
	if (called.current?.id !== ticket.id) throw new Error(`called ${called.current?.id}, expected ${ticket.id}`);
	await must<ConsoleState>(staff, 'ticket:start', { requestId: rid('start') });
	await must<ConsoleState>(staff, 'ticket:finish', { requestId: rid('finish'), outcome: 'done' });
	return ticket;
}
