/**
 * Staff accounts and device tokens as the security store keeps them beyond the hall file: sign-in
 * with lockout (shared by every process), sessions bound to a per-staff epoch (sign out everywhere),
 * password changes, revoked device tokens, and the device tokens the server issues (kept as keyed
 * hashes in the relational store).
 */
import { randomBytes } from 'node:crypto';
import type { DeviceTokenView, IssuedDeviceToken } from '../core/device-token';
import { fail } from '../core/errors';
import { hallDayOf } from '../core/hall-day';
import type { HallIndex } from '../core/hall-index';
import type { DeviceConfig, StaffConfig } from '../core/model';
import type { Clock, DeviceTokenRecord, DeviceTokenStore } from '../core/ports';
import { DEFAULT_LOCKOUT, passwordProblem, type LockoutPolicy, type SecurityAction, type SecurityEvent, type SecurityLog, type SecurityStore } from '../core/security';
import type { Keyring } from './keyring';
import { LoginLimiter } from './login-limiter';
import { hashDeviceToken, hashPasswordAsync, verifyPassword } from './passwords';
import { signSession, verifySession, type SessionClaims } from './sessions';

export interface SignedIn {
	session: string;
	expiresAt: number;
	staff: StaffConfig;
	hall: HallIndex;
}

export interface AccountsOptions {
	halls: Map<string, { index: HallIndex }>;
	security: SecurityStore;
	clock: Clock;
	sessionMs: number;
	/** Signs and verifies the sessions. */
	keys: Keyring;
	lockout?: LockoutPolicy;
	/** Where sign-ins, lockouts, password and device-token changes are recorded (the audit trail); none: not recorded. */
	securityLog?: SecurityLog;
	/** Where a security event that could not be recorded goes instead (whole, so it is not lost). */
	log?: { error(obj: object, msg: string): void };
	/** The device tokens the server issues (the relational store); none: only the hall files' tokens. */
	deviceTokens?: DeviceTokenStore;
}

/** A token the server issued starts so: told apart from a hall file's token (and found by secret scanners). */
export const ISSUED_TOKEN_PREFIX = 'hqd_';



/** What a security event says beyond its action and time. */
interface SecurityFacts {
	actor: string | null;
	subject?: string | null;
	client?: string | null;
	detail?: string | null;
}

/** A revoked device knocks every few seconds: its refusal is recorded at most this often per process. */
const REFUSAL_EVERY_MS = 10 * 60_000;

