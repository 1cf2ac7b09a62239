/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { kioskHall } from '../support/kiosk-hall';
import { kioskSocket } from '../support/kiosk-issue';
import { openKiosk, searchResultCodes, typeOnScreen } from '../support/kiosk-page';

let server: BuiltServer;
let browser: Browser;

beforeAll(async () => {
	server = await startBuiltServer([kioskHall()]);
	browser = await launchBrowser();
	// 企业设立登记 (G2) is asked for more than 个体工商户设立登记 (G1) today.
	const other = await kioskSocket(server.url);
	for (const service of ['G2', 'G2', 'G1']) expect((await other.issue(service)).ok).toBe(true);
	other.close();
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function openSearch(): Promise<Page> {
	const page = await openKiosk(browser, server.url);
	await page.getByTestId('search-open').click();
	await page.getByTestId('search-input').waitFor();
	return page;
}

describe('the kiosk search', () => {
	it('finds a service by its Chinese name, typed on a keyboard or through an IME', async () => {
		const page = await openSearch();
		// fill() inserts the text as an IME commits it.
		await page.getByTestId('search-input').fill('工商户');
		await expect.poll(() => searchResultCodes(page)).toEqual(['G1']);
		await page.getByTestId('search-input').fill('社保卡');
		await expect.poll(() => searchResultCodes(page)).toEqual(['S1']);
		await page.close();
	});

	it('finds a service by its pinyin initials typed on the on-screen keyboard', async () => {
		const page = await openSearch();
		await typeOnScreen(page, 'gsdj');
		expect(await page.getByTestId('search-input').inputValue()).toBe('gsdj');
		await expect.poll(async () => (await searchResultCodes(page))[0]).toBe('G1');
		await page.screenshot({ path: screenshotPath('e2e-kiosk-search-gsdj') });
		// Delete takes one letter back; the service opens from the results, and "返回" comes back to them.
		await page.locator('[data-key="backspace"]').click();
		expect(await page.getByTestId('search-input').inputValue()).toBe('gsd');
		await typeOnScreen(page, 'j');
		await page.getByTestId('result-G1').click();
		await expect.poll(async () => page.locator('h1').first().textContent()).toContain('个体工商户设立登记');
		await page.getByTestId('back').click();
		expect(await page.getByTestId('search-input').inputValue()).toBe('gsdj');
		await page.close();
	});

	it('finds a service by its full pinyin', async () => {
		const page = await openSearch();
		await typeOnScreen(page, 'shebaoka');
		await expect.poll(async () => (await searchResultCodes(page))[0]).toBe('S1');
		await page.getByTestId('search-input').fill('gongshanghu');
		await expect.poll(() => searchResultCodes(page)).toEqual(['G1']);
		await page.getByTestId('search-input').fill('hunyindengji');
		await expect.poll(() => searchResultCodes(page)).toEqual(['Q1']);
		await page.close();
	});

	it('lists the most used services first, and says so when nothing is found', async () => {
		const page = await openSearch();
		// Both names hold 设立登记 (sldj): the one asked for more today comes first.
		await typeOnScreen(page, 'sldj');
		await expect.poll(() => searchResultCodes(page)).toEqual(['G2', 'G1']);
		await page.getByTestId('search-input').fill('');
		// Before anything is typed: today's most used.
		await expect.poll(() => searchResultCodes(page)).toEqual(['G2', 'G1']);
		await page.getByTestId('search-input').fill('xyzxyz');
		await expect.poll(async () => page.getByTestId('search-status').textContent()).toContain('没有找到');
		await page.getByTestId('home').click();
		const popular = await page.locator('[data-testid^="popular-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
		expect(popular).toEqual(['popular-G2', 'popular-G1']);
		await page.close();
	});

	it('searches by English name when the visitor reads English', async () => {
		const page = await openSearch();
		await page.getByTestId('lang-toggle').click();
		await expect.poll(async () => page.locator('label[for="service-search"]').textContent()).toContain('Service name or pinyin');
		await page.getByTestId('search-input').fill('marriage');
		await expect.poll(() => searchResultCodes(page)).toEqual(['Q1']);
		await page.close();
	});
});
