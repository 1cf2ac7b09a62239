/**
 * The monthly red-flag assessment over a real server and its SQLite archive: two archived November
 * days (C1/u1 and C3/u3), the ranking worked out by hand from their rollups and sessions with the
 * hall file's thresholds, a supervisor's complaint record changing it, the confirmation that
 * freezes it (a later archived day shows as a difference, never in the confirmed result), the
 * month still running refused, the award list exported, and who may read and confirm. The clock is
 * injected.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallDayKey } from '../../server/core/hall-day';
import type { HallConfig } from '../../server/core/model';
import type { AssessmentView, ComplaintRecord } from '../../server/http/assessment-contract';
import { openArchive } from '../../server/lifecycle-boot';
import { counterSession, dailyRollup, dayEvents, openingOf } from '../fixtures/archive-facts';
import { login, startTestServer, type TestServer } from '../support/server';
import { PASSWORD, testHall } from '../support/test-hall';

/** 2026-12-06 10:00 in Shanghai. */
const clock = { now: () => Date.UTC(2026, 11, 6, 2, 0) };
const HOUR = 3_600_000;

const top: HallConfig = { ...testHall('top'), level: 'county', devices: [] };
top.staff = [...top.staff, { ...(top.staff.find((s) => s.id === 'sup') as HallConfig['staff'][number]), id: 'central', name: '中心统计', scope: 'network' }];
// One open day and 5 served are enough in this small hall.
const town: HallConfig = { ...testHall('test'), parent: 'top', assessment: { minOpenDays: 1, minServed: 5 } };

let dir: string;
let server: TestServer;
let supervisor = '';
let central = '';
let clerk = '';

async function archiveDay(key: HallDayKey, facts: Parameters<Awaited<ReturnType<typeof openArchive>>['saveFacts']>[1]): Promise<void> {
	const archive = await openArchive({ HALLQ_DB: join(dir, 'hallq.db') }, { warn() {} });
	const events = dayEvents(key, 1);
	await archive.copyEvents(key, events);
	await archive.markVerified(key, { events: events.length, digest: 'test', closedAt: null, at: openingOf(key.day) + 12 * HOUR });
	await archive.saveFacts(key, facts, openingOf(key.day) + 12 * HOUR);
	await archive.close();
}

