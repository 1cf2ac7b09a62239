/**
 * The Content-Security-Policy of the built server (svelte.config.js `kit.csp`), in Chromium: every
 * page gets a policy whose scripts are this origin's and Kit's start-up script by a fresh nonce (no
 * 'unsafe-inline', no 'unsafe-eval'), and using the pages as people do (a number taken at the kiosk
 * with its QR code on screen, a call from the console, the hall board speaking it, the phone page,
 * the reports with their charts, the monitor) raises not one CSP violation, nor a rate limit.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { connect, must, rid } from '../support/server';
import type { TicketView } from '../../server/realtime/contract';
import { evaluationHall } from '../support/evaluation-hall';
import { PASSWORD, TOKENS } from '../support/test-hall';

let server: BuiltServer;
let browser: Browser;
/** Every violation any page reported: `<page> <directive> <blocked URI>`. */
const violations: string[] = [];

beforeAll(async () => {
	// The default rate limits: people's pace must never reach them.
	// The test hall with an admin (adm), for the admin page.
	server = await startBuiltServer([evaluationHall()], { HALLQ_PRINTER_SIM: 'off', HALLQ_RATE_LIMITS: '' });
	browser = await launchBrowser(['--autoplay-policy=no-user-gesture-required']);
}, 120_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** A page that records each CSP violation, from the DOM event and from the console. */
async function open(name: string, path: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	page.on('close', () => void context.close().catch(() => {}));
	await page.exposeFunction('__cspViolation', (v: string) => violations.push(`${name} ${v}`));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) => {
			void (window as unknown as { __cspViolation(v: string): Promise<void> }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
		});
	});
	page.on('console', (m) => {
		if (/Content Security Policy/i.test(m.text())) violations.push(`${name} console: ${m.text()}`);
	});
	await page.goto(`${server.url}${path}`);
	return page;
}

async function signIn(page: Page, staff: string): Promise<void> {
	await page.getByTestId('login-hall').fill('test');
	await page.getByTestId('login-staff').fill(staff);
	await page.getByTestId('login-password').fill(PASSWORD);
	await page.getByTestId('login-submit').click();
}

describe('Content-Security-Policy', () => {
	it('every page has one with a nonce for its scripts, and none allows inline scripts or eval', async () => {
		const nonces = new Set<string>();
		for (const path of [`/kiosk/K1?token=${TOKENS.kiosk}`, '/counter', `/display/hall?token=${TOKENS.hallBoard}`, '/t/AAAAAAAAAAAAAAAA', '/reports', '/monitor', '/admin']) {
			const res = await fetch(`${server.url}${path}`);
			const csp = res.headers.get('content-security-policy') ?? '';
			const scripts = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
			expect(scripts, path).toMatch(/^'self' 'nonce-[A-Za-z0-9+/=]+'$/);
			nonces.add(scripts);
			expect(csp, path).toContain("frame-ancestors 'none'");
			expect(csp, path).toContain("object-src 'none'");
			expect(csp, path).not.toContain('unsafe-eval');
			// Kit's own script carries the nonce of the header.
			expect(await res.text(), path).toContain(`nonce="${/'nonce-([^']+)'/.exec(scripts)?.[1]}"`);
		}
		// A fresh nonce for each page served.
		expect(nonces.size).toBe(7);
		const api = await fetch(`${server.url}/api/health`);
		expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
	});

	it('kiosk, console, board, phone, reports, monitor and admin used as people do raise no violation', async () => {
		const board = await open('board', `/display/hall?token=${TOKENS.hallBoard}`);
		await board.getByTestId('recent-calls').waitFor();

		const kiosk = await open('kiosk', `/kiosk/K1?token=${TOKENS.kiosk}`, { width: 1080, height: 1920 });
		await kiosk.getByTestId('zone-za').click();
		await kiosk.getByTestId('service-S1').click();
		await kiosk.getByTestId('take-number').click();
		const number = (await kiosk.getByTestId('ticket-number').textContent())?.trim() ?? '';
		expect(number).toMatch(/^A\d{3}$/);
		// The ticket on screen with its QR code (a data: image).
		await expect.poll(() => kiosk.locator('img[src^="data:image/svg+xml"]').count()).toBeGreaterThan(0);
		// A second ticket, by a kiosk's socket, for its status link.
		const socket = await connect(server.url, { token: TOKENS.kiosk2 });
		const second = await must<TicketView>(socket, 'ticket:issue', { requestId: rid(), service: 'S1' }).finally(() => socket.close());

		const clerk = await open('console', '/counter');
		await signIn(clerk, 'u1');
		await clerk.getByTestId('open-counter-C1').click();
		await expect.poll(() => clerk.getByTestId('current-ticket').getAttribute('data-status'), { timeout: 10_000 }).toBe('none');
		await clerk.keyboard.press('Space');
		await expect.poll(() => clerk.getByTestId('current-ticket').getAttribute('data-ticket'), { timeout: 10_000 }).toBe(number);
		await expect.poll(async () => (await board.getByTestId('latest-ticket').textContent()) ?? '', { timeout: 10_000 }).toContain(number);

		const phone = await open('phone', `/t/${second.token}`, { width: 390, height: 844 });
		await expect.poll(async () => (await phone.getByTestId('phone-ahead').textContent())?.trim(), { timeout: 10_000 }).toBe('0 人');

		const reports = await open('reports', '/reports');
		await signIn(reports, 'sup');
		await reports.getByTestId('report-title').waitFor({ timeout: 20_000 });
		await expect.poll(() => reports.getByTestId('report-title').getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');

		const monitor = await open('monitor', '/monitor');
		await signIn(monitor, 'sup');
		await monitor.getByTestId('monitor').waitFor({ timeout: 30_000 });

		const admin = await open('admin', '/admin');
		await signIn(admin, 'adm');
		await admin.getByTestId('service-table').waitFor({ timeout: 20_000 });
		await admin.getByTestId('tab-versions').click();
		await admin.getByTestId('version-row').first().waitFor();

		expect(violations).toEqual([]);
		// The watch works: an inline script a page did not bring is refused and reported.
		await monitor.evaluate(() => {
			const injected = document.createElement('script');
			injected.textContent = 'window.injected = true';
			document.head.append(injected);
		});
		// Both ways: the page's event and the browser's console.
		await expect.poll(() => violations.some((v) => /^monitor script-src(-elem)? inline$/.test(v))).toBe(true);
		await expect.poll(() => violations.some((v) => v.startsWith('monitor console: ') && v.includes('Content Security Policy'))).toBe(true);
		expect(await monitor.evaluate(() => (window as unknown as { injected?: boolean }).injected ?? false)).toBe(false);
	}, 120_000);
});
