/**
 * GET /api/reports over a real server and its SQLite archive: hand-made rollups and sessions of two
 * archived November days and one October day (the previous period), today's live tickets, the
 * authorization by role and network scope, bad queries, and the CSV and XLSX exports read back.
 * The figures are worked out by hand from the rollups below. The clock is injected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallDayKey } from '../../server/core/hall-day';
import type { HallConfig } from '../../server/core/model';
import type { ReportScope, ReportView, TicketPage } from '../../server/http/report-contract';
import type { IssuedTicketView } from '../../server/realtime/contract';
import { openArchive } from '../../server/lifecycle-boot';
import { counterSession, dailyRollup, dayEvents, histogram, openingOf, serving, ticketFact } from '../fixtures/archive-facts';
import { ClientPool, login, must, rid, startTestServer, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

/** 2026-12-06 10:00 in Shanghai. */
const clock = { now: () => Date.UTC(2026, 11, 6, 2, 0) };

const top: HallConfig = { ...testHall('top'), level: 'county', devices: [] };
top.staff = [...top.staff, { ...(top.staff.find((s) => s.id === 'sup') as HallConfig['staff'][number]), id: 'central', name: '中心统计', scope: 'network' }];
const town: HallConfig = { ...testHall('test'), parent: 'top' };

const HOUR = 3_600_000;
const MIN = 60_000;

async function archiveDay(archive: Awaited<ReturnType<typeof openArchive>>, key: HallDayKey, facts: Parameters<typeof archive.saveFacts>[1]): Promise<void> {
	const events = dayEvents(key, 1);
	await archive.copyEvents(key, events);
	await archive.markVerified(key, { events: events.length, digest: 'test', closedAt: null, at: openingOf(key.day) + 12 * HOUR });
	await archive.saveFacts(key, facts, openingOf(key.day) + 12 * HOUR);
}

let dir: string;
let server: TestServer;
const clients = new ClientPool(() => server.url);
let supervisor = '';
let central = '';
let clerk = '';

const NOV3 = { hall: 'test', day: '2026-11-03' };
const NOV4 = { hall: 'test', day: '2026-11-04' };
const OCT15 = { hall: 'test', day: '2026-10-15' };

/** An archived ticket of the drill-down: issued `minute` minutes after opening, served where the rollup says. */
function archivedTicket(key: HallDayKey, ticket: string, service: string, counter: string, staff: string, minute: number) {
	const issuedAt = openingOf(key.day) + minute * MIN;
	const s = serving({ service, counter, staff, queuedAt: issuedAt });
	return ticketFact(key, ticket, { service, issuedService: service, zone: service === 'S3' ? 'zb' : 'za', department: 'd1', counter, staff, issuedAt, servings: [s], firstCalledAt: s.calledAt, startedAt: s.startedAt, finishedAt: s.endedAt });
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'hallq-reports-'));
	const archive = await openArchive({ HALLQ_DB: join(dir, 'hallq.db') }, { warn() {} });
	// C1 / u1 on 3 Nov: the fixture's rollup (11 issued, 9 served, 4 rated: levels 1,0,0,2,1; waits 11 × 7 min).
	await archiveDay(archive, NOV3, {
		tickets: [archivedTicket(NOV3, 'A001', 'S1', 'C1', 'u1', 1), archivedTicket(NOV3, 'A002', 'S1', 'C1', 'u1', 20)],
		sessions: [counterSession(NOV3, 'C1', 1, { staff: 'u1', from: openingOf(NOV3.day), to: openingOf(NOV3.day) + 4 * HOUR, busyMs: 2 * HOUR })],
		rollups: [dailyRollup(NOV3, 'S1', 'C1', 'u1')]
	});
	// C3 / u3 on 4 Nov: 6 issued and called, 5 served, 2 rated both 非常满意, waits 6 × 10 min all within target.
	await archiveDay(archive, NOV4, {
		tickets: [archivedTicket(NOV4, 'C001', 'S3', 'C3', 'u3', 5)],
		sessions: [counterSession(NOV4, 'C3', 1, { staff: 'u3', from: openingOf(NOV4.day), to: openingOf(NOV4.day) + 2 * HOUR, busyMs: HOUR })],
		rollups: [
			dailyRollup(NOV4, 'S3', 'C3', 'u3', {
				servings: 6, issued: 6, called: 6, served: 5, noShow: 1, unserved: 0, transferredOut: 0, withinTarget: 6, uncalledPastTarget: 0,
				waitCount: 6, waitSumMs: 6 * 10 * MIN, waitMaxMs: 10 * MIN, waitHistogram: histogram({ 10: 6 }),
				rated: 2, ratingSum: 10, good: 2, bad: 0, ratingLevels: [0, 0, 0, 0, 2], efficiencySum: 10, levelSum: 10, attitudeSum: 10
			})
		]
	});
	// October: 3 served at C1, the previous period of November.
	await archiveDay(archive, OCT15, { tickets: [], sessions: [], rollups: [dailyRollup(OCT15, 'S1', 'C1', 'u1', { served: 3, issued: 4 })] });
	await archive.close();
	server = await startTestServer([top, town], { clock, dir });
	supervisor = (await login(server.url, 'test', 'sup', PASSWORD)).session ?? '';
	central = (await login(server.url, 'top', 'central', PASSWORD)).session ?? '';
	clerk = (await login(server.url, 'test', 'u1', PASSWORD)).session ?? '';
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

