/**
 * Two HallQ server processes on one Redis (STORE=redis): a call made on process A reaches a board on
 * process B through the Socket.IO Redis streams adapter, and tickets issued on both processes at once
 * get distinct numbers without a gap (the numbers come from the shared log). A phone on a process
 * that holds no device of its hall still hears its ticket called.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../../server/core/views';
import type { BoardState, BoardStateView, Catalog, ConsoleState, TicketView } from '../../server/realtime/contract';
import { startRedis, type RedisServer } from '../support/redis-server';
import { connect, login, must, rid, waitFor, type Client } from '../support/server';
import { killed, spawnServer, type ServerProcess } from '../support/spawn-server';
import { PASSWORD, TOKENS } from '../support/test-hall';

let redis: RedisServer | undefined;
let dir: string | undefined;
const servers: ServerProcess[] = [];
const clients: Client[] = [];

beforeAll(async () => {
	redis = await startRedis();
	dir = mkdtempSync(join(tmpdir(), 'hallq-two-'));
	const env = { STORE: 'redis', REDIS_URL: redis.url };
	// HALLQ_DB is never opened with STORE=redis; it points into a temp folder so nothing is written elsewhere.
	servers.push(await spawnServer({ ...env, HALLQ_DB: join(dir, 'a.db') }));
	servers.push(await spawnServer({ ...env, HALLQ_DB: join(dir, 'b.db') }));
}, 60_000);

afterAll(async () => {
	for (const c of clients) c.close();
	await Promise.all(
		servers.map((s) => {
			s.child.kill('SIGTERM');
			const hard = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
			return killed(s.child).finally(() => clearTimeout(hard));
		})
	);
	await redis?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

async function open(url: string, auth: object): Promise<Client> {
	const c = await connect(url, auth);
	clients.push(c);
	return c;
}

describe('two server processes on one Redis', () => {
	it('delivers a call made on A to a board on B, and numbers tickets from both without duplicate or gap', async () => {
		const [a, b] = servers;
		if (!a || !b) throw new Error('servers did not start');
		const board = await open(b.url, { token: TOKENS.hallBoard });
		await must<BoardState>(board, 'board:sync', { day: null, lastSeq: 0 });
		const kioskA = await open(a.url, { token: TOKENS.kiosk });
		const kioskB = await open(b.url, { token: TOKENS.kiosk2 });
		const { session } = await login(a.url, 'test', 'u1', PASSWORD);
		const clerk = await open(a.url, { session });

		const first = await must<TicketView>(kioskA, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(first.id).toBe('A001');
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
		const heard = waitFor<CallView>(board, 'call', (c) => c.ticket === first.id);
		const s = await must<ConsoleState>(clerk, 'ticket:callNext', { requestId: rid() });
		expect(s.current?.id).toBe(first.id);
		const call = await heard;
		expect(call).toMatchObject({ ticket: 'A001', counter: 'C1', recall: false });
		// The board's own catch-up from B's view of the log agrees on the sequence number.
		const synced = await must<BoardState>(board, 'board:sync', { day: null, lastSeq: 0 });
		expect(synced.calls.find((c) => c.ticket === 'A001')?.seq).toBe(call.seq);

		const issued = await Promise.all(
			Array.from({ length: 30 }, (_, i) => must<TicketView>(i % 2 === 0 ? kioskA : kioskB, 'ticket:issue', { requestId: rid(), service: 'S1' }))
		);
		const ids = [first.id, ...issued.map((t) => t.id)].sort();
		expect(new Set(ids).size).toBe(31);
		expect(ids).toEqual(Array.from({ length: 31 }, (_, i) => `A${String(i + 1).padStart(3, '0')}`));

		// A supervisor on A sees the board connected to B and its report (through the adapter).
		await must(board, 'board:report', { day: synced.hall.day, shownSeq: call.seq, spokenSeq: call.seq, audio: 'ok' });
		const sup = await open(a.url, { session: (await login(a.url, 'test', 'sup', PASSWORD)).session });
		const boards = await must<BoardStateView[]>(sup, 'boards:state', {});
		expect(boards.find((x) => x.device === 'hall')).toMatchObject({ connections: 1, health: { shownSeq: call.seq, audio: 'ok' } });

		// Process B follows the log: tickets issued on A show in B's kiosk catalog without B appending.
		const before = (await must<Catalog>(kioskB, 'kiosk:catalog', {})).services.find((x) => x.code === 'S3')?.waiting ?? 0;
		for (let i = 0; i < 3; i++) await must<TicketView>(kioskA, 'ticket:issue', { requestId: rid(), service: 'S3' });
		await expect
			.poll(async () => (await must<Catalog>(kioskB, 'kiosk:catalog', {})).services.find((x) => x.code === 'S3')?.waiting, { timeout: 3000 })
			.toBe(before + 3);
	}, 60_000);

	it('tells a phone whose process holds no device of the hall that its ticket is called on the other process', async () => {
		const [a, b] = servers;
		if (!a || !b) throw new Error('servers did not start');
		// Everything of hall `test` on A; on B only the phone (B then computes no board or console pushes for the hall).
		for (const c of clients.splice(0)) c.close();
		const kiosk = await open(a.url, { token: TOKENS.kiosk });
		const clerk = await open(a.url, { session: (await login(a.url, 'test', 'u2', PASSWORD)).session });
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C2' });
		for (let s = await must<ConsoleState>(clerk, 'console:state', {}); (s.waiting.find((w) => w.service === 'S1')?.count ?? 0) > 0; ) {
			s = await must<ConsoleState>(clerk, 'ticket:callNext', { requestId: rid() });
			s = await must<ConsoleState>(clerk, 'ticket:noShow', { requestId: rid() });
		}
		const mine = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		const phone = await open(b.url, { ticket: mine.token });
		const called = waitFor<{ id: string; status: string; counterNumber: number | null }>(phone, 'ticket:changed', (t) => t.status === 'called');
		const s = await must<ConsoleState>(clerk, 'ticket:callNext', { requestId: rid() });
		expect(s.current?.id).toBe(mine.id);
		expect(await called).toMatchObject({ id: mine.id, status: 'called', counterNumber: 2 });
	}, 30_000);
});
