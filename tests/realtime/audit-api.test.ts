/**
 * GET /api/audit and /api/audit.csv over a real server and its SQLite archive: an archived day (its
 * entries in the archive's table, written as the archiver writes them), today's live actions made
 * through the sockets (entries made from the live log), and security events (sign-ins, failures, a
 * lockout, a device revoked) recorded as they happen. Searches by actor, action, ticket and days;
 * pages that follow each other without loss or repeat; the role and hall checked; bad queries
 * refused; the CSV read back. The clock is injected (Monday 7 December 2026, 10:00 in Shanghai).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntriesOf } from '../../server/core/audit';
import type { HallEvent, StoredEvent } from '../../server/core/events';
import { indexHall } from '../../server/core/hall-index';
import type { HallConfig } from '../../server/core/model';
import { projectDay } from '../../server/core/project-day';
import type { AuditEntryView, AuditPageView } from '../../server/http/audit-contract';
import { openArchive } from '../../server/lifecycle-boot';
import { openingOf } from '../fixtures/archive-facts';
import { ClientPool, login, must, rid, startTestServer, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

const now = Date.UTC(2026, 11, 7, 2, 0);
const clock = { now: () => now };
const TODAY = '2026-12-07';
const DEC3 = { hall: 'test', day: '2026-12-03' };
const hall: HallConfig = { ...testHall(), staff: [...testHall().staff, { ...(testHall().staff.find((s) => s.id === 'sup') as HallConfig['staff'][number]), id: 'adm', name: '孙管理', role: 'admin' }] };

/** 3 December: u1 opens C1, a kiosk issues A001 and A002, u1 calls A002 out of order, serves it, the supervisor closes C1 for u1, the schedule closes the day. */
function dec3Events(): StoredEvent[] {
	const t0 = openingOf(DEC3.day);
	const e: HallEvent[] = [
		{ type: 'CounterOpened', at: t0 + 1_000, req: 'u1:a', counter: 'C1', staff: 'u1' },
		{ type: 'TicketIssued', at: t0 + 2_000, req: 'K1:b', ticket: 'A001', prefix: 'A', serial: 1, service: 'S1', priority: 'none', kiosk: 'K1', token: 'tk1', identityHash: null, identityMasked: null, holderMasked: null },
		{ type: 'TicketIssued', at: t0 + 3_000, req: 'K1:c', ticket: 'A002', prefix: 'A', serial: 2, service: 'S1', priority: 'elderly', kiosk: 'K1', token: 'tk2', identityHash: null, identityMasked: null, holderMasked: null },
		{ type: 'TicketCalled', at: t0 + 4_000, req: 'u1:d', ticket: 'A002', counter: 'C1', staff: 'u1', reason: '老人优先' },
		{ type: 'ServiceStarted', at: t0 + 5_000, req: 'u1:e', ticket: 'A002', counter: 'C1' },
		{ type: 'TicketFinished', at: t0 + 6_000, req: 'u1:f', ticket: 'A002', counter: 'C1', outcome: 'done' },
		{ type: 'CounterClosed', at: t0 + 7_000, req: 'sup:g', counter: 'C1', by: 'sup', note: '王晓明临时离开' },
		{ type: 'DayClosed', at: t0 + 8_000, req: 'schedule:2026-12-03', reason: 'schedule', by: null, note: null }
	];
	return e.map((x, i) => ({ ...x, seq: i + 1 }));
}

let dir: string;
let server: TestServer;
const clients = new ClientPool(() => server.url);
let supervisor = '';
let clerk = '';
let admin = '';

async function get(path: string, session?: string): Promise<Response> {
	return fetch(`${server.url}${path}`, { headers: session ? { authorization: `Bearer ${session}` } : {} });
}

async function audit(query: string, session = supervisor): Promise<AuditPageView> {
	const res = await get(`/api/audit?${query}`, session);
	if (res.status !== 200) throw new Error(`audit ${res.status}: ${await res.text()}`);
	return (await res.json()) as AuditPageView;
}

