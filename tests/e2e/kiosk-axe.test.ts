/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { kioskHall } from '../support/kiosk-hall';
import { LANDSCAPE, openKiosk, seriousAxeViolations } from '../support/kiosk-page';

let server: BuiltServer;
let browser: Browser;

beforeAll(async () => {
	server = await startBuiltServer([kioskHall()]);
	browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** Every screen and overlay of a visit, in the order a visitor meets them. */
async function eachScreen(page: Page, check: (screen: string) => Promise<void>): Promise<void> {
	await check('start');
	await page.getByTestId('search-open').click();
	await page.getByTestId('search-input').fill('dj');
	await page.getByTestId('result-G1').waitFor();
	await check('search');
	await page.getByTestId('home').click();
	await page.getByTestId('zone-za').click();
	await check('zone');
	await page.getByTestId('service-H1').click();
	await page.getByTestId('service-closed').waitFor();
	await check('service closed');
	await page.getByTestId('back').click();
	await page.getByTestId('service-S1').click();
	await check('service');
	await page.getByTestId('take-number').click();
	await page.getByTestId('ticket-number').waitFor();
	await check('ticket');
	await page.getByTestId('ticket-done').click();
}

/**
 * The "还在吗？" overlay, on a page of its own with a 3 s idle time: the visit above runs with a long
 * one, or on a slow machine the overlay would come up mid-visit and cover the buttons.
 */
async function idleScreen(page: Page, check: (screen: string) => Promise<void>): Promise<void> {
	await page.getByTestId('zone-za').click();
	await page.getByTestId('idle-overlay').waitFor({ timeout: 10_000 });
	await check('idle');
}

describe('axe-core on every kiosk screen', () => {
	for (const mode of ['normal', 'high contrast', 'English'] as const) {
		it(`finds no serious or critical violation (${mode})`, async () => {
			const found: string[] = [];
			for (const [idle, walk] of [['600', eachScreen], ['3', idleScreen]] as const) {
				const page = await openKiosk(browser, server.url, { query: `idle=${idle}`, viewport: mode === 'English' ? LANDSCAPE : undefined });
				if (mode === 'high contrast') await page.getByTestId('high-contrast-toggle').click();
				if (mode === 'English') await page.getByTestId('lang-toggle').click();
				await walk(page, async (screen) => {
					for (const v of await seriousAxeViolations(page)) found.push(`${screen}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.slice(0, 3).join(', ')}`);
				});
				await page.close();
			}
			expect(found).toEqual([]);
		}, 60_000);
	}

	it('finds no serious or critical violation on the offline screen', async () => {
		const page = await openKiosk(browser, server.url);
		await server.halt();
		try {
			await page.getByTestId('offline-overlay').waitFor({ timeout: 10_000 });
			expect(await seriousAxeViolations(page)).toEqual([]);
		} finally {
			await server.start();
			await page.close();
		}
	}, 60_000);
});
