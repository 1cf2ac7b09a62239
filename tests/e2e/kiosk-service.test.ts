/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { kioskHall, weekdayNow } from '../support/kiosk-hall';
import { kioskSocket } from '../support/kiosk-issue';
import { LANDSCAPE, openKiosk } from '../support/kiosk-page';
import { connect, login, must, rid } from '../support/server';
import { PASSWORD } from '../support/test-hall';

let server: BuiltServer;
let browser: Browser;
const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

beforeAll(async () => {
	server = await startBuiltServer([kioskHall()]);
	browser = await launchBrowser();
	// Two people already wait for 社保卡申领 (S1).
	const other = await kioskSocket(server.url);
	for (let i = 0; i < 2; i++) expect((await other.issue('S1')).ok).toBe(true);
	other.close();
}, 60_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

async function openService(page: Page, code: string): Promise<void> {
	await page.getByTestId('zone-za').click();
	await page.getByTestId(`service-${code}`).click();
	await page.getByTestId('service-documents').waitFor();
}

const text = async (page: Page, testid: string) => ((await page.getByTestId(testid).textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('the service page before the ticket', () => {
	it('shows documents, issuing hours, counters, people waiting and the estimate, with one large "取号"', async () => {
		const page = await openKiosk(browser, server.url);
		await openService(page, 'S1');
		expect(await text(page, 'service-documents')).toContain('居民身份证');
		expect(await text(page, 'service-hours')).toBe('每天 全天');
		expect(await text(page, 'service-counters')).toBe('1、2 号窗口');
		await expect.poll(() => text(page, 'service-waiting')).toBe('2 人');
		// No counter is open yet: the estimate says it cannot tell rather than guess, and the kiosk warns before the ticket.
		expect(await text(page, 'service-estimate')).toBe('暂无法估算');
		expect(await text(page, 'service-no-counter')).toBe('该事项暂无窗口办理，预计等候较长');
		const take = page.getByTestId('take-number');
		expect(await take.count()).toBe(1);
		const box = await take.boundingBox();
		expect(box?.height ?? 0).toBeGreaterThanOrEqual(120);
		expect(box?.width ?? 0).toBeGreaterThan(900);
		await page.screenshot({ path: screenshotPath('e2e-kiosk-service-portrait') });

		await page.getByTestId('lang-toggle').click();
		await expect.poll(() => text(page, 'service-documents')).toContain('Please bring these documents');
		expect(await text(page, 'service-documents')).toContain('Resident ID card');
		expect(await text(page, 'service-hours')).toBe('Every day, all day');
		expect(await text(page, 'service-counters')).toBe('1, 2');
		expect(await text(page, 'service-waiting')).toBe('2 people');
		expect(await take.textContent()).toContain('Take a number');

		await take.click();
		await page.getByTestId('ticket-number').waitFor();
		expect(await text(page, 'ticket-number')).toBe('A003');
		expect(await text(page, 'ticket-ahead')).toBe('2 people');
		await page.close();
	});

	it('says a service is full for today, with its next opening, once its daily quota is taken', async () => {
		const page = await openKiosk(browser, server.url, { viewport: LANDSCAPE });
		await openService(page, 'Q1');
		expect(await text(page, 'service-remaining')).toContain('1');
		await page.getByTestId('take-number').click();
		await page.getByTestId('ticket-number').waitFor();
		await page.getByTestId('ticket-done').click();
		await openService(page, 'Q1');
		const closed = page.getByTestId('service-closed');
		await closed.waitFor();
		expect(await closed.getAttribute('data-reason')).toBe('quota');
		expect(await text(page, 'service-closed')).toContain('今日号已取完');
		const tomorrow = WEEKDAYS[(weekdayNow('Asia/Shanghai') % 7) + 1];
		expect(await text(page, 'service-next-opening')).toBe(`明天（${tomorrow}）00:00`);
		expect(await page.getByTestId('take-number').count()).toBe(0);
		await page.screenshot({ path: screenshotPath('e2e-kiosk-service-full') });
		// The list of the area says it too.
		await page.getByTestId('back').click();
		expect(await text(page, 'service-Q1')).toContain('今日号已取完');
		await page.close();
	});

	it('says a service is outside its issuing hours, with when it opens next', async () => {
		const page = await openKiosk(browser, server.url);
		await openService(page, 'H1');
		const closed = page.getByTestId('service-closed');
		expect(await closed.getAttribute('data-reason')).toBe('hours');
		expect(await text(page, 'service-closed')).toContain('不在取号时间');
		const tomorrow = WEEKDAYS[(weekdayNow('Asia/Shanghai') % 7) + 1];
		expect(await text(page, 'service-next-opening')).toBe(`明天（${tomorrow}）08:30`);
		expect(await text(page, 'service-hours')).toBe(`${tomorrow} 08:30–12:00`);
		expect(await page.getByTestId('take-number').count()).toBe(0);
		await page.getByTestId('lang-toggle').click();
		await expect.poll(() => text(page, 'service-closed')).toContain('Closed now');
		expect(await text(page, 'service-next-opening')).toMatch(/^tomorrow \(\w+day\) at 08:30$/);
		await page.screenshot({ path: screenshotPath('e2e-kiosk-service-closed-hours') });
		await page.close();
	});

	it('warns of no counter only while none serving the service is open', async () => {
		const clerk = await connect(server.url, { session: (await login(server.url, 'test', 'u1', PASSWORD)).session });
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C2' });
		const page = await openKiosk(browser, server.url);
		await openService(page, 'S1');
		await expect.poll(() => text(page, 'service-estimate')).not.toBe('暂无法估算');
		expect(await page.getByTestId('service-no-counter').count()).toBe(0);
		// C2 serves S1 only: S2 still has no counter open.
		await page.getByTestId('back').click();
		await page.getByTestId('service-S2').click();
		await page.getByTestId('service-no-counter').waitFor({ timeout: 10_000 });
		await page.close();
		clerk.disconnect();
	});
});
