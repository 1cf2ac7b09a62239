/**
 * Configuration versions on a real SQLite archive (a temp file): save, validation at the field,
 * conflicts, no version for no change, rollback as a new version, comparison, start-up seeding,
 * and each sample hall file imported and exported again byte for byte.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigVersions, FILE_AUTHOR } from '../../../server/app/config-versions';
import { SqlArchiveStore } from '../../../server/store/sql/sql-archive-store';

const TINY = readFileSync('tests/fixtures/halls/tiny.json', 'utf8');
const T0 = Date.UTC(2026, 11, 7, 2, 0);

describe('configuration versions', () => {
	let dir: string;
	let store: SqlArchiveStore;
	let clock: number;
	let versions: ConfigVersions;
	const tiny = () => JSON.parse(TINY) as Record<string, unknown> & { services: { code: string; zone: string; avgHandleMinutes: number }[] };

	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'hallq-config-'));
		store = await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'archive.db') });
		clock = T0;
		versions = new ConfigVersions(store.configs, () => clock);
	});
	afterEach(async () => {
		await store.close();
		await rm(dir, { recursive: true, force: true });
	});

	it('imports each sample hall file and exports it again, byte for byte', async () => {
		for (const file of ['config/city-hall.json', 'config/county-hall.json', 'config/township.json', 'tests/fixtures/halls/tiny.json']) {
			const text = readFileSync(file, 'utf8');
			const hall = (JSON.parse(text) as { id: string }).id;
			const out = await versions.importFile(hall, text, 'admin', 'seed');
			expect(out).toMatchObject({ saved: true, version: { hall, version: 1, source: 'file', author: 'admin' } });
			expect(await versions.exportFile(hall)).toBe(text);
		}
	});

	it('saves edits as versions 1, 2, …; a save on top of an older version is refused and changes nothing', async () => {
		await versions.importFile('tiny', TINY, 'admin', 'seed');
		const edited = tiny();
		edited.services[0]!.avgHandleMinutes = 25;
		clock += 60_000;
		const second = await versions.save({ hall: 'tiny', config: edited, basedOn: 1, author: 'admin', reason: '办理时长调整' });
		expect(second).toEqual({ saved: true, version: { hall: 'tiny', version: 2, at: T0 + 60_000, author: 'admin', reason: '办理时长调整', source: 'edit', restores: null, digest: expect.stringMatching(/^[0-9a-f]{16}$/) } });
		await expect(versions.save({ hall: 'tiny', config: tiny(), basedOn: 1, author: 'sup01', reason: 'x' })).rejects.toMatchObject({ code: 'CONFIG.CONFLICT' });
		expect((await versions.history('tiny', { limit: 10 })).map((v) => v.version)).toEqual([2, 1]);
	});

	it('refuses an invalid configuration with each problem at its field, and saves nothing', async () => {
		await versions.importFile('tiny', TINY, 'admin', 'seed');
		const bad = tiny();
		bad.services[0]!.zone = 'nowhere';
		bad.services[1]!.avgHandleMinutes = -1;
		const err = await versions.save({ hall: 'tiny', config: bad, basedOn: 1, author: 'admin', reason: 'r' }).catch((e: unknown) => e);
		expect(err).toMatchObject({ code: 'CONFIG.INVALID' });
		const problems = (err as { problems: { path: string; message: string; zh: string }[] }).problems;
		expect(problems.map((p) => p.path).sort()).toEqual(['services[0].zone', 'services[1].avgHandleMinutes']);
		// In Chinese at each field: the schema's own message by its pattern, zod's from its zh-CN locale.
		expect(problems.find((p) => p.path === 'services[0].zone')).toMatchObject({ message: 'unknown zone "nowhere"', zh: '没有区域“nowhere”' });
		expect(problems.find((p) => p.path === 'services[1].avgHandleMinutes')?.zh).toMatch(/^数值过小/);
		await expect(versions.save({ hall: 'tiny', config: { ...tiny(), id: 'other' }, basedOn: 1, author: 'admin', reason: 'r' })).rejects.toMatchObject({ code: 'CONFIG.INVALID', problems: [{ path: 'id' }] });
		await expect(versions.save({ hall: 'tiny', config: tiny(), basedOn: 1, author: 'admin', reason: '  ' })).rejects.toMatchObject({ code: 'CONFIG.INVALID', problems: [{ path: '(reason)' }] });
		await expect(versions.importFile('tiny', '{"id":', 'admin', 'r')).rejects.toMatchObject({ code: 'CONFIG.INVALID', problems: [{ path: '(file)' }] });
		expect((await versions.history('tiny', { limit: 10 })).map((v) => v.version)).toEqual([1]);
	});

	it('a save that changes nothing (fields in another order) makes no version', async () => {
		await versions.importFile('tiny', TINY, 'admin', 'seed');
		const reordered = Object.fromEntries(Object.entries(tiny()).reverse());
		expect(await versions.save({ hall: 'tiny', config: reordered, basedOn: 1, author: 'admin', reason: 'r' })).toMatchObject({ saved: false, version: { version: 1 } });
		expect((await versions.history('tiny', { limit: 10 })).length).toBe(1);
	});

	it('rolls back as a new version that restores the old one, and compares any two', async () => {
		await versions.importFile('tiny', TINY, 'admin', 'seed');
		const edited = tiny();
		edited.services[0]!.avgHandleMinutes = 25;
		await versions.save({ hall: 'tiny', config: edited, basedOn: 1, author: 'admin', reason: 'longer' });
		const back = await versions.rollback('tiny', 1, 2, 'sup01', 'too long');
		expect(back.version).toMatchObject({ version: 3, source: 'rollback', restores: 1, author: 'sup01' });
		expect(await versions.exportFile('tiny')).toBe(TINY);
		expect(await versions.compare('tiny', 1, 2)).toEqual([{ path: 'services[biz-reg].avgHandleMinutes', kind: 'changed', before: 20, after: 25 }]);
		expect(await versions.compare('tiny', 2, 3)).toEqual([{ path: 'services[biz-reg].avgHandleMinutes', kind: 'changed', before: 25, after: 20 }]);
		expect(await versions.compare('tiny', 1, 3)).toEqual([]);
		await expect(versions.compare('tiny', 1, 9)).rejects.toMatchObject({ code: 'CONFIG.NOT_FOUND' });
	});

	it('at start-up the file is imported when it changed since the last import, and edits stay in force when it did not', async () => {
		const first = await versions.seed(tiny());
		expect(first).toMatchObject({ version: 1, source: 'file', author: FILE_AUTHOR });
		const edited = tiny();
		edited.services[0]!.avgHandleMinutes = 25;
		await versions.save({ hall: 'tiny', config: edited, basedOn: 1, author: 'admin', reason: 'longer' });
		expect(await versions.seed(tiny())).toMatchObject({ version: 2, source: 'edit' });
		const changedFile = tiny();
		changedFile.services[1]!.avgHandleMinutes = 12;
		expect(await versions.seed(changedFile)).toMatchObject({ version: 3, source: 'file', reason: 'the hall file changed' });
	});
});
