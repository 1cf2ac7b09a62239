/**
 * The three board kinds in a real Chromium against the built server, landscape 1920×1080 and
 * portrait 1080×1920: what each shows, that it fits, and that it is large enough to read from
 * about 10 m. Screenshots go to artifacts/screens/board-kind-*.png for people to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from '../support/browser';
import { boardData } from '../support/board-browser';
import { BOARD_TOKENS, boardHall, callNext, issueTicket, openCounter, staffSocket } from '../support/board-hall';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { connect, must, rid, type Client } from '../support/server';
import { TOKENS } from '../support/test-hall';

const ORIENTATIONS = [
	['landscape', { width: 1920, height: 1080 }],
	['portrait', { width: 1080, height: 1920 }]
] as const;

/**
 * About 10 m away on a 55" 1080p screen (0.63 mm a pixel), a character needs ~4 cm, ~60 px; the
 * numbers people look for get far more.
 */
const READABLE_PX = 60;
const NUMBER_PX = 150;

let server: BuiltServer;
let browser: Browser;
const sockets: Client[] = [];
const called: { C1: string[]; C2: string[]; C3: string[] } = { C1: [], C2: [], C3: [] };

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	server = await startBuiltServer([boardHall()]);
	browser = await launchBrowser();
	const kiosk = await connect(server.url, { token: TOKENS.kiosk });
	sockets.push(kiosk);
	for (const service of ['S1', 'S1', 'S1', 'S1', 'S2', 'S1', 'S3']) await issueTicket(kiosk, service);
	const u1 = await staffSocket(server.url, 'u1');
	const u2 = await staffSocket(server.url, 'u2');
	const u3 = await staffSocket(server.url, 'u3');
	sockets.push(u1, u2, u3);
	await openCounter(u1, 'C1');
	for (let i = 0; i < 4; i++) {
		if (i > 0) {
			await must(u1, 'ticket:start', { requestId: rid() });
			await must(u1, 'ticket:finish', { requestId: rid(), outcome: 'done' });
		}
		called.C1.push((await callNext(u1)).current?.id ?? '');
	}
	// C3 (zone B) calls one and closes again; C2 pauses with a reason.
	await openCounter(u3, 'C3');
	called.C3.push((await callNext(u3)).current?.id ?? '');
	await must(u3, 'ticket:start', { requestId: rid() });
	await must(u3, 'ticket:finish', { requestId: rid(), outcome: 'done' });
	await must(u3, 'counter:close', { requestId: rid() });
	await openCounter(u2, 'C2');
	called.C2.push((await callNext(u2)).current?.id ?? '');
	await must(u2, 'ticket:start', { requestId: rid() });
	await must(u2, 'ticket:finish', { requestId: rid(), outcome: 'done' });
	await must(u2, 'counter:pause', { requestId: rid(), reason: '午间休息 Lunch break' });
}, 60_000);

afterAll(async () => {
	for (const s of sockets) s.close();
	await browser?.close();
	await server?.stop();
});

async function openBoard(path: string, viewport: { width: number; height: number }): Promise<Page> {
	const page = await browser.newPage({ viewport });
	await page.goto(`${server.url}/display/${path}&voice=off`);
	await page.getByTestId('board').waitFor();
	await expect.poll(async () => (await boardData(page)).kind, { timeout: 10_000 }).not.toBe(undefined);
	await page.getByTestId('board-offline').waitFor({ state: 'detached', timeout: 20_000 });
	return page;
}

/** The element's font size, that it lies inside the screen, and that its text is not cut off. */
async function measure(page: Page, testId: string) {
	const el = page.getByTestId(testId).first();
	const box = await el.boundingBox();
	const m = await el.evaluate((node) => {
		const e = node as unknown as { scrollWidth: number; clientWidth: number };
		const style = (globalThis as unknown as { getComputedStyle(n: unknown): { fontSize: string } }).getComputedStyle(node);
		return { fontPx: parseFloat(style.fontSize), clipped: e.scrollWidth > e.clientWidth + 1 };
	});
	const viewport = page.viewportSize()!;
	const inside = !!box && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 1 && box.y + box.height <= viewport.height + 1;
	return { ...m, inside };
}

