/**
 * Issued device tokens with several processes: three HallQ servers on one Redis (each with its own
 * store clients and Socket.IO adapter, as three processes have) and one PostgreSQL for the
 * relational store. A token issued on one works on the others at once; revoked on one, it is
 * refused on all three and its connections everywhere are closed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfig } from '../../server/core/model';
import type { IssuedDeviceTokenView } from '../../server/realtime/contract';
import { evaluationHall, PASSWORD } from '../support/evaluation-hall';
import { startPostgres, type PostgresServer } from '../support/postgres-server';
import { startRedis, type RedisServer } from '../support/redis-server';
import { connect, login, must, startTestServer, type Client, type TestServer } from '../support/server';

let redis: RedisServer;
let postgres: PostgresServer;
let servers: TestServer[] = [];
const now = Date.UTC(2026, 8, 30, 2, 0, 0);
const clients: Client[] = [];

function hallWithNewBoard(): HallConfig {
	const hall = evaluationHall();
	hall.devices.push({ id: 'B9', kind: 'display', board: 'hall', name: { zh: '新大厅屏', en: 'New hall board' } });
	return hall;
}

beforeAll(async () => {
	[redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
	const env = { STORE: 'redis', REDIS_URL: redis.url, ARCHIVE_URL: postgres.url, HALLQ_PRINTER_SIM: 'off' };
	servers = await Promise.all([0, 1, 2].map(() => startTestServer([hallWithNewBoard()], { clock: { now: () => now }, env })));
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

function disconnected(socket: Client): Promise<string> {
	return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

describe('issued device tokens on three processes', () => {
	it('a token issued on one process works on every one; revoked on one, it is refused on all three and disconnected everywhere', async () => {
		const [a, b, c] = servers as [TestServer, TestServer, TestServer];
		const { session } = await login(a.url, 'test', 'adm', PASSWORD);
		const admin = await open(a.url, { session });
		const { token } = await must<IssuedDeviceTokenView>(admin, 'device:issueToken', { device: 'B9' });
		const onB = await open(b.url, { token });
		const onC = await open(c.url, { token });
		const gone = [disconnected(onB), disconnected(onC)];
		await must(admin, 'device:revoke', { device: 'B9' });
		expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
		for (const s of servers) await expect(open(s.url, { token })).rejects.toMatchObject({ code: 'AUTH.INVALID', message: 'this device token was revoked' });
	});
});
