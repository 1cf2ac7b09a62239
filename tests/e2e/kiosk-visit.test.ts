/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { kioskHall } from '../support/kiosk-hall';
import { LANDSCAPE, openKiosk, PORTRAIT } from '../support/kiosk-page';

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

const rootFontPx = (page: Page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
const kioskBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector('.kiosk')!).backgroundColor);
const pressed = async (page: Page, testid: string) => (await page.getByTestId(testid).getAttribute('aria-pressed')) === 'true';

/** Buttons and fields on screen smaller than 64 × 64 px, as "label (w×h)". */
async function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll<HTMLElement>('button, input, a[href], [role="button"]')]
			.filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
			.map((el) => ({ el, r: el.getBoundingClientRect() }))
			.filter(({ r }) => r.width < 64 || r.height < 64)
			.map(({ el, r }) => `${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 20)} (${Math.round(r.width)}×${Math.round(r.height)})`)
	);
}

describe('large text and high contrast', () => {
	it('large text holds on every screen of the visit and is gone for the next person', async () => {
		const page = await openKiosk(browser, server.url);
		const normal = await rootFontPx(page);
		await page.getByTestId('large-text-toggle').click();
		expect(await pressed(page, 'large-text-toggle')).toBe(true);
		expect(await rootFontPx(page)).toBeGreaterThanOrEqual(normal * 1.2);
		await page.getByTestId('zone-za').click();
		await page.getByTestId('service-S1').click();
		expect(await rootFontPx(page)).toBeGreaterThanOrEqual(normal * 1.2);
		await page.screenshot({ path: screenshotPath('e2e-kiosk-large-text-service') });
		await page.getByTestId('take-number').click();
		await page.getByTestId('ticket-number').waitFor();
		expect(await rootFontPx(page)).toBeGreaterThanOrEqual(normal * 1.2);
		await page.getByTestId('ticket-done').click();
		await page.getByTestId('zone-za').waitFor();
		expect(await rootFontPx(page)).toBe(normal);
		expect(await pressed(page, 'large-text-toggle')).toBe(false);
		await page.close();
	});

	it('high contrast holds on every screen of the visit and is gone for the next person', async () => {
		const page = await openKiosk(browser, server.url, { viewport: LANDSCAPE });
		const normal = await kioskBackground(page);
		await page.getByTestId('high-contrast-toggle').click();
		expect(await pressed(page, 'high-contrast-toggle')).toBe(true);
		expect(await kioskBackground(page)).toBe('rgb(0, 0, 0)');
		await page.getByTestId('search-open').click();
		expect(await kioskBackground(page)).toBe('rgb(0, 0, 0)');
		await page.getByTestId('search-input').fill('sbk');
		await page.getByTestId('result-S1').click();
		expect(await kioskBackground(page)).toBe('rgb(0, 0, 0)');
		await page.screenshot({ path: screenshotPath('e2e-kiosk-high-contrast-service') });
		await page.getByTestId('take-number').click();
		await page.getByTestId('ticket-done').click();
		await page.getByTestId('zone-za').waitFor();
		expect(await kioskBackground(page)).toBe(normal);
		expect(await pressed(page, 'high-contrast-toggle')).toBe(false);
		await page.close();
	});
});

describe('idle', () => {
	it('after the idle time, counts down, then goes back to the start and forgets the visit', async () => {
		const page = await openKiosk(browser, server.url, { query: 'idle=2' });
		await page.getByTestId('large-text-toggle').click();
		await page.getByTestId('high-contrast-toggle').click();
		await page.getByTestId('search-open').click();
		await page.getByTestId('search-input').fill('gsdj');
		await page.getByTestId('lang-toggle').click();
		await page.getByTestId('result-G1').click();
		await page.getByTestId('take-number').waitFor();

		const overlay = page.getByTestId('idle-overlay');
		await overlay.waitFor({ timeout: 5000 });
		expect(await overlay.textContent()).toContain('Are you still there?');
		// "Continue" keeps the visit as it was.
		await overlay.locator('button.continue').click();
		await overlay.waitFor({ state: 'detached' });
		expect(await page.getByTestId('take-number').count()).toBe(1);

		// Then nobody touches it: back to the start, in Chinese, with nothing of the visit left.
		await overlay.waitFor({ timeout: 5000 });
		await page.getByTestId('search-open').waitFor({ timeout: 8000 });
		expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
		expect(await pressed(page, 'large-text-toggle')).toBe(false);
		expect(await pressed(page, 'high-contrast-toggle')).toBe(false);
		expect(await page.evaluate(() => document.documentElement.className)).not.toMatch(/kiosk-(large-text|high-contrast)/);
		await page.getByTestId('search-open').click();
		expect(await page.getByTestId('search-input').inputValue()).toBe('');
		await page.close();
	});

	it('does not interrupt the start screen of a kiosk nobody uses', async () => {
		const page = await openKiosk(browser, server.url, { query: 'idle=1' });
		await new Promise((r) => setTimeout(r, 2500));
		expect(await page.getByTestId('idle-overlay').count()).toBe(0);
		await page.close();
	});
});

