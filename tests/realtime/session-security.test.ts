/**
 * Session security over real HTTP and sockets: the httpOnly SameSite=Strict cookie and the handshake
 * that reads it, refusal of other sites' requests, lockout (and its end, by the injected clock),
 * password change, sign out and sign out everywhere, revoked device tokens. Every refusal coded.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleState, LoginResponse, RevokedDeviceView } from '../../server/realtime/contract';
import { EVAL_TOKENS, evaluationHall, PASSWORD, TOKENS } from '../support/evaluation-hall';
import { ask, ClientPool, login, must, startTestServer, type Client, type TestServer } from '../support/server';

let server: TestServer;
let now = Date.UTC(2026, 8, 30, 2, 0, 0);
const clients = new ClientPool(() => server.url);

beforeAll(async () => {
	server = await startTestServer([evaluationHall()], { clock: { now: () => now }, env: { HALLQ_PRINTER_SIM: 'off' } });
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

interface HttpAnswer<T = unknown> {
	status: number;
	body: T & { error?: { code: string } };
	cookie: string | null;
}

async function post<T = unknown>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer<T>> {
	const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
	return { status: res.status, body: (await res.json()) as HttpAnswer<T>['body'], cookie: res.headers.get('set-cookie') };
}

/** Signs in as a browser does: no bearer token, the session comes back as a cookie. */
async function browserLogin(staff: string, password = PASSWORD, headers: Record<string, string> = {}): Promise<HttpAnswer<LoginResponse>> {
	return post<LoginResponse>('/api/login', { hall: 'test', staff, password }, { origin: server.url, ...headers });
}

/** "hallq_session=…" from a Set-Cookie header. */
function cookiePair(setCookie: string | null): string {
	const pair = setCookie?.split(';')[0];
	if (!pair?.startsWith('hallq_session=')) throw new Error(`no session cookie in ${setCookie}`);
	return pair;
}

/** A socket that authenticates only by its Cookie header, as a console page's does. */
function cookieSocket(cookie: string, origin: string | null = server.url): Promise<Client> {
	const headers: Record<string, string> = { cookie };
	if (origin) headers.origin = origin;
	const socket: Client = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(clients.add(socket)));
		socket.once('connect_error', (err: Error & { data?: { code: string } }) => {
			socket.close();
			reject(Object.assign(new Error(err.message), { code: err.data?.code }));
		});
	});
}

