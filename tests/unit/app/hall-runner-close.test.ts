/**
 * A hall-day closes by itself (HallRunner.closeIfDue), with an injected clock on a real SQLite store:
 * today's at closing time plus grace, an earlier day left open (the server was down at midnight)
 * as of the time it was due, once however many processes try.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HallRunner } from '../../../server/app/hall-runner';
import type { Command } from '../../../server/core/commands';
import type { DayClosed } from '../../../server/core/events';
import { indexHall } from '../../../server/core/hall-index';
import type { HallConfig } from '../../../server/core/model';
import { SqliteEventStore } from '../../../server/store/sqlite/sqlite-event-store';
import { testHall } from '../../support/test-hall';

const dirs: string[] = [];
const stores: SqliteEventStore[] = [];
afterEach(async () => {
	for (const s of stores.splice(0)) await s.close();
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openStore(): SqliteEventStore {
	const dir = mkdtempSync(join(tmpdir(), 'hallq-close-'));
	dirs.push(dir);
	const store = SqliteEventStore.open(join(dir, 'q.db'), { synchronous: 'OFF' });
	stores.push(store);
	return store;
}

/** Issuing 08:30–17:00 on weekdays (Shanghai): the day closes at 17:30 (30 minutes' grace). */
function weekdayHall(): HallConfig {
	return { ...testHall(), hours: [{ days: [1, 2, 3, 4, 5], from: '08:30', to: '17:00' }] };
}

/** Thursday 2026-03-12 in Shanghai (UTC+8). */
const at = (hhmm: string, date = '2026-03-12') => Date.parse(`${date}T${hhmm}:00+08:00`);
const quiet = { warn: () => undefined, error: () => undefined };
const issue = (req: string): Command => ({ kind: 'issue', req, service: 'S1', priority: 'none', kiosk: 'K1', token: `tok-${req}`, identity: null });

function runnerOn(store: SqliteEventStore, hall: HallConfig, clock: { now: () => number }) {
	return new HallRunner({ index: indexHall(hall), store, clock, log: quiet, onEvents: () => undefined });
}

async function closings(store: SqliteEventStore, day: string): Promise<DayClosed[]> {
	const events = await store.readAfter({ hall: 'test', day }, 0, 1000);
	return events.filter((e): e is DayClosed & { seq: number } => e.type === 'DayClosed').map(({ seq: _seq, ...e }) => e);
}

describe('closing a hall-day by itself', () => {
	it('closes today at the end of issuing hours plus grace, not a minute before', async () => {
		const store = openStore();
		let now = at('16:59');
		const r = runnerOn(store, weekdayHall(), { now: () => now });
		await r.execute(issue('k1-late'));
		now = at('17:29') + 59_000; // 17:29:59
		expect(await r.closeIfDue('2026-03-12')).toBe(false);
		now = at('17:30');
		expect(await r.closeIfDue('2026-03-12')).toBe(true);
		expect(await closings(store, '2026-03-12')).toEqual([{ type: 'DayClosed', at: at('17:30'), req: '@close:2026-03-12', reason: 'schedule', by: null, note: null }]);
		const { state } = await r.current();
		expect(state.tickets.A001?.status).toBe('unserved');
		// Again (the next round, another process): nothing more is appended.
		expect(await r.closeIfDue('2026-03-12')).toBe(true);
		expect(await closings(store, '2026-03-12')).toHaveLength(1);
		await expect(r.execute(issue('k1-after'))).rejects.toMatchObject({ code: 'DAY.CLOSED' });
		await r.close();
	});

	it('closes a day with no issuing hours (a Saturday) at midnight', async () => {
		const store = openStore();
		let now = at('10:00', '2026-03-14');
		const r = runnerOn(store, weekdayHall(), { now: () => now });
		await r.execute({ kind: 'openCounter', req: 'sup-open', counter: 'C1', staff: 'u1' });
		now = at('23:59', '2026-03-14');
		expect(await r.closeIfDue('2026-03-14')).toBe(false);
		now = at('00:00', '2026-03-15') + 5_000;
		expect(await r.closeIfDue('2026-03-14')).toBe(true);
		const [closed] = await closings(store, '2026-03-14');
		expect(closed).toMatchObject({ reason: 'midnight', at: at('00:00', '2026-03-15') });
		await r.close();
	});

	it('closes an earlier day left open as of when it was due, once, when two processes try together', async () => {
		const store = openStore();
		let now = at('16:00');
		const first = runnerOn(store, weekdayHall(), { now: () => now });
		await first.execute(issue('k1-a'));
		await first.execute({ kind: 'openCounter', req: 'u1-open', counter: 'C1', staff: 'u1' });
		await first.execute({ kind: 'callNext', req: 'u1-next', counter: 'C1', staff: 'u1' });
		await first.execute({ kind: 'start', req: 'u1-start', counter: 'C1', staff: 'u1' });
		await first.execute(issue('k1-b'));
		await first.close();
		// Every process was down from 16:00 until the next morning.
		now = at('08:00', '2026-03-13');
		const a = runnerOn(store, weekdayHall(), { now: () => now });
		const b = runnerOn(store, weekdayHall(), { now: () => now });
		expect(await Promise.all([a.closeIfDue('2026-03-12'), b.closeIfDue('2026-03-12')])).toEqual([true, true]);
		expect(await closings(store, '2026-03-12')).toEqual([{ type: 'DayClosed', at: at('17:30'), req: '@close:2026-03-12', reason: 'schedule', by: null, note: null }]);
		const { state } = await a.stateOf('2026-03-12');
		expect(state.closed).toMatchObject({ reason: 'schedule', at: at('17:30') });
		expect([state.tickets.A001?.status, state.tickets.A001?.outcome, state.tickets.A002?.status]).toEqual(['done', 'closedInService', 'unserved']);
		// Today is untouched: it opens at 08:30 as usual.
		expect((await a.current()).state.closed).toBeNull();
		await a.close();
		await b.close();
	});

	it('never closes a day that has not come yet', async () => {
		const store = openStore();
		const r = runnerOn(store, weekdayHall(), { now: () => at('18:00') });
		expect(await r.closeIfDue('2026-03-13')).toBe(false);
		expect(await store.days()).toEqual([]);
		await r.close();
	});
});
