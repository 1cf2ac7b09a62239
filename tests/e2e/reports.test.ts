/**
 * The reports page in a browser, on the built server with the sample halls and a week of last month's
 * history made by `npm run demo:history` (scripts/demo-history.ts): a city supervisor opens last
 * month's report, drills from a zone to a service, a counter and its staff, exports CSV and XLSX
 * (read back: Chinese intact, totals equal to the page); the central office sees the halls side by
 * side with the townships' local share; a township supervisor cannot read the city hall; counter
 * staff are refused. Screenshots at 1920×1080, 1366×768 and the print layout, for people to look at.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHalls } from '../../server/boot';
import { demoHistory } from '../../scripts/demo-history';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';

const PASSWORD = 'hallq-demo';
const ZONE = 'Asia/Shanghai';

/** The first day of the current month in the sample halls' zone, and the month before it. */
function monthsNow(): { thisMonth: string; lastMonth: string } {
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(Date.now());
	const [y, m] = today.split('-').map(Number) as [number, number];
	const last = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
	return { thisMonth: today.slice(0, 7), lastMonth: last };
}

let dir: string;
let server: BuiltServer;
let browser: Browser;

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	dir = mkdtempSync(join(tmpdir(), 'hallq-reports-e2e-'));
	const env = { HALLQ_DB: join(dir, 'hallq.db'), HALLQ_HISTORY_DAYS: '10', STORE: 'sqlite', ARCHIVE_URL: '', HALLQ_ARCHIVE_DB: '', LOG_LEVEL: 'silent' };
	// History up to the last day of last month: 07:30 on the 1st of this month in the halls' zone.
	const { thisMonth } = monthsNow();
	const [y, m] = thisMonth.split('-').map(Number) as [number, number];
	await demoHistory({ env, now: () => Date.UTC(y, m - 1, 1) - 30 * 60_000, print: () => undefined });
	// A week of history: the city's assessment counts counters open on 3 days with 20 served.
	const halls = loadHalls(env).map((h) => (h.id === 'city' ? { ...h, assessment: { minOpenDays: 3, minServed: 20 } } : h));
	server = await startBuiltServer(halls, { HALLQ_DB: env.HALLQ_DB, HALLQ_PRINTER_SIM: 'off' });
	browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

async function signIn(hall: string, staff: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
	const context = await browser.newContext({ viewport, acceptDownloads: true });
	const page = await context.newPage();
	await page.goto(`${server.url}/reports`);
	await page.getByTestId('login-hall').fill(hall);
	await page.getByTestId('login-staff').fill(staff);
	await page.getByTestId('login-password').fill(PASSWORD);
	await page.getByTestId('login-submit').click();
	return page;
}

/** The page's figure as a number ("35,842" → 35842). */
async function figure(page: Page, locator: string, col: string): Promise<number> {
	const text = (await page.locator(locator).locator(`[data-col="${col}"]`).textContent()) ?? '';
	return Number(text.replaceAll(',', ''));
}

