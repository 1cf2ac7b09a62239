/**
 * Device tokens the server issues (the device registry's credentials): shown once, kept as keyed
 * hashes in the relational store, replaced and revoked at once, and still good after the master key
 * is rotated.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HallConfig } from '../../server/core/model';
import type { DeviceTokenView, IssuedDeviceTokenView } from '../../server/realtime/contract';
import { evaluationHall, PASSWORD } from '../support/evaluation-hall';
import { ask, connect, must, sessionOf, startTestServer, type Client, type TestServer } from '../support/server';

const now = Date.UTC(2026, 8, 30, 2, 0, 0);
const K1 = 'k1:' + 'a'.repeat(43);
const K2 = 'k2:' + 'b'.repeat(43);
const PEPPER = 'p1:' + 'c'.repeat(43);

/** The evaluation hall with a board (B9) that has no token in the file: it signs in only with an issued one. */
function hallWithNewBoard(): HallConfig {
	const hall = evaluationHall();
	hall.devices.push({ id: 'B9', kind: 'display', board: 'hall', name: { zh: '新大厅屏', en: 'New hall board' } });
	return hall;
}

const dirs: string[] = [];
const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
	for (const c of clients.splice(0)) c.close();
	for (const s of servers.splice(0)) await s.close();
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dir: string, masterKeys: string): Promise<TestServer> {
	const server = await startTestServer([hallWithNewBoard()], { dir, clock: { now: () => now }, env: { HALLQ_MASTER_KEYS: masterKeys, HALLQ_ID_PEPPERS: PEPPER, HALLQ_PRINTER_SIM: 'off' } });
	servers.push(server);
	return server;
}

async function open(url: string, auth: object): Promise<Client> {
	const c = await connect(url, auth);
	clients.push(c);
	return c;
}

async function post(url: string, path: string, session: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
	const res = await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${session}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function disconnected(socket: Client): Promise<string> {
	return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/** Every byte of the folder's files (the queue and archive databases with their WAL files). */
function folderBytes(dir: string): Buffer {
	return Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f))));
}

