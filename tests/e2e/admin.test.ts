/**
 * The admin page in a browser (issue 22): an admin edits services, sees a refused field in
 * Chinese at the field, saves a version that is in force at the kiosk at once, compares and rolls
 * back, and issues a device token shown once; a supervisor is refused.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketView } from '../../server/realtime/contract';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { evaluationHall, PASSWORD, TOKENS } from '../support/evaluation-hall';
import { ask, ClientPool, must, rid, sessionOf } from '../support/server';

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

async function signIn(staff: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
	const page = await browser.newPage({ viewport });
	await page.goto(`${server.url}/admin`);
	await page.getByTestId('login-hall').fill('test');
	await page.getByTestId('login-staff').fill(staff);
	await page.getByTestId('login-password').fill(PASSWORD);
	await page.getByTestId('login-submit').click();
	return page;
}

const row = (page: Page, service: string) => page.locator(`[data-testid="service-row"][data-service="${service}"]`);

describe('the admin page', () => {
	it('edits services into a new version in force at once, shows a refused field in Chinese, compares and rolls back', async () => {
		const kiosk = await clients.connect({ token: TOKENS.kiosk });
		const page = await signIn('adm');
		await page.getByTestId('service-table').waitFor({ timeout: 15_000 });
		expect(await page.getByTestId('service-row').count()).toBe(3);
		expect(await page.getByTestId('admin-version').textContent()).toContain('v1');

		// A prefix the schema refuses: the problem at the field, in Chinese; nothing saved.
		await row(page, 'S2').getByTestId('service-prefix').fill('b1');
		await page.getByTestId('save-reason').fill('养老保险查询改用新号头');
		await page.getByTestId('save-config').click();
		const problem = row(page, 'S2').getByTestId('field-problem');
		await problem.waitFor();
		expect(await problem.textContent()).toBe('应为一至三个大写字母');
		await page.screenshot({ path: screenshotPath('admin-services-refused') });

		// A kiosk page open on the tax zone lists S3 until the version that disables it is in force.
		const kioskPage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await kioskPage.goto(`${server.url}/kiosk/K2?token=${TOKENS.kiosk2}`);
		await kioskPage.getByTestId('zone-zb').click();
		await kioskPage.getByTestId('service-S3').waitFor({ timeout: 15_000 });

		// Fixed, and S3 disabled: saved as version 2, in force at the kiosk at once.
		await row(page, 'S2').getByTestId('service-prefix').fill('P');
		await row(page, 'S3').getByTestId('service-toggle').click();
		await page.getByTestId('save-config').click();
		await expect.poll(async () => page.getByTestId('admin-notice').textContent()).toBe('已保存并立即生效');
		expect(await page.getByTestId('admin-version').textContent()).toContain('v2');
		expect((await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S2' })).id).toBe('P001');
		expect(await ask(kiosk, 'ticket:issue', { requestId: rid(), service: 'S3' })).toMatchObject({ ok: false, error: { code: 'SERVICE.DISABLED' } });
		await page.screenshot({ path: screenshotPath('admin-services-saved') });
		// The kiosk page dropped S3 without a reload, well before its 30 s refresh (the server pushes catalog:changed; tests/realtime/config-live.test.ts).
		await kioskPage.getByTestId('service-S3').waitFor({ state: 'detached', timeout: 10_000 });
		await kioskPage.close();

		// The history: compare v2 with v1, then roll back to v1 (a new version, v3).
		await page.getByTestId('tab-versions').click();
		expect(await page.getByTestId('version-row').count()).toBe(2);
		await page.locator('[data-testid="version-row"][data-version="2"]').getByTestId('version-compare').click();
		const changes = page.getByTestId('version-changes');
		await changes.waitFor();
		expect(await changes.textContent()).toContain('services[S2].prefix');
		expect(await changes.textContent()).toContain('services[S3].disabled');
		await page.screenshot({ path: screenshotPath('admin-versions-compare') });
		await page.locator('[data-testid="version-row"][data-version="1"]').getByTestId('version-rollback').click();
		await page.getByTestId('rollback-reason').fill('恢复原号头');
		await page.getByTestId('rollback-confirm').click();
		await expect.poll(async () => page.getByTestId('version-row').count()).toBe(3);
		expect(await page.getByTestId('admin-version').textContent()).toContain('v3');
		expect((await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S2' })).id).toBe('B001');
		await page.close();
	}, 90_000);

	it('gives a counter another service: its next call takes it', async () => {
		const kiosk = await clients.connect({ token: TOKENS.kiosk });
		const clerk = await clients.connect({ session: await sessionOf(server.url, 'test', 'u2', PASSWORD) });
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C2' });
		// C2 serves S1 only (the test before rolled back to version 1), and no S1 ticket waits.
		const waiting = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S3' });
		expect(await ask(clerk, 'ticket:callNext', { requestId: rid() })).toMatchObject({ ok: false, error: { code: 'QUEUE.EMPTY' } });

		const page = await signIn('adm');
		await page.getByTestId('tab-counters').click();
		const c2 = page.locator('[data-testid="counter-row"][data-counter="C2"]');
		await c2.waitFor({ timeout: 15_000 });
		await c2.getByTestId('counter-add-service').selectOption('S3');
		await c2.locator('[data-testid="counter-service"][data-service="S3"]').waitFor();
		await page.getByTestId('save-reason').fill('2号窗口兼办个税申报');
		await page.screenshot({ path: screenshotPath('admin-counters-edit') });
		await page.getByTestId('save-config').click();
		await expect.poll(async () => page.getByTestId('admin-notice').textContent()).toBe('已保存并立即生效');
		expect((await must<{ current: { id: string } | null }>(clerk, 'ticket:callNext', { requestId: rid() })).current?.id).toBe(waiting.id);
		await page.close();
	}, 60_000);

	it('disables a staff member: their console is signed out', async () => {
		const clerk = await clients.connect({ session: await sessionOf(server.url, 'test', 'u3', PASSWORD) });
		const gone = new Promise<string>((resolve) => clerk.once('disconnect', resolve));
		const page = await signIn('adm');
		await page.getByTestId('tab-staff').click();
		const u3 = page.locator('[data-testid="staff-row"][data-staff="u3"]');
		await u3.waitFor({ timeout: 15_000 });
		await u3.getByTestId('staff-toggle').click();
		await page.getByTestId('save-reason').fill('赵强调离');
		await page.screenshot({ path: screenshotPath('admin-staff-disable') });
		await page.getByTestId('save-config').click();
		await expect.poll(async () => page.getByTestId('admin-notice').textContent()).toBe('已保存并立即生效');
		expect(await gone).toBe('io server disconnect');
		await expect(sessionOf(server.url, 'test', 'u3', PASSWORD)).rejects.toThrow('AUTH.DISABLED');
		await page.close();
	}, 60_000);

	it('issues a device token shown once, and the device signs in with it', async () => {
		const page = await signIn('adm');
		await page.getByTestId('tab-devices').click();
		const e2 = page.locator('[data-testid="device-row"][data-device="E2"]');
		await e2.waitFor({ timeout: 15_000 });
		await e2.getByTestId('device-issue').click();
		const token = (await page.getByTestId('token-value').textContent()) ?? '';
		expect(token).toMatch(/^hqd_/);
		await expect.poll(async () => e2.getByTestId('device-tokens').textContent()).toContain('已签发 1');
		await page.screenshot({ path: screenshotPath('admin-devices-token') });
		expect((await clients.connect({ token })).connected).toBe(true);
		await page.close();
	}, 60_000);

	it('reads on a 1366×768 office PC, and refuses a supervisor', async () => {
		const page = await signIn('adm', { width: 1366, height: 768 });
		await page.getByTestId('service-table').waitFor({ timeout: 15_000 });
		const width = await page.evaluate(() => document.documentElement.scrollWidth);
		expect(width).toBeLessThanOrEqual(1366);
		await page.screenshot({ path: screenshotPath('admin-services-1366') });
		await page.close();

		const supervisor = await signIn('sup');
		await supervisor.getByTestId('admin-refused').waitFor({ timeout: 15_000 });
		await supervisor.close();
	}, 60_000);
});
