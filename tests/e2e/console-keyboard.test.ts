/**
 * A whole day at the counter driven by the keyboard only, in Chromium against the built server:
 * sign in, open the counter, call next, recall, start, park, call the next one, no-show, call back
 * the parked one (the hall board announces it), transfer, call again (the transfer trail shows),
 * finish with an outcome, reactivate the no-show, no-show with re-queue, call a number with a reason,
 * auto-call on and finish, pause with a reason, resume, close. Screenshots of each state at
 * 1920×1080 and 1366×768 go to artifacts/screens/console-*.png.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketView } from '../../server/realtime/contract';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { login } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

let server: BuiltServer;
let browser: Browser;

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	server = await startBuiltServer([testHall()]);
	browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function issue(service: string, count: number): Promise<TicketView[]> {
	const kiosk = io(server.url, { auth: { token: TOKENS.kiosk }, transports: ['websocket'] });
	try {
		const out: TicketView[] = [];
		for (let i = 0; i < count; i++) {
			const a = (await kiosk.timeout(5000).emitWithAck('ticket:issue', { requestId: `kbd-${service}-${i}-${Date.now()}`, service })) as {
				ok: boolean;
				data: TicketView;
			};
			if (!a.ok) throw new Error('not issued');
			out.push(a.data);
		}
		return out;
	} finally {
		kiosk.close();
	}
}

function focusedTestId(page: Page): Promise<string | null> {
	return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
}

/** Signs in to the test hall with the keyboard: Tab to the hall field, then through the form. */
async function signIn(page: Page, staff: string): Promise<void> {
	await page.goto(`${server.url}/counter`);
	await page.getByTestId('login-staff').waitFor();
	for (let i = 0; i < 6 && (await focusedTestId(page)) !== 'login-hall'; i++) await page.keyboard.press('Tab');
	expect(await focusedTestId(page)).toBe('login-hall');
	await page.keyboard.press('Control+A');
	await page.keyboard.type('test');
	await page.keyboard.press('Tab');
	await page.keyboard.type(staff);
	await page.keyboard.press('Tab');
	await page.keyboard.type(PASSWORD);
	await page.keyboard.press('Enter');
}

/** The current ticket as the console shows it: "A001 called", or "none". */
async function current(page: Page): Promise<string> {
	const el = page.getByTestId('current-ticket');
	const status = await el.getAttribute('data-status');
	return status === 'none' ? 'none' : `${await el.getAttribute('data-ticket')} ${status}`;
}

