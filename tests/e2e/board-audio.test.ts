/**
 * The board's voice in a real Chromium against the built server. Launched as a browser normally
 * is, Chromium refuses sound until a tap: the board must say so ("点击屏幕开启语音"), report the
 * call as audio-blocked, and speak it once tapped. Launched as a board is set up
 * (`--autoplay-policy=no-user-gesture-required`), it speaks at once, from the committed clips.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIPS } from '../../display/voice/clip-catalog';
import { screenshotPath } from '../support/browser';
import { boardData, launchBoardBrowser, PassiveReader } from '../support/board-browser';
import { BOARD_TOKENS, boardHall, callNext, issueTicket, openCounter, staffSocket } from '../support/board-hall';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import type { BoardStateView } from '../../server/realtime/contract';
import { connect, must, rid, type Client } from '../support/server';
import { TOKENS } from '../support/test-hall';

let server: BuiltServer;
let kiosk: Client;
let staff: Client;
const browsers: Browser[] = [];

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	server = await startBuiltServer([boardHall()]);
	kiosk = await connect(server.url, { token: TOKENS.kiosk });
	staff = await staffSocket(server.url, 'u1');
	await openCounter(staff, 'C1');
}, 60_000);

afterAll(async () => {
	kiosk?.close();
	staff?.close();
	for (const b of browsers) await b.close();
	await server?.stop();
});

let calls = 0;
/** Issues a ticket and calls it at counter 1; returns its number. */
async function callOne(): Promise<string> {
	if (calls++ > 0) {
		await must(staff, 'ticket:start', { requestId: rid() });
		await must(staff, 'ticket:finish', { requestId: rid(), outcome: 'done' });
	}
	const ticket = await issueTicket(kiosk, 'S1');
	const state = await callNext(staff);
	expect(state.current?.id).toBe(ticket.id);
	return ticket.id;
}

async function openHallBoard(browser: Browser): Promise<Page> {
	const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
	// repeat=1 keeps the announcement (and the test) short.
	await page.goto(`${server.url}/display/hall?token=${BOARD_TOKENS.hall}&repeat=1`);
	await page.getByTestId('board').waitFor();
	await page.getByTestId('board-offline').waitFor({ state: 'detached', timeout: 20_000 });
	return page;
}

describe('a board whose browser refuses sound', () => {
	it('shows the hint, reports the call as audio-blocked, and speaks it after a tap', async () => {
		const browser = await launchBoardBrowser({ autoplay: false });
		browsers.push(browser);
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		// Until the tap, the page is only looked at passively: a locator query would be a gesture.
		const look = await PassiveReader.of(page);
		await page.goto(`${server.url}/display/hall?token=${BOARD_TOKENS.hall}&repeat=1`);
		await expect.poll(async () => (await look.boardData()).audio, { timeout: 10_000 }).toBe('blocked');
		const hint = (await look.text('audio-blocked')) ?? '';
		expect(hint).toContain('点击屏幕开启语音');
		expect(hint).toContain('Tap to enable sound');

		const ticket = await callOne();
		await expect.poll(() => look.text('latest-ticket'), { timeout: 10_000 }).toBe(ticket);
		await expect.poll(async () => (await look.boardData()).lastReport, { timeout: 5000 }).toMatch(/^\d+:audio-blocked$/);
		const seq = (await look.boardData()).lastReport!.split(':')[0];
		expect((await look.boardData()).lastSpoken).toBe('');
		// Supervisors see the board shown the call but blocked from speaking it.
		const supervisor = await staffSocket(server.url, 'sup');
		const hallBoard = async () => (await must<BoardStateView[]>(supervisor, 'boards:state', {})).find((b) => b.device === 'hall')?.health;
		await expect.poll(hallBoard, { timeout: 5000 }).toMatchObject({ audio: 'blocked', shownSeq: Number(seq), spokenSeq: 0 });
		await look.screenshot(screenshotPath('board-audio-blocked-landscape'));
		// Still no gesture, still blocked: the test itself did not unlock the sound.
		expect(await look.hasBeenActive()).toBe(false);
		expect((await look.boardData()).audio).toBe('blocked');

		// A tap anywhere: the browser now allows sound, the hint goes, the waiting call is spoken.
		await page.mouse.click(960, 540);
		await expect.poll(async () => (await look.boardData()).audio, { timeout: 5000 }).toBe('allowed');
		expect(await look.text('audio-blocked')).toBeNull();
		await expect.poll(async () => (await look.boardData()).lastSpoken, { timeout: 20_000 }).toBe(seq);
		expect((await look.boardData()).lastReport).toBe(`${seq}:spoken`);
		await expect.poll(hallBoard, { timeout: 5000 }).toMatchObject({ audio: 'ok', spokenSeq: Number(seq) });
		supervisor.close();
		await look.detach();
		await page.close();
	}, 45_000);
});

describe('a board set up with the autoplay policy', () => {
	it('speaks a call at once from the clips, without any hint', async () => {
		const browser = await launchBoardBrowser({ autoplay: true });
		browsers.push(browser);
		const page = await openHallBoard(browser);
		// Give the board the time in which it would find sound refused.
		await page.waitForTimeout(1000);
		const before = await boardData(page);
		expect(before.audio).toBe('allowed');
		expect(before.voiceEngine).toBe('clips');
		expect(await page.getByTestId('audio-blocked').count()).toBe(0);

		const ticket = await callOne();
		await expect.poll(async () => (await page.getByTestId('latest-ticket').textContent())?.trim()).toBe(ticket);
		await expect.poll(async () => (await boardData(page)).lastReport, { timeout: 20_000 }).toMatch(/^\d+:spoken$/);
		expect((await boardData(page)).lastSpoken).toBe((await boardData(page)).lastReport!.split(':')[0]);
		await page.screenshot({ path: screenshotPath('board-audio-allowed-landscape') });
		await page.close();
	}, 45_000);

	it('decodes every committed clip in Chromium', async () => {
		const browser = browsers[browsers.length - 1]!;
		const page = await browser.newPage();
		await page.goto(`${server.url}/display/hall?token=${BOARD_TOKENS.hall}&voice=off`);
		const ids = CLIPS.map((c) => c.id);
		const decoded = await page.evaluate(async (list) => {
			const g = globalThis as unknown as {
				fetch(u: string): Promise<{ ok: boolean; arrayBuffer(): Promise<ArrayBuffer> }>;
				OfflineAudioContext: new (channels: number, length: number, rate: number) => { decodeAudioData(b: ArrayBuffer): Promise<{ duration: number; numberOfChannels: number }> };
			};
			const ctx = new g.OfflineAudioContext(1, 1, 16_000);
			const out: Record<string, number> = {};
			for (const id of list) {
				const res = await g.fetch(`/voice/${id}.wav`);
				out[id] = res.ok ? (await ctx.decodeAudioData(await res.arrayBuffer())).duration : -1;
			}
			return out;
		}, ids);
		const bad = Object.entries(decoded).filter(([, d]) => !(d > 0.15 && d < 2));
		expect(bad).toEqual([]);
		expect(Object.keys(decoded)).toHaveLength(CLIPS.length);
		await page.close();
	});
});
