/**
 * Configuration versions applied live (issue 22): an admin's save is a new version in force at once
 * (a new service issues from the next command, a counter's new services at its next call), a version
 * that removes a service with open tickets stays saved but is not in force today, bad saves change
 * nothing, tickets keep the version they were issued under, and an edit outlives a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hallFileText } from '../../server/config/hall-file';
import type { ConfigVersionInfo } from '../../server/core/config-version';
import type { HallConfig } from '../../server/core/model';
import type { TicketView } from '../../server/realtime/contract';
import { evaluationHall, PASSWORD, TOKENS } from '../support/evaluation-hall';
import { ask, connect, must, rid, sessionOf, startTestServer, waitFor, type Client, type TestServer } from '../support/server';

const now = Date.UTC(2026, 8, 30, 2, 0, 0);
const dirs: string[] = [];
const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
	for (const c of clients.splice(0)) c.close();
	for (const s of servers.splice(0)) await s.close();
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dir: string): Promise<TestServer> {
	const server = await startTestServer([evaluationHall()], { dir, clock: { now: () => now }, env: { HALLQ_PRINTER_SIM: 'off' } });
	servers.push(server);
	return server;
}

async function open(url: string, auth: object): Promise<Client> {
	const c = await connect(url, auth);
	clients.push(c);
	return c;
}

interface Answer {
	status: number;
	body: Record<string, unknown> & { error?: { code: string; problems?: { path: string; message: string }[] } };
}

async function call(url: string, session: string, path: string, body?: unknown): Promise<Answer> {
	const res = await fetch(`${url}${path}`, {
		method: body === undefined ? 'GET' : 'POST',
		headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' },
		...(body === undefined ? {} : { body: JSON.stringify(body) })
	});
	return { status: res.status, body: (await res.json()) as Answer['body'] };
}

/** Version 2: a new service S9 (prefix N) at counter C1, and counter C2 serving S2 as well. */
function withNewService(hall: HallConfig): HallConfig {
	const s1 = hall.services[0];
	if (!s1) throw new Error('no S1');
	return {
		...hall,
		services: [...hall.services, { ...s1, code: 'S9', prefix: 'N', name: { zh: '新办业务', en: 'New service' } }],
		counters: hall.counters.map((c) =>
			c.id === 'C1' ? { ...c, services: [...c.services, { service: 'S9', weight: 1 }] } : c.id === 'C2' ? { ...c, services: [...c.services, { service: 'S2', weight: 1 }] } : c
		)
	};
}