describe('counter console by keyboard only', () => {
	it('runs a full cycle of every action with shortcuts and dialogs, and shows each state', async () => {
		const [a1, a2, a3] = await issue('S1', 3);
		if (!a1 || !a2 || !a3) throw new Error('tickets missing');
		const board = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await board.goto(`${server.url}/display/hall?token=${TOKENS.hallBoard}`);
		await board.getByTestId('recent-calls').waitFor();

		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		const shot = async (name: string) => {
			await page.screenshot({ path: screenshotPath(`console-1920-${name}`) });
			await page.setViewportSize({ width: 1366, height: 768 });
			await page.screenshot({ path: screenshotPath(`console-1366-${name}`) });
			await page.setViewportSize({ width: 1920, height: 1080 });
		};
		const key = (k: string) => page.keyboard.press(k);
		const until = (expected: string) => expect.poll(() => current(page), { timeout: 10_000 }).toBe(expected);

		await signIn(page, 'u1');
		const focused = () => focusedTestId(page);
		// The counters to choose from: the first free one usually has the focus already; Tab reaches it.
		await page.getByTestId('open-counter-C1').waitFor();
		for (let i = 0; i < 10 && (await focused()) !== 'open-counter-C1'; i++) await key('Tab');
		expect(await focused()).toBe('open-counter-C1');
		await key('Enter');
		await until('none');
		await expect.poll(() => page.getByTestId('waiting-S1').textContent()).toContain('3');
		await shot('idle');

		await key('Space');
		await until(`${a1.id} called`);
		await key('KeyR');
		await expect.poll(() => page.getByTestId('ticket-recalls').textContent()).toContain('1');
		await shot('called');
		await key('KeyS');
		await until(`${a1.id} serving`);
		await shot('serving');

		// Park A001 (the citizen fetches a document) and serve on.
		await key('KeyK');
		await until('none');
		await page.getByTestId(`parked-${a1.id}`).waitFor();
		await key('Space');
		await until(`${a2.id} called`);
		await key('KeyN');
		await until('none');
		await page.getByTestId(`no-show-${a2.id}`).waitFor();
		await shot('parked-and-no-show-lists');

		// Call back the one parked ticket: B calls it at once, the hall board announces it again.
		await key('KeyB');
		await until(`${a1.id} called`);
		await expect.poll(() => board.getByTestId('latest-ticket').textContent(), { timeout: 10_000 }).toContain(a1.id);
		expect(await page.getByTestId(`parked-${a1.id}`).count()).toBe(0);

		// Transfer to S2: type to filter, Enter. It keeps its arrival, so the next call is A001 again.
		await key('KeyS');
		await until(`${a1.id} serving`);
		await key('KeyT');
		await page.getByTestId('transfer-dialog').waitFor();
		await page.keyboard.type('S2');
		await shot('transfer-dialog');
		await key('Enter');
		await until('none');
		await key('F1');
		await until(`${a1.id} called`);
		await expect.poll(() => page.getByTestId('ticket-trail').textContent()).toContain('养老保险查询');
		await key('F3');
		await until(`${a1.id} serving`);
		await shot('serving-transferred');
		await key('Digit2');
		await expect.poll(() => page.getByTestId('outcome-missingDocuments').isChecked()).toBe(true);
		await key('F4');
		await until('none');

		// Reactivate the no-show: V opens the list, Enter calls the highlighted one.
		await key('KeyV');
		await page.getByTestId('reactivate-dialog').waitFor();
		await shot('reactivate-dialog');
		await key('Enter');
		await until(`${a2.id} called`);
		await expect.poll(() => page.getByTestId(`no-show-${a2.id}`).count()).toBe(0);

		// No-show with re-queue: back in the queue at its arrival, called first again.
		await key('KeyQ');
		await until('none');
		await expect.poll(() => page.getByTestId('waiting-S1').textContent()).toContain('2');
		await key('Space');
		await until(`${a2.id} called`);
		await key('KeyN');
		await until('none');

		// Call a specific number with a reason: G, the number, Tab to the reasons, a digit, Enter.
		await key('KeyG');
		await page.getByTestId('call-ticket-dialog').waitFor();
		await page.keyboard.type(a3.id.toLowerCase());
		await key('Tab');
		await key('Digit2');
		await expect.poll(() => page.getByTestId('call-ticket-reason-vulnerable').isChecked()).toBe(true);
		await shot('call-ticket-dialog');
		await key('Enter');
		await until(`${a3.id} called`);

		// Auto-call on (A), then finish: nobody is waiting, the counter idles and the finish stands.
		await key('KeyS');
		await until(`${a3.id} serving`);
		await key('KeyA');
		await expect.poll(() => page.getByTestId('auto-call').getAttribute('aria-checked')).toBe('true');
		const [a4] = await issue('S1', 1);
		await expect.poll(() => page.getByTestId('waiting-S1').textContent(), { timeout: 10_000 }).toContain('1');
		await key('KeyF');
		// Auto-call called the one waiting.
		await until(`${a4?.id} called`);
		await key('KeyN');
		await until('none');

		// Pause with a reason (3: system fault), resume.
		await key('KeyP');
		await page.getByTestId('pause-dialog').waitFor();
		await key('Digit3');
		await shot('pause-dialog');
		await key('Enter');
		await expect.poll(() => page.getByTestId('counter-status').textContent()).toContain('系统故障');
		await shot('paused');
		await key('KeyP');
		await expect.poll(() => page.getByTestId('counter-status').textContent()).not.toContain('系统故障');

		// English (L), then close the counter: C, Enter on the focused confirm button.
		await key('KeyL');
		await expect.poll(() => page.getByTestId('call-next').textContent()).toContain('Call next');
		await shot('idle-english');
		await key('KeyC');
		await page.getByTestId('close-dialog').waitFor();
		await shot('close-dialog');
		await key('Enter');
		await page.getByTestId('open-counter-C1').waitFor();
		// The auto-call choice is remembered by the browser.
		expect(await page.evaluate(() => localStorage.getItem('hallq.console.autoCall'))).toBe('on');
	}, 120_000);

	it('a supervisor acts on a counter someone else has open, by keyboard, and stops', async () => {
		// u2 opens counter 2 over a socket (another PC); one ticket waits for it.
		const signedIn = await login(server.url, 'test', 'u2', PASSWORD);
		const clerk = io(server.url, { auth: { session: signedIn.session }, transports: ['websocket'] });
		try {
			const opened = (await clerk.timeout(5000).emitWithAck('counter:open', { requestId: `kbd-open-${Date.now()}`, counter: 'C2' })) as { ok: boolean };
			expect(opened.ok).toBe(true);
			const [waiting] = await issue('S1', 1);

			const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
			const key = (k: string) => page.keyboard.press(k);
			const focused = () => focusedTestId(page);
			await signIn(page, 'sup');
			await page.getByTestId('act-on-C2').waitFor();
			await page.screenshot({ path: screenshotPath('console-1920-supervisor-picker') });
			for (let i = 0; i < 20 && (await focused()) !== 'act-on-C2'; i++) await key('Tab');
			expect(await focused()).toBe('act-on-C2');
			await key('Enter');
			await expect.poll(() => page.getByTestId('acting-for').textContent()).toContain('李红');
			await key('Space');
			await expect.poll(() => current(page), { timeout: 10_000 }).toBe(`${waiting?.id} called`);
			await page.screenshot({ path: screenshotPath('console-1920-supervisor-acting') });
			// The clerk's own console shows what the supervisor did.
			const theirs = (await clerk.timeout(5000).emitWithAck('console:state', {})) as { ok: boolean; data: { current: { id: string } | null } };
			expect(theirs.data.current?.id).toBe(waiting?.id);
			for (let i = 0; i < 20 && (await focused()) !== 'stop-acting'; i++) await key('Tab');
			expect(await focused()).toBe('stop-acting');
			await key('Enter');
			await page.getByTestId('act-on-C2').waitFor();
		} finally {
			clerk.close();
		}
	}, 60_000);
});
