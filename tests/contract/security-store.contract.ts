/**
 * What every SecurityStore adapter must do (server/core/security.ts). `makeStore` gives an empty
 * store; `reopen` another handle on the same data (another process, or after a restart).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecurityStore } from '../../server/core/security';

export interface SecurityStoreFixture {
	store: SecurityStore;
	reopen: () => Promise<SecurityStore>;
	cleanup: () => Promise<void>;
}

const POLICY = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };
const T0 = Date.UTC(2026, 8, 30, 2, 0, 0);

export function securityStoreContract(name: string, makeStore: () => Promise<SecurityStoreFixture>): void {
	describe(`SecurityStore contract: ${name}`, () => {
		let f: SecurityStoreFixture;
		const handles: SecurityStore[] = [];
		const other = async () => {
			const s = await f.reopen();
			handles.push(s);
			return s;
		};
		beforeEach(async () => {
			f = await makeStore();
			handles.push(f.store);
		});
		afterEach(async () => {
			for (const h of handles.splice(0)) await h.close();
			await f.cleanup();
		});

		it('keeps a session epoch per staff member, bumped for everyone who reads it', async () => {
			expect(await f.store.epoch('h', 's1')).toBe(0);
			expect(await f.store.bumpEpoch('h', 's1')).toBe(1);
			expect(await f.store.bumpEpoch('h', 's1')).toBe(2);
			const b = await other();
			expect(await b.epoch('h', 's1')).toBe(2);
			expect(await b.epoch('h', 's2')).toBe(0);
			expect(await b.epoch('h2', 's1')).toBe(0);
		});

		it('keeps a changed password hash, the latest winning, across handles', async () => {
			expect(await f.store.passwordHash('h', 's1')).toBeNull();
			await f.store.setPasswordHash('h', 's1', 'scrypt$1', T0);
			await f.store.setPasswordHash('h', 's1', 'scrypt$2', T0 + 1);
			expect(await (await other()).passwordHash('h', 's1')).toBe('scrypt$2');
			expect(await f.store.passwordHash('h', 's2')).toBeNull();
		});

		it('locks an account after N failures within the window, for the lock time, shared', async () => {
			const b = await other();
			expect(await f.store.loginFailed('h/s1', T0, POLICY)).toBeNull();
			expect(await b.loginFailed('h/s1', T0 + 1000, POLICY)).toBeNull();
			expect(await f.store.lockedUntil('h/s1', T0 + 1000)).toBeNull();
			expect(await b.loginFailed('h/s1', T0 + 2000, POLICY)).toBe(T0 + 2000 + POLICY.lockMs);
			expect(await f.store.lockedUntil('h/s1', T0 + 3000)).toBe(T0 + 2000 + POLICY.lockMs);
			// More failures while locked do not lengthen the lock.
			expect(await f.store.loginFailed('h/s1', T0 + 4000, POLICY)).toBe(T0 + 2000 + POLICY.lockMs);
			expect(await f.store.lockedUntil('h/s1', T0 + 2000 + POLICY.lockMs)).toBeNull();
			expect(await f.store.lockedUntil('h/s2', T0 + 3000)).toBeNull();
		});

		it('forgets failures older than the window, and all of them on a success', async () => {
			await f.store.loginFailed('h/s1', T0, POLICY);
			await f.store.loginFailed('h/s1', T0 + 1000, POLICY);
			// The window has passed: counting starts again.
			expect(await f.store.loginFailed('h/s1', T0 + POLICY.windowMs + 1000, POLICY)).toBeNull();
			expect(await f.store.loginFailed('h/s1', T0 + POLICY.windowMs + 2000, POLICY)).toBeNull();
			await f.store.loginSucceeded('h/s1');
			expect(await f.store.loginFailed('h/s1', T0 + POLICY.windowMs + 3000, POLICY)).toBeNull();
			expect(await f.store.loginFailed('h/s1', T0 + POLICY.windowMs + 4000, POLICY)).toBeNull();
			expect(await f.store.loginFailed('h/s1', T0 + POLICY.windowMs + 5000, POLICY)).not.toBeNull();
		});

		it('revokes device tokens per hall and takes revocations back', async () => {
			await f.store.revokeDevice({ hall: 'h', device: 'K1', tokenHash: 'a'.repeat(64), at: T0, by: 'adm' });
			await f.store.revokeDevice({ hall: 'h', device: 'K2', tokenHash: 'b'.repeat(64), at: T0 + 1, by: 'adm' });
			await f.store.revokeDevice({ hall: 'h2', device: 'K1', tokenHash: 'c'.repeat(64), at: T0 + 2, by: 'root' });
			const b = await other();
			expect(await b.isRevoked('a'.repeat(64))).toBe(true);
			expect(await b.isRevoked('d'.repeat(64))).toBe(false);
			expect((await b.revokedDevices('h')).map((r) => [r.device, r.by, r.at])).toEqual([
				['K1', 'adm', T0],
				['K2', 'adm', T0 + 1]
			]);
			expect(await b.restoreDevice('h', 'K1')).toBe(true);
			expect(await b.restoreDevice('h', 'K1')).toBe(false);
			expect(await f.store.isRevoked('a'.repeat(64))).toBe(false);
			expect(await f.store.isRevoked('c'.repeat(64))).toBe(true);
		});
	});
}
