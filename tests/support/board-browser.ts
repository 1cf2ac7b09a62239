import type { Browser, CDPSession, Page } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { launchBrowser } from './browser';

/**
 * Chromium for the board tests, as tests/support/browser.ts launches it, optionally with the
 * autoplay policy that a real board is set up with (`--autoplay-policy=no-user-gesture-required`):
 * without it, Chromium holds every AudioContext `suspended` until the first tap.
 */
export function launchBoardBrowser(o: { autoplay: boolean }): Promise<Browser> {
	return launchBrowser(o.autoplay ? ['--autoplay-policy=no-user-gesture-required'] : []);
}

/** The board's data attributes: data-kind, data-audio, data-voice-engine, data-last-spoken, data-last-report. */
export interface BoardData {
	kind?: string;
	audio?: string;
	voiceEngine?: string;
	lastSpoken?: string;
	lastReport?: string;
	/** Seqs of the calls spoken lately, comma-separated. */
	spoken?: string;
	/** Seqs of the calls the board holds, comma-separated. */
	calls?: string;
}

/**
 * Reads a page without touching it. Every Playwright locator query and `evaluate` runs as a user
 * gesture (it gives the page user activation), which lets the page start sound: an autoplay test
 * must look through the DevTools protocol instead, where an evaluation is no gesture.
 */
export class PassiveReader {
	private constructor(private readonly session: CDPSession) {}

	static async of(page: Page): Promise<PassiveReader> {
		return new PassiveReader(await page.context().newCDPSession(page));
	}

	async value<T>(expression: string): Promise<T> {
		const r = (await this.session.send('Runtime.evaluate', { expression, returnByValue: true, userGesture: false })) as { result: { value: T } };
		return r.result.value;
	}

	boardData(): Promise<BoardData> {
		return this.value<BoardData>(`({ ...(document.querySelector('[data-testid="board"]')?.dataset ?? {}) })`);
	}

	/** The trimmed text of the first element with this test id, or null if there is none. */
	text(testId: string): Promise<string | null> {
		return this.value<string | null>(`document.querySelector('[data-testid="${testId}"]')?.textContent?.trim() ?? null`);
	}

	/** Whether the page has had a user gesture (it must not have, before the test taps). */
	hasBeenActive(): Promise<boolean> {
		return this.value<boolean>('navigator.userActivation.hasBeenActive');
	}

	/** A PNG of the page, taken without Playwright (whose screenshot also counts as a gesture). */
	async screenshot(path: string): Promise<void> {
		const { data } = (await this.session.send('Page.captureScreenshot', { format: 'png' })) as { data: string };
		writeFileSync(path, Buffer.from(data, 'base64'));
	}

	async detach(): Promise<void> {
		await this.session.detach();
	}
}

/** The board's data attributes, read passively (see PassiveReader). */
export async function boardData(page: Page): Promise<BoardData> {
	const reader = await PassiveReader.of(page);
	try {
		return await reader.boardData();
	} finally {
		await reader.detach();
	}
}
