/**
 * A supervisor closes the hall-day by hand (`day:close`, with a reason kept in the log): tickets still
 * open become unserved (the one being served is finished as closedInService), every later command
 * is refused with DAY.CLOSED, and a retry of the close gets its first answer. Staff may not close.
 * The clock is injected: the day does not move with the hour the test runs at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayCloseResult, IssuedTicketView } from '../../server/realtime/contract';
import { ask, ClientPool, login, must, rid, startTestServer, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

/** 2026-06-03 15:00 in Shanghai. */
let now = Date.UTC(2026, 5, 3, 7, 0);
const clock = { now: () => (now += 10) };

let server: TestServer;
const clients = new ClientPool(() => server.url);

beforeAll(async () => {
	server = await startTestServer([testHall()], { clock });
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

describe('day:close', () => {
	it('ends the day for every ticket still open, refuses what follows, and answers a retry the same', async () => {
		const kiosk = await clients.connect({ token: TOKENS.kiosk });
		const staff = await clients.connect({ session: (await login(server.url, 'test', 'u1', PASSWORD)).session });
		const sup = await clients.connect({ session: (await login(server.url, 'test', 'sup', PASSWORD)).session });
		for (let i = 0; i < 3; i++) await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		await must(staff, 'counter:open', { requestId: rid(), counter: 'C1' });
		await must(staff, 'ticket:callNext', { requestId: rid() });
		await must(staff, 'ticket:start', { requestId: rid() });

		expect(await ask(staff, 'day:close', { requestId: rid(), note: '停电' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		expect(await ask(sup, 'day:close', { requestId: rid(), note: '   ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		expect(await ask(sup, 'day:close', { requestId: 'x', note: '停电' })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });

		const requestId = rid();
		const closed = await must<DayCloseResult>(sup, 'day:close', { requestId, note: '停电，提前闭厅' });
		expect(closed).toMatchObject({ day: '2026-06-03', reason: 'supervisor', unserved: 2, closedInService: 1 });
		expect(await must<DayCloseResult>(sup, 'day:close', { requestId, note: '停电，提前闭厅' })).toEqual(closed);
		expect(await ask(sup, 'day:close', { requestId: rid(), note: '再次' })).toMatchObject({ ok: false, error: { code: 'DAY.CLOSED' } });
		expect(await ask(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' })).toMatchObject({ ok: false, error: { code: 'DAY.CLOSED' } });
		expect(await ask(staff, 'counter:open', { requestId: rid(), counter: 'C2' })).toMatchObject({ ok: false, error: { code: 'DAY.CLOSED' } });

		// The log says who closed it and why.
		const events = await server.running.hallq.runner('test').dayEventsAfter('2026-06-03', 0, 1000);
		expect(events.filter((e) => e.type === 'DayClosed')).toEqual([
			expect.objectContaining({ type: 'DayClosed', reason: 'supervisor', by: 'sup', note: '停电，提前闭厅' })
		]);
	});
});
