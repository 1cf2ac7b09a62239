/**
 * The phone status page in a browser at a phone's size: from the ticket's secret link it shows the
 * number, the people ahead and the estimate, and switches to "your turn, go to counter 1" when the
 * ticket is called. A link that is no ticket of today says so.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketView } from '../../server/realtime/contract';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { connect, login, must, rid, type Client } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

let server: BuiltServer;
let browser: Browser;
const clients: Client[] = [];

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	server = await startBuiltServer([testHall()], { HALLQ_PRINTER_SIM: 'off' });
	browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
	for (const c of clients) c.close();
	await browser?.close();
	await server?.stop();
});

describe('the phone status page', () => {
	it('follows a ticket from issue to call', async () => {
		const kiosk = await connect(server.url, { token: TOKENS.kiosk });
		clients.push(kiosk);
		await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		const mine = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });

		const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
		await phone.goto(`${server.url}/t/${mine.token}`);
		expect((await phone.getByTestId('phone-number').textContent())?.trim()).toBe(mine.id);
		await expect.poll(async () => (await phone.getByTestId('phone-ahead').textContent())?.trim()).toBe('1 人');
		await phone.screenshot({ path: screenshotPath('phone-waiting') });

		const { session } = await login(server.url, 'test', 'u1', PASSWORD);
		const clerk = await connect(server.url, { session });
		clients.push(clerk);
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
		await must(clerk, 'ticket:callNext', { requestId: rid() });
		await must(clerk, 'ticket:start', { requestId: rid() });
		await must(clerk, 'ticket:finish', { requestId: rid(), outcome: 'done' });
		await must(clerk, 'ticket:callNext', { requestId: rid() });
		await phone.getByTestId('phone-called').waitFor({ timeout: 10_000 });
		expect(await phone.getByTestId('phone-called').textContent()).toContain('1号窗口');
		await phone.screenshot({ path: screenshotPath('phone-called') });

		const stranger = await browser.newPage({ viewport: { width: 390, height: 844 } });
		await stranger.goto(`${server.url}/t/AAAAAAAAAAAAAAAA`);
		await stranger.getByTestId('phone-invalid').waitFor({ timeout: 10_000 });
		await stranger.screenshot({ path: screenshotPath('phone-invalid') });
	}, 60_000);
});
