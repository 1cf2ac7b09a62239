/**
 * A supervisor reads a whole day of the hall: `day:calls` pages the call log oldest first and gives
 * every call exactly once; `day:tickets` pages the tickets in issue order, without their secrets;
 * both read an earlier day still in the store. The clock is injected: the days do not move with
 * the hour the test runs at.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../server/core/events';
import type { DayCalls, DayTickets } from '../../server/realtime/contract';
import { ask, ClientPool, login, must, type TestServer, startTestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

/** 2026-06-03 10:00 in Shanghai. */
const START = Date.UTC(2026, 5, 3, 2, 0);
const DAY_MS = 86_400_000;
let now = START;
const clock = { now: () => now };

let server: TestServer;
const clients = new ClientPool(() => server.url);
let n = 0;
const req = (what: string) => `${what}-${++n}`;

async function execute(cmd: Parameters<TestServer['running']['hallq']['execute']>[1]) {
	now += 1000;
	return server.running.hallq.execute('test', cmd);
}

/** `count` tickets of S1 and S3; C1 calls, recalls and finishes some, C3 calls others and marks no-shows. */
async function aDay(count: number): Promise<void> {
	await execute({ kind: 'openCounter', req: req('o'), counter: 'C1', staff: 'u1' });
	await execute({ kind: 'openCounter', req: req('o'), counter: 'C3', staff: 'u3' });
	for (let i = 0; i < count; i++) {
		await execute({ kind: 'issue', req: req('i'), service: i % 2 ? 'S3' : 'S1', priority: 'none', kiosk: 'K1', token: req('t'), identity: null });
	}
	for (let i = 0; i < count / 4; i++) {
		await execute({ kind: 'callNext', req: req('c'), counter: 'C1', staff: 'u1' });
		if (i % 3 === 0) await execute({ kind: 'recall', req: req('r'), counter: 'C1', staff: 'u1' });
		await execute({ kind: 'start', req: req('s'), counter: 'C1', staff: 'u1' });
		await execute({ kind: 'finish', req: req('f'), counter: 'C1', staff: 'u1', outcome: 'done', autoCall: false });
		await execute({ kind: 'callNext', req: req('c'), counter: 'C3', staff: 'u3' });
		await execute({ kind: 'noShow', req: req('n'), counter: 'C3', staff: 'u3', requeue: false });
	}
	await execute({ kind: 'closeCounter', req: req('x'), counter: 'C3', staff: 'u3' });
}

async function logOf(day: string): Promise<StoredEvent[]> {
	return server.running.hallq.runner('test').dayEventsAfter(day, 0, 100_000);
}

async function allCalls(sup: Awaited<ReturnType<typeof clients.connect>>, day: string | undefined, limit: number): Promise<{ pages: DayCalls[] }> {
	const pages: DayCalls[] = [];
	let afterSeq = 0;
	for (;;) {
		const page = await must<DayCalls>(sup, 'day:calls', { ...(day ? { day } : {}), afterSeq, limit });
		pages.push(page);
		if (!page.more) return { pages };
		afterSeq = page.lastSeq;
	}
}

beforeAll(async () => {
	server = await startTestServer([testHall()], { clock, env: { HALLQ_PRINTER_SIM: 'off' } });
	await aDay(40);
}, 30_000);
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

