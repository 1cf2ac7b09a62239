/**
 * The readiness checks on real SQLite stores (server/app/readiness.ts): all answer; a closed live
 * store is unavailable; a hall-day failing to archive for longer than the allowed lag is not ready,
 * a fresh failure is.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LifecycleStatus } from '../../server/app/day-lifecycle';
import { readiness, type ReadinessOptions } from '../../server/app/readiness';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';
import { SqliteSecurityStore } from '../../server/store/sqlite/sqlite-security-store';

const NOW = Date.UTC(2026, 11, 7, 4, 0);
const HOUR = 3_600_000;
let dir: string;
let o: ReadinessOptions;
let status: LifecycleStatus | null;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'hallq-ready-'));
	status = null;
	o = {
		store: SqliteEventStore.open(join(dir, 'live.db')),
		archive: await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'archive.db') }),
		security: SqliteSecurityStore.open(join(dir, 'security.db')),
		lifecycle: () => status,
		hall: 'test',
		timeoutMs: 2000,
		archiveLagMs: 24 * HOUR,
		now: () => NOW
	};
});
afterEach(async () => {
	await o.store.close();
	await o.archive.close();
	await o.security.close();
	rmSync(dir, { recursive: true, force: true });
});

const failing = (sinceHoursAgo: number): LifecycleStatus => ({
	lastRoundAt: NOW,
	archived: 0,
	dropped: 0,
	failing: [{ hall: 'test', day: '2026-12-05', code: 'ARCHIVE.UNAVAILABLE', message: 'x', since: NOW - sinceHoursAgo * HOUR, attempts: 9 }],
	lastPurge: null
});

describe('readiness', () => {
	it('ready when every store answers and nothing lags', async () => {
		const r = await readiness(o);
		expect(r.ready).toBe(true);
		expect(r.checks.every((c) => c.ok && c.code === null)).toBe(true);
	});

	it('a day failing to archive past the lag is not ready; a recent failure is', async () => {
		status = failing(2);
		expect((await readiness(o)).ready).toBe(true);
		status = failing(25);
		const r = await readiness(o);
		expect(r.ready).toBe(false);
		expect(r.checks.find((c) => c.name === 'lifecycle')).toMatchObject({ ok: false, code: 'ARCHIVE.LAGGING' });
	});

	it('a live store that cannot take writes is unavailable', async () => {
		await o.store.close();
		const r = await readiness(o);
		expect(r.checks.find((c) => c.name === 'store')).toMatchObject({ ok: false, code: 'STORE.UNAVAILABLE' });
		expect(r.ready).toBe(false);
	});
});
