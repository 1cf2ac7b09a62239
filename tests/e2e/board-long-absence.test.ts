/**
 * A hall board in Chromium is cut off from the network while 600 calls are made (more than one
 * catch-up page), then comes back: it pages through all of them, shows them, announces none that
 * is older than the hall's `voice.maxAgeSeconds`, and reports the absence; the supervisor's console
 * shows "offline from … to …, 600 calls shown on return".
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoardStateView, DeviceNotice } from '../../server/realtime/contract';
import { boardData, launchBoardBrowser } from '../support/board-browser';
import { BOARD_TOKENS, boardHall, issueTicket, openCounter, staffSocket } from '../support/board-hall';
import { screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { connect, must, rid, type Client } from '../support/server';
import { PASSWORD, TOKENS } from '../support/test-hall';

const CALLS = 600;
let server: BuiltServer;
let browser: Browser;
const sockets: Client[] = [];

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	const hall = boardHall();
	// A missed call is still announced when it is younger than 2 s: nearly all of these are not.
	hall.voice = { ...hall.voice, maxAgeSeconds: 2 };
	server = await startBuiltServer([hall], { HALLQ_PRINTER_SIM: 'off' });
	browser = await launchBoardBrowser({ autoplay: true });
}, 60_000);
afterAll(async () => {
	for (const s of sockets) s.close();
	await browser?.close();
	await server?.stop();
});

async function openBoard(): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const page = await context.newPage();
	await page.goto(`${server.url}/display/hall?token=${BOARD_TOKENS.hall}&repeat=1`);
	await page.getByTestId('board-offline').waitFor({ state: 'detached', timeout: 20_000 });
	return page;
}

const hallBoardOf = async (supervisor: Client) => (await must<BoardStateView[]>(supervisor, 'boards:state', {})).find((b) => b.device === 'hall');

describe('a board back after a long absence', () => {
	it('pages through every call it missed, announces none too old, and the supervisor sees the absence', async () => {
		const board = await openBoard();
		const kiosk = await connect(server.url, { token: TOKENS.kiosk });
		const supervisor = await staffSocket(server.url, 'sup');
		const clerks = await Promise.all(['u1', 'u2', 'u3'].map((s) => staffSocket(server.url, s)));
		sockets.push(kiosk, supervisor, ...clerks);
		const notices: DeviceNotice[] = [];
		supervisor.on('device:notice', (n) => notices.push(n));
		const counters = ['C1', 'C2', 'C3'] as const;
		await Promise.all(clerks.map((c, i) => openCounter(c, counters[i] ?? 'C1')));

		await board.context().setOffline(true);
		await expect.poll(async () => board.getByTestId('board-offline').count(), { timeout: 20_000 }).toBe(1);
		const services = ['S1', 'S1', 'S3'];
		const seqs: number[] = [];
		await Promise.all(
			clerks.map(async (clerk, i) => {
				for (let k = 0; k < CALLS / 3; k++) {
					await issueTicket(kiosk, services[i] ?? 'S1');
					await must(clerk, 'ticket:callNext', { requestId: rid('call') });
					await must(clerk, 'ticket:noShow', { requestId: rid('absent') });
				}
			})
		);
		const before = (await hallBoardOf(supervisor))?.health;
		await board.context().setOffline(false);

		await expect.poll(async () => (await hallBoardOf(supervisor))?.health?.catchUp?.calls, { timeout: 30_000 }).toBe(CALLS);
		const health = (await hallBoardOf(supervisor))?.health;
		const gap = health?.catchUp;
		if (!gap || !health?.counts) throw new Error('no catch-up reported');
		// Every missed call was shown; each either skipped as too old or announced.
		expect(health.counts.shown - (before?.counts?.shown ?? 0)).toBe(CALLS);
		expect(gap.skipped).toBeGreaterThan(CALLS - 50);
		expect(gap.skipped).toBeLessThanOrEqual(gap.calls);
		// The calls span the 1,800 events made meanwhile (an issue before the first, the last no-shows after the last).
		expect(gap.lastSeq - gap.firstSeq).toBeGreaterThan(3 * CALLS - 10);
		expect(gap.from).toBeLessThan(gap.to);
		seqs.push(gap.firstSeq, gap.lastSeq);
		expect(health.shownSeq).toBe(gap.lastSeq);
		await expect.poll(() => notices.filter((n) => n.notice === 'BOARD.MISSED_CALLS' && n.device === 'hall').map((n) => n.catchUp.calls)).toEqual([CALLS]);
		// The board holds the latest calls, the newest on top.
		const held = (await boardData(board)).calls?.split(',').map(Number) ?? [];
		expect(held[held.length - 1]).toBe(gap.lastSeq);

		// The supervisor's console says so.
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await page.goto(`${server.url}/counter`);
		await page.getByTestId('login-hall').fill('test');
		await page.getByTestId('login-staff').fill('sup');
		await page.getByTestId('login-password').fill(PASSWORD);
		await page.getByTestId('login-submit').click();
		const row = page.locator('[data-testid="board-state"][data-device="hall"] [data-testid="board-gap"]');
		await row.waitFor({ timeout: 15_000 });
		expect(await row.textContent()).toMatch(new RegExp(`离线 \\d\\d:\\d\\d–\\d\\d:\\d\\d，期间 ${CALLS} 次叫号已补显示（\\d+ 次超时未播报）`));
		await page.screenshot({ path: screenshotPath('supervisor-board-absence') });
		await page.close();
	}, 180_000);
});
