import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

let server: BuiltServer;
let browser: Browser;

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	server = await startBuiltServer([testHall()]);
	browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

describe('take a number at the kiosk, call it at the counter, see it on the board', () => {
	it('works end to end in Chromium', async () => {
		const viewport = { width: 1920, height: 1080 };
		const board = await browser.newPage({ viewport });
		await board.goto(`${server.url}/display/hall?token=${TOKENS.hallBoard}`);
		await board.getByTestId('recent-calls').waitFor();

		const kiosk = await browser.newPage({ viewport });
		await kiosk.goto(`${server.url}/kiosk/K1?token=${TOKENS.kiosk}`);
		await kiosk.getByTestId('zone-za').click();
		await kiosk.getByTestId('service-S1').click();
		await kiosk.screenshot({ path: screenshotPath('e2e-kiosk-service') });
		await kiosk.getByTestId('take-number').click();
		const number = (await kiosk.getByTestId('ticket-number').textContent())?.trim() ?? '';
		expect(number).toMatch(/^A\d{3}$/);
		await kiosk.screenshot({ path: screenshotPath('e2e-kiosk-ticket') });

		const counter = await browser.newPage({ viewport });
		await counter.goto(`${server.url}/counter`);
		await counter.getByTestId('login-hall').fill('test');
		await counter.getByTestId('login-staff').fill('u1');
		await counter.getByTestId('login-password').fill(PASSWORD);
		await counter.getByTestId('login-submit').click();
		await counter.getByTestId('open-counter-C1').click();
		await counter.getByTestId('call-next').click();
		await expect.poll(async () => (await counter.getByTestId('current-ticket').textContent()) ?? '').toContain(number);
		await counter.screenshot({ path: screenshotPath('e2e-counter') });

		await expect.poll(async () => (await board.getByTestId('latest-ticket').textContent())?.trim()).toBe(number);
		expect(await board.getByTestId('latest-counter').textContent()).toContain('1');
		await board.screenshot({ path: screenshotPath('e2e-board') });
	}, 60_000);
});
