import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HallRunner, type RunnerOptions } from '../../../server/app/hall-runner';
import type { Command } from '../../../server/core/commands';
import { DomainError } from '../../../server/core/errors';
import type { HallEvent, StoredEvent } from '../../../server/core/events';
import { indexHall } from '../../../server/core/hall-index';
import type { EventStore } from '../../../server/core/ports';
import { SqliteEventStore } from '../../../server/store/sqlite/sqlite-event-store';
import { switchableStore } from '../../support/switchable-store';
import { testHall } from '../../support/test-hall';

const dirs: string[] = [];
const stores: EventStore[] = [];
afterEach(async () => {
	for (const s of stores.splice(0)) await s.close();
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openStore(file?: string): { store: SqliteEventStore; file: string } {
	const f = file ?? join((dirs.push(mkdtempSync(join(tmpdir(), 'hallq-runner-'))), dirs[dirs.length - 1] as string), 'q.db');
	const store = SqliteEventStore.open(f, { synchronous: 'OFF' });
	stores.push(store);
	return { store, file: f };
}

const quiet = { warn: () => undefined, error: () => undefined };
const index = indexHall(testHall());
let n = 0;
const req = () => `r${++n}`;
const issue = (service = 'S1'): Command => ({ kind: 'issue', req: req(), service, priority: 'none', kiosk: 'K1', token: `t${n}`, identity: null });

function runner(store: EventStore, extra: Partial<RunnerOptions> = {}) {
	const seen: StoredEvent[] = [];
	const r = new HallRunner({
		index,
		store,
		clock: { now: () => Date.now() },
		log: quiet,
		onEvents: (_k, events) => seen.push(...events),
		...extra
	});
	return { r, seen };
}

describe('HallRunner', () => {
	it('answers a burst of 70 counters pressing "call next" at once, each with its own ticket, in few appends', async () => {
		const { store } = openStore();
		let appends = 0;
		const counting: EventStore = Object.assign(Object.create(store) as EventStore, {
			append: (...a: Parameters<EventStore['append']>) => {
				appends++;
				return store.append(...a);
			}
		});
		// 70 counters of one big hall: reuse the 3 test counters' staff by making many counter ids.
		const big = testHall('big');
		big.counters = Array.from({ length: 70 }, (_, i) => ({ ...big.counters[0]!, id: `K${i}`, number: i + 1 }));
		big.staff = Array.from({ length: 70 }, (_, i) => ({ ...big.staff[0]!, id: `p${i}`, counters: [`K${i}`] }));
		const { r } = runner(counting, { index: indexHall(big) });
		await Promise.all(big.counters.map((c, i) => r.execute({ kind: 'openCounter', req: req(), counter: c.id, staff: `p${i}` })));
		await Promise.all(Array.from({ length: 100 }, () => r.execute(issue())));
		appends = 0;
		const outcomes = await Promise.all(big.counters.map((c, i) => r.execute({ kind: 'callNext', req: req(), counter: c.id, staff: `p${i}` })));
		const tickets = outcomes.map((o) => o.record.ticket);
		expect(new Set(tickets).size).toBe(70);
		expect(appends).toBeLessThanOrEqual(2);
	});

	it('snapshots after snapshotEvery events and then each time the log has doubled, the state as it was then', async () => {
		const { store } = openStore();
		const saved: { version: number; tickets: number }[] = [];
		const watching: EventStore = Object.assign(Object.create(store) as EventStore, {
			saveSnapshot: (...a: Parameters<EventStore['saveSnapshot']>) => {
				saved.push({ version: a[1].version, tickets: Object.keys(a[1].state.tickets).length });
				return store.saveSnapshot(...a);
			}
		});
		const { r } = runner(watching, { snapshotEvery: 10 });
		for (let i = 0; i < 100; i++) await r.execute(issue());
		expect(saved).toEqual([10, 20, 40, 80].map((v) => ({ version: v, tickets: v })));
		const loaded = await store.load(r.keyAt(Date.now()));
		expect(loaded.snapshot?.version).toBe(80);
		expect(Object.keys(loaded.snapshot?.state.tickets ?? {})).toHaveLength(80);
		expect(loaded.events).toHaveLength(20);
	});

	it('returns the first answer to a retried request, even when both are queued together', async () => {
		const { store } = openStore();
		const { r } = runner(store);
		const cmd = issue();
		const [a, b] = await Promise.all([r.execute(cmd), r.execute({ ...cmd })]);
		expect(a.record.ticket).toBe(b.record.ticket);
		expect(a.duplicate).toBe(false);
		expect(b.duplicate).toBe(true);
		const c = await r.execute({ ...cmd });
		expect(c.record.ticket).toBe(a.record.ticket);
		expect(c.duplicate).toBe(true);
		expect((await store.load(r.keyAt(Date.now()))).version).toBe(1);
	});

	it('two runners on one store (two processes) never hand out the same number', async () => {
		const { store, file } = openStore();
		const other = openStore(file).store;
		const a = runner(store).r;
		const b = runner(other).r;
		const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).execute(issue())));
		const ids = results.map((o) => o.record.ticket);
		expect(new Set(ids).size).toBe(200);
		const log = await store.load(a.keyAt(Date.now()));
		const issued = log.events.flatMap((e) => (e.type === 'TicketIssued' ? [e.serial] : []));
		expect([...issued].sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
	});

	it('a refused command in a batch does not hold up the others, and changes nothing', async () => {
		const { store } = openStore();
		const { r } = runner(store);
		const results = await Promise.allSettled([r.execute(issue()), r.execute(issue('NOPE')), r.execute(issue())]);
		expect(results.map((x) => x.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		const err = (results[1] as PromiseRejectedResult).reason as DomainError;
		expect(err.code).toBe('SERVICE.NOT_FOUND');
		expect((await r.current()).state.version).toBe(2);
	});

	it('answers STORE.UNAVAILABLE when the append fails, keeps no trace of it, and recovers', async () => {
		const { store } = openStore();
		let down = false;
		const flaky: EventStore = Object.assign(Object.create(store) as EventStore, {
			append: (k: Parameters<EventStore['append']>[0], v: number, e: HallEvent[]) =>
				down ? Promise.reject(new Error('connection refused')) : store.append(k, v, e)
		});
		const { r, seen } = runner(flaky);
		await r.execute(issue());
		down = true;
		await expect(r.execute(issue())).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE' });
		down = false;
		const next = await r.execute(issue());
		expect(next.record.ticket).toBe('A002'); // the failed one left no number behind
		expect(seen.filter((e) => e.type === 'TicketIssued').map((e) => (e.type === 'TicketIssued' ? e.ticket : ''))).toEqual(['A001', 'A002']);
	});

	it('gives up with STORE.CONFLICT after the configured attempts', async () => {
		const { store } = openStore();
		const alwaysLate: EventStore = Object.assign(Object.create(store) as EventStore, {
			append: async (k: Parameters<EventStore['append']>[0], v: number) => ({ ok: false as const, version: v + 1, missed: [] })
		});
		const { r } = runner(alwaysLate, { maxAttempts: 3, sleep: async () => undefined });
		await expect(r.execute(issue())).rejects.toMatchObject({ code: 'STORE.CONFLICT' });
	});

	it('refuses new commands once closing, after answering the queued ones', async () => {
		const { store } = openStore();
		const { r } = runner(store);
		const queued = [r.execute(issue()), r.execute(issue())];
		const closed = r.close();
		await expect(r.execute(issue())).rejects.toMatchObject({ code: 'SERVER.SHUTTING_DOWN' });
		expect((await Promise.all(queued)).map((o) => o.record.ticket)).toEqual(['A001', 'A002']);
		await closed;
	});

	it('readers never see a batch before it is durable, nor after it failed', async () => {
		const { store } = openStore();
		let release: () => void = () => undefined;
		const slow: EventStore = Object.assign(Object.create(store) as EventStore, {
			append: () =>
				new Promise<never>((_, reject) => {
					release = () => reject(new Error('disk full'));
				})
		});
		const { r } = runner(slow);
		const issuing = r.execute(issue()).catch((e: unknown) => e);
		await new Promise((res) => setTimeout(res, 10));
		const read = r.current();
		release();
		expect(await issuing).toMatchObject({ code: 'STORE.UNAVAILABLE' });
		expect((await read).state.order).toEqual([]);
	});

	it('raises the alarm when the store is behind what this process acknowledged', async () => {
		const { store } = openStore();
		let behind = false;
		const failingOver: EventStore = Object.assign(Object.create(store) as EventStore, {
			append: (k: Parameters<EventStore['append']>[0], v: number, e: HallEvent[]) =>
				behind ? Promise.resolve({ ok: false as const, version: 1, missed: [] }) : store.append(k, v, e)
		});
		const reloads: string[] = [];
		const { r } = runner(failingOver, { onReload: (_k, reason) => reloads.push(reason), maxAttempts: 1 });
		await r.execute(issue());
		await r.execute(issue());
		behind = true; // a replica that has only the first event takes over
		await expect(r.execute(issue())).rejects.toMatchObject({ code: 'STORE.CONFLICT' });
		expect(reloads).toEqual(['store behind: 1 < 2']);
	});

	it('gives a store that lost its tail (a late replica took over) the events back, so no number is handed out twice', async () => {
		const primary = openStore().store;
		const replica = openStore().store;
		const { store: failingOver, switchTo } = switchableStore(primary);
		const reloads: string[] = [];
		const { r } = runner(failingOver, { onReload: (_k, reason) => reloads.push(reason) });
		const first = await r.execute(issue());
		await r.execute(issue());
		const key = r.keyAt(Date.now());
		// The replica got only the first event before the primary was lost.
		const [e1] = await primary.readAfter(key, 0, 1);
		if (!e1) throw new Error('no first event');
		const { seq: _seq, ...body } = e1;
		await replica.append(key, 0, [body as HallEvent]);
		switchTo(replica);
		const third = await r.execute(issue());
		expect([first.record.ticket, third.record.ticket]).toEqual(['A001', 'A003']);
		expect(reloads).toEqual(['store behind: 1 events restored']);
		const before = await primary.readAfter(key, 0, 10);
		const after = await replica.readAfter(key, 0, 10);
		expect(after.slice(0, 2)).toEqual(before);
		expect(after.map((e) => (e.type === 'TicketIssued' ? e.ticket : e.type))).toEqual(['A001', 'A002', 'A003']);
	});

	it('cannot keep an acknowledged start that the store lost once a process that never saw it appends in its place (why Redis must fsync before it answers)', async () => {
		// Issue 16, reproduced step by step: Redis (appendfsync everysec, busy disk) answered the
		// append of a start and lost it in a SIGKILL; a process whose state had not reached it then
		// appended at that position, and the start could not be given back.
		const primary = openStore().store;
		const restarted = openStore().store;
		const { store: losing, switchTo } = switchableStore(primary);
		const a = runner(losing).r;
		const b = runner(losing).r;
		await a.execute({ kind: 'openCounter', req: req(), counter: 'C1', staff: 'u1' });
		await a.execute(issue());
		await a.execute({ kind: 'callNext', req: req(), counter: 'C1', staff: 'u1' });
		await b.current(); // b has seen the log up to the call
		const start = await a.execute({ kind: 'start', req: req(), counter: 'C1', staff: 'u1' });
		expect(start.record.ticket).toBe('A001'); // acknowledged
		const key = a.keyAt(Date.now());
		expect((await primary.readAfter(key, 0, 10)).map((e) => e.type)).toEqual(['CounterOpened', 'TicketIssued', 'TicketCalled', 'ServiceStarted']);
		// Redis comes back without the start: its AOF ended at the call.
		const kept = (await primary.readAfter(key, 0, 3)).map(({ seq: _seq, ...e }) => e as HallEvent);
		await restarted.append(key, 0, kept);
		switchTo(restarted);
		await b.execute(issue()); // b appends at version 3 + 1: the store accepts, it cannot tell
		const log = await restarted.readAfter(key, 0, 10);
		expect(log.map((e) => e.type)).toEqual(['CounterOpened', 'TicketIssued', 'TicketCalled', 'TicketIssued']);
		// a learns of it by its next append and can no longer put its start back.
		await a.execute(issue()).catch(() => undefined);
		const after = await restarted.readAfter(key, 0, 10);
		expect(after.filter((e) => e.type === 'ServiceStarted')).toEqual([]);
	});

	it('a following runner applies and publishes the other process\'s events once, then appends without a conflict', async () => {
		const { store, file } = openStore();
		const other = openStore(file).store;
		const a = runner(store).r;
		const { r: b, seen } = runner(other);
		await b.current();
		for (let i = 0; i < 3; i++) await a.execute(issue());
		const at = b.followPosition();
		expect(at?.afterSeq).toBe(0);
		if (!at) throw new Error('b follows nothing');
		const events = await other.readAfter(at.key, at.afterSeq, 100);
		b.ingestFollowed(at.key, events);
		b.ingestFollowed(at.key, events); // a follower that read the same events twice
		expect(Object.keys((await b.current()).state.tickets)).toEqual(['A001', 'A002', 'A003']);
		expect(seen.map((e) => e.seq)).toEqual([1, 2, 3]);
		expect(b.followPosition()?.afterSeq).toBe(3);
		let appends = 0;
		const counting = other.append.bind(other);
		other.append = (...args) => {
			appends++;
			return counting(...args);
		};
		expect((await b.execute(issue())).record.ticket).toBe('A004');
		expect(appends).toBe(1); // no conflict: it was already up to date
		expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
	});

	it('publishes every event exactly once and in log order when it learns them by conflict', async () => {
		const { store, file } = openStore();
		const other = openStore(file).store;
		const a = runner(store);
		const b = runner(other);
		await b.r.current();
		await a.r.execute(issue());
		await a.r.execute(issue());
		// b has not followed: its append conflicts, it reloads, publishes A001 and A002, then its own.
		expect((await b.r.execute(issue())).record.ticket).toBe('A003');
		await a.r.execute(issue());
		expect((await b.r.execute(issue('S3'))).record.ticket).toBe('C001');
		expect(b.seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
		expect(b.seen.filter((e) => e.type === 'TicketIssued').map((e) => (e as { ticket: string }).ticket)).toEqual(['A001', 'A002', 'A003', 'A004', 'C001']);
		// a learned b's A003 by the conflict of its own fourth ticket: in order too, and nothing of b's C001 yet
		expect(a.seen.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
	});

	it('answers readers with STORE.UNAVAILABLE, not an internal error, while the store cannot load', async () => {
		const { store } = openStore();
		let down = true;
		const flaky: EventStore = Object.assign(Object.create(store) as EventStore, {
			load: (...args: Parameters<EventStore['load']>) => (down ? Promise.reject(new Error('connection refused')) : store.load(...args)),
			readAfter: (...args: Parameters<EventStore['readAfter']>) => (down ? Promise.reject(new Error('connection refused')) : store.readAfter(...args))
		});
		const { r } = runner(flaky);
		await expect(r.current()).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE' });
		await expect(r.eventsAfter(0, 10)).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE' });
		await expect(r.current()).rejects.toBeInstanceOf(DomainError);
		down = false;
		expect((await r.current()).state.version).toBe(0);
	});

	it('publishes followed events after its state was dropped by a store failure, without a command', async () => {
		const { store, file } = openStore();
		const other = openStore(file).store;
		let down = false;
		const flaky: EventStore = Object.assign(Object.create(other) as EventStore, {
			append: (...args: Parameters<EventStore['append']>) => (down ? Promise.reject(new Error('store down')) : other.append(...args))
		});
		const a = runner(store).r;
		const { r: b, seen } = runner(flaky);
		await b.current();
		down = true;
		await expect(b.execute(issue())).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE' });
		down = false;
		await a.execute(issue());
		const at = b.followPosition();
		if (!at) throw new Error('b stopped following after the failure');
		b.ingestFollowed(at.key, await other.readAfter(at.key, at.afterSeq, 100));
		await expect.poll(() => seen.map((e) => e.seq)).toEqual([1]);
	});

	it('ignores a snapshot of an older state shape and folds the whole log, so new fields are never missing', async () => {
		const { store, file } = openStore();
		const { r: first } = runner(store);
		await first.execute({ kind: 'openCounter', req: req(), counter: 'C1', staff: 'u1' });
		await first.execute(issue());
		await first.execute({ kind: 'callNext', req: req(), counter: 'C1', staff: 'u1' });
		const { key, state } = await first.current();
		// As an earlier version saved it: no format, tickets without the fields added since.
		const old = structuredClone(state) as Partial<typeof state>;
		delete old.format;
		for (const t of Object.values(old.tickets ?? {})) delete (t as Partial<typeof t>).trail;
		await store.saveSnapshot(key, { version: state.version, state: old as typeof state });

		const { r: second } = runner(openStore(file).store);
		const loaded = (await second.current()).state;
		expect(loaded).toEqual(state);
		const moved = await second.execute({ kind: 'transfer', req: req(), counter: 'C1', staff: 'u1', toService: 'S2', toCounter: null });
		expect(moved.state.tickets['A001']?.trail).toHaveLength(1);
	});
	describe('a store with another history (a failover to an older copy, then appends by a process that knew no better)', () => {
		/** A runner on a switchable store, counting what it reports about the store. */
		function watched(store: EventStore) {
			const seenProblems = { behind: [] as boolean[], diverged: 0 };
			const reloads: string[] = [];
			const noop = () => undefined;
			const observer = { command: noop, batch: noop, append: noop, reload: noop, storeError: noop, storeBehind: (restored: boolean) => seenProblems.behind.push(restored), storeDiverged: () => (seenProblems.diverged += 1) };
			const { r } = runner(store, { observer, onReload: (_k, reason) => reloads.push(reason) });
			return { r, seenProblems, reloads };
		}
		/**
		 * A runner that executed `commands` on a primary store, and a copy of the primary's first event
		 * in a new store: the older copy that takes over at `switchTo(copy)`.
		 */
		async function failover(commands: Command[]) {
			const primary = openStore().store;
			const { store, switchTo } = switchableStore(primary);
			const a = watched(store);
			for (const c of commands) await a.r.execute(c);
			const key = a.r.keyAt(Date.now());
			const copy = openStore().store;
			const kept = (await primary.readAfter(key, 0, 1)).map(({ seq: _seq, ...e }) => e as HallEvent);
			await copy.append(key, 0, kept);
			return { a, key, primary, copy, switchTo };
		}
		const tickets = (events: StoredEvent[]) => events.flatMap((e) => (e.type === 'TicketIssued' ? [e.ticket] : []));

		it('of the same length: the append after this process\'s last event is refused, and it goes on from the store\'s history', async () => {
			const { a, key, copy, switchTo } = await failover([issue(), { kind: 'openCounter', req: req(), counter: 'C1', staff: 'u1' }]);
			// A process started after the failover issues A002 where a had opened its counter.
			await runner(copy).r.execute(issue());
			switchTo(copy);
			const next = await a.r.execute(issue());
			expect(next.record.ticket).toBe('A003'); // not a second A002
			expect(a.seenProblems.diverged).toBe(1);
			expect(a.reloads).toContain('store diverged at 2');
			const log = await copy.readAfter(key, 0, 10);
			expect(tickets(log)).toEqual(['A001', 'A002', 'A003']);
			expect(log.map((e) => e.type)).toEqual(['TicketIssued', 'TicketIssued', 'TicketIssued']);
			// Its state is the store's: counter C1 was never opened there.
			expect((await a.r.current()).state.counters.C1?.status ?? 'closed').toBe('closed');
		});

		it('longer than this process\'s: the conflict\'s missed events are not applied on top of its own', async () => {
			const { a, key, copy, switchTo } = await failover([issue(), issue(), issue()]);
			const b = runner(copy).r;
			for (let i = 0; i < 3; i++) await b.execute({ kind: 'openCounter', req: req(), counter: `C${i + 1}`, staff: `u${i + 1}` });
			switchTo(copy);
			expect((await a.r.execute(issue())).record.ticket).toBe('A002');
			expect(a.seenProblems.diverged).toBe(1);
			const log = await copy.readAfter(key, 0, 10);
			expect(tickets(log)).toEqual(['A001', 'A002']);
			expect(Object.keys((await a.r.current()).state.tickets)).toEqual(['A001', 'A002']);
		});

		it('behind, after the state was dropped (an append failed while the store went down): the reload gives the lost events back before deciding', async () => {
			const { a, key, primary, copy, switchTo } = await failover([issue(), issue(), issue()]);
			// The store goes away mid-append: the outcome is unknown, so the runner drops its state.
			const down: EventStore = Object.assign(Object.create(primary) as EventStore, { append: () => Promise.reject(new Error('connection lost')) });
			switchTo(down);
			await expect(a.r.execute(issue())).rejects.toMatchObject({ code: 'STORE.UNAVAILABLE' });
			switchTo(copy); // it comes back from the older copy
			expect((await a.r.execute(issue())).record.ticket).toBe('A004');
			expect(a.seenProblems.behind).toEqual([true]);
			expect(tickets(await copy.readAfter(key, 0, 10))).toEqual(['A001', 'A002', 'A003', 'A004']);
		});

		it('behind and diverged: the lost events are not put back on another history, and the alarm says so', async () => {
			const { a, key, copy, switchTo } = await failover([issue(), issue(), issue()]);
			await runner(copy).r.execute({ kind: 'openCounter', req: req(), counter: 'C1', staff: 'u1' });
			switchTo(copy);
			expect((await a.r.execute(issue())).record.ticket).toBe('A002');
			expect(a.seenProblems).toEqual({ behind: [false], diverged: 1 });
			const log = await copy.readAfter(key, 0, 10);
			expect(log.map((e) => e.type)).toEqual(['TicketIssued', 'CounterOpened', 'TicketIssued']);
		});

		it('learned by following: another process\'s event at a seq this process already holds is another history', async () => {
			const { a, key, copy, switchTo } = await failover([issue(), issue()]);
			await runner(copy).r.execute({ kind: 'openCounter', req: req(), counter: 'C1', staff: 'u1' });
			switchTo(copy);
			a.r.ingestFollowed(key, await copy.readAfter(key, 1, 10));
			await vi.waitFor(() => expect(a.seenProblems.diverged).toBe(1));
			expect((await a.r.execute(issue())).record.ticket).toBe('A002');
		});
	});
});
