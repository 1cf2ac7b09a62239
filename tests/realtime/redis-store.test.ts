import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardState, ConsoleState, TicketView } from '../../server/realtime/contract';
import { startRedis } from '../support/redis-server';
import { connect, login, must, rid, startTestServer, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

let redis: Awaited<ReturnType<typeof startRedis>>;
let server: TestServer;

beforeAll(async () => {
	redis = await startRedis();
	server = await startTestServer([testHall()], { env: { STORE: 'redis', REDIS_URL: redis.url } });
}, 30_000);
afterAll(async () => {
	await server?.close();
	await redis?.stop();
});

describe('STORE=redis', () => {
	it('runs the kiosk → counter → board path on the Redis log, and a restarted server continues it', async () => {
		const kiosk = await connect(server.url, { token: TOKENS.kiosk });
		const { session } = await login(server.url, 'test', 'u1', PASSWORD);
		const clerk = await connect(server.url, { session });
		const t = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
		const s = await must<ConsoleState>(clerk, 'ticket:callNext', { requestId: rid() });
		expect(s.current?.id).toBe(t.id);
		kiosk.close();
		clerk.close();
		await server.close();

		server = await startTestServer([testHall()], { env: { STORE: 'redis', REDIS_URL: redis.url } });
		const again = await connect(server.url, { token: TOKENS.kiosk });
		const next = await must<TicketView>(again, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(next.id).toBe('A002');
		const board = await connect(server.url, { token: TOKENS.hallBoard });
		const synced = await must<BoardState>(board, 'board:sync', { day: null, lastSeq: 0 });
		expect(synced.calls.map((c) => c.ticket)).toEqual([t.id]);
		again.close();
		board.close();
	});
});
