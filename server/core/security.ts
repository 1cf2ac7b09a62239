/**
 * Staff and device security that outlives a hall-day: session epochs (sign out everywhere),
 * passwords changed by their owner, sign-in lockout and revoked device tokens. The port here; the
 * SQLite and Redis adapters pass tests/contract/security-store.contract.ts.
 */

/** After `maxFailures` wrong passwords within `windowMs` an account is locked for `lockMs`. */
export interface LockoutPolicy {
	maxFailures: number;
	windowMs: number;
	lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

export interface RevokedDevice {
	hall: string;
	device: string;
	/** sha256 of the revoked token: a new token for the same device works again. */
	tokenHash: string;
	at: number;
	/** The admin who revoked it. */
	by: string;
}

export interface SecurityStore {
	/** The staff member's session epoch: sessions signed with an older one are no longer valid. 0 at first. */
	epoch(hall: string, staff: string): Promise<number>;
	/** Ends every session of the staff member; returns the new epoch. */
	bumpEpoch(hall: string, staff: string): Promise<number>;
	/** The password hash the staff member set, overriding the hall file's; null when never changed. */
	passwordHash(hall: string, staff: string): Promise<string | null>;
	setPasswordHash(hall: string, staff: string, hash: string, at: number): Promise<void>;
	/** When the account's lock ends (epoch ms), or null when it is not locked at `now`. */
	lockedUntil(account: string, now: number): Promise<number | null>;
	/** Counts a wrong password; returns when the lock ends if the account is (now) locked, else null. */
	loginFailed(account: string, now: number, policy: LockoutPolicy): Promise<number | null>;
	/** A right password clears the failures. */
	loginSucceeded(account: string): Promise<void>;
	revokeDevice(r: RevokedDevice): Promise<void>;
	/** Takes back the revocations of a device; false when it had none. */
	restoreDevice(hall: string, device: string): Promise<boolean>;
	isRevoked(tokenHash: string): Promise<boolean>;
	revokedDevices(hall: string): Promise<RevokedDevice[]>;
	close(): Promise<void>;
}

/** The password policy: at least `PASSWORD_MIN` characters, not the staff id, not the one it replaces. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** Why a new password is refused, or null when it may be used. */
export function passwordProblem(next: string, staffId: string, current: string | null): string | null {
	const length = Array.from(next).length;
	if (length < PASSWORD_MIN) return `the new password needs at least ${PASSWORD_MIN} characters`;
	if (length > PASSWORD_MAX) return `the new password may have at most ${PASSWORD_MAX} characters`;
	if (next.trim().toLowerCase() === staffId.toLowerCase()) return 'the new password may not be the staff id';
	if (next === current) return 'the new password must differ from the current one';
	return null;
}

/**
 * Security events, kept in the relational store beside the archive (the hall-day log has no place
 * for them: a sign-in is not a hall's business of the day), and the hall's configuration changing
 * (`config.change`: a server started with another hall file than the last one recorded). Part of
 * the audit trail (audit.ts).
 */
export const SECURITY_ACTIONS = [
	'auth.signIn',
	'auth.signInFailed',
	'auth.locked',
	'auth.passwordChange',
	'auth.passwordReset',
	'auth.unlock',
	'auth.signOutEverywhere',
	'device.revoke',
	'device.restore',
	'device.tokenIssued',
	'device.refused',
	'config.change'
] as const;
export type SecurityAction = (typeof SECURITY_ACTIONS)[number];

export interface SecurityEvent {
	/** Unique (random); with `at` it orders the events. */
	id: string;
	hall: string;
	/** The hall-local day of `at`. */
	day: string;
	at: number;
	action: SecurityAction;
	/** Who acted: the staff member signing in (the id typed, for a failure), the admin; null for the system. */
	actor: string | null;
	/** Who or what it was done to when not the actor: the account reset or unlocked, the device revoked. */
	subject: string | null;
	/** The client's network address (personal data: purged with the identities). */
	client: string | null;
	/** Why it failed (`AUTH.INVALID`, `AUTH.LOCKED` …) or what else, as `key=value` pairs. */
	detail: string | null;
}

/** Where security events are recorded (the relational store). Append only: nothing edits or deletes them but the retention purge. */
export interface SecurityLog {
	/** False when an event with this id is recorded already (it is left as it was). */
	record(e: SecurityEvent): Promise<boolean>;
}