/** Verified against when the account is unknown, so timing does not reveal which ids exist. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export class Accounts {
	private readonly limiter: LoginLimiter;
	private readonly lockout: LockoutPolicy;
	/** The hall files' device tokens by sha256, of the configurations in force. */
	private devices = new Map<string, { hall: string; device: DeviceConfig }>();
	/**
	 * The last answers of the store, per staff member and per device token: while the store cannot be
	 * reached (Redis restarting), handshakes go on with what this process last knew, so a blip does not
	 * turn away every kiosk and board that reconnects. Sign-in and the security actions still need it.
	 */
	private readonly knownEpochs = new Map<string, number>();
	private readonly knownRevoked = new Map<string, boolean>();
	/** The same for issued tokens, by the signing key's hash. */
	private readonly knownIssued = new Map<string, DeviceTokenRecord | null>();
	private readonly refusalRecorded = new Map<string, number>();
	private recorded = 0;

	constructor(private readonly o: AccountsOptions) {
		this.limiter = new LoginLimiter(o.clock);
		this.lockout = o.lockout ?? DEFAULT_LOCKOUT;
		this.reindexDevices();
	}

	/** Reads the devices of the configurations in force again (a new version of a hall is in force). */
	reindexDevices(): void {
		const devices = new Map<string, { hall: string; device: DeviceConfig }>();
		for (const [hall, { index }] of this.o.halls) {
			for (const d of index.config.devices) {
				if (d.tokenHash === undefined) continue;
				if (devices.has(d.tokenHash)) throw new Error(`device token of ${hall}/${d.id} is used twice`);
				devices.set(d.tokenHash, { hall, device: d });
			}
		}
		this.devices = devices;
	}

	get security(): SecurityStore {
		return this.o.security;
	}

	private index(hall: string): HallIndex | undefined {
		return this.o.halls.get(hall)?.index;
	}

	/**
	 * Checks a password against the one the staff member set (else the hall file's), counting a wrong
	 * one towards the lockout. Refuses with AUTH.LOCKED while the account is locked, without looking
	 * at the password, and with AUTH.LOCKED on the failure that locks it. Failures are recorded.
	 */
	private async checkPassword(hall: string, staffId: string, password: string, client: string | null): Promise<StaffConfig> {
		const account = `${hall}/${staffId}`;
		const now = this.o.clock.now();
		const refused = async (code: string, lockedUntil: number | null): Promise<never> => {
			await this.record(hall, 'auth.signInFailed', { actor: staffId, client, detail: `code=${code}` });
			if (lockedUntil === null) fail('AUTH.INVALID', 'wrong hall, staff id or password');
			lockedError(lockedUntil, now);
		};
		const locked = await this.o.security.lockedUntil(account, now);
		if (locked !== null) return refused('AUTH.LOCKED', locked);
		const staff = this.index(hall)?.staff.get(staffId);
		const hash = staff ? ((await this.o.security.passwordHash(hall, staff.id)) ?? staff.passwordHash) : DUMMY_HASH;
		const ok = (await verifyPassword(password, hash)) && staff !== undefined;
		if (!ok || !staff) {
			const until = await this.o.security.loginFailed(account, now, this.lockout);
			if (until !== null) await this.record(hall, 'auth.locked', { actor: null, subject: staffId, client, detail: `minutes=${Math.ceil((until - now) / 60_000)}` });
			return refused('AUTH.INVALID', until);
		}
		await this.o.security.loginSucceeded(account);
		if (staff.disabled) {
			await this.record(hall, 'auth.signInFailed', { actor: staffId, client, detail: 'code=AUTH.DISABLED' });
			fail('AUTH.DISABLED', 'this account is disabled: ask the hall’s administrator');
		}
		return staff;
	}

	async login(hall: string, staffId: string, password: string, client: string): Promise<SignedIn> {
		if (!this.limiter.allow(client)) {
			await this.record(hall, 'auth.signInFailed', { actor: staffId, client, detail: 'code=AUTH.RATE_LIMITED' });
			fail('AUTH.RATE_LIMITED', 'too many sign-in attempts, please wait a few minutes');
		}
		const staff = await this.checkPassword(hall, staffId, password, client);
		await this.record(hall, 'auth.signIn', { actor: staff.id, client });
		return this.sign(hall, staff);
	}

	/**
	 * Records a security event of a configured hall (an unknown hall has no trail to keep it in). A
	 * record that fails does not stop the action: a hall whose archive database is down still signs
	 * its clerks in; the event goes whole to the error log instead.
	 */
	private async record(hall: string, action: SecurityAction, facts: SecurityFacts): Promise<void> {
		const index = this.index(hall);
		const securityLog = this.o.securityLog;
		if (!index || !securityLog) return;
		const at = this.o.clock.now();
		// Sortable: events of one process in one millisecond keep their order (the trail orders by at, then id).
		const id = `${at.toString(36).padStart(9, '0')}-${(this.recorded++).toString(36).padStart(6, '0')}-${randomBytes(6).toString('hex')}`;
		const event: SecurityEvent = {
			id,
			hall,
			day: hallDayOf(hall, index.config.timeZone, at).day,
			at,
			action,
			actor: facts.actor,
			subject: facts.subject ?? null,
			client: facts.client ?? null,
			detail: facts.detail ?? null
		};
		try {
			await securityLog.record(event);
		} catch (err) {
			this.o.log?.error({ err: String(err), event }, 'a security event could not be recorded in the audit trail');
		}
	}

	private async sign(hall: string, staff: StaffConfig): Promise<SignedIn> {
		const index = this.index(hall) ?? fail('HALL.NOT_FOUND', `no hall ${hall}`);
		const ep = await this.o.security.epoch(hall, staff.id);
		const expiresAt = this.o.clock.now() + this.o.sessionMs;
		return { session: signSession({ hall, staff: staff.id, exp: expiresAt, ep }, this.o.keys), expiresAt, staff, hall: index };
	}

	/** The claims and staff member of a valid session: signed, not expired, of the current epoch. */
	async checkSession(token: string): Promise<{ claims: SessionClaims; staff: StaffConfig } | null> {
		const claims = verifySession(token, this.o.keys, this.o.clock.now());
		const staff = claims ? this.index(claims.hall)?.staff.get(claims.staff) : undefined;
		if (!claims || !staff || staff.disabled) return null;
		const key = `${claims.hall}/${staff.id}`;
		const epoch = await this.o.security.epoch(claims.hall, staff.id).then(
			(e) => (this.knownEpochs.set(key, e), e),
			() => this.knownEpochs.get(key) ?? claims.ep ?? 0
		);
		return (claims.ep ?? 0) === epoch ? { claims, staff } : null;
	}

	/**
	 * Sets a new password (current one required; policy: long enough, not the staff id, not the
	 * current one) and ends every other session; returns a new session for the caller.
	 */
	async changePassword(hall: string, staffId: string, current: string, next: string, client: string | null = null): Promise<SignedIn> {
		const staff = await this.checkPassword(hall, staffId, current, client);
		await this.setPassword(hall, staff, next, current);
		await this.record(hall, 'auth.passwordChange', { actor: staff.id, client });
		return this.sign(hall, staff);
	}

	/** Stores a new password by the policy (`current` when known) and ends every session of the person. */
	private async setPassword(hall: string, staff: StaffConfig, next: string, current: string | null): Promise<void> {
		const problem = passwordProblem(next, staff.id, current);
		if (problem) fail('PASSWORD.WEAK', problem);
		await this.o.security.setPasswordHash(hall, staff.id, await hashPasswordAsync(next), this.o.clock.now());
		await this.endSessions(hall, staff.id);
	}

	/** The staff member of the hall, or STAFF.NOT_FOUND. */
	member(hall: string, staffId: string): StaffConfig {
		return this.index(hall)?.staff.get(staffId) ?? fail('STAFF.NOT_FOUND', `no staff member ${staffId} in hall ${hall}`);
	}

	/** An admin (`by`) sets a new password without the current one (same policy); the person's sessions end. */
	async resetPassword(hall: string, staffId: string, next: string, by: string): Promise<void> {
		await this.setPassword(hall, this.member(hall, staffId), next, null);
		await this.record(hall, 'auth.passwordReset', { actor: by, subject: staffId });
	}

	/** An admin (`by`) clears the wrong-password count (and so the lock) of an account. */
	async unlock(hall: string, staffId: string, by: string): Promise<void> {
		await this.o.security.loginSucceeded(`${hall}/${this.member(hall, staffId).id}`);
		await this.record(hall, 'auth.unlock', { actor: by, subject: staffId });
	}

	/** What admins see of an account beyond the hall file: a password override, a lock. */
	async accountStatus(hall: string, staffId: string): Promise<{ passwordOverride: boolean; lockedUntil: number | null }> {
		const id = this.member(hall, staffId).id;
		const [hash, lockedUntil] = await Promise.all([this.o.security.passwordHash(hall, id), this.o.security.lockedUntil(`${hall}/${id}`, this.o.clock.now())]);
		return { passwordOverride: hash !== null, lockedUntil };
	}

	/** Ends every session of the staff member, on every process: by themselves or an admin (`by`). */
	async signOutEverywhere(hall: string, staffId: string, by: string): Promise<void> {
		await this.endSessions(hall, staffId);
		await this.record(hall, 'auth.signOutEverywhere', { actor: by, subject: by === staffId ? null : staffId });
	}

	private async endSessions(hall: string, staffId: string): Promise<void> {
		this.knownEpochs.set(`${hall}/${staffId}`, await this.o.security.bumpEpoch(hall, staffId));
	}

	/** The device of a token, or why not: unknown, or revoked. */
	async device(token: string): Promise<{ hall: string; device: DeviceConfig } | 'unknown' | 'revoked'> {
		const tokenHash = hashDeviceToken(token);
		const found = this.devices.get(tokenHash);
		if (!found) return this.issuedDevice(token);
		const revoked = await this.o.security.isRevoked(tokenHash).then(
			(r) => (this.knownRevoked.set(tokenHash, r), r),
			() => this.knownRevoked.get(tokenHash) ?? false
		);
		if (revoked) await this.refused(found.hall, found.device.id);
		return revoked ? 'revoked' : found;
	}

	/** A revoked token tried again: recorded once in a while, not at every reconnection. */
	private async refused(hall: string, device: string): Promise<void> {
		const key = `${hall}/${device}`;
		const now = this.o.clock.now();
		const last = this.refusalRecorded.get(key);
		if (last !== undefined && now - last < REFUSAL_EVERY_MS) return;
		this.refusalRecorded.set(key, now);
		await this.record(hall, 'device.refused', { actor: null, subject: device, detail: 'code=AUTH.REVOKED' });
	}

	/**
	 * A device of an issued token, or why not. Every handshake reads the store, so a revocation holds
	 * on every process at once; while the store cannot be read, the last answer this process had.
	 * A token used under an older master key gets its hash under the signing key too (rotation).
	 */
	private async issuedDevice(token: string): Promise<{ hall: string; device: DeviceConfig } | 'unknown' | 'revoked'> {
		const store = this.o.deviceTokens;
		if (!store || !token.startsWith(ISSUED_TOKEN_PREFIX)) return 'unknown';
		const hashes = this.o.keys.deviceTokenHashes(token);
		const signing = hashes[0]!;
		let record: DeviceTokenRecord | null;
		try {
			record = await store.find(hashes.map((h) => h.hash));
			this.knownIssued.set(signing.hash, record);
		} catch (err) {
			if (!this.knownIssued.has(signing.hash)) throw err;
			record = this.knownIssued.get(signing.hash) ?? null;
		}
		const device = record && this.index(record.hall)?.config.devices.find((d) => d.id === record.device);
		if (!record || !device) return 'unknown';
		if (record.revokedAt !== null) {
			await this.refused(record.hall, device.id);
			return 'revoked';
		}
		// Before the answer: a device that signed in during the overlap keeps working once the old key goes.
		if (record.kid !== signing.kid) {
			await store.add({ ...record, hash: signing.hash, kid: signing.kid }).catch((err: unknown) => {
				this.o.log?.error({ hall: record.hall, device: device.id, err: err instanceof Error ? err.message : String(err) }, 'device token not hashed under the new key yet');
			});
		}
		return { hall: record.hall, device };
	}

	/**
	 * Makes a token for a device of the hall's configuration, kept as its keyed hash and returned
	 * once. With `replace` (a lost or replaced device) every other token of the device is revoked
	 * first, the hall file's one too.
	 */
	async issueDeviceToken(hall: string, deviceId: string, by: string, options: { replace: boolean }): Promise<IssuedDeviceToken> {
		const store = this.o.deviceTokens ?? fail('DEVICE.NO_REGISTRY', 'this server has no relational store to keep device tokens in');
		const device = this.deviceOf(hall, deviceId);
		const at = this.o.clock.now();
		const replaced = options.replace ? await this.revokeTokens(hall, device, at, by) : 0;
		const token = ISSUED_TOKEN_PREFIX + randomBytes(32).toString('base64url');
		const signing = this.o.keys.deviceTokenHashes(token)[0]!;
		await store.add({ hash: signing.hash, kid: signing.kid, tokenId: randomBytes(12).toString('base64url'), hall, device: device.id, issuedAt: at, issuedBy: by, revokedAt: null, revokedBy: null });
		await this.record(hall, 'device.tokenIssued', { actor: by, subject: device.id, detail: options.replace ? 'replaced=yes' : null });
		return { device: device.id, token, issuedAt: at, replaced };
	}

	/** A device of the hall's configuration in force, or DEVICE.NOT_FOUND. */
	private deviceOf(hall: string, deviceId: string): DeviceConfig {
		return this.index(hall)?.config.devices.find((d) => d.id === deviceId) ?? fail('DEVICE.NOT_FOUND', `no device ${deviceId}`);
	}

	/** Revokes every token of the device: the hall file's and those the server issued. */
	async revokeDevice(hall: string, deviceId: string, by: string): Promise<{ device: string; at: number; by: string }> {
		const device = this.deviceOf(hall, deviceId);
		const at = this.o.clock.now();
		await this.revokeTokens(hall, device, at, by);
		await this.record(hall, 'device.revoke', { actor: by, subject: device.id });
		return { device: device.id, at, by };
	}

	/** How many tokens were revoked (the hall file's counts once). */
	private async revokeTokens(hall: string, device: DeviceConfig, at: number, by: string): Promise<number> {
		let revoked = 0;
		if (device.tokenHash !== undefined && !(await this.o.security.isRevoked(device.tokenHash))) {
			await this.o.security.revokeDevice({ hall, device: device.id, tokenHash: device.tokenHash, at, by });
			this.knownRevoked.set(device.tokenHash, true);
			revoked++;
		}
		revoked += (await this.o.deviceTokens?.revoke(hall, device.id, at, by)) ?? 0;
		this.knownIssued.clear();
		return revoked;
	}

	/** The tokens the server issued for the hall's devices: when, by whom, revoked or not (never a hash). */
	async issuedTokens(hall: string): Promise<DeviceTokenView[]> {
		const records = (await this.o.deviceTokens?.list(hall)) ?? [];
		const byToken = new Map<string, DeviceTokenView>();
		for (const r of records) {
			const seen = byToken.get(r.tokenId);
			if (seen) seen.keys.push(r.kid);
			else byToken.set(r.tokenId, { device: r.device, issuedAt: r.issuedAt, issuedBy: r.issuedBy, revokedAt: r.revokedAt, revokedBy: r.revokedBy, keys: [r.kid] });
		}
		for (const t of byToken.values()) t.keys.sort();
		return [...byToken.values()];
	}

	async restoreDevice(hall: string, deviceId: string, by: string): Promise<boolean> {
		this.deviceOf(hall, deviceId);
		const restored = await this.o.security.restoreDevice(hall, deviceId);
		this.knownRevoked.clear();
		if (restored) await this.record(hall, 'device.restore', { actor: by, subject: deviceId });
		return restored;
	}
}

function lockedError(until: number, now: number): never {
	const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
	fail('AUTH.LOCKED', `too many wrong passwords: the account is locked for ${minutes} more minute(s)`);
}
