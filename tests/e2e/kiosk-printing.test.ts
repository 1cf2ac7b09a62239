/**
 * The kiosk's printer in a browser: the kiosk says the ticket is printing and then printed; when the
 * printer runs out of paper it warns on the start screen and shows the ticket with its QR code on
 * screen, with the reason; when paper is back the warning goes and tickets print again. The printer
 * is the ESC/POS simulator on TCP, configured as the kiosk's network printer.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterSimulator } from '../../printer/simulator/simulator';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { hallWithSimulatedPrinter } from '../support/printer-hall';
import { TOKENS } from '../support/test-hall';

let sim: PrinterSimulator;
let server: BuiltServer;
let browser: Browser;

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	const printing = await hallWithSimulatedPrinter();
	sim = printing.sim;
	server = await startBuiltServer([printing.hall], { HALLQ_PRINTER_POLL_MS: '200' });
	browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await sim?.close();
});

async function takeNumber(kiosk: Page): Promise<string> {
	await kiosk.getByTestId('zone-za').click();
	await kiosk.getByTestId('service-S1').click();
	await kiosk.getByTestId('take-number').click();
	return ((await kiosk.getByTestId('ticket-number').textContent()) ?? '').trim();
}

describe('the kiosk and its printer', () => {
	for (const viewport of [
		{ width: 1080, height: 1920 },
		{ width: 1920, height: 1080 }
	]) {
		const shape = viewport.width < viewport.height ? 'portrait' : 'landscape';
		it(`prints, and when the paper is out shows the ticket with its QR code on screen (${shape})`, async () => {
			const kiosk = await browser.newPage({ viewport });
			await kiosk.goto(`${server.url}/kiosk/K1?token=${TOKENS.kiosk}`);
			const jobs = sim.jobs.length;
			const first = await takeNumber(kiosk);
			await expect.poll(async () => kiosk.getByTestId('print-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('printed');
			await expect.poll(() => sim.jobs.length).toBe(jobs + 1);
			expect(sim.jobs[sim.jobs.length - 1]?.text).toContain(first);
			await kiosk.screenshot({ path: screenshotPath(`kiosk-printed-${shape}`) });
			await kiosk.getByTestId('ticket-done').click();

			sim.setState({ paper: 'out' });
			await kiosk.getByTestId('printer-notice').waitFor({ timeout: 10_000 });
			expect(await kiosk.getByTestId('printer-notice').textContent()).toContain('打印纸用完了');
			await kiosk.screenshot({ path: screenshotPath(`kiosk-printer-notice-${shape}`) });
			const second = await takeNumber(kiosk);
			expect(second).not.toBe(first);
			await expect.poll(async () => kiosk.getByTestId('print-status').getAttribute('data-state'), { timeout: 10_000 }).toBe('failed');
			expect(await kiosk.getByTestId('print-reason').textContent()).toContain('打印纸用完了');
			await kiosk.getByTestId('ticket-qr').waitFor();
			expect(await kiosk.getByTestId('ticket-qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
			await kiosk.screenshot({ path: screenshotPath(`kiosk-not-printed-${shape}`) });
			expect(sim.jobs.length).toBe(jobs + 1);

			sim.setState({ paper: 'ok' });
			await kiosk.getByTestId('ticket-done').click();
			await kiosk.getByTestId('printer-notice').waitFor({ state: 'detached', timeout: 10_000 });
			await kiosk.close();
		}, 60_000);
	}
});
