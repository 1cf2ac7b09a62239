/**
 * The kiosk page with an ID-card reader, in Chromium, on the built server: the kiosk's agent runs
 * here with the SAM simulator behind a real CardReader (fictitious cards only). A card read greets
 * with the masked name and the green channel; a service that requires identity asks for the card,
 * can be cancelled, and takes the number once the card is read; reader failures are said plainly.
 * Screenshots at 1080×1920 and 1920×1080 go to artifacts/screens/.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CardIdentity } from '../../cardreader/layouts/index';
import { CardReader } from '../../cardreader/reader';
import { fictitiousCard, seededRandom } from '../../cardreader/simulator/identities';
import { SimulatedPlug } from '../../cardreader/simulator/in-process-transport';
import { SimulatedSam } from '../../cardreader/simulator/simulated-sam';
import { KioskAgent } from '../../kiosk/agent/kiosk-agent';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { AGENT_TOKEN, birthDateBefore, cardHallConfig } from '../support/card-hall';
import { LANDSCAPE, openKiosk, PORTRAIT, seriousAxeViolations } from '../support/kiosk-page';

let server: BuiltServer;
let browser: Browser;
let agent: KioskAgent;
const sam = new SimulatedSam({ chunking: { kind: 'fixed', size: 64 } });
const plug = new SimulatedPlug(sam);
const random = seededRandom(777);
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(Date.now());

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	server = await startBuiltServer([cardHallConfig()], { HALLQ_HOURS: 'always' });
	browser = await launchBrowser();
	agent = new KioskAgent({ server: server.url, token: AGENT_TOKEN, reader: new CardReader({ open: plug.open, reconnectInitialMs: 200, reconnectMaxMs: 500 }) });
	agent.start();
}, 60_000);
afterAll(async () => {
	await agent?.stop();
	await browser?.close();
	await server?.stop();
});

async function place(page: Page, card: CardIdentity): Promise<void> {
	sam.remove();
	await new Promise((r) => setTimeout(r, 700));
	sam.insert(card);
	await page.getByTestId('card-greeting').waitFor({ timeout: 10_000 });
}

describe('the kiosk with an ID-card reader', () => {
	for (const viewport of [PORTRAIT, LANDSCAPE]) {
		const shape = viewport === PORTRAIT ? 'portrait' : 'landscape';

		it(`greets the card holder, masked, with the green channel, and issues a green ticket (${shape})`, async () => {
			const page = await openKiosk(browser, server.url, { viewport });
			// Another holder each time: the portrait run's ticket is not the landscape run's.
			const name = shape === 'portrait' ? '欧阳样例' : '欧阳测试';
			const card = fictitiousCard('resident', random, { name, birthDate: birthDateBefore(today, 72) });
			await place(page, card);
			const greeting = page.getByTestId('card-greeting');
			expect(await greeting.textContent()).toContain('您好，欧阳**');
			expect(await greeting.getAttribute('data-green')).toBe('true');
			expect(await page.getByTestId('green-badge').textContent()).toContain('绿色通道');
			expect(await page.content()).not.toContain(name);
			await page.screenshot({ path: screenshotPath(`kiosk-card-greeting-${shape}`) });
			await page.getByTestId('lang-toggle').click();
			expect(await greeting.textContent()).toContain('Hello, 欧阳**');
			expect(await page.getByTestId('green-badge').textContent()).toContain('Green channel');
			await page.screenshot({ path: screenshotPath(`kiosk-card-greeting-en-${shape}`) });
			await page.getByTestId('lang-toggle').click();

			await page.getByTestId('zone-za').click();
			await page.getByTestId('service-S1').click();
			await page.getByTestId('take-number').click();
			await page.getByTestId('ticket-number').waitFor();
			expect(await page.getByTestId('ticket-green').textContent()).toContain('绿色通道');
			expect(await page.getByTestId('ticket-holder').textContent()).toContain('欧阳**');
			// The holder's lines must not push the ticket past the screen (it was clipped at the top).
			const box = await page.getByRole('status').filter({ has: page.getByTestId('ticket-number') }).boundingBox();
			const header = await page.locator('header').first().boundingBox();
			const size = page.viewportSize();
			if (!box || !header || !size) throw new Error('ticket, header or viewport not measurable');
			expect(box.y).toBeGreaterThanOrEqual(header.y + header.height);
			expect(box.y + box.height).toBeLessThanOrEqual(size.height);
			await page.screenshot({ path: screenshotPath(`kiosk-card-ticket-green-${shape}`) });

			// The same person again for the same service: the same number, printed again.
			const first = await page.getByTestId('ticket-number').textContent();
			await page.getByTestId('ticket-done').click();
			await place(page, card);
			await page.getByTestId('zone-za').click();
			await page.getByTestId('service-S1').click();
			await page.getByTestId('take-number').click();
			await page.getByTestId('ticket-reprinted').waitFor();
			expect(await page.getByTestId('ticket-number').textContent()).toBe(first);
			await page.screenshot({ path: screenshotPath(`kiosk-card-reprint-${shape}`) });
			await page.close();
		});

		it(`asks for the card for a service that requires identity, can be cancelled, then issues on the read (${shape})`, async () => {
			sam.remove();
			const page = await openKiosk(browser, server.url, { viewport });
			await page.getByTestId('zone-zb').click();
			await page.getByTestId('service-S3').click();
			await page.getByTestId('take-number').click();
			const prompt = page.getByTestId('card-prompt');
			await prompt.waitFor();
			expect(await prompt.textContent()).toContain('请在读卡区放置身份证');
			await page.screenshot({ path: screenshotPath(`kiosk-card-prompt-${shape}`) });

			await page.getByTestId('card-cancel').click();
			await prompt.waitFor({ state: 'detached' });
			expect(await page.getByTestId('ticket-number').count()).toBe(0);

			await page.getByTestId('take-number').click();
			await prompt.waitFor();
			sam.faults.readFailure = 1;
			sam.insert(fictitiousCard('resident', random, { name: '测试一', birthDate: birthDateBefore(today, 35) }));
			// The first read fails and is said plainly; the next poll reads the card and takes the number.
			await page.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
			expect(await page.getByTestId('ticket-holder').textContent()).toContain('测**');
			expect(await page.getByTestId('ticket-green').count()).toBe(0);
			await page.screenshot({ path: screenshotPath(`kiosk-card-ticket-${shape}`) });
			await page.close();
		});
	}

	it('gives up waiting for the card at the idle timeout, and forgets the holder at the end of the visit', async () => {
		sam.remove();
		const page = await openKiosk(browser, server.url, { query: 'idle=2' });
		await place(page, fictitiousCard('resident', random, { name: '李四测试', birthDate: birthDateBefore(today, 30) }));
		await page.getByTestId('zone-zb').click();
		await page.getByTestId('service-S3').click();
		// A read earlier in the visit serves: S3 takes the number without asking again.
		await page.getByTestId('take-number').click();
		await page.getByTestId('ticket-number').waitFor();
		await page.getByTestId('ticket-done').click();
		await page.getByTestId('card-greeting').waitFor({ state: 'detached' });

		await page.getByTestId('zone-zb').click();
		await page.getByTestId('service-S3').click();
		await page.getByTestId('take-number').click();
		await page.getByTestId('card-prompt').waitFor();
		await page.getByTestId('idle-overlay').waitFor({ timeout: 10_000 });
		await page.getByTestId('zone-za').waitFor({ timeout: 10_000 });
		expect(await page.getByTestId('card-prompt').count()).toBe(0);
		await page.close();
	});

	it('shows a reader failure while waiting for the card', async () => {
		sam.remove();
		const page = await openKiosk(browser, server.url, { viewport: PORTRAIT });
		await page.getByTestId('zone-zb').click();
		await page.getByTestId('service-S3').click();
		await page.getByTestId('take-number').click();
		await page.getByTestId('card-prompt').waitFor();
		sam.faults.readFailure = 5;
		sam.insert(fictitiousCard('resident', random, { name: '样例乙', birthDate: birthDateBefore(today, 40) }));
		const problem = page.getByTestId('card-problem');
		await problem.waitFor({ timeout: 10_000 });
		expect(await problem.getAttribute('data-code')).toBe('CARD.READ_FAILED');
		expect(await problem.textContent()).toContain('没有读到身份证');
		await page.screenshot({ path: screenshotPath('kiosk-card-problem-portrait') });
		expect(await seriousAxeViolations(page)).toEqual([]);
		sam.faults.readFailure = 0;
		sam.remove();
		await page.close();
	});

	it('says the reader is not connected when it was unplugged before the press, and reads once it is back', async () => {
		sam.remove();
		const page = await openKiosk(browser, server.url, { viewport: LANDSCAPE });
		plug.unplug();
		await page.getByTestId('zone-zb').click();
		await page.getByTestId('service-S3').click();
		await page.getByTestId('take-number').click();
		const problem = page.getByTestId('card-problem');
		await problem.waitFor({ timeout: 10_000 });
		expect(await problem.getAttribute('data-code')).toBe('CARD.DISCONNECTED');
		expect(await problem.textContent()).toContain('读卡器未连接');
		await page.screenshot({ path: screenshotPath('kiosk-card-reader-offline-landscape') });
		plug.plugIn();
		await problem.waitFor({ state: 'detached', timeout: 10_000 });
		sam.insert(fictitiousCard('resident', random, { name: '样例甲', birthDate: birthDateBefore(today, 50) }));
		await page.getByTestId('ticket-number').waitFor({ timeout: 10_000 });
		await page.close();
	});
});
