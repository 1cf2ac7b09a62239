import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardState, CallView, Catalog, ConsoleState, TicketView } from '../../server/realtime/contract';
import { ask, connect, login, must, rid, startTestServer, waitFor, type Client, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

let server: TestServer;
const clients: Client[] = [];
const track = (c: Client) => (clients.push(c), c);

beforeAll(async () => {
	server = await startTestServer([testHall()]);
});
afterAll(async () => {
	for (const c of clients) c.close();
	await server.close();
});

async function staffClient(staff: string): Promise<Client> {
	const { session } = await login(server.url, 'test', staff, PASSWORD);
	return track(await connect(server.url, { session }));
}

async function version(): Promise<number> {
	return (await server.running.hallq.runner('test').current()).state.version;
}

describe('kiosk → counter → board', () => {
	let kiosk: Client;
	let counter: Client;
	let board: Client;
	let zoneBoard: Client;

	beforeAll(async () => {
		kiosk = track(await connect(server.url, { token: TOKENS.kiosk }));
		board = track(await connect(server.url, { token: TOKENS.hallBoard }));
		zoneBoard = track(await connect(server.url, { token: TOKENS.zoneBoardB }));
		counter = await staffClient('u1');
		await must<ConsoleState>(counter, 'counter:open', { requestId: rid(), counter: 'C1' });
	});

	it('the kiosk sees the catalog with waiting counts and issuing state', async () => {
		const cat = await must<Catalog>(kiosk, 'kiosk:catalog', {});
		expect(cat.hall.id).toBe('test');
		expect(cat.services.map((s) => s.code)).toEqual(['S1', 'S2', 'S3']);
		expect(cat.services[0]?.issuing.open).toBe(true);
		expect(cat.services[0]?.counterNumbers).toEqual([1, 2]);
	});

	it('issues a ticket, the counter calls it, the hall board gets the call with its sequence', async () => {
		const ticket = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(ticket.id).toMatch(/^A\d{3}$/);
		expect(ticket.status).toBe('waiting');
		expect(ticket.counterNumbers).toEqual([1, 2]);

		const onBoard = waitFor<CallView>(board, 'call', (c) => c.ticket === ticket.id);
		const state = await must<ConsoleState>(counter, 'ticket:callNext', { requestId: rid() });
		expect(state.current?.id).toBe(ticket.id);
		expect(state.current?.status).toBe('called');
		const call = await onBoard;
		expect(call.counterNumber).toBe(1);
		expect(call.seq).toBe(await version());
		expect(call.recall).toBe(false);

		await must(counter, 'ticket:start', { requestId: rid() });
		const done = await must<ConsoleState>(counter, 'ticket:finish', { requestId: rid(), outcome: 'done' });
		expect(done.current).toBeNull();
	});

	it('a zone board gets only the calls of its zone', async () => {
		const seen: CallView[] = [];
		zoneBoard.on('call', (c) => seen.push(c));
		const a = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S2' });
		const c = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S3' });
		const taxClerk = await staffClient('u3');
		await must(taxClerk, 'counter:open', { requestId: rid(), counter: 'C3' });
		const zoneCall = waitFor<CallView>(zoneBoard, 'call', (x) => x.ticket === c.id);
		await must(taxClerk, 'ticket:callNext', { requestId: rid() });
		const hallCall = waitFor<CallView>(board, 'call', (x) => x.ticket === a.id);
		await must(counter, 'ticket:callNext', { requestId: rid() });
		await zoneCall;
		await hallCall;
		await new Promise((r) => setTimeout(r, 100));
		expect(seen.map((x) => x.ticket)).toEqual([c.id]);
		await must(counter, 'ticket:noShow', { requestId: rid() });
	});

	it('a retried issue with the same request id returns the first ticket', async () => {
		const requestId = rid();
		const first = await must<TicketView>(kiosk, 'ticket:issue', { requestId, service: 'S1' });
		const before = await version();
		const again = await must<TicketView>(kiosk, 'ticket:issue', { requestId, service: 'S1' });
		expect(again.id).toBe(first.id);
		expect(again.token).toBe(first.token);
		expect(await version()).toBe(before);
	});

	it('the same request id from another kiosk is a different request', async () => {
		const kiosk2 = track(await connect(server.url, { token: TOKENS.kiosk2 }));
		const requestId = rid();
		const a = await must<TicketView>(kiosk, 'ticket:issue', { requestId, service: 'S1' });
		const b = await must<TicketView>(kiosk2, 'ticket:issue', { requestId, service: 'S1' });
		expect(b.id).not.toBe(a.id);
	});

	it('pushes waiting counts to kiosks', async () => {
		const counts = waitFor<{ services: Record<string, number> }>(kiosk, 'queue:counts', (c) => (c.services.S3 ?? 0) >= 1);
		await must(kiosk, 'ticket:issue', { requestId: rid(), service: 'S3' });
		expect((await counts).services.S3).toBeGreaterThanOrEqual(1);
	});
});

describe('board catch-up', () => {
	it('a board disconnected during 5 calls receives exactly those on reconnect', async () => {
		const kiosk = track(await connect(server.url, { token: TOKENS.kiosk }));
		const clerk = await staffClient('u2');
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C2' });
		const first = await must<BoardState>(track(await connect(server.url, { token: TOKENS.hallBoard })), 'board:sync', { day: null, lastSeq: 0 });

		let board = track(await connect(server.url, { token: TOKENS.hallBoard }));
		const synced = await must<BoardState>(board, 'board:sync', { day: first.hall.day, lastSeq: first.lastSeq });
		const lastSeen = Math.max(first.lastSeq, ...synced.calls.map((c) => c.seq));
		board.close();

		const called: string[] = [];
		for (let i = 0; i < 5; i++) {
			const t = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
			const s = await must<ConsoleState>(clerk, 'ticket:callTicket', { requestId: rid(), ticket: t.id, reason: 'test order' });
			called.push(s.current?.id ?? '');
			await must(clerk, 'ticket:noShow', { requestId: rid() });
		}

		board = track(await connect(server.url, { token: TOKENS.hallBoard }));
		const caught = await must<BoardState>(board, 'board:sync', { day: first.hall.day, lastSeq: lastSeen });
		expect(caught.calls.map((c) => c.ticket)).toEqual(called);
		const seqs = caught.calls.map((c) => c.seq);
		expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
		expect(seqs.every((s) => s > lastSeen)).toBe(true);
		expect(caught.lastSeq).toBe(await version());
		await must(clerk, 'counter:close', { requestId: rid() });
	});

	it('a fresh board gets the recent calls only', async () => {
		const board = track(await connect(server.url, { token: TOKENS.hallBoard }));
		const s = await must<BoardState>(board, 'board:sync', { day: null, lastSeq: 0 });
		expect(s.calls.length).toBeGreaterThan(0);
		expect(s.calls.length).toBeLessThanOrEqual(10);
		expect(s.board.kind).toBe('hall');
	});
});

describe('refusals', () => {
	it('after 5 wrong passwords an account is locked, even for the right one', async () => {
		for (let i = 0; i < 4; i++) await expect(login(server.url, 'test', 'sup', `guess-${i}`)).rejects.toThrow('401 AUTH.INVALID');
		await expect(login(server.url, 'test', 'sup', 'guess-4')).rejects.toThrow('423 AUTH.LOCKED');
		await expect(login(server.url, 'test', 'sup', PASSWORD)).rejects.toThrow('423 AUTH.LOCKED');
		// other accounts are not affected
		expect((await login(server.url, 'test', 'u2', PASSWORD)).staff.id).toBe('u2');
	});

	it('a kiosk cancels only its own tickets, and a replayed request id cannot reveal another ticket', async () => {
		const k1 = track(await connect(server.url, { token: TOKENS.kiosk }));
		const k2 = track(await connect(server.url, { token: TOKENS.kiosk2 }));
		const mine = await must<TicketView>(k1, 'ticket:issue', { requestId: rid(), service: 'S3' });
		const theirs = await must<TicketView>(k2, 'ticket:issue', { requestId: rid(), service: 'S3' });
		const foreign = await ask(k1, 'ticket:cancel', { requestId: rid(), ticket: theirs.id });
		expect(foreign.ok === false && foreign.error.code).toBe('TICKET.NOT_FOUND');
		const requestId = rid();
		const cancelled = await must<TicketView>(k1, 'ticket:cancel', { requestId, ticket: mine.id });
		expect(cancelled.status).toBe('cancelled');
		expect(cancelled.token).toBe('');
		const replay = await ask(k1, 'ticket:cancel', { requestId, ticket: theirs.id });
		expect(replay.ok === false && replay.error.code).toBe('REQUEST.REUSED');
	});

	it('refuses an unknown device token and a missing one with codes', async () => {
		await expect(connect(server.url, { token: 'nope' })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		await expect(connect(server.url, {})).rejects.toMatchObject({ code: 'AUTH.REQUIRED' });
		await expect(connect(server.url, { session: 'forged.session' })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
	});

	it('refuses a wrong password over HTTP and a malformed body', async () => {
		await expect(login(server.url, 'test', 'u1', 'wrong')).rejects.toThrow('401 AUTH.INVALID');
		const res = await fetch(`${server.url}/api/login`, { method: 'POST', body: '{"hall":1}' });
		expect(res.status).toBe(400);
		const big = await fetch(`${server.url}/api/login`, { method: 'POST', body: JSON.stringify({ hall: 'x'.repeat(20_000) }) });
		expect(big.status).toBe(400);
		expect(((await big.json()) as { error: { code: string } }).error.code).toBe('VALIDATION.FAILED');
		const { session } = await login(server.url, 'test', 'u2', PASSWORD);
		await expect(connect(server.url, { session: `${session}.extra` })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION.FAILED');
	});

	it('refuses malformed payloads with VALIDATION.FAILED and changes nothing', async () => {
		const kiosk = track(await connect(server.url, { token: TOKENS.kiosk }));
		const before = await version();
		const bad: unknown[] = [
			{},
			{ requestId: 'short', service: 'S1' },
			{ requestId: rid(), service: 'S1', priority: 'vip' },
			{ requestId: rid(), service: 42 },
			{ requestId: rid(), service: 'S1', identity: 'too short' },
			'not an object',
			null
		];
		for (const payload of bad) {
			const a = await ask(kiosk, 'ticket:issue', payload);
			expect(a.ok).toBe(false);
			if (!a.ok) expect(a.error.code).toBe('VALIDATION.FAILED');
		}
		const unknownService = await ask(kiosk, 'ticket:issue', { requestId: rid(), service: 'NOPE' });
		expect(unknownService.ok === false && unknownService.error.code).toBe('SERVICE.NOT_FOUND');
		expect(await version()).toBe(before);
	});

	it('ignores a field the contract does not name (a page of a newer build), and still refuses a bad one', async () => {
		const kiosk = track(await connect(server.url, { token: TOKENS.kiosk }));
		const taken = await ask<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1', appointment: 'B-20261207-0001' });
		expect(taken.ok && taken.data.service).toBe('S1');
		const bad = await ask(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1', appointment: 'B-1', priority: 'vip' });
		expect(bad.ok === false && bad.error.code).toBe('VALIDATION.FAILED');
	});

	it('refuses events outside the role with AUTH.FORBIDDEN and changes nothing', async () => {
		const board = track(await connect(server.url, { token: TOKENS.hallBoard }));
		const kiosk = track(await connect(server.url, { token: TOKENS.kiosk }));
		const evaluator = track(await connect(server.url, { token: TOKENS.evaluator }));
		const clerk = await staffClient('u3');
		const before = await version();
		const cases: [Client, string, unknown][] = [
			[board, 'ticket:issue', { requestId: rid(), service: 'S1' }],
			[board, 'ticket:callNext', { requestId: rid() }],
			[kiosk, 'ticket:callNext', { requestId: rid() }],
			[kiosk, 'counter:open', { requestId: rid(), counter: 'C1' }],
			[evaluator, 'ticket:issue', { requestId: rid(), service: 'S1' }],
			[clerk, 'ticket:issue', { requestId: rid(), service: 'S1' }],
			[clerk, 'board:sync', { day: null, lastSeq: 0 }],
			[kiosk, 'console:state', {}]
		];
		for (const [client, event, payload] of cases) {
			const a = await ask(client, event as 'ticket:issue', payload);
			expect(a.ok === false && a.error.code, `${event}`).toBe('AUTH.FORBIDDEN');
		}
		expect(await version()).toBe(before);
	});

	it('a staff member opens only their counters, one at a time, and acts only on the one they opened', async () => {
		const clerk = await staffClient('u2');
		const a = await ask(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
		expect(a.ok === false && a.error.code).toBe('STAFF.NOT_ALLOWED');
		// Counter actions name no counter: they apply to the one this person has open, here none.
		const b = await ask(clerk, 'ticket:callNext', { requestId: rid() });
		expect(b.ok === false && b.error.code).toBe('COUNTER.NOT_OPEN');
		const owner = await staffClient('u1');
		const c = await ask(owner, 'counter:open', { requestId: rid(), counter: 'C2' });
		expect(c.ok === false && c.error.code).toBe('STAFF.AT_OTHER_COUNTER');
	});
});

describe('board catch-up from an empty log', () => {
	it('a board that synced before the first call replays every call it missed, not just the latest 10', async () => {
		const other = await startTestServer([testHall()]);
		try {
			let board = await connect(other.url, { token: TOKENS.hallBoard });
			const first = await must<BoardState>(board, 'board:sync', { day: null, lastSeq: 0 });
			expect(first.lastSeq).toBe(0);
			board.close();
			const kiosk = await connect(other.url, { token: TOKENS.kiosk });
			const { session } = await login(other.url, 'test', 'u1', PASSWORD);
			const clerk = await connect(other.url, { session });
			await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
			const called: string[] = [];
			for (let i = 0; i < 12; i++) {
				await must(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
				called.push((await must<ConsoleState>(clerk, 'ticket:callNext', { requestId: rid() })).current?.id ?? '');
				await must(clerk, 'ticket:noShow', { requestId: rid() });
			}
			board = await connect(other.url, { token: TOKENS.hallBoard });
			const caught = await must<BoardState>(board, 'board:sync', { day: first.hall.day, lastSeq: first.lastSeq });
			expect(caught.fresh).toBe(false);
			expect(caught.calls.map((c) => c.ticket)).toEqual(called);
			// A board last synced yesterday missed all of today's calls too.
			const yesterday = await must<BoardState>(board, 'board:sync', { day: '2000-01-01', lastSeq: 99 });
			expect(yesterday.fresh).toBe(false);
			expect(yesterday.calls.map((c) => c.ticket)).toEqual(called);
			for (const c of [board, kiosk, clerk]) c.close();
		} finally {
			await other.close();
		}
	});
});
