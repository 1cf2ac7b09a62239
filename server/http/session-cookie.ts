/**
 * The staff session as a cookie: signed (the session token itself is HMAC-signed), httpOnly (page
 * scripts never read it), SameSite=Strict (no other site's page or form makes the browser send it),
 * Secure behind https. The Socket.IO handshake reads the same cookie from its request headers.
 * Plus the same-origin check of state-changing requests (CSRF).
 */
import type { IncomingHttpHeaders } from 'node:http';

export const SESSION_COOKIE = 'hallq_session';

/** `HALLQ_COOKIE_SECURE`: `auto` (Secure when the request came over https, directly or by a proxy's X-Forwarded-Proto), `on`, `off`. */
export type CookieSecure = 'auto' | 'on' | 'off';

export interface CookiePolicy {
	secure: CookieSecure;
	/** Origins besides the request's own host that may send state-changing requests (a public URL behind a proxy). */
	allowedOrigins: string[];
}

/** Cookie header → name/value pairs (first wins; values are not decoded: ours are base64url). */
export function parseCookies(header: string | undefined): Map<string, string> {
	const out = new Map<string, string>();
	for (const part of (header ?? '').split(';')) {
		const i = part.indexOf('=');
		if (i < 1) continue;
		const name = part.slice(0, i).trim();
		if (!out.has(name)) out.set(name, part.slice(i + 1).trim());
	}
	return out;
}

export function sessionFromCookie(headers: IncomingHttpHeaders): string | null {
	const value = parseCookies(headers.cookie).get(SESSION_COOKIE);
	return value && value.length <= 1024 ? value : null;
}

function viaHttps(headers: IncomingHttpHeaders, encrypted: boolean): boolean {
	const forwarded = headers['x-forwarded-proto'];
	const proto = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
	return encrypted || proto === 'https';
}

/** Set-Cookie for a session valid `maxAgeMs`; an empty token and 0 clears it. */
export function sessionCookie(token: string, maxAgeMs: number, policy: CookiePolicy, headers: IncomingHttpHeaders, encrypted: boolean): string {
	const secure = policy.secure === 'on' || (policy.secure === 'auto' && viaHttps(headers, encrypted));
	const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`];
	if (secure) parts.push('Secure');
	return parts.join('; ');
}

function hostOf(url: string): string | null {
	try {
		return new URL(url).host.toLowerCase();
	} catch {
		return null;
	}
}

/**
 * Whether a request comes from another site: its Origin (or, without one, its Referer) names a host
 * other than the one it was sent to and not an allowed origin. A request with neither header is
 * not from a page (a browser sends Origin with every POST and every WebSocket): tools and tests.
 */
export function isCrossSite(headers: IncomingHttpHeaders, policy: CookiePolicy): boolean {
	const origin = headers.origin ?? headers.referer;
	if (origin === undefined) return false;
	if (origin === 'null') return true;
	const from = hostOf(origin);
	if (!from) return true;
	const allowed = new Set<string>([(headers.host ?? '').toLowerCase(), ...policy.allowedOrigins.map((o) => hostOf(o) ?? '')]);
	allowed.delete('');
	return !allowed.has(from);
}
