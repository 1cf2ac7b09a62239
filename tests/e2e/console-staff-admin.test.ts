/**
 * The console's staff panel in a browser: an admin sees the staff of the hall, a locked account
 * with its lock, unlocks it and resets a password; the panel is not there for a supervisor.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { evaluationHall, PASSWORD } from '../support/evaluation-hall';
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

async function loginStatus(staff: string, password: string): Promise<number> {
	const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hall: 'test', staff, password, bearer: true }) });
	return res.status;
}

async function signIn(staff: string): Promise<Page> {
	const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
	await page.goto(`${server.url}/counter`);
	await page.getByTestId('login-hall').fill('test');
	await page.getByTestId('login-staff').fill(staff);
	await page.getByTestId('login-password').fill(PASSWORD);
	await page.getByTestId('login-submit').click();
	return page;
}

describe('the staff panel', () => {
	it('an admin unlocks a locked account and resets a password', async () => {
		const clerk = await clients.connect({ session: (await login(server.url, 'test', 'u2', PASSWORD)).session });
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C2' });
		for (let i = 0; i < 5; i++) await loginStatus('u3', `wrong-${i}`);
		expect(await loginStatus('u3', PASSWORD)).toBe(423);

		const page = await signIn('adm');
		const u3 = page.locator('[data-testid="staff-row"][data-staff="u3"]');
		await u3.getByTestId('staff-locked').waitFor({ timeout: 15_000 });
		expect(await page.getByTestId('staff-row').count()).toBe(5);
		expect(await page.locator('[data-testid="staff-row"][data-staff="u2"]').textContent()).toContain('C2');
		await page.getByTestId('staff-panel').scrollIntoViewIfNeeded();
		await page.getByTestId('staff-panel').screenshot({ path: screenshotPath('console-staff-panel-locked') });

		await u3.getByTestId('staff-unlock').click();
		await expect.poll(() => u3.getByTestId('staff-locked').count()).toBe(0);
		expect(await loginStatus('u3', PASSWORD)).toBe(200);

		const u2 = page.locator('[data-testid="staff-row"][data-staff="u2"]');
		const gone = new Promise<string>((resolve) => clerk.once('disconnect', resolve));
		await u2.getByTestId('staff-reset').click();
		await u2.getByTestId('staff-new-password').fill('short');
		await u2.getByTestId('staff-reset-save').click();
		await page.getByTestId('staff-error').waitFor();
		await u2.getByTestId('staff-new-password').fill('reset-in-the-browser');
		await page.getByTestId('staff-panel').screenshot({ path: screenshotPath('console-staff-panel-reset') });
		await u2.getByTestId('staff-reset-save').click();
		expect(await gone).toBe('io server disconnect');
		expect(await loginStatus('u2', PASSWORD)).toBe(401);
		expect(await loginStatus('u2', 'reset-in-the-browser')).toBe(200);
		await page.close();
	}, 90_000);

	it('is not shown to a supervisor', async () => {
		const page = await signIn('sup');
		await page.getByTestId('device-panel').waitFor({ timeout: 15_000 });
		expect(await page.getByTestId('staff-panel').count()).toBe(0);
		await page.close();
	}, 60_000);
});
