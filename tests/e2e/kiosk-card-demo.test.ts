/**
 * The demo's simulated card reader in Chromium, on the built server: with HALLQ_READER_SIM=on a
 * kiosk without an agent (K2) shows a labelled demo button on the card prompt that takes the number;
 * a kiosk with an agent (K1), or any kiosk with the setting off, does not show it.
 * Screenshot of the prompt at 1080×1920 goes to artifacts/screens/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { cardHallConfig } from '../support/card-hall';
import { PORTRAIT } from '../support/kiosk-page';
import { TOKENS } from '../support/test-hall';

let on: BuiltServer;
let off: BuiltServer;
let browser: Browser;

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	[on, off] = await Promise.all([
		startBuiltServer([cardHallConfig()], { HALLQ_HOURS: 'always', HALLQ_READER_SIM: 'on' }),
		startBuiltServer([cardHallConfig()], { HALLQ_HOURS: 'always', HALLQ_READER_SIM: 'off' })
	]);
	browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await on?.stop();
	await off?.stop();
});

/** A kiosk page at the card prompt of S3 (requires identity). */
async function promptAt(server: BuiltServer, kiosk: 'K1' | 'K2'): Promise<Page> {
	const context = await browser.newContext({ viewport: PORTRAIT });
	const page = await context.newPage();
	page.on('close', () => void context.close().catch(() => {}));
	await page.goto(`${server.url}/kiosk/${kiosk}?token=${kiosk === 'K1' ? TOKENS.kiosk : TOKENS.kiosk2}`);
	await page.getByTestId('zone-zb').click();
	await page.getByTestId('service-S3').click();
	await page.getByTestId('take-number').click();
	await page.getByTestId('card-prompt').waitFor();
	return page;
}

describe('the demo card button (HALLQ_READER_SIM)', () => {
	it('on, kiosk without an agent: the prompt offers the demo read, which takes the number', async () => {
		const page = await promptAt(on, 'K2');
		const button = page.getByTestId('card-simulate');
		await button.waitFor();
		expect(await button.textContent()).toContain('模拟刷卡（演示）');
		expect(await page.getByTestId('card-simulate-elderly').count()).toBe(1);
		await page.screenshot({ path: screenshotPath('kiosk-card-demo-prompt-portrait') });
		await button.click();
		await page.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
		expect(await page.getByTestId('ticket-number').textContent()).toMatch(/C\d+/);
		expect(await page.getByTestId('ticket-holder').textContent()).toMatch(/\*/);
		await page.screenshot({ path: screenshotPath('kiosk-card-demo-ticket-portrait') });
		await page.close();
	});

	it('on, kiosk with an agent: no demo button', async () => {
		const page = await promptAt(on, 'K1');
		expect(await page.getByTestId('card-prompt').textContent()).toContain('请在读卡区放置身份证');
		expect(await page.getByTestId('card-simulate').count()).toBe(0);
		await page.close();
	});

	it('off: no demo button', async () => {
		const page = await promptAt(off, 'K2');
		expect(await page.getByTestId('card-prompt').textContent()).toContain('请在读卡区放置身份证');
		expect(await page.getByTestId('card-simulate').count()).toBe(0);
		await page.close();
	});
});
