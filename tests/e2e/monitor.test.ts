/**
 * The live monitor in a browser (issue 19), on the built server with the city hall at its morning
 * peak: a realistic day (scripts/history/realistic-day.ts) up to 10:15 is put in the live store, and
 * the server's clock (HALLQ_SIM_CLOCK) goes on from 10:15 of that day, whatever the hour the test
 * runs. A supervisor sees queues, counters and alerts at 1920×1080 and on a 1366×768 laptop and
 * acknowledges an alert; a clerk is refused; the back office's wall screen watches with its device
 * token and has no actions. Screenshots for people to look at.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHalls } from '../../server/boot';
import { hallDayOf } from '../../server/core/hall-day';
import type { HallConfig } from '../../server/core/model';
import { encodeSimClock, SIM_CLOCK_ENV } from '../../server/sim-clock';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';
import { realisticDay } from '../../scripts/history/realistic-day';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';

const PASSWORD = 'hallq-demo';
/** A Tuesday the city hall opens: 10:15 in Shanghai. */
const DAY = '2026-12-01';
const PEAK = Date.UTC(2026, 11, 1, 2, 15);

let dir: string;
let server: BuiltServer;
let browser: Browser;
let seededTickets = 0;

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	dir = mkdtempSync(join(tmpdir(), 'hallq-monitor-e2e-'));
	const db = join(dir, 'hallq.db');
	// The clerks' consoles are not part of this test: their counters are not flagged as left open.
	const city: HallConfig = { ...(loadHalls({}).find((h) => h.id === 'city') as HallConfig), alerts: { consoleMissingMinutes: 240 } };
	const morning = realisticDay(city, DAY).events.filter((e) => e.at <= PEAK && e.type !== 'DayClosed');
	seededTickets = morning.filter((e) => e.type === 'TicketIssued').length;
	const store = SqliteEventStore.open(db);
	const key = hallDayOf('city', city.timeZone, PEAK);
	expect(key.day).toBe(DAY);
	const appended = await store.append(key, 0, morning);
	expect(appended.ok).toBe(true);
	await store.close();
	server = await startBuiltServer([city], { HALLQ_DB: db, HALLQ_PRINTER_SIM: 'off', [SIM_CLOCK_ENV]: encodeSimClock({ simStart: PEAK, realStart: Date.now(), speed: 1 }) });
	browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signIn(staff: string, viewport: { width: number; height: number }): Promise<Page> {
	const page = await (await browser.newContext({ viewport })).newPage();
	await page.goto(`${server.url}/monitor`);
	await page.getByTestId('login-hall').fill('city');
	await page.getByTestId('login-staff').fill(staff);
	await page.getByTestId('login-password').fill(PASSWORD);
	await page.getByTestId('login-submit').click();
	return page;
}

describe('the live monitor', () => {
	it('shows a supervisor the city hall at its morning peak with alerts, and an alert is acknowledged', async () => {
		const page = await signIn('sup01', { width: 1920, height: 1080 });
		await page.getByTestId('monitor').waitFor({ timeout: 30_000 });
		expect(seededTickets).toBeGreaterThan(500);
		const waiting = Number(await page.getByTestId('total-waiting').textContent({ timeout: 10_000 }));
		expect(waiting).toBeGreaterThan(0);
		// Every counter of the hall is a tile; the busy ones are serving or calling.
		expect(await page.getByTestId('counter-tile').count()).toBe(70);
		expect(await page.locator('[data-testid="counter-tile"][data-activity="serving"]').count()).toBeGreaterThan(10);
		const alerts = page.getByTestId('alert');
		await expect.poll(() => alerts.count(), { timeout: 30_000 }).toBeGreaterThan(0);
		await page.screenshot({ path: screenshotPath('monitor-1920') });

		// The list re-sorts as pushes come: the alert is held by its id, not its place.
		const id = await alerts.first().getAttribute('data-alert', { timeout: 10_000 });
		const alert = page.locator(`[data-testid="alert"][data-alert="${id}"]`);
		await alert.getByTestId('alert-acknowledge').click({ timeout: 10_000 });
		const dialog = page.getByTestId('ack-dialog');
		await dialog.getByTestId('reason').fill('已安排开窗分流');
		await dialog.getByTestId('reason-confirm').click();
		await expect.poll(() => alert.getByTestId('alert-ack').textContent({ timeout: 1000 }).catch(() => ''), { timeout: 15_000 }).toContain('已安排开窗分流');

		// The information desk: the ticket a counter is serving, with its history.
		const serving = (await page.locator('[data-testid="counter-tile"][data-activity="serving"] .ticket').first().textContent({ timeout: 10_000 })) ?? '';
		const number = /^[A-Z]{1,3}\d{3,5}/.exec(serving.trim())?.[0] ?? '';
		expect(number).not.toBe('');
		await page.getByTestId('desk-query').fill(number);
		await page.getByTestId('desk-find').click();
		await page.getByTestId('desk-ticket').waitFor({ timeout: 15_000 });
		const found = (await page.getByTestId('desk-ticket').textContent({ timeout: 10_000 })) ?? '';
		for (const step of ['取号', '叫号', '开始办理']) expect(found).toContain(step);
		await page.screenshot({ path: screenshotPath('monitor-1920-desk') });
	});

	it('reads on a 1366×768 laptop', async () => {
		const page = await signIn('sup02', { width: 1366, height: 768 });
		await page.getByTestId('monitor').waitFor({ timeout: 30_000 });
		await expect.poll(() => page.getByTestId('alert').count(), { timeout: 30_000 }).toBeGreaterThan(0);
		// Nothing runs off the side of the laptop's screen.
		const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
		expect(overflow).toBeLessThanOrEqual(0);
		// Everything on one screen: each panel scrolls by itself.
		expect(await page.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight)).toBeLessThanOrEqual(0);
		await page.screenshot({ path: screenshotPath('monitor-1366') });
	});

	it('refuses a clerk, and lets the wall screen watch without actions', async () => {
		const clerk = await signIn('s001', { width: 1366, height: 768 });
		await clerk.getByTestId('monitor-refused').waitFor({ timeout: 30_000 });
		expect(await clerk.getByTestId('monitor-refused').textContent({ timeout: 10_000 })).toContain('仅限值班长、管理员');

		const wall = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
		await wall.goto(`${server.url}/monitor?token=demo-city-wall`);
		await wall.getByTestId('monitor').waitFor({ timeout: 30_000 });
		await expect.poll(() => wall.getByTestId('alert').count(), { timeout: 30_000 }).toBeGreaterThan(0);
		expect(await wall.getByTestId('alert-acknowledge').count()).toBe(0);
		expect(await wall.getByTestId('ticket-desk').count()).toBe(0);
		expect(await wall.getByTestId('close-day').count()).toBe(0);
		await wall.screenshot({ path: screenshotPath('monitor-wall') });
		// A portrait screen: one column, nothing off the side.
		await wall.setViewportSize({ width: 1080, height: 1920 });
		expect(await wall.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
		await wall.screenshot({ path: screenshotPath('monitor-wall-portrait') });
	});
});