describe('reading a day of the hall', () => {
	it('pages every call of today exactly once, oldest first, with recalls marked', async () => {
		const { session } = await login(server.url, 'test', 'sup', PASSWORD);
		const sup = await clients.connect({ session });
		const log = await logOf('2026-06-03');
		const expected = log.filter((e) => e.type === 'TicketCalled' || e.type === 'TicketRecalled');
		// 10 rounds: 10 calls at C1, 4 recalls (rounds 0, 3, 6, 9), 10 calls at C3.
		expect(expected.length).toBe(24);
		const { pages } = await allCalls(sup, undefined, 7);
		expect(pages.map((p) => p.calls.length)).toEqual([7, 7, 7, 3]);
		const calls = pages.flatMap((p) => p.calls);
		expect(calls.map((c) => c.seq)).toEqual(expected.map((e) => e.seq));
		expect(calls.filter((c) => c.recall).length).toBe(4);
		expect(pages.every((p) => p.day === '2026-06-03')).toBe(true);
		// The last page ends at the last event of the log (the counter's close), not at its last call.
		expect(pages[pages.length - 1]?.lastSeq).toBe(log[log.length - 1]?.seq);
		expect(calls[0]).toMatchObject({ counter: expect.any(String), counterNumber: expect.any(Number), ticket: expect.stringMatching(/^[A-Z]\d{3}$/) });
	});

	it('pages every ticket in issue order, filters by status, and never sends the status-link secret', async () => {
		const { session } = await login(server.url, 'test', 'sup', PASSWORD);
		const sup = await clients.connect({ session });
		const state = (await server.running.hallq.runner('test').current()).state;
		const issued = Object.values(state.tickets).sort((a, b) => a.issuedAt - b.issuedAt);
		const seen: DayTickets['tickets'] = [];
		let after: string | null = null;
		let pages = 0;
		do {
			const page: DayTickets = await must<DayTickets>(sup, 'day:tickets', { after, limit: 15 });
			pages++;
			seen.push(...page.tickets);
			after = page.next;
		} while (after);
		expect(pages).toBe(3);
		expect(seen.map((t) => t.id)).toEqual(issued.map((t) => t.id));
		expect(JSON.stringify(seen)).not.toContain(issued[0]?.token ?? 'no token');
		expect(seen.some((t) => 'token' in t)).toBe(false);

		const noShows = await must<DayTickets>(sup, 'day:tickets', { status: 'noShow' });
		expect(noShows.tickets.map((t) => t.id)).toEqual(issued.filter((t) => t.status === 'noShow').map((t) => t.id));
		expect(noShows.tickets).toHaveLength(10);
		expect(noShows.next).toBeNull();
		const done = await must<DayTickets>(sup, 'day:tickets', { status: 'done', limit: 10 });
		expect(done.tickets).toHaveLength(10);
		// Exactly 10 done: nothing after the tenth.
		expect(done.next).toBeNull();
	});

	it('refuses everyone but supervisors and admins, a day after today, an unknown cursor and bad fields', async () => {
		const { session } = await login(server.url, 'test', 'u1', PASSWORD);
		const clerk = await clients.connect({ session });
		const kiosk = await clients.connect({ token: TOKENS.kiosk });
		const board = await clients.connect({ token: TOKENS.hallBoard });
		for (const s of [clerk, kiosk, board]) {
			expect(await ask(s, 'day:calls', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
			expect(await ask(s, 'day:tickets', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		}
		const sup = await clients.connect({ session: (await login(server.url, 'test', 'sup', PASSWORD)).session });
		expect(await ask(sup, 'day:calls', { day: '2026-06-04' })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		expect(await ask(sup, 'day:tickets', { after: 'Z999' })).toMatchObject({ ok: false, error: { code: 'TICKET.NOT_FOUND' } });
		expect(await ask(sup, 'day:calls', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		expect(await ask(sup, 'day:calls', { afterSeq: -1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		expect(await ask(sup, 'day:tickets', { status: 'lost' })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		// Naming another hall does nothing: the hall is the session's, the unknown field is dropped.
		const own = await ask(sup, 'day:tickets', {});
		expect(await ask(sup, 'day:tickets', { hall: 'city' })).toEqual(own);
	});

	it('reads yesterday once the day has changed, and today starts empty', async () => {
		const before = await logOf('2026-06-03');
		now = START + DAY_MS;
		const { session } = await login(server.url, 'test', 'sup', PASSWORD);
		const sup = await clients.connect({ session });
		expect(await must<DayCalls>(sup, 'day:calls', {})).toEqual({ day: '2026-06-04', calls: [], more: false, lastSeq: 0 });
		expect(await must<DayTickets>(sup, 'day:tickets', {})).toEqual({ day: '2026-06-04', tickets: [], next: null });
		const { pages } = await allCalls(sup, '2026-06-03', 500);
		expect(pages).toHaveLength(1);
		expect(pages[0]?.calls.map((c) => c.seq)).toEqual(before.filter((e) => e.type === 'TicketCalled' || e.type === 'TicketRecalled').map((e) => e.seq));
		const yesterday = await must<DayTickets>(sup, 'day:tickets', { day: '2026-06-03', limit: 1000 });
		expect(yesterday.tickets).toHaveLength(40);
		expect(yesterday.tickets.every((t) => t.day === '2026-06-03')).toBe(true);
	});
});
