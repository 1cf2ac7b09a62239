import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketView } from '../../server/realtime/contract';
import { startRedis } from '../support/redis-server';
import { ask, connect, must, rid, startTestServer, type TestServer } from '../support/server';
import { TOKENS, testHall } from '../support/test-hall';

let redis: Awaited<ReturnType<typeof startRedis>>;
let server: TestServer;

beforeAll(async () => {
	redis = await startRedis();
	server = await startTestServer([testHall()], { env: { STORE: 'redis', REDIS_URL: redis.url } });
}, 30_000);
afterAll(async () => {
	redis?.resume();
	await server?.close();
	await redis?.stop();
});

describe('Redis paused with SIGSTOP for 3 s', () => {
	it('answers STORE.UNAVAILABLE fast while it is paused, then carries on by itself with no lost or repeated number', async () => {
		const kiosk = await connect(server.url, { token: TOKENS.kiosk });
		const first = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		redis.pause();
		const pausedAt = Date.now();
		const requestId = rid();
		const during = await ask<TicketView>(kiosk, 'ticket:issue', { requestId, service: 'S1' });
		const answeredIn = Date.now() - pausedAt;
		expect(during.ok === false && during.error.code).toBe('STORE.UNAVAILABLE');
		expect(answeredIn).toBeLessThan(3000);
		await new Promise((r) => setTimeout(r, Math.max(0, 3000 - (Date.now() - pausedAt))));
		redis.resume();
		// The kiosk retries the same press: it gets one ticket, whether or not the paused append landed.
		let retried: TicketView | null = null;
		for (let i = 0; i < 20 && !retried; i++) {
			const a = await ask<TicketView>(kiosk, 'ticket:issue', { requestId, service: 'S1' });
			if (a.ok) retried = a.data;
			else await new Promise((r) => setTimeout(r, 250));
		}
		expect(retried?.id).toBe('A002');
		const next = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect([first.id, retried?.id, next.id]).toEqual(['A001', 'A002', 'A003']);
		kiosk.close();
	}, 30_000);
});
