/**
 * A supervisor signed in at the console sees the hall's devices: each display board (connected or
 * not, whether it can speak) and the open device problems, such as a kiosk printer out of paper.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterSimulator } from '../../printer/simulator/simulator';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { hallWithSimulatedPrinter } from '../support/printer-hall';
import { ClientPool } from '../support/server';
import { PASSWORD, TOKENS } from '../support/test-hall';

let sim: PrinterSimulator;
let server: BuiltServer;
let browser: Browser;
const clients = new ClientPool(() => server.url);

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	const printing = await hallWithSimulatedPrinter();
	sim = printing.sim;
	server = await startBuiltServer([printing.hall], { HALLQ_PRINTER_POLL_MS: '200' });
	browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
	clients.closeAll();
	await browser?.close();
	await server?.stop();
	await sim?.close();
});

describe('the supervisor sees the devices', () => {
	it('lists the boards and shows a printer out of paper as it happens', async () => {
		const board = await clients.connect({ token: TOKENS.hallBoard });
		await new Promise((r) => board.emit('board:report', { day: '2026-12-01', shownSeq: 4, spokenSeq: 0, audio: 'blocked' }, r));

		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await page.goto(`${server.url}/counter`);
		await page.getByTestId('login-hall').fill('test');
		await page.getByTestId('login-staff').fill('sup');
		await page.getByTestId('login-password').fill(PASSWORD);
		await page.getByTestId('login-submit').click();
		await page.getByTestId('device-panel').waitFor();
		await expect.poll(async () => page.locator('[data-testid="board-state"][data-device="hall"]').textContent(), { timeout: 10_000 }).toContain('无法发声');
		expect(await page.locator('[data-testid="board-state"][data-device="zone-zb"]').textContent()).toContain('未连接');

		sim.setState({ paper: 'out' });
		await page.locator('[data-testid="device-alert"][data-device="K1"]').waitFor({ timeout: 10_000 });
		expect(await page.locator('[data-testid="device-alert"][data-device="K1"]').textContent()).toContain('缺纸');
		// A second fault updates the printer's one alert.
		sim.setState({ coverOpen: true });
		await expect.poll(async () => page.locator('[data-testid="device-alert"][data-device="K1"]').textContent(), { timeout: 10_000 }).toContain('打印机盖未关');
		expect(await page.locator('[data-testid="device-alert"][data-device="K1"]').count()).toBe(1);
		// The board that cannot speak was open before the supervisor signed in: it is listed too.
		expect(await page.locator('[data-testid="device-alert"][data-device="hall"]').textContent()).toContain('叫号屏无法发声');
		await page.screenshot({ path: screenshotPath('supervisor-devices') });
		sim.setState({ paper: 'ok', coverOpen: false });
		await page.locator('[data-testid="device-alert"][data-device="K1"]').waitFor({ state: 'detached', timeout: 10_000 });
	}, 60_000);
});
