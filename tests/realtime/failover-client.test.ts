/**
 * The failover client of the cluster tests and benchmarks always settles: a request whose client
 * cannot connect ends at its deadline, and a connection the server refuses for good (a session that
 * expired while the client was disconnected) is answered AUTH.INVALID at once, so the clerk can sign
 * in again. Before, both waited forever inside `connected()` (the chaos run hung on the second).
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleState } from '../../server/realtime/contract';
import { FailoverClient } from '../support/failover-client';
import { login, rid, startTestServer, type TestServer } from '../support/server';
import { PASSWORD, testHall } from '../support/test-hall';

let server: TestServer;
let now = Date.UTC(2026, 8, 30, 2, 0, 0);
const clients: FailoverClient[] = [];

beforeAll(async () => {
	server = await startTestServer([testHall()], { clock: { now: () => now }, env: { HALLQ_PRINTER_SIM: 'off' } });
});
afterAll(async () => {
	for (const c of clients) c.close();
	await server?.close();
});

/** An address where nothing answers: a port that was free a moment ago. */
async function deadUrl(): Promise<string> {
	const probe = createServer();
	await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
	const port = (probe.address() as { port: number }).port;
	await new Promise<void>((r) => probe.close(() => r()));
	return `http://127.0.0.1:${port}`;
}

describe('the failover client', () => {
	it('answers AUTH.INVALID when its session expired while it was disconnected, and works again after a new sign-in', async () => {
		const auth = { session: (await login(server.url, 'test', 'u1', PASSWORD)).session };
		const client = new FailoverClient(() => [server.url], auth, 0);
		clients.push(client);
		expect((await client.call('counter:open', { requestId: rid('open'), counter: 'C1' })).ok).toBe(true);

		now += 13 * 3600_000; // past the 12-hour session
		client.socket?.disconnect();
		const started = Date.now();
		const refused = await client.call<ConsoleState>('console:state', {}, Date.now() + 10_000);
		expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
		expect(Date.now() - started).toBeLessThan(5000);

		auth.session = (await login(server.url, 'test', 'u1', PASSWORD)).session;
		expect((await client.call<ConsoleState>('console:state', {})).ok).toBe(true);
	});

	it('gives up at the deadline when no process takes the connection', async () => {
		const url = await deadUrl();
		const client = new FailoverClient(() => [url], { token: 'whatever' }, 0);
		clients.push(client);
		const started = Date.now();
		await expect(client.call('kiosk:catalog', {}, Date.now() + 1500)).rejects.toThrow(/not answered in time/);
		expect(Date.now() - started).toBeLessThan(3000);
	});
});
