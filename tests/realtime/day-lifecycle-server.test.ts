/**
 * The lifecycle inside a running server (boot wiring): on an injected clock a day with calls is
 * closed at midnight, archived and dropped from the live store by the server's own rounds, and
 * /api/health tells so; a supervisor still reads that day's calls (now from the archive). Bad
 * lifecycle settings stop the start with a clear message; HALLQ_LIFECYCLE=off runs none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayCalls, IssuedTicketView } from '../../server/realtime/contract';
import { ClientPool, login, must, rid, startTestServer, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

/** 2026-06-03 15:00 in Shanghai; moved by the test. */
let now = Date.parse('2026-06-03T15:00:00+08:00');
const clock = { now: () => now };

let server: TestServer;
const clients = new ClientPool(() => server.url);

interface Health {
	ok: boolean;
	lifecycle: { lastRoundAt: number | null; archived: number; dropped: number; failing: unknown[] } | null;
}
async function health(url: string): Promise<Health> {
	return (await (await fetch(`${url}/api/health`)).json()) as Health;
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const v = await get();
		if (ok(v)) return v;
		if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)} after ${ms} ms`);
		await new Promise((r) => setTimeout(r, 50));
	}
}

beforeAll(async () => {
	server = await startTestServer([testHall()], { clock, env: { HALLQ_LIFECYCLE_MS: '100' } });
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

describe('the lifecycle of a running server', () => {
	it('closes, archives and drops yesterday by itself; its calls are still there for a supervisor', { timeout: 60_000 }, async () => {
		const kiosk = await clients.connect({ token: TOKENS.kiosk });
		const staff = await clients.connect({ session: (await login(server.url, 'test', 'u1', PASSWORD)).session });
		const ticket = await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		await must(staff, 'counter:open', { requestId: rid(), counter: 'C1' });
		await must(staff, 'ticket:callNext', { requestId: rid() });
		const first = await until('a first round', () => health(server.url), (h) => (h.lifecycle?.lastRoundAt ?? 0) > 0);
		expect(first.lifecycle).toMatchObject({ archived: 0, dropped: 0, failing: [] });

		now = Date.parse('2026-06-04T00:40:00+08:00');
		const after = await until('yesterday archived and dropped', () => health(server.url), (h) => (h.lifecycle?.dropped ?? 0) >= 1);
		expect(after).toMatchObject({ ok: true, lifecycle: { archived: 1, dropped: 1, failing: [] } });
		expect(await server.running.hallq.runner('test').liveDays()).toEqual([]);

		const sup = await clients.connect({ session: (await login(server.url, 'test', 'sup', PASSWORD)).session });
		const calls = await must<DayCalls>(sup, 'day:calls', { day: '2026-06-03' });
		expect(calls.calls.map((c) => c.ticket)).toEqual([ticket.id]);
	});
});

describe('lifecycle settings', () => {
	it('a bad value stops the start, naming the variable', async () => {
		await expect(startTestServer([testHall()], { env: { HALLQ_KEEP_LIVE_DAYS: 'seven' } })).rejects.toThrow(/HALLQ_KEEP_LIVE_DAYS must be a whole number of days from 0 to 90/);
		await expect(startTestServer([testHall()], { env: { HALLQ_LIFECYCLE: 'maybe' } })).rejects.toThrow(/HALLQ_LIFECYCLE must be on or off/);
		await expect(startTestServer([testHall()], { env: { ARCHIVE_URL: 'mysql://x@y/z' } })).rejects.toThrow(/only postgres:\/\/ and postgresql:\/\//);
	});

	it('HALLQ_LIFECYCLE=off: no rounds, health says so', async () => {
		const off = await startTestServer([testHall()], { clock, env: { HALLQ_LIFECYCLE: 'off' } });
		try {
			expect(off.running.lifecycle).toBeNull();
			expect((await health(off.url)).lifecycle).toBeNull();
		} finally {
			await off.close();
		}
	});
});
