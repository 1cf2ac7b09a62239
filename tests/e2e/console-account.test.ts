/**
 * The console in a browser with the session cookie: a supervisor signs in (the page never holds the
 * token), sees the follow-up case a bad rating opened with its due date, records the callback, then
 * changes the password from the account menu and signs out everywhere; the old password is refused.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { EVAL_TOKENS, evaluationHall, PASSWORD, serveOne, TOKENS } from '../support/evaluation-hall';
import { ClientPool, login, must, rid } from '../support/server';

let server: BuiltServer;
let browser: Browser;
const clients = new ClientPool(() => server.url);

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	server = await startBuiltServer([evaluationHall()], { HALLQ_PRINTER_SIM: 'off', HALLQ_HOURS: 'always' });
	browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
	clients.closeAll();
	await browser?.close();
	await server?.stop();
});

describe('the console with a session cookie', () => {
	it('a supervisor follows up a bad rating, changes the password and signs out everywhere', async () => {
		const kiosk = await clients.connect({ token: TOKENS.kiosk });
		const clerk = await clients.connect({ session: (await login(server.url, 'test', 'u1', PASSWORD)).session });
		const evaluator = await clients.connect({ token: EVAL_TOKENS.counter1 });
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
		const ticket = await serveOne(kiosk, clerk);
		await must(evaluator, 'rating:submit', { requestId: rid(), ticket: ticket.id, overall: 1, efficiency: 2, level: 1, attitude: 1, reasons: ['attitude', 'unclear'], comment: '没有一次性告知所需材料' });

		const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
		await page.goto(`${server.url}/counter`);
		await page.getByTestId('login-hall').fill('test');
		await page.getByTestId('login-staff').fill('sup');
		await page.getByTestId('login-password').fill(PASSWORD);
		await page.getByTestId('login-submit').click();
		const row = page.getByTestId('case-row');
		await row.waitFor({ timeout: 15_000 });
		// The session is an httpOnly cookie: page scripts cannot read it, nor find it in storage.
		const cookies = await page.context().cookies();
		expect(cookies.find((c) => c.name === 'hallq_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
		expect(await page.evaluate(() => document.cookie)).not.toContain('hallq_session');
		expect(await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage))).not.toContain(cookies.find((c) => c.name === 'hallq_session')?.value ?? '-');

		expect(await row.getAttribute('data-status')).toBe('open');
		expect(await row.textContent()).toContain(ticket.id);
		await page.getByTestId('case-row').screenshot({ path: screenshotPath('console-case-open') });
		await page.getByTestId('case-note').fill('已电话回访，已向群众致歉');
		await page.getByTestId('case-next').click();
		await expect.poll(() => row.getAttribute('data-status')).toBe('calledBack');
		await page.screenshot({ path: screenshotPath('console-supervisor-cases') });

		await page.getByTestId('account-menu').click();
		await page.getByTestId('account-password').click();
		await page.getByTestId('password-current').fill(PASSWORD);
		await page.getByTestId('password-next').fill('sup');
		await page.getByTestId('password-again').fill('sup');
		await page.getByTestId('password-submit').click();
		// The browser's own minlength check stops a short one (the server would answer PASSWORD.WEAK).
		expect(await page.getByTestId('password-dialog').isVisible()).toBe(true);
		await page.getByTestId('password-next').fill('harbour-lantern-42');
		await page.getByTestId('password-again').fill('harbour-lantern-42');
		await page.screenshot({ path: screenshotPath('console-password-dialog') });
		await page.getByTestId('password-submit').click();
		await page.getByTestId('account-notice').waitFor({ timeout: 10_000 });
		await expect(login(server.url, 'test', 'sup', PASSWORD)).rejects.toThrow('401 AUTH.INVALID');
		// Still signed in here: the socket came back with the renewed cookie.
		await expect.poll(async () => page.getByTestId('case-row').count(), { timeout: 10_000 }).toBe(1);

		await page.getByTestId('account-menu').click();
		await page.getByTestId('account-everywhere').click();
		await page.getByTestId('everywhere-confirm').click();
		await page.getByTestId('login-submit').waitFor({ timeout: 10_000 });
		expect((await page.context().cookies()).find((c) => c.name === 'hallq_session')).toBeUndefined();
		expect((await login(server.url, 'test', 'sup', 'harbour-lantern-42')).staff.id).toBe('sup');
		await page.close();
	}, 90_000);
});
