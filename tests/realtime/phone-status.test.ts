/**
 * The phone status page's socket: a phone holding a ticket's secret follows that ticket and nothing
 * else. It is told when the ticket is called (with the counter), recalled and served; it cannot act.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, CallView, TicketStatusView, TicketView } from '../../server/realtime/contract';
import { ask, ClientPool, connect, login, must, rid, startTestServer, waitFor, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

let server: TestServer;
const clients = new ClientPool(() => server.url);

beforeAll(async () => {
	server = await startTestServer([testHall()], { env: { HALLQ_PRINTER_SIM: 'off' } });
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

const open = (auth: object) => clients.connect(auth);

describe('a phone following its ticket', () => {
	it('refuses a link that is not a ticket of today', async () => {
		await expect(connect(server.url, { ticket: 'AAAAAAAAAAAAAAAA' })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		await expect(connect(server.url, { ticket: '../../etc/passwd' })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		await expect(connect(server.url, { ticket: 42 })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
	});

	it('sees its place, hears when it is called and by which counter, and can do nothing else', async () => {
		const kiosk = await open({ token: TOKENS.kiosk });
		const first = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		const mine = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		const phone = await open({ ticket: mine.token });

		// A ticket issued after the first phone looked is found too (the secrets are indexed as tickets come).
		const later = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S3' });
		const laterPhone = await open({ ticket: later.token });
		expect((await must<TicketStatusView>(laterPhone, 'ticket:status', {})).id).toBe(later.id);

		const status = await must<TicketStatusView>(phone, 'ticket:status', {});
		expect(status).toMatchObject({ id: mine.id, status: 'waiting', ahead: 1, counterNumber: null, serviceName: { zh: '社保卡申领' } });
		expect(JSON.stringify(status)).not.toContain(mine.token);

		// A phone may not take numbers, act at a counter, or sync a board.
		for (const [event, payload] of [
			['ticket:issue', { requestId: rid(), service: 'S1' }],
			['ticket:callNext', { requestId: rid() }],
			['board:sync', { day: null, lastSeq: 0 }],
			['kiosk:catalog', {}]
		] as const) {
			const a: Ack<unknown> = await ask(phone, event, payload);
			expect(a).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		}

		const { session } = await login(server.url, 'test', 'u1', PASSWORD);
		const clerk = await open({ session });
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
		// The first ticket is called: the phone is not sent calls of others.
		const calls: string[] = [];
		phone.on('call', (c: CallView) => {
			calls.push(c.ticket);
		});
		const changes: TicketStatusView[] = [];
		phone.on('ticket:changed', (t) => changes.push(t));
		await must(clerk, 'ticket:callNext', { requestId: rid() });
		await must(clerk, 'ticket:start', { requestId: rid() });
		await must(clerk, 'ticket:finish', { requestId: rid(), outcome: 'done' });
		expect((await must<TicketStatusView>(phone, 'ticket:status', {})).ahead).toBe(0);

		const called = waitFor<TicketStatusView>(phone, 'ticket:changed', (t) => t.status === 'called');
		await must(clerk, 'ticket:callNext', { requestId: rid() });
		expect(await called).toMatchObject({ id: mine.id, status: 'called', counterNumber: 1, counterName: { zh: '1号窗口' } });
		const recalled = waitFor<TicketStatusView>(phone, 'ticket:changed', (t) => t.recalls === 1);
		await must(clerk, 'ticket:recall', { requestId: rid() });
		await recalled;
		const done = waitFor<TicketStatusView>(phone, 'ticket:changed', (t) => t.status === 'done');
		await must(clerk, 'ticket:start', { requestId: rid() });
		await must(clerk, 'ticket:finish', { requestId: rid(), outcome: 'done' });
		await done;
		expect(calls).toEqual([]);
		expect(changes.every((c) => c.id === mine.id)).toBe(true);
		expect(changes.some((c) => c.id === first.id)).toBe(false);
	});
});