describe('device tokens the server issues', () => {
	it('shows a token once, keeps only its keyed hash, and lets the device in with it', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hallq-devtok-'));
		dirs.push(dir);
		const server = await start(dir, K1);
		const session = await sessionOf(server.url, 'test', 'adm', PASSWORD);
		const issued = await post(server.url, '/api/devices/token', session, { device: 'B9' });
		expect(issued.status).toBe(200);
		const { token, replaced } = issued.body as unknown as IssuedDeviceTokenView;
		expect(token).toMatch(/^hqd_[A-Za-z0-9_-]{43}$/);
		expect(replaced).toBe(0);

		const board = await open(server.url, { token });
		expect(board.connected).toBe(true);
		const admin = await open(server.url, { session });
		const listed = await must<DeviceTokenView[]>(admin, 'devices:tokens', {});
		expect(listed).toEqual([{ device: 'B9', issuedAt: now, issuedBy: 'adm', revokedAt: null, revokedBy: null, keys: ['k1'] }]);
		expect(JSON.stringify(listed)).not.toContain(token);

		// Neither the token nor its plain sha256 is anywhere in the databases.
		await server.close();
		servers.splice(0);
		const bytes = folderBytes(dir);
		expect(bytes.includes(Buffer.from(token))).toBe(false);
		expect(bytes.includes(Buffer.from(createHash('sha256').update(token).digest('hex')))).toBe(false);
	});

	it('refuses bad requests with a code and changes nothing', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hallq-devtok-'));
		dirs.push(dir);
		const server = await start(dir, K1);
		const adminSession = await sessionOf(server.url, 'test', 'adm', PASSWORD);
		const staffSession = await sessionOf(server.url, 'test', 'u1', PASSWORD);
		expect((await post(server.url, '/api/devices/token', adminSession, { device: 'NOPE' })).body).toMatchObject({ error: { code: 'DEVICE.NOT_FOUND' } });
		expect((await post(server.url, '/api/devices/token', adminSession, { device: 'B9', replace: 'yes' })).body).toMatchObject({ error: { code: 'VALIDATION.FAILED' } });
		expect((await post(server.url, '/api/devices/token', staffSession, { device: 'B9' })).body).toMatchObject({ error: { code: 'AUTH.FORBIDDEN' } });
		const staff = await open(server.url, { session: staffSession });
		expect(await ask(staff, 'device:issueToken', { device: 'B9' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		const admin = await open(server.url, { session: adminSession });
		expect(await must(admin, 'devices:tokens', {})).toEqual([]);
		// A made-up token of the issued form is unknown.
		await expect(open(server.url, { token: `hqd_${'x'.repeat(43)}` })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
	});

	it('replacing a lost device revokes its other tokens, the hall file’s too, and closes their connections', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hallq-devtok-'));
		dirs.push(dir);
		const server = await start(dir, K1);
		const admin = await open(server.url, { session: await sessionOf(server.url, 'test', 'adm', PASSWORD) });
		const first = await must<IssuedDeviceTokenView>(admin, 'device:issueToken', { device: 'E2' });
		const onFirst = await open(server.url, { token: first.token });
		const gone = disconnected(onFirst);
		const second = await must<IssuedDeviceTokenView>(admin, 'device:issueToken', { device: 'E2', replace: true });
		// The issued token and the hall file's one.
		expect(second.replaced).toBe(2);
		expect(await gone).toBe('io server disconnect');
		await expect(open(server.url, { token: first.token })).rejects.toMatchObject({ code: 'AUTH.INVALID', message: 'this device token was revoked' });
		await expect(open(server.url, { token: 'test-evaluator-2-token' })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		expect((await open(server.url, { token: second.token })).connected).toBe(true);

		// Revoking the device revokes the new one too.
		await must(admin, 'device:revoke', { device: 'E2' });
		await expect(open(server.url, { token: second.token })).rejects.toMatchObject({ code: 'AUTH.INVALID', message: 'this device token was revoked' });
		const listed = await must<DeviceTokenView[]>(admin, 'devices:tokens', {});
		expect(listed.map((t) => [t.device, t.revokedBy])).toEqual([
			['E2', 'adm'],
			['E2', 'adm']
		]);
	});

	it('keeps working across a master-key rotation: hashed again under the new key while the old one is listed, then without it', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hallq-devtok-'));
		dirs.push(dir);
		let server = await start(dir, K1);
		const session = await sessionOf(server.url, 'test', 'adm', PASSWORD);
		const { token } = (await post(server.url, '/api/devices/token', session, { device: 'B9' })).body as unknown as IssuedDeviceTokenView;
		await server.close();
		servers.splice(0);

		// The new key signs, the old one still verifies: the board's next sign-in adds its hash under k2.
		server = await start(dir, `${K2},${K1}`);
		expect((await open(server.url, { token })).connected).toBe(true);
		const listed = await fetch(`${server.url}/api/devices/tokens`, { headers: { authorization: `Bearer ${await sessionOf(server.url, 'test', 'adm', PASSWORD)}` } });
		expect(((await listed.json()) as DeviceTokenView[]).map((t) => t.keys)).toEqual([['k1', 'k2']]);
		await server.close();
		servers.splice(0);

		// The old key is gone: the token still works, by its k2 hash.
		server = await start(dir, K2);
		expect((await open(server.url, { token })).connected).toBe(true);
		// A token made under k1 that was never used during the overlap does not.
		await server.close();
		servers.splice(0);
		server = await start(dir, K1);
		const unused = ((await post(server.url, '/api/devices/token', await sessionOf(server.url, 'test', 'adm', PASSWORD), { device: 'B9' })).body as unknown as IssuedDeviceTokenView).token;
		await server.close();
		servers.splice(0);
		server = await start(dir, K2);
		await expect(open(server.url, { token: unused })).rejects.toMatchObject({ code: 'AUTH.INVALID', message: 'unknown device token' });
	});
});
