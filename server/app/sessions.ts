import type { Keyring } from './keyring';

export interface SessionClaims {
	hall: string;
	staff: string;
	exp: number;
	/** The staff member's session epoch when signed: a later epoch (sign out everywhere) ends it. */
	ep?: number;
}

/**
 * Staff sessions are signed tokens (the deployment's session key, named by its key id), so any
 * server process can check them without shared session storage.
 */
export function signSession(claims: SessionClaims, keys: Keyring): string {
	return keys.sign('session', Buffer.from(JSON.stringify(claims)).toString('base64url'));
}

/** The claims when the token is well-formed, signed by a listed key and not expired; else null. */
export function verifySession(token: string, keys: Keyring, now: number): SessionClaims | null {
	if (token.length > 1024) return null;
	const body = keys.open('session', token);
	if (body === null) return null;
	let claims: unknown;
	try {
		claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
	} catch {
		return null;
	}
	if (!isClaims(claims)) return null;
	return claims.exp > now ? claims : null;
}

function isClaims(v: unknown): v is SessionClaims {
	if (typeof v !== 'object' || v === null) return false;
	const o = v as Record<string, unknown>;
	return typeof o.hall === 'string' && typeof o.staff === 'string' && typeof o.exp === 'number' && (o.ep === undefined || typeof o.ep === 'number');
}
