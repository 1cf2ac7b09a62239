/**
 * With STORE=redis the security state is shared by every server: two HallQ servers on one Redis
 * (each with its own store clients and Socket.IO adapter, as two processes have) agree on a lockout,
 * and signing out everywhere or revoking a device on one disconnects the sockets on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVAL_TOKENS, evaluationHall, PASSWORD } from '../support/evaluation-hall';
import { startRedis, type RedisServer } from '../support/redis-server';
import { connect, login, must, startTestServer, type Client, type TestServer } from '../support/server';

let redis: RedisServer;
let a: TestServer;
let b: TestServer;
const now = Date.UTC(2026, 8, 30, 2, 0, 0);
const clients: Client[] = [];

beforeAll(async () => {
	redis = await startRedis();
	const env = { STORE: 'redis', REDIS_URL: redis.url, HALLQ_PRINTER_SIM: 'off' };
	a = await startTestServer([evaluationHall()], { clock: { now: () => now }, env });
	b = await startTestServer([evaluationHall()], { clock: { now: () => now }, env });
}, 60_000);
afterAll(async () => {
	for (const c of clients) c.close();
	await a?.close();
	await b?.close();
	await redis?.stop();
});

async function open(url: string, auth: object): Promise<Client> {
	const c = await connect(url, auth);
	clients.push(c);
	return c;
}

function disconnected(socket: Client): Promise<string> {
	return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

describe('security shared through Redis', () => {
	it('a lockout reached on one server holds on the other', async () => {
		for (let i = 0; i < 4; i++) await expect(login((i % 2 ? a : b).url, 'test', 'u3', `wrong-${i}`)).rejects.toThrow('401 AUTH.INVALID');
		await expect(login(a.url, 'test', 'u3', 'wrong-4')).rejects.toThrow('423 AUTH.LOCKED');
		await expect(login(b.url, 'test', 'u3', PASSWORD)).rejects.toThrow('423 AUTH.LOCKED');
	});

	it('signing out everywhere on one server disconnects the sockets on the other', async () => {
		const session = (await login(a.url, 'test', 'u1', PASSWORD)).session;
		const onB = await open(b.url, { session: (await login(b.url, 'test', 'u1', PASSWORD)).session });
		const gone = disconnected(onB);
		const res = await fetch(`${a.url}/api/logout-everywhere`, { method: 'POST', headers: { authorization: `Bearer ${session}` } });
		expect(res.status).toBe(200);
		expect(await gone).toBe('io server disconnect');
		await expect(open(b.url, { session })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
	});

	it('while Redis does not answer, devices and signed-in staff still connect with what the server last knew', async () => {
		const session = (await login(a.url, 'test', 'u2', PASSWORD)).session;
		await open(a.url, { session });
		redis.pause();
		try {
			expect((await open(a.url, { token: EVAL_TOKENS.counter1 })).connected).toBe(true);
			expect((await open(a.url, { session })).connected).toBe(true);
			// Signing in needs the store (lockout, passwords): refused, coded.
			await expect(login(a.url, 'test', 'u2', PASSWORD)).rejects.toThrow('503 STORE.UNAVAILABLE');
		} finally {
			redis.resume();
		}
	});

	it('revoking a device on one server disconnects it on the other and refuses it on both', async () => {
		const admin = await open(a.url, { session: (await login(a.url, 'test', 'adm', PASSWORD)).session });
		const evaluator = await open(b.url, { token: EVAL_TOKENS.counter2 });
		const gone = disconnected(evaluator);
		await must(admin, 'device:revoke', { device: 'E2' });
		expect(await gone).toBe('io server disconnect');
		await expect(open(b.url, { token: EVAL_TOKENS.counter2 })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		await expect(open(a.url, { token: EVAL_TOKENS.counter2 })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
	});
});