describe.each(ORIENTATIONS)('boards in %s', (orientation, viewport) => {
	it('hall board: the latest call large, recent calls, waiting per zone', async () => {
		const page = await openBoard(`hall?token=${BOARD_TOKENS.hall}`, viewport);
		const latest = called.C2[0]!;
		await expect.poll(async () => (await page.getByTestId('latest-ticket').textContent())?.trim()).toBe(latest);
		const recent = (await page.getByTestId('recent-calls').textContent()) ?? '';
		for (const t of [...called.C1, ...called.C3]) expect(recent).toContain(t);
		await expect.poll(async () => page.getByTestId('zone-waiting-za').count()).toBe(1);
		expect(await page.getByTestId('zone-waiting-zb').count()).toBe(1);
		const ticket = await measure(page, 'latest-ticket');
		expect(ticket).toMatchObject({ inside: true, clipped: false });
		expect(ticket.fontPx).toBeGreaterThanOrEqual(NUMBER_PX);
		expect((await measure(page, 'latest-counter')).fontPx).toBeGreaterThanOrEqual(NUMBER_PX * 0.6);
		await page.screenshot({ path: screenshotPath(`board-kind-hall-${orientation}`) });
		await page.close();
	});

	it('zone board: only its zone’s calls and its waiting count', async () => {
		const page = await openBoard(`zone-za?token=${BOARD_TOKENS.zoneA}`, viewport);
		await expect.poll(async () => (await page.getByTestId('latest-ticket').textContent())?.trim()).toBe(called.C2[0]);
		expect(await page.getByTestId('board-title').textContent()).toContain('社会事务区');
		const recent = (await page.getByTestId('recent-calls').textContent()) ?? '';
		for (const t of called.C1) expect(recent).toContain(t);
		// Zone B's call (counter 3) is not on zone A's board.
		expect(recent).not.toContain(called.C3[0]);
		expect(await page.getByTestId('zone-waiting-za').count()).toBe(1);
		expect(await page.getByTestId('zone-waiting-zb').count()).toBe(0);
		const ticket = await measure(page, 'latest-ticket');
		expect(ticket).toMatchObject({ inside: true, clipped: false });
		expect(ticket.fontPx).toBeGreaterThanOrEqual(NUMBER_PX);
		await page.screenshot({ path: screenshotPath(`board-kind-zone-${orientation}`) });
		await page.close();
	});

	it('counter board: the number being served, the counter and the staff member', async () => {
		const page = await openBoard(`counter-C1?token=${BOARD_TOKENS.counter1}`, viewport);
		const current = called.C1[called.C1.length - 1]!;
		await expect.poll(async () => (await page.getByTestId('counter-current').textContent())?.trim()).toBe(current);
		expect((await boardData(page)).kind).toBe('counter');
		expect(await page.getByTestId('counter-board').getAttribute('data-state')).toBe('serving');
		expect(await page.getByTestId('counter-staff').textContent()).toContain('王晓明');
		expect(await page.getByTestId('counter-number').textContent()).toBe('1');
		const ticket = await measure(page, 'counter-current');
		expect(ticket).toMatchObject({ inside: true, clipped: false });
		expect(ticket.fontPx).toBeGreaterThanOrEqual(NUMBER_PX * 1.5);
		expect((await measure(page, 'counter-number')).fontPx).toBeGreaterThanOrEqual(READABLE_PX);
		await page.screenshot({ path: screenshotPath(`board-kind-counter-${orientation}`) });
		await page.close();
	});

	it('counter board of a paused and of a closed counter', async () => {
		const paused = await openBoard(`counter-C2?token=${BOARD_TOKENS.counter2}`, viewport);
		await expect.poll(async () => paused.getByTestId('counter-board').getAttribute('data-state')).toBe('paused');
		expect(await paused.getByTestId('counter-board').textContent()).toContain('午间休息');
		expect(await paused.getByTestId('counter-staff').textContent()).toContain('李红');
		const status = await measure(paused, 'counter-status');
		expect(status).toMatchObject({ inside: true, clipped: false });
		expect(status.fontPx).toBeGreaterThanOrEqual(NUMBER_PX);
		await paused.screenshot({ path: screenshotPath(`board-kind-counter-paused-${orientation}`) });
		await paused.close();

		const closed = await openBoard(`counter-C3?token=${BOARD_TOKENS.counter3}`, viewport);
		await expect.poll(async () => closed.getByTestId('counter-board').getAttribute('data-state')).toBe('closed');
		expect(await closed.getByTestId('counter-status').textContent()).toContain('暂未开放');
		expect((await measure(closed, 'counter-status')).inside).toBe(true);
		await closed.screenshot({ path: screenshotPath(`board-kind-counter-closed-${orientation}`) });
		await closed.close();
	});
});