/** Every page of a search, `limit` at a time. */
async function allPages(query: string, limit: number): Promise<AuditEntryView[]> {
	const out: AuditEntryView[] = [];
	let cursor: string | null = null;
	for (let n = 0; n < 100; n++) {
		const page: AuditPageView = await audit(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
		expect(page.entries.length).toBeLessThanOrEqual(limit);
		out.push(...page.entries);
		cursor = page.next;
		if (cursor === null) return out;
	}
	throw new Error('the pages never ended');
}

const brief = (e: AuditEntryView) => [e.action, e.actor, e.ticket, e.counter, e.reason];

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'hallq-audit-'));
	const archive = await openArchive({ HALLQ_DB: join(dir, 'hallq.db') }, { warn() {} });
	const events = dec3Events();
	await archive.copyEvents(DEC3, events);
	await archive.markVerified(DEC3, { events: events.length, digest: 'test', closedAt: null, at: openingOf(DEC3.day) + 9_000 });
	await archive.audit.saveLogEntries(DEC3, auditEntriesOf(indexHall(hall), DEC3.day, events));
	await archive.saveFacts(DEC3, projectDay(hall, DEC3.day, events), openingOf(DEC3.day) + 9_000);
	await archive.close();

	server = await startTestServer([hall], { clock, dir });
	supervisor = (await login(server.url, 'test', 'sup', PASSWORD)).session ?? '';
	clerk = (await login(server.url, 'test', 'u1', PASSWORD)).session ?? '';
	admin = (await login(server.url, 'test', 'adm', PASSWORD)).session ?? '';
	// u2 types a wrong password five times: the fifth locks the account (the default policy).
	for (let i = 0; i < 5; i++) await expect(login(server.url, 'test', 'u2', 'not-the-password')).rejects.toThrow();

	// Today, live: u1 opens C1, the kiosk issues a ticket, u1 calls it and finishes it; the admin revokes the second kiosk.
	const console1 = await clients.connect({ session: clerk });
	const kiosk = await clients.connect({ token: TOKENS.kiosk });
	await must(console1, 'counter:open', { requestId: rid(), counter: 'C1' });
	await must(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
	await must(console1, 'ticket:callNext', { requestId: rid() });
	await must(console1, 'ticket:start', { requestId: rid() });
	await must(console1, 'ticket:finish', { requestId: rid(), outcome: 'done' });
	const adminSocket = await clients.connect({ session: admin });
	await must(adminSocket, 'device:revoke', { device: 'K2' });
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/audit', () => {
	it('finds an archived day’s actions of a ticket with who did them and why', async () => {
		const page = await audit(`from=${DEC3.day}&ticket=A002`);
		expect(page.entries.map(brief)).toEqual([
			['ticket.issue', 'K1', 'A002', null, null],
			['ticket.callSpecific', 'u1', 'A002', 'C1', '老人优先'],
			['ticket.start', 'u1', 'A002', 'C1', null],
			['ticket.finish', 'u1', 'A002', 'C1', null]
		]);
		expect(page.entries[0]?.detail).toBe('service=S1 priority=elderly kiosk=K1');
		expect(page.entries[1]).toMatchObject({ source: 'log', ref: '2026-12-03#4', actorName: '王晓明', actionName: { zh: '指定叫号' }, counterName: { zh: '1号窗口' }, at: openingOf(DEC3.day) + 4_000 });
		expect(page.entries[0]?.actorName).toBe('1号取号机');
		expect(page.entries[0]?.detailNames).toStrictEqual({ S1: hall.services.find((x) => x.code === 'S1')?.name });
		expect(page.next).toBeNull();
	});

	it('a supervisor acting on another’s counter (代为操作) and the system’s day close, by action', async () => {
		const closeFor = await audit(`from=${DEC3.day}&action=counter.closeFor`);
		expect(closeFor.entries.map(brief)).toEqual([['counter.closeFor', 'sup', null, 'C1', '王晓明临时离开']]);
		const days = await audit(`from=${DEC3.day}&action=day`);
		expect(days.entries.map((e) => [e.action, e.actor, e.detail])).toEqual([['day.close', null, 'cause=schedule']]);
	});

	it('today’s actions from the live log, and the security events: sign-ins with the client address, failures, the lockout, the revocation', async () => {
		const counter = await audit(`from=${TODAY}&actor=u1&action=ticket`);
		expect(counter.entries.map((e) => e.action)).toEqual(['ticket.call', 'ticket.start', 'ticket.finish']);
		expect(counter.entries.every((e) => e.ticket === 'A001' && e.counter === 'C1' && e.source === 'log')).toBe(true);

		const auth = await audit(`from=${TODAY}&action=auth`);
		const actions = auth.entries.map((e) => [e.action, e.actor, e.subject, e.detail]);
		expect(actions).toEqual([
			['auth.signIn', 'sup', null, null],
			['auth.signIn', 'u1', null, null],
			['auth.signIn', 'adm', null, null],
			['auth.signInFailed', 'u2', null, 'code=AUTH.INVALID'],
			['auth.signInFailed', 'u2', null, 'code=AUTH.INVALID'],
			['auth.signInFailed', 'u2', null, 'code=AUTH.INVALID'],
			['auth.signInFailed', 'u2', null, 'code=AUTH.INVALID'],
			['auth.locked', null, 'u2', 'minutes=15'],
			['auth.signInFailed', 'u2', null, 'code=AUTH.INVALID']
		]);
		expect(auth.entries.every((e) => e.source === 'security' && e.day === TODAY && e.at === now)).toBe(true);
		expect(auth.entries[0]?.client).toMatch(/127\.0\.0\.1$/);
		expect(JSON.stringify(auth)).not.toContain(PASSWORD);
		expect(JSON.stringify(auth)).not.toContain('not-the-password');

		// The account's own trail: the failures it made and the lock done to it.
		const u2 = await audit(`from=${TODAY}&actor=u2`);
		expect(u2.entries.map((e) => e.action)).toEqual([...Array(4).fill('auth.signInFailed'), 'auth.locked', 'auth.signInFailed']);

		// The hall file recorded at the start, and the day's log starting under its version.
		const config = await audit(`from=${TODAY}&action=config`);
		expect(config.entries.map((e) => [e.action, e.actor, e.actionName.zh]).sort()).toEqual([
			['config.apply', null, '配置版本生效'],
			['config.change', null, '大厅配置变更']
		]);
		expect(config.entries.find((e) => e.action === 'config.change')?.detail).toMatch(/^digest=[0-9a-f]{16}$/);
		expect(config.entries.find((e) => e.action === 'config.apply')?.detail).toBe('version=1');

		const devices = await audit(`from=${TODAY}&action=device`);
		expect(devices.entries.map((e) => [e.action, e.actor, e.subject, e.actorName])).toEqual([['device.revoke', 'adm', 'K2', '孙管理']]);
	});

	it('pages of any size give every entry once, in the same order as one page', async () => {
		const query = `from=${DEC3.day}&to=${TODAY}`;
		const whole = await audit(`${query}&limit=500`);
		expect(whole.next).toBeNull();
		// 8 archived; today's log (alerts the rules may raise aside), started under the hall file's version; 9 sign-in events, the revocation, the hall file recorded at the start.
		expect(whole.entries.filter((e) => e.day === DEC3.day)).toHaveLength(8);
		expect(whole.entries.filter((e) => e.source === 'log' && e.day === TODAY && !e.action.startsWith('alert.')).map((e) => e.action)).toEqual(['config.apply', 'counter.open', 'ticket.issue', 'ticket.call', 'ticket.start', 'ticket.finish']);
		expect(whole.entries.filter((e) => e.source === 'security')).toHaveLength(11);
		for (const size of [1, 2, 3, 7]) expect((await allPages(query, size)).map((e) => e.ref)).toEqual(whole.entries.map((e) => e.ref));
		// Time order across the sources: the day's sign-ins (at the clock's now) come after the archived day.
		const times = whole.entries.map((e) => e.at);
		expect(times.slice(0, 8)).toEqual([...times.slice(0, 8)].sort((a, b) => a - b));
	});

	it('the CSV has every entry of the search, Chinese first, with a BOM', async () => {
		const res = await get(`/api/audit.csv?from=${DEC3.day}&to=${TODAY}`, supervisor);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/csv');
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = new TextDecoder().decode(bytes);
		expect(text).toContain('时间 Time,操作 Action,操作人 Actor');
		expect(text).toContain('2026-12-03 08:30:04,指定叫号,王晓明 u1,,A002,1号窗口 C1,老人优先');
		expect(text).toContain('代为关窗,陈主管 sup');
		expect(text).toContain('账号锁定,系统 system,李红 u2');
		const whole = await audit(`from=${DEC3.day}&to=${TODAY}&limit=500`);
		for (const e of whole.entries) expect(text).toContain(e.ref);
	});

	it('is for supervisors and admins of the hall: a clerk and no session are refused', async () => {
		const asClerk = await get(`/api/audit?from=${TODAY}`, clerk);
		expect(asClerk.status).toBe(403);
		expect(((await asClerk.json()) as { error: { code: string } }).error.code).toBe('AUTH.FORBIDDEN');
		expect((await get(`/api/audit.csv?from=${TODAY}`, clerk)).status).toBe(403);
		expect((await get(`/api/audit?from=${TODAY}`)).status).toBe(401);
		const otherHall = await get(`/api/audit?from=${TODAY}&hall=elsewhere`, supervisor);
		expect(otherHall.status).toBe(403);
		expect((await audit(`from=${TODAY}&action=auth.signIn`, admin)).entries.length).toBe(3);
	});

	it('refuses bad queries with VALIDATION.FAILED and no route edits or deletes an entry', async () => {
		for (const q of ['', 'from=2026-13-01', `from=${TODAY}&to=2026-12-01`, `from=${TODAY}&action=ticket.nope`, `from=${TODAY}&ticket=a1`, `from=${TODAY}&limit=0`, `from=${TODAY}&cursor=not-a-cursor`, `from=${TODAY}&actor=u1&actor=u2`, `from=2025-01-01&to=${TODAY}`]) {
			const res = await get(`/api/audit?${q}`, supervisor);
			expect(res.status, q).toBe(400);
			expect(((await res.json()) as { error: { code: string } }).error.code, q).toBe('VALIDATION.FAILED');
		}
		for (const method of ['POST', 'DELETE', 'PUT']) {
			const res = await fetch(`${server.url}/api/audit?from=${TODAY}`, { method, headers: { authorization: `Bearer ${admin}` } });
			expect(res.status, method).not.toBe(200);
		}
		expect((await audit(`from=${DEC3.day}`)).entries).toHaveLength(8);
	});
});
