/**
 * Admins manage the staff of their hall over real sockets: list the accounts, reset a password
 * (the old one refused, the person's sockets dropped), clear a lockout, sign someone out
 * everywhere. Every other role is refused with AUTH.FORBIDDEN; every refusal is coded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffAccountView } from '../../server/realtime/contract';
import { evaluationHall, PASSWORD, TOKENS } from '../support/evaluation-hall';
import { ask, ClientPool, login, must, rid, startTestServer, type Client, type TestServer } from '../support/server';

let server: TestServer;
const now = Date.UTC(2026, 8, 30, 2, 0, 0);
const clients = new ClientPool(() => server.url);

beforeAll(async () => {
	server = await startTestServer([evaluationHall()], { clock: { now: () => now }, env: { HALLQ_PRINTER_SIM: 'off' } });
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

const signIn = async (staff: string, password = PASSWORD): Promise<Client> => clients.connect({ session: (await login(server.url, 'test', staff, password)).session });

async function loginStatus(staff: string, password: string): Promise<{ status: number; code?: string }> {
	const res = await fetch(`${server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hall: 'test', staff, password, bearer: true }) });
	const body = (await res.json()) as { error?: { code: string } };
	return { status: res.status, code: body.error?.code };
}

function disconnected(socket: Client): Promise<string> {
	return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

const EVENTS = [
	['staff:list', {}],
	['staff:resetPassword', { staff: 'u1', password: 'another-long-secret' }],
	['staff:unlock', { staff: 'u1' }],
	['staff:signOut', { staff: 'u1' }]
] as const;

describe('who may manage staff', () => {
	it('refuses staff, supervisors, kiosks and boards with AUTH.FORBIDDEN, changing nothing', async () => {
		const others = { staff: await signIn('u2'), supervisor: await signIn('sup'), kiosk: await clients.connect({ token: TOKENS.kiosk }), display: await clients.connect({ token: TOKENS.hallBoard }) };
		const u1 = await signIn('u1');
		for (const [role, socket] of Object.entries(others)) {
			for (const [event, payload] of EVENTS) {
				const answer = await ask(socket, event, payload);
				expect(answer, `${role} ${event}`).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
			}
		}
		// Nothing changed: u1 is still connected and the hall file's password still works.
		expect(u1.connected).toBe(true);
		expect((await loginStatus('u1', PASSWORD)).status).toBe(200);
	});

	it('codes bad payloads and unknown staff', async () => {
		const admin = await signIn('adm');
		expect(await ask(admin, 'staff:unlock', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		expect(await ask(admin, 'staff:list', { extra: 1 })).toMatchObject({ ok: true }); // an unknown field is dropped
		expect(await ask(admin, 'staff:resetPassword', { staff: 'u1' })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		expect(await ask(admin, 'staff:signOut', { staff: 42 })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		for (const [event, payload] of EVENTS.slice(1)) {
			expect(await ask(admin, event, { ...payload, staff: 'nobody' }), event).toMatchObject({ ok: false, error: { code: 'STAFF.NOT_FOUND' } });
		}
		expect(await ask(admin, 'staff:resetPassword', { staff: 'u1', password: 'short' })).toMatchObject({ ok: false, error: { code: 'PASSWORD.WEAK' } });
		expect(await ask(admin, 'staff:resetPassword', { staff: 'u1', password: 'u1' })).toMatchObject({ ok: false, error: { code: 'PASSWORD.WEAK' } });
		expect((await loginStatus('u1', PASSWORD)).status).toBe(200);
	});
});

describe('an admin', () => {
	it('lists every staff member with role, counters, override, lock and open counter, never a hash', async () => {
		const u2 = await signIn('u2');
		await must(u2, 'counter:open', { requestId: rid(), counter: 'C2' });
		const admin = await signIn('adm');
		const list = await must<StaffAccountView[]>(admin, 'staff:list', {});
		expect(list.map((s) => s.id)).toEqual(['u1', 'u2', 'u3', 'sup', 'adm']);
		expect(list.find((s) => s.id === 'u2')).toEqual({ id: 'u2', name: '李红', role: 'staff', counters: ['C2'], passwordOverride: false, lockedUntil: null, openCounter: 'C2' });
		expect(list.find((s) => s.id === 'sup')).toMatchObject({ role: 'supervisor', openCounter: null });
		expect(JSON.stringify(list)).not.toMatch(/scrypt|hash/i);
	});

	it('unlocks an account locked by 5 wrong passwords: the right password works again', async () => {
		for (let i = 0; i < 5; i++) await loginStatus('u3', `wrong-${i}`);
		expect(await loginStatus('u3', PASSWORD)).toMatchObject({ status: 423, code: 'AUTH.LOCKED' });
		const admin = await signIn('adm');
		const locked = (await must<StaffAccountView[]>(admin, 'staff:list', {})).find((s) => s.id === 'u3');
		expect(locked?.lockedUntil).toBe(now + 15 * 60_000);
		const unlocked = await must<StaffAccountView>(admin, 'staff:unlock', { staff: 'u3' });
		expect(unlocked).toMatchObject({ id: 'u3', lockedUntil: null });
		expect((await loginStatus('u3', PASSWORD)).status).toBe(200);
	});

	it('resets a password: the old one is refused, the new one accepted, the person disconnected', async () => {
		const u1 = await signIn('u1');
		const session = (await login(server.url, 'test', 'u1', PASSWORD)).session;
		const admin = await signIn('adm');
		const gone = disconnected(u1);
		const reset = await must<StaffAccountView>(admin, 'staff:resetPassword', { staff: 'u1', password: 'reset-by-admin-1' });
		expect(reset).toMatchObject({ id: 'u1', passwordOverride: true, lockedUntil: null });
		expect(await gone).toBe('io server disconnect');
		expect(await loginStatus('u1', PASSWORD)).toMatchObject({ status: 401, code: 'AUTH.INVALID' });
		expect((await loginStatus('u1', 'reset-by-admin-1')).status).toBe(200);
		// A session signed before the reset is over.
		await expect(clients.connect({ session })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		// The admin stays connected.
		expect(admin.connected).toBe(true);
	});

	it('signs a person out everywhere: sockets dropped, old sessions refused, the password unchanged', async () => {
		const session = (await login(server.url, 'test', 'sup', PASSWORD)).session;
		const sup = await clients.connect({ session });
		const admin = await signIn('adm');
		const gone = disconnected(sup);
		expect(await must<StaffAccountView>(admin, 'staff:signOut', { staff: 'sup' })).toMatchObject({ id: 'sup', passwordOverride: false });
		expect(await gone).toBe('io server disconnect');
		await expect(clients.connect({ session })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		expect((await loginStatus('sup', PASSWORD)).status).toBe(200);
	});
});
