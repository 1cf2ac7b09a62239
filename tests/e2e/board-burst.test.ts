/**
 * Two hall boards while three counters call in the same second; one board is cut off from the
 * network during the burst and comes back. Both boards end with every call, each shown once and in
 * order, and both announce all of them (the one that was away replays what it missed: recent calls
 * are spoken), one after the other.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleState } from '../../server/realtime/contract';
import { boardData, launchBoardBrowser } from '../support/board-browser';
import { BOARD_TOKENS, boardHall, issueTicket, openCounter, staffSocket } from '../support/board-hall';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { connect, must, rid, type Client } from '../support/server';
import { TOKENS } from '../support/test-hall';

let server: BuiltServer;
let browser: Browser;
const sockets: Client[] = [];

beforeAll(async () => {
	server = await startBuiltServer([boardHall()], { HALLQ_PRINTER_SIM: 'off' });
	browser = await launchBoardBrowser({ autoplay: true });
}, 60_000);
afterAll(async () => {
	for (const s of sockets) s.close();
	await browser?.close();
	await server?.stop();
});

async function openBoard(): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const page = await context.newPage();
	await page.goto(`${server.url}/display/hall?token=${BOARD_TOKENS.hall}&repeat=1`);
	await page.getByTestId('board-offline').waitFor({ state: 'detached', timeout: 20_000 });
	return page;
}

const seqs = (list: string | undefined) => (list ? list.split(',').map(Number) : []);

describe('a burst of calls across a reconnect', () => {
	it('reaches both boards whole, in order, and every call is announced on both', async () => {
		const a = await openBoard();
		const b = await openBoard();
		const kiosk = await connect(server.url, { token: TOKENS.kiosk });
		sockets.push(kiosk);
		const clerks = await Promise.all(['u1', 'u2', 'u3'].map((s) => staffSocket(server.url, s)));
		sockets.push(...clerks);
		const [c1, c2, c3] = clerks as [Client, Client, Client];
		await openCounter(c1, 'C1');
		await openCounter(c2, 'C2');
		await openCounter(c3, 'C3');
		await issueTicket(kiosk, 'S1');
		await issueTicket(kiosk, 'S1');
		await issueTicket(kiosk, 'S3');

		await b.context().setOffline(true);
		await expect.poll(async () => b.getByTestId('board-offline').count(), { timeout: 20_000 }).toBe(1);
		// Three counters press "call next" in the same moment.
		const called = await Promise.all([c1, c2, c3].map((c) => must<ConsoleState>(c, 'ticket:callNext', { requestId: rid() })));
		const tickets = called.map((s) => s.current?.id).sort();
		expect(tickets).toEqual(['A001', 'A002', 'C001']);
		await b.context().setOffline(false);

		for (const page of [a, b]) {
			await expect.poll(async () => seqs((await boardData(page)).calls).length, { timeout: 20_000 }).toBe(3);
			const held = seqs((await boardData(page)).calls);
			expect(held).toEqual([...held].sort((x, y) => x - y));
			// Each announcement takes a few seconds; they are spoken one after another, all three.
			await expect.poll(async () => seqs((await boardData(page)).spoken).sort((x, y) => x - y), { timeout: 40_000 }).toEqual(held);
		}
		expect(seqs((await boardData(a)).calls)).toEqual(seqs((await boardData(b)).calls));
		// On screen: the latest call large, the two others in the recent list.
		const onScreen = `${await b.getByTestId('latest-ticket').textContent()} ${await b.getByTestId('recent-calls').textContent()}`;
		for (const t of tickets) expect(onScreen).toContain(t);
	}, 90_000);
});