async function get(path: string, session?: string): Promise<Response> {
	return fetch(`${server.url}${path}`, { headers: session ? { authorization: `Bearer ${session}` } : {} });
}

async function report(query: string, session = supervisor): Promise<ReportView> {
	const res = await get(`/api/reports?${query}`, session);
	if (res.status !== 200) throw new Error(`report ${res.status}: ${await res.text()}`);
	return (await res.json()) as ReportView;
}

describe('GET /api/reports', () => {
	it('groups a month by counter from the archive, compares with the month before, and says where a row drills to', async () => {
		const r = await report('hall=test&period=month&from=2026-11-17&by=counter');
		expect(r.period).toEqual({ period: 'month', from: '2026-11-01', to: '2026-11-30', days: 30 });
		expect(r.previousPeriod).toEqual({ period: 'month', from: '2026-10-01', to: '2026-10-31', days: 31 });
		expect(r.includesToday).toBe(false);
		expect(r.rows.map((row) => [row.key, row.label.zh, row.kpis.issued, row.kpis.served])).toEqual([
			['C1', '1号窗口', 11, 9],
			['C3', '3号窗口', 6, 5]
		]);
		const [c1, c3] = r.rows;
		// C1: satisfaction (2 + 1) / 4; rating rate 4 / 9; mean wait 7 min; open 4 h, busy 2 h → idle 1/2, 9 / 4 served per open hour.
		expect(c1?.kpis.satisfaction).toBe(0.75);
		expect(c1?.kpis.ratingRate).toBeCloseTo(4 / 9, 12);
		expect(c1?.kpis.waitMeanMs).toBe(7 * MIN);
		expect(c1?.time).toMatchObject({ openMs: 4 * HOUR, busyMs: 2 * HOUR, idleShare: 0.5, servedPerOpenHour: 2.25, openDays: 1 });
		expect(c1?.previous).toMatchObject({ served: 3, issued: 4 });
		expect(c1?.drill).toEqual({ by: 'staff', halls: ['test'], filter: { counter: 'C1' } });
		// C3 had nothing in October.
		expect(c3?.previous).toBeNull();
		expect(c3?.kpis.withinTargetShare).toBe(1);
		// The total: 17 issued, 14 served, satisfaction (3 + 2) / 6, waits (77 + 60) min / 17.
		expect(r.total.kpis).toMatchObject({ issued: 17, served: 14, rated: 6, ratingLevels: [1, 0, 0, 2, 3] });
		expect(r.total.kpis.satisfaction).toBeCloseTo(5 / 6, 12);
		expect(r.total.kpis.waitMeanMs).toBeCloseTo((77 * MIN + 60 * MIN) / 17, 6);
		expect(r.total.previous).toMatchObject({ served: 3 });
		expect(r.total.time).toMatchObject({ openMs: 6 * HOUR, busyMs: 3 * HOUR });
		// Charts: a point for every day, the two days with tickets; satisfaction by counter best first.
		expect(r.charts.daily).toHaveLength(30);
		expect(r.charts.daily.filter((d) => d.issued > 0).map((d) => [d.day, d.issued])).toEqual([['2026-11-03', 11], ['2026-11-04', 6]]);
		expect(r.charts.satisfactionByCounter.map((c) => [c.counter, c.satisfaction])).toEqual([['C3', 1], ['C1', 0.75]]);
		expect(r.charts.satisfactionBy).toBe('counter');
		expect(r.charts.waitDistribution.reduce((n, b) => n + b.count, 0)).toBe(17);
		// Both fixture rollups have 6 arrivals in the 9 o'clock hour.
		expect(r.charts.arrivalsByHour[9]).toBe(12);
		expect(r.localShare).toBeNull();
	});

	it('drills down: a counter by staff, a zone by service, and a staff member by day', async () => {
		const staff = await report('hall=test&period=month&from=2026-11-01&by=staff&counter=C1');
		expect(staff.rows.map((r) => [r.key, r.label.zh, r.kpis.served])).toEqual([['u1', '王晓明', 9]]);
		expect(staff.total.kpis.served).toBe(9);
		const zone = await report('hall=test&period=month&from=2026-11-01&by=service&zone=zb');
		expect(zone.rows.map((r) => [r.key, r.kpis.served])).toEqual([['S3', 5]]);
		const days = await report('hall=test&period=month&from=2026-11-01&by=day&staff=u3');
		expect(days.rows.map((r) => [r.key, r.kpis.served])).toEqual([['2026-11-04', 5]]);
		expect(days.rows[0]?.drill).toBeNull();
	});

	it('pages the rows, the total staying the whole', async () => {
		const page2 = await report('hall=test&period=month&from=2026-11-01&by=counter&page=2&pageSize=1');
		expect(page2.rows.map((r) => r.key)).toEqual(['C3']);
		expect(page2.rowCount).toBe(2);
		expect(page2.total.kpis.served).toBe(14);
	});

	it('includes today live in a range that includes today', async () => {
		const kiosk = await clients.connect({ token: TOKENS.kiosk });
		await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S2' });
		const r = await report('hall=test&period=range&from=2026-11-01&to=2026-12-06&by=service');
		expect(r.includesToday).toBe(true);
		expect(r.rows.find((row) => row.key === 'S2')?.kpis.issued).toBe(1);
		expect(r.total.kpis.issued).toBe(18);
	});

	it('lets central staff see the halls of their network side by side, with the local share', async () => {
		const scope = (await (await get('/api/reports/scope', central)).json()) as ReportScope;
		expect(scope.halls.map((h) => [h.id, h.parent])).toEqual([['top', null], ['test', 'top']]);
		const r = await report('hall=top&hall=test&period=month&from=2026-11-01&by=hall', central);
		// Side by side: a hall with nothing in the period is still a row.
		expect(r.rows.map((row) => [row.key, row.kpis.served])).toEqual([['top', 0], ['test', 14]]);
		expect(r.rows[1]?.drill).toEqual({ by: 'zone', halls: ['test'], filter: {} });
		// Every ticket of the township's services was served at the township.
		expect(r.localShare).toEqual({ localServed: 14, networkServed: 14, share: 1 });
		// The daily chart adds the halls up per day (top has nothing): 3 Nov 11 issued, 9 served; 4 Nov 6 and 5.
		expect(r.charts.daily.filter((p) => p.issued > 0).map((p) => [p.day, p.issued, p.served])).toEqual([
			['2026-11-03', 11, 9],
			['2026-11-04', 6, 5]
		]);
		expect(r.charts.daily).toHaveLength(30);
		// Daily totals know no counter: the satisfaction chart compares the halls (test: (3 + 2) / 6 rated).
		expect(r.charts.satisfactionBy).toBe('hall');
		expect(r.charts.satisfactionByCounter.map((c) => [c.counter, c.rated])).toEqual([['test', 6]]);
		expect(r.charts.satisfactionByCounter[0]?.satisfaction).toBeCloseTo(5 / 6, 12);
	});

	it('refuses a township supervisor the hall above, counter staff everything, and a caller without a session', async () => {
		const above = await get('/api/reports?hall=top&period=month&from=2026-11-01', supervisor);
		expect(above.status).toBe(403);
		expect(((await above.json()) as { error: { code: string } }).error.code).toBe('AUTH.FORBIDDEN');
		expect((await get('/api/reports?period=month&from=2026-11-01', clerk)).status).toBe(403);
		expect((await get('/api/reports/scope', clerk)).status).toBe(403);
		expect((await get('/api/reports?period=month&from=2026-11-01')).status).toBe(401);
	});

	it('answers a bad query with VALIDATION.FAILED', async () => {
		for (const q of ['period=year&from=2026-11-01', 'period=month', 'from=2026-02-30&period=day', 'period=range&from=2026-11-05&to=2026-11-01', 'period=month&from=2026-11-01&colour=red', 'period=month&from=2026-11-01&by=counter&by=staff', 'hall=top&hall=test&counter=C1&period=month&from=2026-11-01']) {
			const res = await get(`/api/reports?${q}`, q.startsWith('hall=top') ? central : supervisor);
			expect(res.status, q).toBe(400);
			expect(((await res.json()) as { error: { code: string } }).error.code, q).toBe('VALIDATION.FAILED');
		}
	});
});

