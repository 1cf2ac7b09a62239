/** The signed-in person's own account, over HTTP (the session is the httpOnly cookie the browser sends). */

export interface AccountAnswer {
	ok: boolean;
	/** The error code when not ok (CLIENT.NETWORK when the server was not reached). */
	code: string | null;
}

async function postJson(path: string, body: unknown): Promise<AccountAnswer> {
	try {
		const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		if (res.ok) return { ok: true, code: null };
		const answer = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
		return { ok: false, code: answer?.error?.code ?? 'INTERNAL' };
	} catch {
		return { ok: false, code: 'CLIENT.NETWORK' };
	}
}

/** Sets a new password; the server ends every other session and renews this one's cookie. */
export function changePassword(current: string, next: string): Promise<AccountAnswer> {
	return postJson('/api/password', { current, next });
}

/** Ends every session of this person, on every device. */
export function signOutEverywhere(): Promise<AccountAnswer> {
	return postJson('/api/logout-everywhere', {});
}

/** The password policy the server checks (server/core/security.ts), for a hint before sending. */
export const PASSWORD_MIN = 10;
