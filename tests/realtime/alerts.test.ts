/**
 * The supervisor's alerts over a real server: a service that no open counter serves raises an alert
 * that reaches the hall's supervisors and is in the log; a supervisor acknowledges it (a clerk may
 * not); opening a counter clears it; a counter whose clerk's console goes away is flagged after the
 * allowed minutes. The clock is injected and moved by the test; the rules run every 100 ms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfig, LoggedAlert } from '../../server/core/model';
import type { AlertChangeView } from '../../server/realtime/contract';
import { ClientPool, ask, login, must, rid, startTestServer, type Client, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

const MIN = 60_000;
let now = Date.UTC(2026, 11, 7, 2, 0);
const clock = { now: () => now };
const hall: HallConfig = { ...testHall(), alerts: { clearAfterSeconds: 0, consoleMissingMinutes: 2 } };

let server: TestServer;
const clients = new ClientPool(() => server.url);
let supervisor: Client;
const heard: AlertChangeView[] = [];

async function staff(id: string): Promise<Client> {
	const { session } = await login(server.url, 'test', id, PASSWORD);
	return clients.connect({ session });
}

/** Waits until the supervisor has heard a change that matches. */
async function hear(type: AlertChangeView['type'], id: string): Promise<AlertChangeView> {
	await expect.poll(() => heard.find((c) => c.type === type && c.id === id), { timeout: 10_000 }).toBeDefined();
	return heard.find((c) => c.type === type && c.id === id) as AlertChangeView;
}

beforeAll(async () => {
	server = await startTestServer([hall], { clock, env: { HALLQ_ALERT_INTERVAL_MS: '100' } });
	supervisor = await staff('sup');
	supervisor.on('alert:changed', (c: AlertChangeView) => heard.push(c));
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

describe('alerts', () => {
	it('a service no open counter serves: raised to the supervisors, acknowledged by one, cleared when a counter opens; then the counter is left without its console', async () => {
		const kiosk = await clients.connect({ token: TOKENS.kiosk });
		await must(kiosk, 'ticket:issue', { requestId: rid(), service: 'S3' });
		const raised = await hear('raised', 'serviceUnstaffed:S3');
		expect(raised.alert).toMatchObject({ kind: 'serviceUnstaffed', service: 'S3', severity: 'critical', value: 1, acknowledged: null });
		const open = await must<LoggedAlert[]>(supervisor, 'alerts:open', {});
		expect(open.map((a) => a.id)).toEqual(['serviceUnstaffed:S3']);

		const clerk = await staff('u3');
		const refused = await ask(clerk, 'alert:acknowledge', { requestId: rid(), id: 'serviceUnstaffed:S3', note: '知道了' });
		expect(refused.ok ? null : refused.error.code).toBe('AUTH.FORBIDDEN');
		const bad = await ask(supervisor, 'alert:acknowledge', { requestId: rid(), id: 'serviceUnstaffed:S3', note: '  ' });
		expect(bad.ok ? null : bad.error.code).toBe('VALIDATION.FAILED');
		const acknowledged = await must<LoggedAlert>(supervisor, 'alert:acknowledge', { requestId: rid(), id: 'serviceUnstaffed:S3', note: '已通知3号窗口开窗' });
		expect(acknowledged.acknowledged).toMatchObject({ by: 'sup', note: '已通知3号窗口开窗', at: now });
		await hear('acknowledged', 'serviceUnstaffed:S3');

		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C3' });
		await hear('cleared', 'serviceUnstaffed:S3');
		expect(await must<LoggedAlert[]>(supervisor, 'alerts:open', {})).toEqual([]);
		const unknown = await ask(supervisor, 'alert:acknowledge', { requestId: rid(), id: 'serviceUnstaffed:S3', note: '晚了' });
		expect(unknown.ok ? null : unknown.error.code).toBe('ALERT.UNKNOWN');
		clerk.disconnect();

		// C3 is open and its clerk's console is gone (a round trip after the disconnect: the server has seen it);
		// flagged once more than 2 minutes have passed since.
		await expect.poll(async () => (await must<LoggedAlert[]>(supervisor, 'alerts:open', {})).length, { timeout: 2000 }).toBe(0);
		now += 2 * MIN + 1000;
		const flagged = await hear('raised', 'counterWithoutConsole:C3');
		expect(flagged.alert).toMatchObject({ counter: 'C3', limit: 2 });
		// The log holds every step, in order.
		const events = (await server.running.hallq.runner('test').dayEventsAfter((await server.running.hallq.runner('test').current()).key.day, 0, 1000)).filter((e) => e.type.startsWith('Alert'));
		expect(events.map((e) => e.type)).toEqual(['AlertRaised', 'AlertAcknowledged', 'AlertCleared', 'AlertRaised']);
	});
});