function disconnected(socket: Client): Promise<string> {
	return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

describe('the session cookie', () => {
	it('is set httpOnly and SameSite=Strict by the sign-in, which returns no token to the page', async () => {
		const a = await browserLogin('u1');
		expect(a.status).toBe(200);
		expect(a.body.session).toBeUndefined();
		expect(a.body.staff).toMatchObject({ id: 'u1', role: 'staff' });
		expect(a.cookie).toMatch(/^hallq_session=demo\.[\w-]+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
		// Behind an https proxy the cookie is Secure.
		const https = await browserLogin('u1', PASSWORD, { 'x-forwarded-proto': 'https' });
		expect(https.cookie).toContain('; Secure');
	});

	it('authenticates the socket handshake and GET /api/session', async () => {
		const cookie = cookiePair((await browserLogin('u1')).cookie);
		const socket = await cookieSocket(cookie);
		expect((await must<ConsoleState>(socket, 'console:state', {})).staff.id).toBe('u1');
		const me = await fetch(`${server.url}/api/session`, { headers: { cookie } });
		expect(me.status).toBe(200);
		expect(((await me.json()) as LoginResponse).staff.id).toBe('u1');
		const none = await fetch(`${server.url}/api/session`);
		expect(none.status).toBe(401);
		expect(((await none.json()) as { error: { code: string } }).error.code).toBe('AUTH.REQUIRED');
		await expect(cookieSocket('hallq_session=forged.token')).rejects.toMatchObject({ code: 'AUTH.INVALID' });
	});

	it('refuses requests and handshakes from another site', async () => {
		const evil = await post('/api/login', { hall: 'test', staff: 'u1', password: PASSWORD }, { origin: 'http://evil.example' });
		expect(evil.status).toBe(403);
		expect(evil.body.error?.code).toBe('AUTH.CROSS_SITE');
		expect(evil.cookie).toBeNull();
		const byReferer = await post('/api/logout', {}, { referer: 'http://evil.example/page' });
		expect(byReferer.body.error?.code).toBe('AUTH.CROSS_SITE');
		const cookie = cookiePair((await browserLogin('u1')).cookie);
		const forged = await post('/api/logout-everywhere', {}, { origin: 'http://evil.example', cookie });
		expect(forged.body.error?.code).toBe('AUTH.CROSS_SITE');
		await expect(cookieSocket(cookie, 'http://evil.example')).rejects.toMatchObject({ code: 'AUTH.CROSS_SITE' });
		// A session token carried in auth by another site's page is refused the same way; tools send no Origin.
		const { session } = await login(server.url, 'test', 'u1', PASSWORD);
		const fromPage = (origin: string | null) =>
			new Promise<string>((resolve) => {
				const s = io(server.url, { auth: { session }, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: origin ? { origin } : {} });
				s.once('connect', () => (s.close(), resolve('connected')));
				s.once('connect_error', (err: Error & { data?: { code: string } }) => (s.close(), resolve(err.data?.code ?? err.message)));
			});
		expect(await fromPage('http://evil.example')).toBe('AUTH.CROSS_SITE');
		expect(await fromPage(null)).toBe('connected');
		expect(await fromPage(server.url)).toBe('connected');
		// The same session from the hall's own page still works (nothing was signed out).
		expect((await cookieSocket(cookie)).connected).toBe(true);
	});

	it('sign out clears the cookie', async () => {
		const out = await post('/api/logout', {}, { origin: server.url });
		expect(out.status).toBe(200);
		expect(out.cookie).toContain('hallq_session=;');
		expect(out.cookie).toContain('Max-Age=0');
	});
});

describe('lockout', () => {
	it('locks an account after 5 wrong passwords for 15 minutes, then lets it in again', async () => {
		for (let i = 0; i < 4; i++) expect((await browserLogin('u3', `wrong-${i}`)).body.error?.code).toBe('AUTH.INVALID');
		const fifth = await browserLogin('u3', 'wrong-4');
		expect(fifth.status).toBe(423);
		expect(fifth.body.error?.code).toBe('AUTH.LOCKED');
		expect((await browserLogin('u3')).body.error?.code).toBe('AUTH.LOCKED');
		// Other accounts are not affected.
		expect((await browserLogin('u2')).status).toBe(200);
		now += 14 * 60_000;
		expect((await browserLogin('u3')).body.error?.code).toBe('AUTH.LOCKED');
		now += 60_000 + 1;
		expect((await browserLogin('u3')).status).toBe(200);
	});
});

describe('password change', () => {
	it('needs the current password, keeps to the policy, then refuses the old password and ends other sessions', async () => {
		const cookie = cookiePair((await browserLogin('u2')).cookie);
		const other = await clients.connect({ session: (await login(server.url, 'test', 'u2', PASSWORD)).session });
		const headers = { origin: server.url, cookie };
		expect((await post('/api/password', { current: PASSWORD, next: 'short' }, headers)).body.error?.code).toBe('PASSWORD.WEAK');
		expect((await post('/api/password', { current: PASSWORD, next: 'U2' }, headers)).body.error?.code).toBe('PASSWORD.WEAK');
		expect((await post('/api/password', { current: PASSWORD, next: PASSWORD }, headers)).body.error?.code).toBe('PASSWORD.WEAK');
		expect((await post('/api/password', { current: 'not-it', next: 'a-much-better-secret' }, headers)).body.error?.code).toBe('AUTH.INVALID');
		expect((await post('/api/password', { current: PASSWORD, next: 'a-much-better-secret' })).body.error?.code).toBe('AUTH.REQUIRED');

		const gone = disconnected(other);
		const changed = await post<LoginResponse>('/api/password', { current: PASSWORD, next: 'a-much-better-secret' }, headers);
		expect(changed.status).toBe(200);
		expect(await gone).toBe('io server disconnect');
		expect((await browserLogin('u2')).body.error?.code).toBe('AUTH.INVALID');
		expect((await browserLogin('u2', 'a-much-better-secret')).status).toBe(200);
		// The old cookie is over; the one the change answered with works.
		await expect(cookieSocket(cookie)).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		expect((await cookieSocket(cookiePair(changed.cookie))).connected).toBe(true);
	});
});

describe('sign out everywhere', () => {
	it('ends every session of the staff member and disconnects the live sockets', async () => {
		const a = await clients.connect({ session: (await login(server.url, 'test', 'u1', PASSWORD)).session });
		const cookie = cookiePair((await browserLogin('u1')).cookie);
		const b = await cookieSocket(cookie);
		const someoneElse = await clients.connect({ session: (await login(server.url, 'test', 'sup', PASSWORD)).session });
		const [goneA, goneB] = [disconnected(a), disconnected(b)];
		const out = await post('/api/logout-everywhere', {}, { origin: server.url, cookie });
		expect(out.status).toBe(200);
		expect(out.cookie).toContain('Max-Age=0');
		expect(await goneA).toBe('io server disconnect');
		expect(await goneB).toBe('io server disconnect');
		await expect(cookieSocket(cookie)).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		expect(someoneElse.connected).toBe(true);
		expect((await post('/api/logout-everywhere', {}, { origin: server.url, cookie })).body.error?.code).toBe('AUTH.INVALID');
		// Signing in again gives a session of the new epoch.
		expect((await cookieSocket(cookiePair((await browserLogin('u1')).cookie))).connected).toBe(true);
	});
});

describe('device tokens', () => {
	it('an admin revokes one: the device is disconnected and refused at the handshake until restored', async () => {
		const adminSession = (await login(server.url, 'test', 'adm', PASSWORD)).session;
		const admin = await clients.connect({ session: adminSession });
		const supervisor = await clients.connect({ session: (await login(server.url, 'test', 'sup', PASSWORD)).session });
		const kiosk = await clients.connect({ token: TOKENS.kiosk2 });

		expect(await ask(supervisor, 'device:revoke', { device: 'K2' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		expect(await ask(admin, 'device:revoke', { device: 'nope' })).toMatchObject({ ok: false, error: { code: 'DEVICE.NOT_FOUND' } });
		expect(await ask(admin, 'device:revoke', {})).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });

		const gone = disconnected(kiosk);
		const revoked = await must<RevokedDeviceView>(admin, 'device:revoke', { device: 'K2' });
		expect(revoked).toMatchObject({ device: 'K2', by: 'adm', at: now });
		expect(await gone).toBe('io server disconnect');
		await expect(clients.connect({ token: TOKENS.kiosk2 })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		// Other devices are not affected.
		expect((await clients.connect({ token: TOKENS.kiosk })).connected).toBe(true);
		expect((await must<RevokedDeviceView[]>(admin, 'devices:revoked', {})).map((r) => r.device)).toEqual(['K2']);

		expect(await must(admin, 'device:restore', { device: 'K2' })).toEqual({ device: 'K2', restored: true });
		expect((await clients.connect({ token: TOKENS.kiosk2 })).connected).toBe(true);

		// Over HTTP too, with the same role check.
		const evaluator = await clients.connect({ token: EVAL_TOKENS.counter2 });
		const staffTry = await post('/api/devices/revoke', { device: 'E2' }, { authorization: `Bearer ${(await login(server.url, 'test', 'u3', PASSWORD)).session}` });
		expect(staffTry.status).toBe(403);
		expect(staffTry.body.error?.code).toBe('AUTH.FORBIDDEN');
		const evalGone = disconnected(evaluator);
		const byHttp = await post<RevokedDeviceView>('/api/devices/revoke', { device: 'E2' }, { authorization: `Bearer ${adminSession}` });
		expect(byHttp.status).toBe(200);
		expect(await evalGone).toBe('io server disconnect');
		await expect(clients.connect({ token: EVAL_TOKENS.counter2 })).rejects.toMatchObject({ code: 'AUTH.INVALID' });
		const list = await fetch(`${server.url}/api/devices/revoked`, { headers: { authorization: `Bearer ${adminSession}` } });
		expect(((await list.json()) as RevokedDeviceView[]).map((r) => r.device)).toEqual(['E2']);
	});
});
