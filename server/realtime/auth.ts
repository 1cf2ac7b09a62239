import type { IncomingHttpHeaders } from 'node:http';
import type { ExtendedError } from 'socket.io';
import type { HallQ } from '../app/hallq';
import { Keyring } from '../app/keyring';
import type { DeviceConfig, StaffConfig } from '../core/model';
import type { SocketData } from './contract';
import { isCrossSite, sessionFromCookie, type CookiePolicy } from '../http/session-cookie';
import { rooms } from './rooms';

export interface Principal {
	data: SocketData;
	device: DeviceConfig | null;
	staff: StaffConfig | null;
	/** When a staff session ends (epoch ms); null for devices. */
	expiresAt: number | null;
	/** The key a staff session was signed under: once it is no longer listed, the session ends. */
	keyId?: string;
	/** The ticket a phone follows (role `public`). */
	ticket?: { day: string; id: string };
}

/** A ticket's status-link secret as HallQ makes them (12 random bytes, base64url). */
const TICKET_SECRET = /^[A-Za-z0-9_-]{16}$/;

/** A phone holding a ticket's secret link: it may follow that ticket, nothing else. */
export async function authenticateTicket(hallq: HallQ, auth: unknown): Promise<Principal | ExtendedError | null> {
	const a = (typeof auth === 'object' && auth !== null ? auth : {}) as Record<string, unknown>;
	if (!('ticket' in a)) return null;
	if (typeof a.ticket !== 'string' || !TICKET_SECRET.test(a.ticket)) return authError('AUTH.INVALID', 'not a ticket link');
	const found = await hallq.ticketByToken(a.ticket).catch(() => null);
	if (!found) return authError('AUTH.INVALID', 'no such ticket today');
	return { data: { role: 'public', hall: found.hall, actor: found.ticket }, device: null, staff: null, expiresAt: null, ticket: { day: found.day, id: found.ticket } };
}

function authError(code: 'AUTH.REQUIRED' | 'AUTH.INVALID' | 'AUTH.CROSS_SITE', message: string): ExtendedError {
	const err = new Error(message) as ExtendedError;
	err.data = { code, message };
	return err;
}

/**
 * Who is connecting: a device by its token (refused once revoked), or a staff member by a signed
 * session of the current epoch, from the session cookie of the handshake request or from
 * `auth.session` (tools and tests that are not browsers). A session from another site's page (its
 * Origin names another host), by cookie or in `auth`, is refused with AUTH.CROSS_SITE.
 */
export async function authenticate(hallq: HallQ, auth: unknown, headers: IncomingHttpHeaders, cookies: CookiePolicy): Promise<Principal | ExtendedError> {
	const a = (typeof auth === 'object' && auth !== null ? auth : {}) as Record<string, unknown>;
	if (typeof a.token === 'string' && a.token.length > 0 && a.token.length <= 200) {
		const found = await hallq.accounts.device(a.token);
		if (found === 'unknown') return authError('AUTH.INVALID', 'unknown device token');
		if (found === 'revoked') return authError('AUTH.INVALID', 'this device token was revoked');
		return { data: { role: found.device.kind, hall: found.hall, actor: found.device.id }, device: found.device, staff: null, expiresAt: null };
	}
	const fromCookie = typeof a.session === 'string' ? null : sessionFromCookie(headers);
	const session = typeof a.session === 'string' && a.session.length > 0 ? a.session : fromCookie;
	if (session) {
		// A staff session from another site's page (its Origin names another host) is refused, cookie or not;
		// tools send no Origin.
		if (isCrossSite(headers, cookies)) return authError('AUTH.CROSS_SITE', 'a session from another site is not accepted');
		const checked = await hallq.accounts.checkSession(session);
		if (!checked) return authError('AUTH.INVALID', 'session expired or invalid, please sign in again');
		const { claims, staff } = checked;
		return { data: { role: staff.role, hall: claims.hall, actor: staff.id }, device: null, staff, expiresAt: claims.exp, keyId: Keyring.keyIdOf(session) ?? '' };
	}
	return authError('AUTH.REQUIRED', 'a device token or a staff session is required');
}

/** Rooms a connection belongs to for its whole life. */
export function roomsOf(p: Principal): string[] {
	const { hall, actor, role } = p.data;
	// A phone hears only of its own ticket: one delivery per call to the people who follow it.
	if (role === 'public' && p.ticket) return [rooms.ticket(hall, p.ticket.day, p.ticket.id)];
	// A wall monitor needs no waiting counts: it gets the monitor's own pushes (monitor:open).
	const list = role === 'monitor' ? [] : [rooms.counts(hall)];
	if (role === 'kiosk') list.push(rooms.kiosk(hall, actor));
	if (role === 'staff' || role === 'supervisor' || role === 'admin') list.push(rooms.staff(hall, actor));
	if (role === 'supervisor' || role === 'admin') list.push(rooms.supervisors(hall));
	if (role === 'agent' && p.device?.kiosk) list.push(rooms.agent(hall, p.device.kiosk));
	if (p.device) list.push(rooms.device(hall, p.device.id));
	if (role === 'evaluator' && p.device?.counter) list.push(rooms.counter(hall, p.device.counter), rooms.evaluator(hall, p.device.counter));
	if (role === 'display' && p.device) {
		const d = p.device;
		list.push(rooms.displays(hall));
		if (d.board === 'zone' && d.zone) list.push(rooms.zone(hall, d.zone));
		else if (d.board === 'counter' && d.counter) list.push(rooms.counter(hall, d.counter));
		else list.push(rooms.hallBoards(hall));
	}
	return list;
}

