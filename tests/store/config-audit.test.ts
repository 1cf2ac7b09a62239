/**
 * The hall file in the audit trail (server/app/config-audit.ts): the first start records it, a
 * start with the same file records nothing, a changed file is recorded with the digest it replaced,
 * and processes starting at once record a change once. On a real SQLite archive.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configDigest, recordConfigChanges } from '../../server/app/config-audit';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { testHall } from '../support/test-hall';

const T0 = Date.UTC(2026, 11, 7, 0, 0);
let dir: string;
let archive: SqlArchiveStore;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'hallq-config-audit-'));
	archive = await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'archive.db') });
});
afterEach(async () => {
	await archive?.close();
	rmSync(dir, { recursive: true, force: true });
});

const changes = () => archive.audit.securityEvents({ hall: 'test', from: '2026-01-01', to: '2026-12-31', action: 'config' }, null, 100);

describe('recording the hall configuration', () => {
	it('records the first file, nothing for the same one, and a change with what it replaced', async () => {
		const first = testHall();
		expect(await recordConfigChanges(archive.audit, [first], T0)).toEqual(['test']);
		expect(await recordConfigChanges(archive.audit, [testHall()], T0 + 1_000)).toEqual([]);
		const second = { ...testHall(), name: { zh: '测试大厅（新址）', en: 'Test hall (new address)' } };
		expect(await recordConfigChanges(archive.audit, [second], T0 + 2_000)).toEqual(['test']);
		const recorded = await changes();
		expect(recorded.map((e) => [e.action, e.actor, e.day, e.detail])).toEqual([
			['config.change', null, '2026-12-07', `digest=${configDigest(first)}`],
			['config.change', null, '2026-12-07', `digest=${configDigest(second)} was=${configDigest(first)}`]
		]);
		// Keys in another order are the same configuration.
		const reordered = Object.fromEntries(Object.entries(second).reverse()) as typeof second;
		expect(await recordConfigChanges(archive.audit, [reordered], T0 + 3_000)).toEqual([]);
		// Back to the first file: a change again (not mistaken for the first record).
		expect(await recordConfigChanges(archive.audit, [first], T0 + 4_000)).toEqual(['test']);
		expect(await changes()).toHaveLength(3);
	});

	it('two processes starting at once with a new file record it once', async () => {
		await recordConfigChanges(archive.audit, [testHall()], T0);
		const next = { ...testHall(), name: { zh: '测试大厅二', en: 'Test hall 2' } };
		const [a, b] = await Promise.all([recordConfigChanges(archive.audit, [next], T0 + 1_000), recordConfigChanges(archive.audit, [next], T0 + 1_500)]);
		expect([...a, ...b]).toEqual(['test']);
		expect(await changes()).toHaveLength(2);
	});

	it('the digest is 16 hex digits of the whole file: any change gives another', () => {
		const hall = testHall();
		expect(configDigest(hall)).toMatch(/^[0-9a-f]{16}$/);
		expect(configDigest({ ...hall, timeZone: "Asia/Urumqi" })).not.toBe(configDigest(hall));
	});
});
