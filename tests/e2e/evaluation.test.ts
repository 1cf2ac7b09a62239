/**
 * The evaluation terminal in a browser, as a citizen meets it on a tablet: idle it shows the counter
 * and who is on duty; when the clerk finishes the ticket it asks; the citizen taps the stars, picks
 * a reason for a bad rating and sends it; "thank you", then idle again. Landscape 1280×800 and
 * portrait 800×1280; and a question nobody answers goes away unrated.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RatingView } from '../../server/realtime/contract';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { EVAL_TOKENS, evaluationHall, PASSWORD, serveOne, TOKENS } from '../support/evaluation-hall';
import { seriousAxeViolations } from '../support/kiosk-page';
import { ClientPool, login, must, rid, type Client } from '../support/server';

let server: BuiltServer;
let browser: Browser;
const clients = new ClientPool(() => server.url);
let kiosk: Client;
let clerk: Client;
let supervisor: Client;

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	server = await startBuiltServer([evaluationHall()], { HALLQ_PRINTER_SIM: 'off', HALLQ_HOURS: 'always' });
	browser = await launchBrowser();
	kiosk = await clients.connect({ token: TOKENS.kiosk });
	clerk = await clients.connect({ session: (await login(server.url, 'test', 'u1', PASSWORD)).session });
	supervisor = await clients.connect({ session: (await login(server.url, 'test', 'sup', PASSWORD)).session });
	await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
}, 60_000);
afterAll(async () => {
	clients.closeAll();
	await browser?.close();
	await server?.stop();
});

async function tablet(width: number, height: number, query = ''): Promise<Page> {
	const page = await browser.newPage({ viewport: { width, height }, hasTouch: true });
	await page.goto(`${server.url}/evaluate/C1?token=${EVAL_TOKENS.counter1}${query}`);
	await page.getByTestId('eval-idle').waitFor({ timeout: 15_000 });
	return page;
}

/** The ticket's rating in today's log, as a supervisor reads it. */
async function ratingOf(ticket: string): Promise<RatingView | undefined> {
	const ratings = await must<RatingView[]>(supervisor, 'ratings:today', {});
	return ratings.find((r) => r.ticket === ticket);
}

describe('the evaluation terminal page', () => {
	it('asks after the clerk finishes, takes a bad rating with a reason, thanks and goes back to idle (landscape)', async () => {
		const page = await tablet(1280, 800);
		expect(await page.getByTestId('eval-staff').textContent()).toContain('王晓明');
		expect(await page.getByTestId('eval-counter').textContent()).toContain('1号窗口');
		await page.screenshot({ path: screenshotPath('evaluate-idle-landscape') });
		expect(await seriousAxeViolations(page)).toEqual([]);

		const ticket = await serveOne(kiosk, clerk);
		await page.getByTestId('eval-overall').waitFor({ timeout: 10_000 });
		expect(await page.getByTestId('eval-ticket').textContent()).toContain(ticket.id);
		await page.screenshot({ path: screenshotPath('evaluate-ask-landscape') });
		expect(await seriousAxeViolations(page)).toEqual([]);

		await page.getByTestId('eval-level-2').tap();
		await page.getByTestId('eval-details').waitFor();
		// The aspects start at the overall rating; the citizen lowers attitude.
		expect(await page.getByTestId('eval-efficiency').getAttribute('data-value')).toBe('2');
		await page.getByTestId('eval-attitude-1').tap();
		// A bad rating needs a reason: sending without one is stopped on the page.
		await page.getByTestId('eval-submit').tap();
		await page.getByTestId('eval-error').waitFor();
		await page.getByTestId('eval-reason-attitude').tap();
		await page.getByTestId('eval-reason-waitTooLong').tap();
		await page.getByTestId('eval-comment').fill('窗口人员一直在看手机');
		await page.screenshot({ path: screenshotPath('evaluate-bad-landscape') });
		expect(await seriousAxeViolations(page)).toEqual([]);
		await page.getByTestId('eval-submit').tap();
		await page.getByTestId('eval-thanks').waitFor({ timeout: 10_000 });
		expect(await page.getByTestId('eval-follow-up').isVisible()).toBe(true);
		await page.screenshot({ path: screenshotPath('evaluate-thanks-landscape') });
		await page.getByTestId('eval-idle').waitFor({ timeout: 10_000 });

		const rated = await ratingOf(ticket.id);
		expect(rated).toMatchObject({ counter: 'C1', staff: 'u1', device: 'E1', overall: 2, efficiency: 2, level: 2, attitude: 1, comment: '窗口人员一直在看手机' });
		expect([...(rated?.reasons ?? [])].sort()).toEqual(['attitude', 'waitTooLong']);
		await page.close();
	}, 90_000);

	it('takes a five-star rating in portrait, in English', async () => {
		const page = await tablet(800, 1280);
		await page.getByTestId('eval-lang').tap();
		await page.screenshot({ path: screenshotPath('evaluate-idle-portrait') });
		const ticket = await serveOne(kiosk, clerk);
		await page.getByTestId('eval-overall').waitFor({ timeout: 10_000 });
		await page.screenshot({ path: screenshotPath('evaluate-ask-portrait') });
		await page.getByTestId('eval-level-5').tap();
		await page.getByTestId('eval-details').waitFor();
		await page.screenshot({ path: screenshotPath('evaluate-details-portrait') });
		await page.getByTestId('eval-submit').tap();
		await page.getByTestId('eval-thanks').waitFor({ timeout: 10_000 });
		expect(await page.getByTestId('eval-follow-up').count()).toBe(0);
		expect(await ratingOf(ticket.id)).toMatchObject({ overall: 5, efficiency: 5, level: 5, attitude: 5, reasons: [] });
		await page.close();
	}, 90_000);

	it('a question nobody answers goes back to idle, unrated', async () => {
		const page = await tablet(1280, 800, '&timeout=3');
		const ticket = await serveOne(kiosk, clerk);
		await page.getByTestId('eval-overall').waitFor({ timeout: 10_000 });
		await page.getByTestId('eval-idle').waitFor({ timeout: 10_000 });
		expect(await ratingOf(ticket.id)).toBeUndefined();
		await page.close();
	}, 60_000);
});
