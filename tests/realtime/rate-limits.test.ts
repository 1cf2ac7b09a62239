/**
 * Rate limits on a real server (docs/security.md "Rate limits"), with the server's clock held still
 * so no bucket refills unless the test moves it: a kiosk's burst of tickets and then RATE.LIMITED
 * with nothing issued; a person's and a phone's events; refused handshakes per client address; the
 * HTTP limit per client address, behind a trusted proxy by the address it saw and never by what a
 * client wrote into X-Forwarded-For; the sign-in recorded with that address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import type { IssuedTicketView } from '../../server/realtime/contract';
import { RATE_LIMITS } from '../../server/app/rate-limits';
import { ask, ClientPool, login, must, rid, startTestServer, type Client, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

/** 2026-06-03 10:00 in Shanghai, a Wednesday: the test hall is open. */
let now = Date.UTC(2026, 5, 3, 2, 0);
const clock = { now: () => now };

let server: TestServer;
const clients = new ClientPool(() => server.url);
beforeAll(async () => {
	// The defaults, except three limits made small so the test reaches them in a few requests.
	server = await startTestServer([testHall()], { clock, env: { HALLQ_RATE_LIMITS: 'staff=5/1,refusedHandshake=3/1,http=4/1', HALLQ_TRUST_PROXY: '1' } });
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

const client = (auth: object): Promise<Client> => clients.connect(auth);

const number = (n: number) => `A${String(n).padStart(3, '0')}`;
const issue = (kiosk: Client, requestId = rid()) => ask<IssuedTicketView>(kiosk, 'ticket:issue', { requestId, service: 'S1' });

describe('socket events', () => {
	it('a kiosk takes its burst of tickets, then RATE.LIMITED with nothing issued; another kiosk goes on', async () => {
		const kiosk = await client({ token: TOKENS.kiosk });
		const burst = RATE_LIMITS.issue.burst;
		const issued: string[] = [];
		for (let i = 0; i < burst; i++) issued.push((await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' })).id);
		const refusedId = rid();
		const refused = await issue(kiosk, refusedId);
		expect(refused).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED', message: 'too many requests; try again in 5 s' } });
		// The other kiosk has its own bucket, and gets the next number: the refused request took none.
		const other = await client({ token: TOKENS.kiosk2 });
		const next = await must<IssuedTicketView>(other, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(issued).toEqual(Array.from({ length: burst }, (_, i) => number(i + 1)));
		expect(next.id).toBe(number(burst + 1));
		// 5 s later (0.2 a second) one more; the refused request sent again is a new request then.
		now += 5_000;
		const retried = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: refusedId, service: 'S1' });
		expect(retried.id).toBe(number(burst + 2));
		expect(await issue(kiosk)).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
	});

	it('a person\'s events: the burst, then RATE.LIMITED until the bucket refills', async () => {
		const { session } = await login(server.url, 'test', 'u3', PASSWORD);
		const clerk = await client({ session });
		const answers = [];
		for (let i = 0; i < 6; i++) answers.push((await ask(clerk, 'console:state', {})).ok);
		expect(answers).toEqual([true, true, true, true, true, false]);
		expect(await ask(clerk, 'console:state', {})).toMatchObject({ ok: false, error: { code: 'RATE.LIMITED' } });
		now += 1_000;
		expect((await ask(clerk, 'console:state', {})).ok).toBe(true);
	});

	it('refused handshakes from one address: after 3, even a good token is turned away; another address connects', async () => {
		const from = (address: string, auth: object) =>
			new Promise<string>((resolve) => {
				const s = io(server.url, { auth, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-forwarded-for': address } });
				s.once('connect', () => (s.close(), resolve('connected')));
				s.once('connect_error', (err: Error & { data?: { code: string } }) => (s.close(), resolve(err.data?.code ?? err.message)));
			});
		const guesses = [];
		for (let i = 0; i < 3; i++) guesses.push(await from('203.0.113.66', { token: `guess-${i}` }));
		expect(guesses).toEqual(['AUTH.INVALID', 'AUTH.INVALID', 'AUTH.INVALID']);
		expect(await from('203.0.113.66', { token: TOKENS.hallBoard })).toBe('RATE.LIMITED');
		expect(await from('203.0.113.67', { token: TOKENS.hallBoard })).toBe('connected');
		// A forged entry before the proxy's does not make another address.
		expect(await from('198.51.100.1, 203.0.113.66', { token: TOKENS.hallBoard })).toBe('RATE.LIMITED');
		now += 1_000;
		expect(await from('203.0.113.66', { token: TOKENS.hallBoard })).toBe('connected');
	});
});

describe('HTTP', () => {
	const get = (path: string, xff: string) => fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': xff } });

	it('per client address behind the proxy: two clients through one proxy are limited apart; a forged X-Forwarded-For is ignored', async () => {
		now += 60_000;
		const a = [];
		for (let i = 0; i < 4; i++) a.push((await get('/api/openapi.json', '203.0.113.5')).status);
		expect(a).toEqual([200, 200, 200, 200]);
		const limited = await get('/api/openapi.json', '203.0.113.5');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(await limited.json()).toEqual({ error: { code: 'RATE.LIMITED', message: 'too many requests from this address; try again in 1 s' } });
		// Another client through the same proxy has its own bucket.
		expect((await get('/api/openapi.json', '203.0.113.6')).status).toBe(200);
		// What the client wrote before the proxy's entry changes nothing.
		expect((await get('/api/openapi.json', '10.9.9.9, 203.0.113.5')).status).toBe(429);
		// The probes are never limited.
		expect((await get('/api/health', '203.0.113.5')).status).toBe(200);
		expect((await get('/api/ready', '203.0.113.5')).status).toBe(200);
	});

	it('a sign-in is recorded with the address the proxy saw', async () => {
		now += 60_000;
		const res = await fetch(`${server.url}/api/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.9.9.9, 203.0.113.9' },
			body: JSON.stringify({ hall: 'test', staff: 'u2', password: PASSWORD, bearer: true })
		});
		expect(res.status).toBe(200);
		const day = '2026-06-03';
		const page = await server.running.hallq.audit!.page({ hall: 'test', from: day, to: day, actor: 'u2', action: 'auth.signIn' }, null, 10);
		expect(page.entries.map((e) => e.client)).toEqual(['203.0.113.9']);
	});
});
