/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { TOKENS } from './test-hall';

export const PORTRAIT = { width: 1080, height: 1920 };
export const LANDSCAPE = { width: 1920, height: 1080 };

/**
 * Kiosk K1 of the test hall in a fresh browser context (nothing kept from another test), at the
 * start screen. `query` adds address parameters such as `idle=3`.
 */
export async function openKiosk(browser: Browser, url: string, options: { viewport?: { width: number; height: number }; query?: string; initScript?: string } = {}): Promise<Page> {
	const context = await browser.newContext({ viewport: options.viewport ?? PORTRAIT });
	const page = await context.newPage();
	// Closing the page ends its context; after the browser is gone there is nothing left to close.
	page.on('close', () => void context.close().catch(() => {}));
	if (options.initScript) await page.addInitScript(options.initScript);
	await page.goto(`${url}/kiosk/K1?token=${TOKENS.kiosk}${options.query ? `&${options.query}` : ''}`);
	await page.getByTestId('zone-za').waitFor();
	return page;
}

/** Types on the kiosk's on-screen keyboard, one key press after another. */
export async function typeOnScreen(page: Page, letters: string): Promise<void> {
	for (const letter of letters) await page.locator(`[data-testid="on-screen-keyboard"] [data-key="${letter}"]`).click();
}

/** The codes of the services the search lists, in order. */
export async function searchResultCodes(page: Page): Promise<string[]> {
	const ids = await page.locator('[data-testid="search-results"] [data-testid^="result-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
	return ids.map((id) => id.replace(/^result-/, ''));
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeProblem {
	id: string;
	impact: string | null;
	help: string;
	targets: string[];
}

/** Runs axe-core (WCAG 2.x A and AA rules) on the page as it is; returns the serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeProblem[]> {
	// Evaluated by the browser's debugger protocol, not a <script> tag, which the page's CSP refuses.
	await page.evaluate(axeSource);
	const violations = await page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
		const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
		return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
	});
	return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
