/**
 * A bad rating is in the log before its follow-up case is in the case store: a process that stops in
 * between must not lose the case. On start, today's log is looked through and missing cases opened.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseView } from '../../server/realtime/contract';
import { EVAL_TOKENS, evaluationHall, PASSWORD, serveOne, TOKENS } from '../support/evaluation-hall';
import { ClientPool, login, must, rid, startTestServer, type TestServer } from '../support/server';

const dir = mkdtempSync(join(tmpdir(), 'hallq-cases-'));
const clock = { now: () => Date.UTC(2026, 8, 30, 2, 0, 0) };
let server: TestServer | null = null;
const clients = new ClientPool(() => server?.url ?? '');

afterAll(async () => {
	clients.closeAll();
	await server?.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('follow-up cases after a stop', () => {
	it('opens at start the case of a bad rating that the store does not have', async () => {
		server = await startTestServer([evaluationHall()], { dir, clock, env: { HALLQ_PRINTER_SIM: 'off' } });
		const kiosk = await clients.connect({ token: TOKENS.kiosk });
		const clerk = await clients.connect({ session: (await login(server.url, 'test', 'u1', PASSWORD)).session });
		const evaluator = await clients.connect({ token: EVAL_TOKENS.counter1 });
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
		const ticket = await serveOne(kiosk, clerk);
		await must(evaluator, 'rating:submit', { requestId: rid(), ticket: ticket.id, overall: 1, efficiency: 1, level: 1, attitude: 1, reasons: ['attitude'] });
		const sup = await clients.connect({ session: (await login(server.url, 'test', 'sup', PASSWORD)).session });
		await expect.poll(async () => (await must<CaseView[]>(sup, 'cases:list', {})).length).toBe(1);
		clients.closeAll();
		await server.close();
		server = null;

		// As if the process had stopped after the append and before the case was stored.
		const db = new Database(join(dir, 'hallq.db'));
		expect(db.prepare('DELETE FROM follow_up_cases').run().changes).toBe(1);
		db.close();

		server = await startTestServer([evaluationHall()], { dir, clock, env: { HALLQ_PRINTER_SIM: 'off' } });
		const again = await clients.connect({ session: (await login(server.url, 'test', 'sup', PASSWORD)).session });
		const cases = await must<CaseView[]>(again, 'cases:list', {});
		expect(cases.map((c) => [c.ticket, c.status, c.due])).toEqual([[ticket.id, 'open', '2026-10-27']]);
	});
});