describe('configuration versions in force at once', () => {
	it('a saved version issues its new service and calls its counters’ new services at once; tickets keep their version', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hallq-config-'));
		dirs.push(dir);
		const server = await start(dir);
		const adm = await sessionOf(server.url, 'test', 'adm', PASSWORD);
		const kiosk = await open(server.url, { token: TOKENS.kiosk });
		const clerk = await open(server.url, { session: await sessionOf(server.url, 'test', 'u2', PASSWORD) });

		const first = await call(server.url, adm, '/api/config');
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ version: 1, source: 'file', inForce: 1 });
		const hall = first.body.config as HallConfig;

		// Before: C2 serves only S1, and S9 does not exist.
		const pension = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S2' });
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C2' });
		expect(await ask(clerk, 'ticket:callNext', { requestId: rid() })).toMatchObject({ ok: false, error: { code: 'QUEUE.EMPTY' } });
		expect(await ask(kiosk, 'ticket:issue', { requestId: rid(), service: 'S9' })).toMatchObject({ ok: false, error: { code: 'SERVICE.NOT_FOUND' } });

		const catalogChanged = waitFor(kiosk, 'catalog:changed');
		const saved = await call(server.url, adm, '/api/config', { config: withNewService(hall), basedOn: 1, reason: '新增业务，2号窗口兼办养老保险' });
		expect(saved.status).toBe(200);
		expect(saved.body).toMatchObject({ saved: true, applied: true, version: { version: 2, author: 'adm', source: 'edit', reason: '新增业务，2号窗口兼办养老保险' } });

		// The kiosk is told to fetch its catalog again, and the new service is in it.
		await catalogChanged;
		const catalog = await must<{ services: { code: string }[] }>(kiosk, 'kiosk:catalog', {});
		expect(catalog.services.map((x) => x.code)).toContain('S9');
		const fresh = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S9' });
		expect(fresh.id).toBe('N001');
		const called = await must<{ current: { id: string } | null }>(clerk, 'ticket:callNext', { requestId: rid() });
		expect(called.current?.id).toBe(pension.id);

		const { state } = await server.running.hallq.runner('test').current();
		expect(state.configVersion).toBe(2);
		expect(state.tickets[pension.id]?.configVersion).toBe(1);
		expect(state.tickets[fresh.id]?.configVersion).toBe(2);

		// The change is in the history and compares by id; the export is the hall file of version 2.
		const history = (await call(server.url, adm, '/api/config/versions')).body as unknown as ConfigVersionInfo[];
		expect(history.map((v) => v.version)).toEqual([2, 1]);
		const changes = (await call(server.url, adm, '/api/config/compare?from=1&to=2')).body as unknown as { path: string }[];
		expect(changes.map((c) => c.path)).toEqual(expect.arrayContaining(['services[S9]']));
		const exported = await fetch(`${server.url}/api/config/export`, { headers: { authorization: `Bearer ${adm}` } });
		const stored = await server.running.hallq.configVersions?.version('test', 2);
		expect(await exported.text()).toBe(hallFileText(stored?.config));
		// The page never got a hash, and the save kept them: everyone still signs in, devices connect.
		expect(JSON.stringify(first.body)).not.toMatch(/scrypt\$|"[0-9a-f]{64}"/);
		expect(JSON.stringify(stored?.config)).toMatch(/scrypt\$/);
		expect((await open(server.url, { token: TOKENS.kiosk2 })).connected).toBe(true);
		await sessionOf(server.url, 'test', 'u1', PASSWORD);

		// An edit outlives a restart: the hall file did not change, so version 2 stays in force.
		await server.close();
		servers.splice(0);
		const again = await start(dir);
		expect(again.running.hallq.runner('test').configVersion).toBe(2);
		const kiosk2 = await open(again.url, { token: TOKENS.kiosk });
		expect((await must<TicketView>(kiosk2, 'ticket:issue', { requestId: rid(), service: 'S9' })).id).toBe('N002');
	});

	it('a staff member disabled while signed in is signed out, and cannot sign in again', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hallq-config-'));
		dirs.push(dir);
		const server = await start(dir);
		const adm = await sessionOf(server.url, 'test', 'adm', PASSWORD);
		const u2 = await sessionOf(server.url, 'test', 'u2', PASSWORD);
		const clerk = await open(server.url, { session: u2 });
		const gone = new Promise<string>((resolve) => clerk.once('disconnect', resolve));
		const hall = (await call(server.url, adm, '/api/config')).body.config as HallConfig;
		const without: HallConfig = { ...hall, staff: hall.staff.map((s) => (s.id === 'u2' ? { ...s, disabled: true } : s)) };
		expect((await call(server.url, adm, '/api/config', { config: without, basedOn: 1, reason: '李红调离' })).body).toMatchObject({ saved: true, applied: true });
		expect(await gone).toBe('io server disconnect');
		await expect(connect(server.url, { session: u2 })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		expect((await call(server.url, u2, '/api/session')).status).toBe(401);
		await expect(sessionOf(server.url, 'test', 'u2', PASSWORD)).rejects.toThrow('login 403 AUTH.DISABLED');
		// The others carry on.
		expect((await open(server.url, { session: await sessionOf(server.url, 'test', 'u1', PASSWORD) })).connected).toBe(true);
	});

	it('the admin routes are in the OpenAPI document', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hallq-config-'));
		dirs.push(dir);
		const server = await start(dir);
		const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, { get?: unknown; post?: unknown }> };
		const routes = Object.entries(doc.paths)
			.filter(([path]) => path.startsWith('/api/config') || path.startsWith('/api/devices/token'))
			.flatMap(([path, ops]) => Object.keys(ops).map((op) => `${op.toUpperCase()} ${path}`))
			.sort();
		expect(routes).toEqual(['GET /api/config', 'GET /api/config/compare', 'GET /api/config/export', 'GET /api/config/versions', 'GET /api/devices/tokens', 'POST /api/config', 'POST /api/config/import', 'POST /api/config/rollback', 'POST /api/devices/token']);
	});

	it('a save before the day’s first command is in force at once (the day does not start under the version before)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hallq-config-'));
		dirs.push(dir);
		const server = await start(dir);
		const adm = await sessionOf(server.url, 'test', 'adm', PASSWORD);
		const hall = (await call(server.url, adm, '/api/config')).body.config as HallConfig;
		const saved = await call(server.url, adm, '/api/config', { config: withNewService(hall), basedOn: 1, reason: '开门前新增业务' });
		expect(saved.body).toMatchObject({ saved: true, applied: true, version: { version: 2 } });
		const { state } = await server.running.hallq.runner('test').current();
		expect(state.configVersion).toBe(2);
		const kiosk = await open(server.url, { token: TOKENS.kiosk });
		expect((await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S9' })).id).toBe('N001');
	});

	it('a version that removes a service with open tickets is saved and not in force today, one that disables it is; bad saves change nothing', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hallq-config-'));
		dirs.push(dir);
		const server = await start(dir);
		const adm = await sessionOf(server.url, 'test', 'adm', PASSWORD);
		const kiosk = await open(server.url, { token: TOKENS.kiosk });
		const hall = (await call(server.url, adm, '/api/config')).body.config as HallConfig;
		await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S2' });

		const withoutS2: HallConfig = { ...hall, services: hall.services.filter((s) => s.code !== 'S2'), counters: hall.counters.map((c) => ({ ...c, services: c.services.filter((s) => s.service !== 'S2') })) };
		const refused = await call(server.url, adm, '/api/config', { config: withoutS2, basedOn: 1, reason: '撤销养老保险查询' });
		expect(refused.body).toMatchObject({ saved: true, version: { version: 2 }, applied: { code: 'CONFIG.IN_USE' } });
		expect(server.running.hallq.runner('test').configVersion).toBe(1);
		expect((await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S2' })).id).toBe('B002');

		// Disabled instead: in force at once; no new S2 tickets, and the waiting ones are still called.
		const disabled: HallConfig = { ...hall, services: hall.services.map((s) => (s.code === 'S2' ? { ...s, disabled: true } : s)) };
		const applied = await call(server.url, adm, '/api/config', { config: disabled, basedOn: 2, reason: '养老保险查询暂停取号' });
		expect(applied.body).toMatchObject({ saved: true, version: { version: 3 }, applied: true });
		expect(await ask(kiosk, 'ticket:issue', { requestId: rid(), service: 'S2' })).toMatchObject({ ok: false, error: { code: 'SERVICE.DISABLED' } });
		const catalog = await must<{ services: { code: string }[] }>(kiosk, 'kiosk:catalog', {});
		expect(catalog.services.map((s) => s.code)).not.toContain('S2');
		const clerk = await open(server.url, { session: await sessionOf(server.url, 'test', 'u1', PASSWORD) });
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
		expect((await must<{ current: { id: string } | null }>(clerk, 'ticket:callNext', { requestId: rid() })).current?.id).toBe('B001');

		// Invalid: every problem at its field, nothing saved.
		const invalid = await call(server.url, adm, '/api/config', { config: { ...hall, services: [{ ...hall.services[0], zone: 'nowhere' }, ...hall.services.slice(1)] }, basedOn: 3, reason: 'x' });
		expect(invalid.status).toBe(422);
		expect(invalid.body.error?.code).toBe('CONFIG.INVALID');
		expect(invalid.body.error?.problems?.map((p) => p.path)).toContain('services[0].zone');
		// Started from an older version: refused.
		const stale = await call(server.url, adm, '/api/config', { config: hall, basedOn: 1, reason: 'x' });
		expect(stale).toMatchObject({ status: 409, body: { error: { code: 'CONFIG.CONFLICT' } } });
		// Not an admin: refused before the body is read.
		const clerkSession = await sessionOf(server.url, 'test', 'u1', PASSWORD);
		expect((await call(server.url, clerkSession, '/api/config', { config: hall, basedOn: 3, reason: 'x' })).status).toBe(403);
		expect((await call(server.url, clerkSession, '/api/config')).status).toBe(403);
		const history = (await call(server.url, adm, '/api/config/versions')).body as unknown as ConfigVersionInfo[];
		expect(history.map((v) => v.version)).toEqual([3, 2, 1]);
	});
});