async function waitForLevel(page: Page, crumbs: number): Promise<void> {
	await expect.poll(() => page.getByTestId('crumbs').locator('.crumb').count(), { timeout: 20_000 }).toBe(crumbs);
	await expect.poll(() => page.getByTestId('report-title').getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
}

describe('the reports page', () => {
	it('a city supervisor reads last month by counter, drills from a zone down to a counter, and exports CSV and XLSX', async () => {
		const page = await signIn('city', 'sup01');
		const { lastMonth } = monthsNow();
		await page.getByTestId('report-table').waitFor({ timeout: 20_000 });
		await waitForLevel(page, 1);
		const lastDay = new Date(Date.UTC(Number(lastMonth.slice(0, 4)), Number(lastMonth.slice(5, 7)), 0)).toISOString().slice(0, 10);
		expect(await page.getByTestId('report-period').textContent()).toBe(`${lastMonth}-01 至 ${lastDay}`);
		// 70 counters and the row of tickets never called.
		expect(await page.getByTestId('report-row').count()).toBe(71);
		const served = await figure(page, '[data-testid="report-total"]', 'served');
		expect(served).toBeGreaterThan(1000);
		expect(Number(((await page.getByTestId('kpi-served').getByTestId('kpi-value').textContent()) ?? '').replaceAll(',', ''))).toBe(served);
		for (const chart of ['chart-hourly', 'chart-wait', 'chart-daily', 'chart-satisfaction']) expect(await page.getByTestId(chart).locator('svg').count()).toBe(1);
		await page.screenshot({ path: screenshotPath('reports-city-month-1920') });
		await page.screenshot({ path: screenshotPath('reports-city-month-full'), fullPage: true });

		// The exports of the table on the page.
		const csvDownload = page.waitForEvent('download');
		await page.getByTestId('export-csv').click();
		const csv = readFileSync((await (await csvDownload).path()) ?? '', 'utf8');
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		expect(csv).toContain('市政务服务中心');
		expect(csv).toContain('1号窗口');
		const csvLines = csv.split('\r\n');
		const header = (csvLines.find((l) => l.includes('办结 Served')) ?? '').split(',');
		const totalLine = (csvLines.find((l) => l.startsWith('合计')) ?? '').split(',');
		expect(Number(totalLine[header.indexOf('办结 Served')])).toBe(served);

		const xlsxDownload = page.waitForEvent('download');
		await page.getByTestId('export-xlsx').click();
		const book = new ExcelJS.Workbook();
		await book.xlsx.readFile((await (await xlsxDownload).path()) ?? '');
		const sheet = book.worksheets.find((w) => w.name !== '定义 Definitions');
		const rows: unknown[][] = [];
		sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
		const xHeader = rows.find((r) => r.includes('办结 Served')) ?? [];
		const xTotal = rows.find((r) => r[0] === '合计 Total') ?? [];
		expect(xTotal[xHeader.indexOf('办结 Served')]).toBe(served);
		expect(JSON.stringify(rows)).toContain('市政务服务中心');

		// Zone → service → counter → staff.
		await page.getByTestId('group-zone').click();
		await waitForLevel(page, 1);
		expect(await figure(page, '[data-testid="report-total"]', 'served')).toBe(served);
		await page.getByTestId('drill').first().click();
		await waitForLevel(page, 2);
		await page.getByTestId('drill').first().click();
		await waitForLevel(page, 3);
		const counterRow = page.getByTestId('report-row').first();
		const counterName = (await counterRow.getByTestId('drill').textContent()) ?? '';
		expect(counterName).toMatch(/^\d+号窗口$/);
		const counterServed = await figure(page, '[data-testid="report-row"] >> nth=0', 'served');
		await counterRow.getByTestId('drill').click();
		await waitForLevel(page, 4);
		expect(await page.getByTestId('crumbs').locator('.crumb.here').textContent()).toBe(counterName);
		expect(await page.getByTestId('group-staff').getAttribute('aria-pressed')).toBe('true');
		expect(await figure(page, '[data-testid="report-total"]', 'served')).toBe(counterServed);
		await page.screenshot({ path: screenshotPath('reports-city-counter-staff') });

		// The print layout: no controls, the title, figures, charts and the table.
		await page.getByTestId('crumbs').locator('.crumb').first().click();
		await waitForLevel(page, 1);
		await page.emulateMedia({ media: 'print' });
		expect(await page.getByTestId('export-csv').isVisible()).toBe(false);
		await page.screenshot({ path: screenshotPath('reports-city-print'), fullPage: true });
		await page.context().close();
	}, 120_000);

	it('reads well on a 1366×768 office PC', async () => {
		const page = await signIn('city', 'sup02', { width: 1366, height: 768 });
		await page.getByTestId('report-table').waitFor({ timeout: 20_000 });
		// Nothing wider than the screen but the table's own scroll.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
		await page.screenshot({ path: screenshotPath('reports-city-1366') });
		await page.context().close();
	});

	it('the central office sees every hall of its network side by side, with the local share', async () => {
		const page = await signIn('city', 'center01');
		await page.getByTestId('report-table').waitFor({ timeout: 20_000 });
		expect(await page.getByTestId('hall-choice').inputValue()).toBe('*');
		const rows = page.getByTestId('report-row');
		expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).toEqual(['city', 'county', 'township']);
		expect(await page.getByTestId('local-share').textContent()).toMatch(/\d+\.\d%/);
		await page.screenshot({ path: screenshotPath('reports-central') });
		await page.context().close();
	});

	it('a township supervisor sees only the township; the city hall is refused', async () => {
		const page = await signIn('township', 'sup01');
		await page.getByTestId('report-table').waitFor({ timeout: 20_000 });
		expect(await page.getByTestId('hall-choice').locator('option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value))).toEqual(['township']);
		const { lastMonth } = monthsNow();
		const status = await page.evaluate(async (from) => (await fetch(`/api/reports?hall=city&period=month&from=${from}-01`)).status, lastMonth);
		expect(status).toBe(403);
		await page.context().close();
	});

	it('a city supervisor reads last month’s red-flag ranking, records a complaint, confirms the month and exports the award list', async () => {
		const page = await signIn('city', 'sup03');
		await page.getByTestId('report-table').waitFor({ timeout: 20_000 });
		await page.getByTestId('tab-assessment').click();
		const rows = page.getByTestId('ranking-counters').getByTestId('ranking-row');
		await rows.first().waitFor({ timeout: 20_000 });
		expect(await page.getByTestId('assessment-status').textContent()).toContain('待确认');
		const scores = async () => (await page.getByTestId('ranking-counters').locator('[data-testid="ranking-row"] [data-col="score"]').allTextContents()).map(Number);
		const before = await scores();
		expect(before.length).toBeGreaterThan(10);
		// Ranked first to last by score; the first three are the red-flag counters.
		const ranked = before.slice(0, (await rows.evaluateAll((els) => els.filter((e) => !e.classList.contains('out')).length)));
		expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
		expect(await page.getByTestId('ranking-counters').locator('tr.award').count()).toBe(3);
		const first = (await rows.first().getAttribute('data-id')) ?? '';

		// Five justified complaints for the first counter: 5 × 3 points off.
		await page.getByTestId('complaint-subject').selectOption(`counter/${first}`);
		await page.getByTestId('complaint-count').fill('5');
		await page.getByTestId('complaint-reason').fill('群众投诉经核实（测试）');
		await page.getByTestId('complaint-form').getByRole('button').click();
		const row = page.getByTestId('ranking-counters').locator(`[data-testid="ranking-row"][data-id="${first}"]`);
		await expect.poll(async () => Number(await row.locator('[data-col="score"]').textContent()), { timeout: 20_000 }).toBeCloseTo((before[0] ?? 0) - 15, 2);
		expect(await row.locator('[data-col="complaint"]').textContent()).toContain('−15.00');
		await page.screenshot({ path: screenshotPath('assessment-city-ranking'), fullPage: true });

		await page.getByTestId('confirm-note').fill('经中心会议研究确认');
		await page.getByTestId('confirm-month').click();
		await expect.poll(() => page.getByTestId('assessment-status').textContent(), { timeout: 20_000 }).toContain('已确认');
		expect(await page.getByTestId('differences').textContent()).toContain('一致');
		expect(await page.getByTestId('complaint-form').count()).toBe(0);

		const download = page.waitForEvent('download');
		await page.getByTestId('award-csv').click();
		const csv = readFileSync((await (await download).path()) ?? '', 'utf8');
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		expect(csv.split('\r\n')[0]).toContain('红旗窗口');
		expect(csv).not.toContain('未确认');
		expect(csv.split('\r\n').filter((l) => l.split(',')[1] === '红旗窗口')).toHaveLength(3);

		await page.emulateMedia({ media: 'print' });
		await page.screenshot({ path: screenshotPath('assessment-city-print'), fullPage: true });
		await page.context().close();
	}, 120_000);

	it('a city supervisor searches the audit log: last month’s calls, one ticket’s history, one clerk’s day, exported as CSV', async () => {
		const page = await signIn('city', 'sup01');
		await page.getByTestId('tab-audit').click();
		// Today: this test's own sign-in is in the trail, with the address it came from.
		await expect.poll(() => page.locator('[data-testid="audit-row"][data-action="auth.signIn"]').filter({ hasText: 'sup01' }).count(), { timeout: 20_000 }).toBeGreaterThan(0);

		const { lastMonth } = monthsNow();
		const [y, m] = lastMonth.split('-').map(Number) as [number, number];
		const lastDay = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
		await page.getByTestId('audit-from').fill(`${lastMonth}-01`);
		await page.getByTestId('audit-to').fill(lastDay);
		await page.getByTestId('audit-action').selectOption('ticket.call');
		const rows = page.getByTestId('audit-row');
		// Waits for this search's answer (the rows of the dates' searches before it have every action).
		const others = page.locator('[data-testid="audit-row"]:not([data-action="ticket.call"])');
		await expect.poll(async () => [await rows.count(), await others.count()], { timeout: 20_000 }).toEqual([200, 0]);
		await page.getByTestId('audit-more').click();
		await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(400);

		// One ticket's history: its number filters the search (the same number on each day of the range).
		const ticket = ((await rows.first().locator('button.mono').textContent()) ?? '').trim();
		expect(ticket).toMatch(/^[A-Z]{1,3}\d{3,5}$/);
		// Clicked while the rows are still the calls (every one has a ticket), then every action of it.
		await rows.first().locator('button.mono').click();
		await expect.poll(() => page.getByTestId('audit-ticket').inputValue()).toBe(ticket);
		await page.getByTestId('audit-action').selectOption('');
		// Waits for the new answer: the rows before it are the calls of every ticket.
		const ticketsShown = async () => [...new Set((await page.locator('[data-testid="audit-row"] button.mono').allTextContents()).map((t) => t.trim()))];
		await expect.poll(async () => [await ticketsShown(), await rows.first().getAttribute('data-action')], { timeout: 20_000 }).toEqual([[ticket], 'ticket.issue']);
		await page.screenshot({ path: screenshotPath('audit-city-ticket-1920') });

		// One clerk's days: a click on the person who called it.
		const clerk = page.locator('[data-testid="audit-row"][data-action="ticket.call"] td:nth-child(3) button').first();
		const clerkText = (await clerk.textContent()) ?? '';
		const clerkId = /（(.+)）/.exec(clerkText)?.[1] ?? '';
		expect(clerkId).toMatch(/^s\d+$/);
		await page.getByTestId('audit-ticket').fill('');
		await clerk.click();
		await expect.poll(() => page.getByTestId('audit-actor').inputValue()).toBe(clerkId);
		const actorsShown = () => page.locator('[data-testid="audit-row"] td:nth-child(3)').allTextContents();
		await expect.poll(async () => (await actorsShown()).filter((a) => !a.includes(`（${clerkId}）`)).length, { timeout: 20_000 }).toBe(0);
		const actors = await actorsShown();
		expect(actors.length).toBeGreaterThan(0);
		await page.screenshot({ path: screenshotPath('audit-city-clerk-1920') });

		const download = page.waitForEvent('download');
		await page.getByTestId('audit-csv').click();
		const csv = readFileSync((await (await download).path()) ?? '', 'utf8');
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const lines = csv.split('\r\n');
		expect(lines.some((l) => l.startsWith('时间 Time,操作 Action,操作人 Actor'))).toBe(true);
		const entries = lines.filter((l) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},/.test(l));
		expect(entries.length).toBeGreaterThanOrEqual(actors.length);
		expect(entries.every((l) => l.includes(`（${clerkId}）`) || l.includes(` ${clerkId},`))).toBe(true);
		await page.context().close();
	}, 120_000);

	it('the audit log reads well on a 1366×768 office PC', async () => {
		const page = await signIn('city', 'sup01', { width: 1366, height: 768 });
		await page.getByTestId('tab-audit').click();
		const { lastMonth } = monthsNow();
		await page.getByTestId('audit-from').fill(`${lastMonth}-01`);
		await expect.poll(() => page.getByTestId('audit-row').count(), { timeout: 20_000 }).toBeGreaterThan(0);
		// Nothing wider than the screen but the table's own scroll.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
		await page.screenshot({ path: screenshotPath('audit-city-1366') });
		// English second: the same table, every heading and action name in English.
		await page.getByRole('button', { name: 'English' }).click();
		await expect.poll(() => page.getByTestId('audit-submit').textContent()).toBe('Search');
		expect(await page.locator('[data-testid="audit-row"] .chip').first().textContent()).toMatch(/^[A-Za-z -]+$/);
		await page.screenshot({ path: screenshotPath('audit-city-1366-en') });
		await page.context().close();
	}, 120_000);

	it('counter staff are refused', async () => {
		const page = await signIn('city', 's001');
		await page.getByTestId('reports-refused').waitFor({ timeout: 20_000 });
		expect(await page.getByTestId('reports-refused').textContent()).toContain('无权查看统计报表');
		expect(await page.getByTestId('report-table').count()).toBe(0);
		await page.context().close();
	});
});