describe('without a mouse', () => {
	it('every step is reachable with Tab and pressed with Enter or Space, with the focus visible', async () => {
		const page = await openKiosk(browser, server.url);
		const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.id ?? '');
		async function tabTo(testid: string, limit = 40) {
			for (let i = 0; i < limit; i++) {
				await page.keyboard.press('Tab');
				if ((await focused()) === testid) return;
			}
			throw new Error(`${testid} not reached with Tab`);
		}
		await tabTo('search-open');
		const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
		expect(outline).not.toBe('none');
		await page.keyboard.press('Enter');
		// The search field takes the focus: a physical keyboard types into it.
		await expect.poll(focused).toBe('search-input');
		await page.keyboard.type('sbk');
		await tabTo('result-S1');
		await page.keyboard.press('Space');
		await page.getByTestId('take-number').waitFor();
		await tabTo('take-number');
		await page.keyboard.press('Enter');
		await page.getByTestId('ticket-number').waitFor();
		// The ticket screen puts the focus on "完成".
		await expect.poll(focused).toBe('ticket-done');
		await page.keyboard.press('Enter');
		await page.getByTestId('search-open').waitFor();
		await page.close();
	});

	it('labels every control for screen readers', async () => {
		const page = await openKiosk(browser, server.url);
		for (const step of [async () => {}, () => page.getByTestId('search-open').click(), () => page.getByTestId('home').click().then(() => page.getByTestId('zone-za').click()), () => page.getByTestId('service-S1').click()]) {
			await step();
			const unlabelled = await page.evaluate(() =>
				[...document.querySelectorAll<HTMLElement>('button, input')]
					.filter((el) => el.tabIndex >= 0 && el.getClientRects().length > 0)
					.filter((el) => {
						const label = el.getAttribute('aria-label') ?? (el instanceof HTMLInputElement ? (el.labels?.[0]?.textContent ?? '') : el.textContent ?? '');
						return label.trim() === '';
					})
					.map((el) => el.outerHTML.slice(0, 80))
			);
			expect(unlabelled).toEqual([]);
		}
		await page.close();
	});
});

describe('touch targets', () => {
	for (const [name, viewport] of [
		['portrait', PORTRAIT],
		['landscape', LANDSCAPE]
	] as const) {
		it(`are at least 64 px on every screen (${name})`, async () => {
			const page = await openKiosk(browser, server.url, { viewport });
			expect(await smallTargets(page)).toEqual([]);
			await page.getByTestId('search-open').click();
			await page.getByTestId('search-input').fill('dj');
			expect(await smallTargets(page)).toEqual([]);
			await page.getByTestId('home').click();
			await page.getByTestId('zone-za').click();
			expect(await smallTargets(page)).toEqual([]);
			await page.getByTestId('service-S2').click();
			expect(await smallTargets(page)).toEqual([]);
			await page.getByTestId('take-number').click();
			await page.getByTestId('ticket-number').waitFor();
			expect(await smallTargets(page)).toEqual([]);
			await page.close();
		});
	}
});

describe('spoken guidance', () => {
	/** A stand-in speechSynthesis with one Mandarin voice, recording what is said. */
	const fakeVoice = `
		window.__spoken = [];
		const voice = { lang: 'zh-CN', name: 'Test Mandarin', default: true, localService: true, voiceURI: 'test' };
		const synth = new EventTarget();
		synth.getVoices = () => [voice];
		synth.speak = (u) => window.__spoken.push(u.text);
		synth.cancel = () => {};
		window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
		Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
	`;
	const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken.join('\n'));

	it('says each step in Mandarin once switched on, when a Chinese voice exists', async () => {
		const page = await openKiosk(browser, server.url, { initScript: fakeVoice });
		await page.getByTestId('spoken-toggle').click();
		await expect.poll(() => spoken(page)).toContain('请在屏幕上选择要办理的业务区域');
		await page.getByTestId('zone-za').click();
		await expect.poll(() => spoken(page)).toContain('社会事务区。请选择要办理的业务');
		await page.getByTestId('service-S1').click();
		await expect.poll(() => spoken(page)).toContain('社保卡申领。现在有');
		await page.getByTestId('take-number').click();
		await expect.poll(() => spoken(page)).toMatch(/您的号码是 A 零零\S/);
		await page.close();
	});

	it('offers no spoken guidance, and raises no error, when there is no Chinese voice', async () => {
		const errors: string[] = [];
		const page = await openKiosk(browser, server.url, { initScript: `Object.defineProperty(window, 'speechSynthesis', { value: undefined, configurable: true });` });
		page.on('pageerror', (e) => errors.push(e.message));
		expect(await page.getByTestId('spoken-toggle').count()).toBe(0);
		await page.getByTestId('zone-za').click();
		await page.getByTestId('service-S1').click();
		await page.getByTestId('take-number').waitFor();
		expect(errors).toEqual([]);
		await page.close();
	});
});