const NOV3 = { hall: 'test', day: '2026-11-03' };
const NOV4 = { hall: 'test', day: '2026-11-04' };
const NOV5 = { hall: 'test', day: '2026-11-05' };

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'hallq-assessment-'));
	// C1 / u1: 9 served, 4 rated (levels 1, 4, 4, 5: satisfaction 3/4), within target 8 of 11 called + 1 left; open 4 h.
	await archiveDay(NOV3, {
		tickets: [],
		sessions: [counterSession(NOV3, 'C1', 1, { staff: 'u1', from: openingOf(NOV3.day), to: openingOf(NOV3.day) + 4 * HOUR, busyMs: 2 * HOUR })],
		rollups: [dailyRollup(NOV3, 'S1', 'C1', 'u1')]
	});
	// C3 / u3: 5 served, 2 rated both 非常满意, all 6 called within target; open 2 h.
	await archiveDay(NOV4, {
		tickets: [],
		sessions: [counterSession(NOV4, 'C3', 1, { staff: 'u3', from: openingOf(NOV4.day), to: openingOf(NOV4.day) + 2 * HOUR, busyMs: HOUR })],
		rollups: [dailyRollup(NOV4, 'S3', 'C3', 'u3', { servings: 6, issued: 6, called: 6, served: 5, noShow: 1, unserved: 0, transferredOut: 0, withinTarget: 6, uncalledPastTarget: 0, rated: 2, ratingSum: 10, good: 2, bad: 0, ratingLevels: [0, 0, 0, 0, 2], efficiencySum: 10, levelSum: 10, attitudeSum: 10 })]
	});
	server = await startTestServer([top, town], { clock, dir });
	supervisor = (await login(server.url, 'test', 'sup', PASSWORD)).session ?? '';
	central = (await login(server.url, 'top', 'central', PASSWORD)).session ?? '';
	clerk = (await login(server.url, 'test', 'u1', PASSWORD)).session ?? '';
});
afterAll(async () => {
	await server?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

function get(path: string, session: string): Promise<Response> {
	return fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${session}` } });
}

function post(path: string, body: unknown, session: string): Promise<Response> {
	return fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function view(session = supervisor, hall = 'test'): Promise<AssessmentView> {
	const res = await get(`/api/assessment?hall=${hall}&month=2026-11`, session);
	if (res.status !== 200) throw new Error(`assessment ${res.status}: ${await res.text()}`);
	return (await res.json()) as AssessmentView;
}

async function errorOf(res: Response): Promise<[number, string]> {
	return [res.status, ((await res.json()) as { error: { code: string } }).error.code];
}

describe('the monthly assessment API', () => {
	it('ranks the counters and the staff from the archived month with every component', async () => {
		const v = await view();
		expect(v.status).toBe('final');
		expect(v.current.rules.minServed).toBe(5);
		// C3: 25 × 5/9 = 13.89, + 30 × 1 + 10 × 2/5 + 20 × 1 + 15 × 2.5/2.5 = 82.89.
		// C1: 25 × 9/9 + 30 × 0.75 + 10 × 4/9 (4.44) + 20 × 8/12 (13.33) + 15 × 2.25/2.5 (13.5) = 78.77.
		expect(v.current.counters.map((s) => [s.id, s.rank, s.award, s.score])).toEqual([
			['C3', 1, true, 82.89],
			['C1', 2, true, 78.77]
		]);
		expect(v.current.counters[1]?.components.map((c) => c.points)).toEqual([25, 22.5, 4.44, 13.33, 13.5]);
		expect(v.current.staff.map((s) => [s.id, s.rank, s.score])).toEqual([
			['u3', 1, 82.89],
			['u1', 2, 78.77]
		]);
		expect(v.confirmed).toBeNull();
	});

	it('a supervisor records justified complaints: a new version each time, the latest counts', async () => {
		const first = await post('/api/assessment/complaints', { hall: 'test', month: '2026-11', kind: 'counter', subject: 'C3', count: 1, reason: '群众投诉核实' }, supervisor);
		expect(first.status).toBe(200);
		expect(((await first.json()) as ComplaintRecord).version).toBe(1);
		const second = await post('/api/assessment/complaints', { hall: 'test', month: '2026-11', kind: 'counter', subject: 'C3', count: 2, reason: '又核实一件' }, supervisor);
		expect(((await second.json()) as ComplaintRecord).version).toBe(2);
		const v = await view();
		// C3 loses 2 × 3 points: 76.89, behind C1.
		expect(v.current.counters.map((s) => [s.id, s.rank, s.score])).toEqual([
			['C1', 1, 78.77],
			['C3', 2, 76.89]
		]);
		expect(v.complaints.map((c) => [c.subject, c.version, c.count, c.recordedBy])).toEqual([
			['C3', 1, 1, 'sup'],
			['C3', 2, 2, 'sup']
		]);
		// A counter the hall does not have, a count out of range, no reason: refused, nothing recorded.
		for (const bad of [{ subject: 'C99', count: 1, reason: '核实' }, { subject: 'C1', count: -1, reason: '核实' }, { subject: 'C1', count: 1, reason: '' }]) {
			expect((await errorOf(await post('/api/assessment/complaints', { hall: 'test', month: '2026-11', kind: 'counter', ...bad }, supervisor)))[1]).toBe('VALIDATION.FAILED');
		}
		expect((await view()).complaints).toHaveLength(2);
	});

	it('refuses to confirm a month that has not ended', async () => {
		expect(await errorOf(await post('/api/assessment/confirm', { hall: 'test', month: '2026-12', note: '' }, supervisor))).toEqual([409, 'ASSESSMENT.MONTH_OPEN']);
	});

	it('confirms once and freezes the result: a later change shows as a difference, not in the confirmed list', async () => {
		const res = await post('/api/assessment/confirm', { hall: 'test', month: '2026-11', note: '11月红旗窗口' }, supervisor);
		expect(res.status).toBe(200);
		const confirmed = (await res.json()) as AssessmentView;
		expect(confirmed.status).toBe('confirmed');
		expect(confirmed.confirmed).toMatchObject({ confirmedBy: 'sup', confirmedByName: '陈主管', note: '11月红旗窗口', confirmedAt: clock.now() });
		expect(confirmed.differences).toEqual([]);

		expect(await errorOf(await post('/api/assessment/confirm', { hall: 'test', month: '2026-11', note: '' }, supervisor))).toEqual([409, 'ASSESSMENT.CONFIRMED']);
		expect(await errorOf(await post('/api/assessment/complaints', { hall: 'test', month: '2026-11', kind: 'counter', subject: 'C3', count: 0, reason: '撤销' }, supervisor))).toEqual([409, 'ASSESSMENT.CONFIRMED']);

		// A November day archived late: C2 served 9 (the fixture's rollup) on 5 November.
		await archiveDay(NOV5, {
			tickets: [],
			sessions: [counterSession(NOV5, 'C2', 1, { staff: 'u2', from: openingOf(NOV5.day), to: openingOf(NOV5.day) + 4 * HOUR, busyMs: 2 * HOUR })],
			rollups: [dailyRollup(NOV5, 'S2', 'C2', 'u2')]
		});
		const later = await view();
		expect(later.confirmed?.result.counters.map((s) => [s.id, s.rank, s.score])).toEqual([
			['C1', 1, 78.77],
			['C3', 2, 76.89]
		]);
		// C2's figures equal C1's: the same score, C1 first by the id.
		expect(later.current.counters.map((s) => [s.id, s.rank])).toEqual([
			['C1', 1],
			['C2', 2],
			['C3', 3]
		]);
		expect(later.differences.map((d) => [d.kind, d.id, d.confirmed, d.now])).toEqual([
			['counter', 'C3', { rank: 2, score: 76.89 }, { rank: 3, score: 76.89 }],
			['counter', 'C2', null, { rank: 2, score: 78.77 }],
			['staff', 'u2', null, { rank: 3, score: 78.77 }]
		]);
	});

	it('exports the confirmed award list as CSV and XLSX', async () => {
		const csvRes = await get('/api/assessment/export.csv?hall=test&month=2026-11&kind=counter', supervisor);
		expect(csvRes.status).toBe(200);
		const bytes = new Uint8Array(await csvRes.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n');
		expect(lines[0]).toContain('红旗窗口 2026-11');
		expect(lines[0]).not.toContain('未确认');
		expect(lines.filter((l) => /^\d,/.test(l)).map((l) => l.split(',').slice(0, 4))).toEqual([
			['1', '红旗窗口', '1号窗口', '78.77'],
			['2', '红旗窗口', '3号窗口', '76.89']
		]);
		const xlsxRes = await get('/api/assessment/export.xlsx?hall=test&month=2026-11', supervisor);
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await xlsxRes.arrayBuffer());
		// Counters, staff, and the definitions.
		expect(book.worksheets.length).toBe(3);
		const sheets = book.worksheets.map((w) => {
			const rows: unknown[][] = [];
			w.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
			return rows;
		});
		const staff = sheets.find((rows) => String(rows[0]?.[0]).startsWith('优秀个人')) ?? [];
		expect(staff.filter((r) => typeof r[0] === 'number').map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
			[1, '优秀个人', '赵强', 82.89],
			[2, '优秀个人', '王晓明', 78.77]
		]);
	});

	it('central staff read the township’s assessment but do not confirm it; counter staff and the hall above are refused', async () => {
		expect((await view(central)).current.counters).toHaveLength(3);
		expect((await errorOf(await post('/api/assessment/confirm', { hall: 'test', month: '2026-10', note: '' }, central)))).toEqual([403, 'AUTH.FORBIDDEN']);
		expect((await errorOf(await get('/api/assessment?hall=test&month=2026-11', clerk)))).toEqual([403, 'AUTH.FORBIDDEN']);
		expect((await errorOf(await get('/api/assessment?hall=top&month=2026-11', supervisor)))).toEqual([403, 'AUTH.FORBIDDEN']);
		expect((await errorOf(await get('/api/assessment?hall=test&month=2026-13', supervisor)))).toEqual([400, 'VALIDATION.FAILED']);
		expect((await errorOf(await get('/api/assessment?hall=test&month=2026-11&hall=top', supervisor)))).toEqual([400, 'VALIDATION.FAILED']);
	});

	it('is in the OpenAPI document', async () => {
		const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, { get?: unknown; post?: unknown }> };
		for (const path of ['/api/assessment', '/api/assessment/export.csv', '/api/assessment/export.xlsx']) expect(doc.paths[path]?.get, path).toBeDefined();
		for (const path of ['/api/assessment/confirm', '/api/assessment/complaints']) expect(doc.paths[path]?.post, path).toBeDefined();
	});
});
