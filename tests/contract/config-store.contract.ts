/**
 * The behaviour every ConfigVersionStore adapter must have (server/core/ports.ts), run on each
 * relational store: versions stored once each, read back as saved (field order kept), listed
 * newest first, and two saves of the same next version end in one row.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConfigVersion } from '../../server/core/config-version';
import type { ArchiveStore } from '../../server/core/ports';
import type { ArchiveStoreFixture } from './archive-store.contract';

const version = (n: number, over: Partial<ConfigVersion> = {}): ConfigVersion => ({
	hall: 'city-hall',
	version: n,
	at: Date.UTC(2026, 11, 7, 2, n),
	author: 'admin',
	reason: `change ${n}`,
	source: 'edit',
	restores: null,
	digest: `${n}`.padStart(16, '0'),
	config: { id: 'city-hall', zeta: n, alpha: { z: 1, a: 2 } },
	...over
});

export function configStoreContract(name: string, open: () => Promise<ArchiveStoreFixture>): void {
	describe(`ConfigVersionStore contract: ${name}`, { timeout: 60_000 }, () => {
		let store: ArchiveStore;
		let cleanup: () => Promise<void>;
		beforeEach(async () => {
			({ store, cleanup } = await open());
		});
		afterEach(async () => {
			await store.close();
			await cleanup();
		});

		it('stores versions once each and reads them back as saved, newest first', async () => {
			expect(await store.configs.latest('city-hall')).toBeNull();
			expect(await store.configs.add(version(1, { source: 'file', author: 'config file' }))).toBe(true);
			expect(await store.configs.add(version(2))).toBe(true);
			expect(await store.configs.add(version(3, { source: 'rollback', restores: 1 }))).toBe(true);
			expect(await store.configs.add(version(1, { reason: 'again' }))).toBe(false);
			expect(await store.configs.add(version(1, { hall: 'county' }))).toBe(true);

			const latest = await store.configs.latest('city-hall');
			expect(latest).toEqual(version(3, { source: 'rollback', restores: 1 }));
			expect(Object.keys(latest?.config as object)).toEqual(['id', 'zeta', 'alpha']);
			expect(await store.configs.get('city-hall', 1)).toEqual(version(1, { source: 'file', author: 'config file' }));
			expect(await store.configs.get('city-hall', 9)).toBeNull();
			expect((await store.configs.list('city-hall', { limit: 10 })).map((v) => v.version)).toEqual([3, 2, 1]);
			expect((await store.configs.list('city-hall', { limit: 1, before: 3 })).map((v) => [v.version, v.reason])).toEqual([[2, 'change 2']]);
			expect(await store.configs.latestFromFile('city-hall')).toMatchObject({ version: 1, source: 'file' });
			expect(await store.configs.latestFromFile('nowhere')).toBeNull();
		});

		it('of two saves of the same next version at once, one is stored', async () => {
			await store.configs.add(version(1));
			const results = await Promise.all([store.configs.add(version(2, { author: 'a' })), store.configs.add(version(2, { author: 'b' }))]);
			expect(results.filter(Boolean)).toHaveLength(1);
			expect((await store.configs.list('city-hall', { limit: 10 })).map((v) => v.version)).toEqual([2, 1]);
		});
	});
}
