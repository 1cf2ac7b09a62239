import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionClaims {
	hall: string;
	staff: string;
	exp: number;
	/** The staff member's session epoch when signed: a later epoch (sign out everywhere) ends it. */
	ep?: number;
}

/**
 * Staff sessions are signed tokens (HMAC with the hall's secret), so any server process can check
 * them without shared session storage.
 */
export function signSession(claims: SessionClaims, secret: string): string {
	const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
	return `${body}.${mac(body, secret)}`;
}

/** The claims when the token is well-formed, signed by `secretOf(hall)` and not expired; else null. */
export function verifySession(token: string, secretOf: (hall: string) => string | undefined, now: number): SessionClaims | null {
	const parts = token.split('.');
	const [body, sig] = parts;
	if (parts.length !== 2 || !body || !sig || token.length > 1024) return null;
	let claims: unknown;
	try {
		claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
	} catch {
		return null;
	}
	if (!isClaims(claims)) return null;
	const secret = secretOf(claims.hall);
	if (!secret) return null;
	const expected = Buffer.from(mac(body, secret));
	const actual = Buffer.from(sig);
	if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
	return claims.exp > now ? claims : null;
}

function mac(body: string, secret: string): string {
	return createHmac('sha256', `session:${secret}`).update(body).digest('base64url');
}

function isClaims(v: unknown): v is SessionClaims {
	if (typeof v !== 'object' || v === null) return false;
	const o = v as Record<string, unknown>;
	return typeof o.hall === 'string' && typeof o.staff === 'string' && typeof o.exp === 'number' && (o.ep === undefined || typeof o.ep === 'number');
}
