/**
 * A deploy under connected pages (docs/protocol.md "Versions and deploys"): the server of build A
 * is stopped and the next build B starts on the same port and database while a kiosk and a hall
 * board are open. Both reconnect, hear that the server is build B, and reload themselves into B's
 * pages (the kiosk at its start screen); calls made while they reload are on the board afterwards
 * (it keeps its last sequence and replays what it missed); neither reloads again; the kiosk takes
 * a number.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boardData } from '../support/board-browser';
import { boardHall, callNext, issueTicket, openCounter, staffSocket } from '../support/board-hall';
import { launchBrowser, screenshotPath } from '../support/browser';
import { copyBuildAsNextVersion, startBuiltServer, type BuiltServer } from '../support/built-server';
import { ask, connect, rid, type Client } from '../support/server';
import { TOKENS } from '../support/test-hall';

// Inside the project: the build imports its packages from node_modules, found upwards from it.
mkdirSync('artifacts', { recursive: true });
const dir = mkdtempSync(join('artifacts', 'deploy-'));
let server: BuiltServer;
let browser: Browser;
const clients: Client[] = [];
beforeAll(async () => {
	server = await startBuiltServer([boardHall()], { HALLQ_PRINTER_SIM: 'off' });
	browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
	for (const c of clients) c.close();
	await browser?.close();
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

/** A page that counts its loads (a reload is a load). */
async function open(path: string, viewport: { width: number; height: number }): Promise<{ page: Page; loads: () => number }> {
	const page = await (await browser.newContext({ viewport })).newPage();
	let loads = 0;
	page.on('load', () => loads++);
	await page.goto(`${server.url}${path}`);
	return { page, loads: () => loads };
}

/** The next call at the clerk's counter: the ticket called before is marked absent first. */
async function callAgain(clerk: Client): Promise<void> {
	await ask(clerk, 'ticket:noShow', { requestId: rid('absent') });
	await callNext(clerk);
}

/** The socket clients of the test (kiosk K2 and a clerk), connected to whichever server runs now. */
async function clientsNow(): Promise<{ kiosk: Client; clerk: Client }> {
	const kiosk = await connect(server.url, { token: TOKENS.kiosk2 });
	const clerk = await staffSocket(server.url, 'u1');
	clients.push(kiosk, clerk);
	return { kiosk, clerk };
}

describe('a deploy under connected kiosks and boards', () => {
	it('both reload into the new build, the board misses no call, the kiosk is not stuck', async () => {
		const board = await open(`/display/hall?token=${TOKENS.hallBoard}&voice=off`, { width: 1920, height: 1080 });
		await board.page.getByTestId('recent-calls').waitFor();
		const kiosk = await open(`/kiosk/K1?token=${TOKENS.kiosk}`, { width: 1080, height: 1920 });
		await kiosk.page.getByTestId('zone-za').waitFor();
		{
			const { kiosk: k, clerk } = await clientsNow();
			for (let i = 0; i < 5; i++) await issueTicket(k, 'S1');
			await openCounter(clerk, 'C1');
			await callAgain(clerk);
			await callAgain(clerk);
		}
		await expect.poll(async () => (await boardData(board.page)).calls?.split(',').length ?? 0, { timeout: 10_000 }).toBe(2);
		expect([board.loads(), kiosk.loads()]).toEqual([1, 1]);

		// The deploy: build A stops, build B starts on the same port and database.
		const next = copyBuildAsNextVersion(join(dir, 'build-b'));
		await server.halt();
		await server.start({ HALLQ_BUILD_DIR: resolve(dir, 'build-b') });
		// Calls at once, while the pages reconnect and reload.
		const { clerk } = await clientsNow();
		await callAgain(clerk);
		await callAgain(clerk);

		await expect.poll(() => board.loads(), { timeout: 30_000 }).toBe(2);
		await expect.poll(() => kiosk.loads(), { timeout: 30_000 }).toBe(2);
		// Now B's pages: the version B's files carry.
		const version = await board.page.evaluate(async () => ((await (await fetch('/_app/version.json', { cache: 'no-store' })).json()) as { version: string }).version);
		expect(version).toBe(next);
		await expect.poll(async () => (await boardData(board.page)).calls?.split(',').length ?? 0, { timeout: 15_000 }).toBe(4);
		const seqs = ((await boardData(board.page)).calls ?? '').split(',').map(Number);
		expect(new Set(seqs).size).toBe(4);

		// The kiosk takes a number on B's pages.
		await kiosk.page.getByTestId('zone-za').click();
		await kiosk.page.getByTestId('service-S1').click();
		await kiosk.page.getByTestId('take-number').click();
		expect((await kiosk.page.getByTestId('ticket-number').textContent())?.trim()).toMatch(/^A\d{3}$/);
		await board.page.screenshot({ path: screenshotPath('deploy-board-after') });
		// And neither reloads again: B's pages are of B's build.
		await new Promise((r) => setTimeout(r, 3000));
		expect([board.loads(), kiosk.loads()]).toEqual([2, 2]);
	}, 150_000);
});