describe('the OpenAPI document', () => {
	it('describes every report route', async () => {
		const doc = (await (await get('/api/openapi.json')).json()) as { paths: Record<string, { get?: unknown }> };
		for (const path of ['/api/reports', '/api/reports/scope', '/api/reports/export.csv', '/api/reports/export.xlsx', '/api/reports/tickets', '/api/reports/tickets.csv', '/api/reports/tickets.xlsx'])
			expect(doc.paths[path]?.get, path).toBeDefined();
	});
});

describe('exports', () => {
	it('CSV: UTF-8 with BOM, Chinese intact, the total row equal to the report', async () => {
		const res = await get('/api/reports/export.csv?hall=test&period=month&from=2026-11-01&by=counter', supervisor);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
		expect(lines[0]).toContain('测试政务服务中心');
		expect(lines[2]?.startsWith('1号窗口,11,9,')).toBe(true);
		expect(lines.find((l) => l.startsWith('合计 Total,'))?.split(',').slice(1, 3)).toEqual(['17', '14']);
	});

	it('XLSX: the table and the definitions sheet, the total equal to the report', async () => {
		const res = await get('/api/reports/export.xlsx?hall=test&period=month&from=2026-11-01&by=counter', supervisor);
		expect(res.status).toBe(200);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await res.arrayBuffer());
		const names = book.worksheets.map((w) => w.name);
		expect(names).toContain('定义 Definitions');
		const sheet = book.worksheets.find((w) => w.name !== '定义 Definitions');
		const values: unknown[][] = [];
		sheet?.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
		const totalRow = values.find((v) => v[0] === '合计 Total');
		expect(totalRow?.slice(1, 3)).toEqual([17, 14]);
		expect(values.some((v) => v[0] === '3号窗口')).toBe(true);
	});

	it('the drill-down tickets of today, without personal fields', async () => {
		const res = await get('/api/reports/tickets?hall=test&period=day&from=2026-12-06&service=S2', supervisor);
		expect(res.status).toBe(200);
		const page = (await res.json()) as TicketPage;
		expect(page.rows.map((t) => [t.ticket, t.serviceName.zh, t.outcome])).toEqual([['B001', '养老保险查询', null]]);
		expect(Object.keys(page.rows[0] ?? {})).not.toContain('identityHash');
	});

	it('the tickets of a range, archived days and today, paged and as CSV in day order', async () => {
		const todays = ((await (await get('/api/reports/tickets?hall=test&period=day&from=2026-12-06', supervisor)).json()) as TicketPage).rows.map((t) => t.ticket);
		expect(todays.length).toBeGreaterThan(0);
		const range = 'hall=test&period=range&from=2026-11-01&to=2026-12-06';
		const second = (await (await get(`/api/reports/tickets?${range}&pageSize=2&page=2`, supervisor)).json()) as TicketPage;
		expect(second.rowCount).toBe(3 + todays.length);
		expect(second.rows.map((t) => [t.day, t.ticket])).toEqual([['2026-11-04', 'C001'], ['2026-12-06', todays[0]]]);
		const byCounter = (await (await get(`/api/reports/tickets?${range}&counter=C1`, supervisor)).json()) as TicketPage;
		expect(byCounter.rows.map((t) => t.ticket)).toEqual(['A001', 'A002']);

		const res = await get(`/api/reports/tickets.csv?${range}`, supervisor);
		expect(res.status).toBe(200);
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
		expect(lines[0]).toContain('办件明细');
		expect(lines.at(-1)).toBe('');
		expect(lines.slice(2, -1).map((l) => l.split(',').slice(0, 2).join(' '))).toEqual(['2026-11-03 A001', '2026-11-03 A002', '2026-11-04 C001', ...todays.map((t) => `2026-12-06 ${t}`)]);
	});
});
