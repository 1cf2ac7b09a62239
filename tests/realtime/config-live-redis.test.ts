/**
 * A configuration version saved on one process is in force on the others (issue 22): three HallQ
 * servers on one Redis (each with its own store clients, as three processes have) and one
 * PostgreSQL for the relational store. The version is put in force through the hall-day's log, so
 * a command on another process right after the save is decided under it, and each process's
 * follower takes it for its readers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfig } from '../../server/core/model';
import type { TicketView } from '../../server/realtime/contract';
import { evaluationHall, PASSWORD, TOKENS } from '../support/evaluation-hall';
import { startPostgres, type PostgresServer } from '../support/postgres-server';
import { startRedis, type RedisServer } from '../support/redis-server';
import { connect, login, must, rid, startTestServer, type Client, type TestServer } from '../support/server';

let redis: RedisServer;
let postgres: PostgresServer;
let servers: TestServer[] = [];
const now = Date.UTC(2026, 8, 30, 2, 0, 0);
const clients: Client[] = [];

beforeAll(async () => {
	[redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
	const env = { STORE: 'redis', REDIS_URL: redis.url, ARCHIVE_URL: postgres.url, HALLQ_PRINTER_SIM: 'off' };
	servers = await Promise.all([0, 1, 2].map(() => startTestServer([evaluationHall()], { clock: { now: () => now }, env })));
}, 90_000);
afterAll(async () => {
	for (const c of clients) c.close();
	for (const s of servers) await s.close();
	await redis?.stop();
	await postgres?.stop();
});

async function open(url: string, auth: object): Promise<Client> {
	const c = await connect(url, auth);
	clients.push(c);
	return c;
}

describe('a configuration version on three processes', () => {
	it('saved on one process, it decides the next command on another at once and is in force on all three', async () => {
		const [a, b, c] = servers as [TestServer, TestServer, TestServer];
		const { session } = await login(a.url, 'test', 'adm', PASSWORD);
		const kioskOnB = await open(b.url, { token: TOKENS.kiosk });
		// The day is under way on every process before the change.
		await must<TicketView>(kioskOnB, 'ticket:issue', { requestId: rid(), service: 'S1' });
		for (const s of servers) expect(s.running.hallq.runner('test').configVersion).toBe(1);

		const current = (await (await fetch(`${a.url}/api/config`, { headers: { authorization: `Bearer ${session}` } })).json()) as { config: HallConfig };
		const hall = current.config;
		const s1 = hall.services[0];
		if (!s1) throw new Error('no S1');
		const next: HallConfig = { ...hall, services: [...hall.services, { ...s1, code: 'S9', prefix: 'N', name: { zh: '新办业务', en: 'New service' } }], counters: hall.counters.map((k) => (k.id === 'C1' ? { ...k, services: [...k.services, { service: 'S9', weight: 1 }] } : k)) };
		const savedAt = Date.now();
		const res = await fetch(`${a.url}/api/config`, { method: 'POST', headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' }, body: JSON.stringify({ config: next, basedOn: 1, reason: '新增业务' }) });
		expect(await res.json()).toMatchObject({ saved: true, applied: true, version: { version: 2 } });

		// The next command on B is decided under version 2, whatever B's follower has read yet.
		expect((await must<TicketView>(kioskOnB, 'ticket:issue', { requestId: rid(), service: 'S9' })).id).toBe('N001');
		// C's follower takes it without a command there.
		await expect.poll(() => c.running.hallq.runner('test').configVersion, { timeout: 10_000, interval: 20 }).toBe(2);
		console.log(`config-live (redis): version 2 in force on the third process ${Date.now() - savedAt} ms after the save was sent`);
		for (const s of servers) expect(s.running.hallq.runner('test').index.services.has('S9')).toBe(true);
	});
});
