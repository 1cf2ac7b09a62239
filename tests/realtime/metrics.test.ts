/**
 * Prometheus metrics of a real server (server/app/metrics.ts, docs/deployment.md "Metrics"): served
 * on the main port only with the metrics token and on the management port without one; after a
 * kiosk's tickets, a clerk's calls, a board's report and a guessing client they count what happened:
 * commands by kind and outcome, batches, appends, sockets by role, printers, the board's
 * acknowledgement, alerts raised, a refused handshake, the queues and the archive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallView, IssuedTicketView } from '../../server/realtime/contract';
import { LOAD_RATE_LIMITS } from '../support/rate-limits';
import { ask, ClientPool, connect, login, must, rid, startTestServer, waitFor, type Client, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

const TOKEN = 'metrics-token-metrics-token-0123456789';
/** 2026-06-03 10:00 in Shanghai, then on with the wall clock. */
const start = Date.now();
const clock = { now: () => Date.UTC(2026, 5, 3, 2, 0) + (Date.now() - start) };

let server: TestServer;
const clients = new ClientPool(() => server.url);
beforeAll(async () => {
	server = await startTestServer([testHall()], {
		clock,
		env: { HALLQ_METRICS_TOKEN: TOKEN, HALLQ_METRICS_PORT: '0', HALLQ_ALERT_INTERVAL_MS: '200', HALLQ_RATE_LIMITS: `${LOAD_RATE_LIMITS},refusedHandshake=1/0.001` }
	});
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

const client = (auth: object): Promise<Client> => clients.connect(auth);

/** The samples of a metric: labels as `k="v",…` (sorted as the server writes them) → value. */
function samples(text: string, name: string): Map<string, number> {
	const out = new Map<string, number>();
	for (const line of text.split('\n')) {
		const m = /^([a-z_]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
		if (m && m[1] === name) out.set(m[2] ?? '', Number(m[3]));
	}
	return out;
}

async function scrape(url = `${server.url}/metrics`, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }): Promise<string> {
	const res = await fetch(url, { headers });
	expect(res.status).toBe(200);
	expect(res.headers.get('content-type')).toContain('text/plain');
	return res.text();
}

describe('/metrics', () => {
	it('on the main port only with its token; on the management port without one', async () => {
		expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
		expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token-wrong-token-0' } })).status).toBe(401);
		expect(await scrape()).toContain('# TYPE hallq_command_seconds histogram');
		const management = server.running.metricsUrl;
		expect(management).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
		expect(await scrape(management!, {})).toContain('# TYPE hallq_sockets gauge');
	});

	it('counts commands, appends, sockets, printers, a board acknowledgement, alerts and a refused handshake', async () => {
		const kiosk = await client({ token: TOKENS.kiosk });
		const board = await client({ token: TOKENS.hallBoard });
		for (let i = 0; i < 3; i++) await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		// Tickets waiting and no counter open for S1: the alert rules raise an alert.
		await expect.poll(async () => [...samples(await scrape(), 'hallq_alerts_raised_total').values()].reduce((a, b) => a + b, 0), { timeout: 10_000 }).toBeGreaterThan(0);

		const { session } = await login(server.url, 'test', 'u1', PASSWORD);
		const clerk = await client({ session });
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
		const called = waitFor<CallView>(board, 'call');
		await must(clerk, 'ticket:callNext', { requestId: rid() });
		const call = await called;
		expect((await ask(board, 'board:report', { day: call.day, shownSeq: call.seq, spokenSeq: call.seq, audio: 'ok' })).ok).toBe(true);
		// A command the rules refuse: the counter has a ticket called, so open it again.
		expect(await ask(clerk, 'counter:open', { requestId: rid(), counter: 'C1' })).toMatchObject({ ok: false });
		// Two wrong tokens from one address: the second is refused by the limit (1 refused handshake).
		await expect(connect(server.url, { token: 'guess-one' })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		await expect(connect(server.url, { token: 'guess-two' })).rejects.toMatchObject({ code: 'RATE.LIMITED' });

		const text = await scrape();
		expect(samples(text, 'hallq_command_seconds_count').get('kind="issue",outcome="ok"')).toBe(3);
		expect(samples(text, 'hallq_command_seconds_count').get('kind="callNext",outcome="ok"')).toBe(1);
		expect(samples(text, 'hallq_command_seconds_count').get('kind="openCounter",outcome="refused"')).toBe(1);
		expect(samples(text, 'hallq_batch_commands_count').get('')).toBeGreaterThanOrEqual(5);
		expect(samples(text, 'hallq_appends_total').get('result="ok"')).toBeGreaterThanOrEqual(5);
		expect(samples(text, 'hallq_sockets')).toEqual(new Map([['role="kiosk"', 1], ['role="display"', 1], ['role="staff"', 1]]));
		expect([...samples(text, 'hallq_printers').values()].reduce((a, b) => a + b, 0)).toBe(2);
		expect(samples(text, 'hallq_board_ack_seconds_count').get('')).toBe(1);
		expect(samples(text, 'hallq_rate_limited_total').get('limit="refusedHandshake"')).toBe(1);
		expect(samples(text, 'hallq_queue_depth').get('hall="test"')).toBe(0);
		expect(samples(text, 'hallq_archive_failing_days').get('')).toBe(0);
		expect(samples(text, 'hallq_store_behind_total').size).toBe(0);
	});
});
