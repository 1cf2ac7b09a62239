/**
 * The behaviour every DeviceTokenStore adapter must have (server/core/ports.ts), run on each
 * relational store: hashes found in the order asked, a hash added twice kept as first added, and a
 * revocation that stamps every hash of the device's live tokens once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArchiveStore, DeviceTokenRecord } from '../../server/core/ports';
import type { ArchiveStoreFixture } from './archive-store.contract';

const AT = Date.UTC(2026, 11, 8, 1, 0);
const record = (hash: string, over: Partial<DeviceTokenRecord> = {}): DeviceTokenRecord => ({
	hash: hash.padEnd(64, '0'),
	kid: 'k1',
	tokenId: `t-${hash}`,
	hall: 'city-hall',
	device: 'kiosk-1',
	issuedAt: AT,
	issuedBy: 'admin',
	revokedAt: null,
	revokedBy: null,
	...over
});

export function deviceTokenStoreContract(name: string, open: () => Promise<ArchiveStoreFixture>): void {
	describe(`DeviceTokenStore contract: ${name}`, { timeout: 60_000 }, () => {
		let store: ArchiveStore;
		let cleanup: () => Promise<void>;
		beforeEach(async () => {
			({ store, cleanup } = await open());
		});
		afterEach(async () => {
			await store.close();
			await cleanup();
		});

		it('finds the first known of several hashes, and keeps a hash added twice as it was first', async () => {
			const tokens = store.deviceTokens;
			expect(await tokens.find([record('a').hash])).toBeNull();
			expect(await tokens.find([])).toBeNull();
			await tokens.add(record('a'));
			// The same token hashed under the next key, as after a rotation.
			await tokens.add(record('b', { kid: 'k2', tokenId: 't-a', issuedAt: AT + 5 }));
			await tokens.add(record('a', { device: 'other', issuedBy: 'someone else' }));
			expect(await tokens.find([record('x').hash, record('b').hash, record('a').hash])).toEqual(record('b', { kid: 'k2', tokenId: 't-a', issuedAt: AT + 5 }));
			expect(await tokens.find([record('a').hash])).toEqual(record('a'));
			expect((await tokens.list('city-hall')).map((r) => r.hash)).toEqual([record('a').hash, record('b').hash]);
			expect(await tokens.list('county-hall')).toEqual([]);
		});

		it("revokes every hash of the device's live tokens once, and no other device's", async () => {
			const tokens = store.deviceTokens;
			await tokens.add(record('a'));
			await tokens.add(record('b', { kid: 'k2', tokenId: 't-a' }));
			await tokens.add(record('c'));
			await tokens.add(record('d', { device: 'board-1' }));
			await tokens.add(record('e', { hall: 'county-hall' }));
			expect(await tokens.revoke('city-hall', 'kiosk-1', AT + 60_000, 'admin-2')).toBe(2);
			expect(await tokens.revoke('city-hall', 'kiosk-1', AT + 120_000, 'admin-3')).toBe(0);
			const stamped = { revokedAt: AT + 60_000, revokedBy: 'admin-2' };
			expect(await tokens.find([record('b').hash])).toMatchObject(stamped);
			expect(await tokens.find([record('c').hash])).toMatchObject(stamped);
			expect(await tokens.find([record('d').hash])).toMatchObject({ revokedAt: null });
			expect(await tokens.find([record('e').hash])).toMatchObject({ revokedAt: null });
			// A hash under a new key added as the token was being revoked (a rehash racing the revocation) is revoked with it.
			await tokens.add(record('g', { kid: 'k2', tokenId: 't-a' }));
			expect(await tokens.find([record('g').hash])).toMatchObject(stamped);
			// A token issued after the revocation is live.
			await tokens.add(record('f', { issuedAt: AT + 180_000 }));
			expect(await tokens.find([record('f').hash])).toMatchObject({ revokedAt: null });
		});
	});
}
