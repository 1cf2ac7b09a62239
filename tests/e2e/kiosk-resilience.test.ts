/// <reference lib="dom" />
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { kioskHall } from '../support/kiosk-hall';
import { kioskSocket } from '../support/kiosk-issue';
import { openKiosk } from '../support/kiosk-page';

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

describe('when the server cannot be reached', () => {
	it('shows a full-screen "connecting" state and comes back by itself when the server does', async () => {
		const page = await openKiosk(browser, server.url);
		await page.getByTestId('zone-zb').click();
		await server.halt();
		const overlay = page.getByTestId('offline-overlay');
		await overlay.waitFor({ timeout: 10_000 });
		expect(await overlay.textContent()).toContain('系统连接中');
		const box = await overlay.boundingBox();
		expect(box).toMatchObject({ x: 0, y: 0, width: 1080, height: 1920 });
		await page.screenshot({ path: screenshotPath('e2e-kiosk-offline') });

		await server.start();
		await overlay.waitFor({ state: 'detached', timeout: 15_000 });
		// The visitor is where they were, and the kiosk works again.
		await page.getByTestId('service-S3').click();
		await page.getByTestId('take-number').click();
		expect((await page.getByTestId('ticket-number').textContent())?.trim()).toMatch(/^C\d{3}$/);
		await page.close();
	}, 60_000);
});

describe('a take-number press the server does not answer in time', () => {
	it('is sent again with the same request id and makes exactly one ticket', async () => {
		const page = await openKiosk(browser, server.url);
		const issueFrames: string[] = [];
		page.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && f.payload.includes('"ticket:issue"') && issueFrames.push(f.payload)));
		// The page's socket was opened before the listener: reload so it is seen.
		await page.reload();
		await page.getByTestId('zone-za').click();
		await page.getByTestId('service-S2').click();
		const other = await kioskSocket(server.url);
		expect(await other.waiting('S2')).toBe(0);

		// The server hangs with the press on its way: the kiosk waits, then sends it again.
		server.pause();
		await page.getByTestId('take-number').click();
		await page.getByTestId('issuing').waitFor();
		await expect.poll(async () => page.getByTestId('issuing').textContent(), { timeout: 15_000 }).toContain('正在重试');
		await page.screenshot({ path: screenshotPath('e2e-kiosk-issue-retry') });
		server.resume();

		await page.getByTestId('ticket-number').waitFor({ timeout: 15_000 });
		expect((await page.getByTestId('ticket-number').textContent())?.trim()).toBe('B001');
		const ids = issueFrames.map((f) => /"requestId":"([^"]+)"/.exec(f)?.[1]);
		expect(ids.length).toBeGreaterThanOrEqual(2);
		expect(new Set(ids).size).toBe(1);
		// Both sends reached the server, and one ticket came of them: the next number is B002.
		expect(await other.waiting('S2')).toBe(1);
		expect((await other.issue('S2')).data?.id).toBe('B002');
		other.close();
		await page.close();
	}, 60_000);
});
