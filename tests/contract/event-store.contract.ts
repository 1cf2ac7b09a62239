/**
 * The behaviour every EventStore adapter must have. An adapter's test file runs it in a few lines:
 *
 *   eventStoreContract('sqlite', async () => {
 *     const store = await openSomehow();
 *     return { store, reopen: () => openSomehowAgain(), cleanup: () => removeTheData() };
 *   });
 *
 * `makeStore` is called before every test and must give an empty store. `reopen`, when given,
 * opens another handle on the same data (a second connection or client): the suite uses it both
 * while the first handle is still open (concurrent writers) and after closing it (nothing is lost
 * on reopen). The suite closes every handle it gets; `cleanup` then removes the data.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
	CounterClosed,
	CounterOpened,
	CounterPaused,
	CounterResumed,
	HallEvent,
	StoredEvent,
	TicketIssued
} from '../../server/core/events';
import { fold, initialState } from '../../server/core/evolve';
import type { HallDayKey } from '../../server/core/hall-day';
import type { HallDayState } from '../../server/core/model';
import type { EventStore } from '../../server/core/ports';

export interface EventStoreFixture {
	store: EventStore;
	reopen?: () => Promise<EventStore>;
	cleanup: () => Promise<void>;
}

const DAY = '2025-03-03';
const HALL = 'city-hall';
const KEY: HallDayKey = { hall: HALL, day: DAY };

/** Realistic events with unique request ids, tickets and tokens. */
function eventFactory(start = Date.UTC(2025, 2, 3, 1, 0, 0)) {
	let n = 0;
	const numbers: Record<string, number> = {};
	const base = () => {
		n += 1;
		return { at: start + n * 7_000, req: `req-${String(n).padStart(5, '0')}` };
	};
	const services: Record<string, string> = { A: 'HJ-001', B: 'SB-010', C: 'GJJ-003' };
	return {
		issued(prefix = 'A', over: Partial<TicketIssued> = {}): TicketIssued {
			const b = base();
			const num = (numbers[prefix] = (numbers[prefix] ?? 0) + 1);
			return {
				type: 'TicketIssued',
				...b,
				ticket: `${prefix}${String(num).padStart(3, '0')}`,
				prefix,
				serial: num,
				service: services[prefix] ?? 'HJ-001',
				priority: 'none',
				kiosk: 'K01',
				token: `tk_${n.toString(36)}_${(n * 2654435761) % 4294967296}`,
				identityHash: null,
				identityMasked: null,
				holderMasked: null,
				...over
			};
		},
		opened(counter = 'C05', staff = 'S017'): CounterOpened {
			return { type: 'CounterOpened', ...base(), counter, staff };
		},
		paused(counter = 'C05', reason = 'break'): CounterPaused {
			return { type: 'CounterPaused', ...base(), counter, reason };
		},
		resumed(counter = 'C05'): CounterResumed {
			return { type: 'CounterResumed', ...base(), counter };
		},
		closed(counter = 'C05'): CounterClosed {
			return { type: 'CounterClosed', ...base(), counter };
		},
		/** A mix of n events that evolve accepts in any order. */
		mix(count: number): HallEvent[] {
			const out: HallEvent[] = [];
			for (let i = 0; i < count; i++) {
				const k = i % 5;
				out.push(
					k === 1 ? this.opened() : k === 3 ? this.paused() : k === 4 ? this.resumed() : this.issued(i % 2 ? 'B' : 'A')
				);
			}
			return out;
		},
		base
	};
}
type Factory = ReturnType<typeof eventFactory>;

/** The events as the log holds them, numbered from `after + 1`. */
function stored(events: HallEvent[], after = 0): StoredEvent[] {
	return events.map((e, i) => ({ ...e, seq: after + i + 1 }));
}

function range(from: number, to: number): number[] {
	return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

function foldFrom(key: HallDayKey, events: HallEvent[], state?: HallDayState): HallDayState {
	return fold(state ? structuredClone(state) : initialState(key.hall, key.day), events);
}

export function eventStoreContract(name: string, makeStore: () => Promise<EventStoreFixture>): void {
	describe(`EventStore contract: ${name}`, () => {
		let fixture: EventStoreFixture;
		let store: EventStore;
		let handles: EventStore[] = [];
		let ev: Factory;

		beforeEach(async () => {
			fixture = await makeStore();
			store = fixture.store;
			handles = [store];
			ev = eventFactory();
		});

		afterEach(async () => {
			for (const h of handles) await h.close();
			await fixture.cleanup();
		});

		/** Another handle on the same data, or null when the adapter gives no `reopen`. */
		async function another(): Promise<EventStore | null> {
			if (!fixture.reopen) return null;
			const h = await fixture.reopen();
			handles.push(h);
			return h;
		}

		describe('load and append', () => {
			it('loads an empty hall-day as version 0 with no events and no snapshot', async () => {
				expect(await store.load(KEY)).toEqual({ snapshot: null, events: [], version: 0 });
				expect(await store.readAfter(KEY, 0, 10)).toEqual([]);
			});

			it('appends a batch and loads it back field for field', async () => {
				const batch = [
					ev.issued('A', {
						priority: 'elderly',
						identityHash: 'hmac-sha256:4f1c9a',
						identityMasked: '3101**********1234',
						holderMasked: '欧阳**'
					}),
					ev.opened('C05', 'S017'),
					ev.issued('B', { kiosk: null })
				];
				const res = await store.append(KEY, 0, batch);
				expect(res).toEqual({ ok: true, version: 3, events: stored(batch) });
				expect(await store.load(KEY)).toEqual({ snapshot: null, events: stored(batch), version: 3 });
			});

			it('keeps every event type intact through the store', async () => {
				const t1 = ev.issued('A');
				const t2 = ev.issued('A');
				const t3 = ev.issued('B');
				const b = ev.base;
				const all: HallEvent[] = [
					t1,
					ev.opened('C05', 'S017'),
					{ type: 'TicketCalled', ...b(), ticket: t1.ticket, counter: 'C05', staff: 'S017', reason: null },
					{ type: 'TicketRecalled', ...b(), ticket: t1.ticket, counter: 'C05' },
					{ type: 'ServiceStarted', ...b(), ticket: t1.ticket, counter: 'C05' },
					{ type: 'TicketFinished', ...b(), ticket: t1.ticket, counter: 'C05', outcome: 'missingDocuments' },
					t2,
					{ type: 'TicketCalled', ...b(), ticket: t2.ticket, counter: 'C05', staff: 'S017', reason: '老人优先' },
					{ type: 'TicketNoShow', ...b(), ticket: t2.ticket, counter: 'C05' },
					t3,
					{ type: 'TicketTransferred', ...b(), ticket: t3.ticket, fromCounter: null, toService: 'HJ-001', toCounter: 'C07' },
					{ type: 'TicketCancelled', ...b(), ticket: t3.ticket, by: 'S001' },
					ev.paused('C05', '午休'),
					ev.resumed('C05'),
					ev.closed('C05')
				];
				expect(await store.append(KEY, 0, all.slice(0, 6))).toMatchObject({ ok: true, version: 6 });
				expect(await store.append(KEY, 6, all.slice(6))).toMatchObject({ ok: true, version: all.length });
				const loaded = await store.load(KEY);
				expect(loaded.events).toEqual(stored(all));
				expect(foldFrom(KEY, loaded.events)).toEqual(foldFrom(KEY, all));
			});

			it('keeps the ticket number of a TicketIssued apart from its log position', async () => {
				const batch = [ev.opened(), ev.issued('A'), ev.issued('A')];
				await store.append(KEY, 0, batch);
				const loaded = await store.load(KEY);
				expect(loaded.events[2]).toMatchObject({ seq: 3, serial: 2, ticket: 'A002' });
				const state = foldFrom(KEY, loaded.events);
				expect(state.tickets['A002']?.serial).toBe(2);
				expect(state.lastNumber['A']).toBe(2);
			});

			it('numbers events 1..n across appends', async () => {
				const sizes = [2, 1, 3, 1];
				let version = 0;
				const all: HallEvent[] = [];
				for (const size of sizes) {
					const batch = ev.mix(size);
					const res = await store.append(KEY, version, batch);
					if (!res.ok) throw new Error('unexpected conflict');
					expect(res.events.map((e) => e.seq)).toEqual(range(version + 1, version + size));
					expect(res.version).toBe(version + size);
					version = res.version;
					all.push(...batch);
				}
				const loaded = await store.load(KEY);
				expect(loaded.version).toBe(7);
				expect(loaded.events).toEqual(stored(all));
			});

			it('accepts an empty batch at the current version and changes nothing', async () => {
				expect(await store.append(KEY, 0, [])).toEqual({ ok: true, version: 0, events: [] });
				const batch = ev.mix(2);
				await store.append(KEY, 0, batch);
				expect(await store.append(KEY, 2, [])).toEqual({ ok: true, version: 2, events: [] });
				expect(await store.append(KEY, 1, [])).toEqual({ ok: false, version: 2, missed: stored(batch).slice(1) });
				expect(await store.load(KEY)).toEqual({ snapshot: null, events: stored(batch), version: 2 });
			});

			it('rejects an expected version that is not a non-negative integer', async () => {
				for (const bad of [-1, 1.5, Number.NaN]) {
					await expect(store.append(KEY, bad, ev.mix(1))).rejects.toThrow();
				}
				expect((await store.load(KEY)).version).toBe(0);
			});
		});

		describe('optimistic concurrency', () => {
			it('refuses a stale expected version, returns the missed events and changes nothing', async () => {
				const first = ev.mix(3);
				await store.append(KEY, 0, first);
				const late = [ev.issued('C'), ev.issued('C')];
				expect(await store.append(KEY, 1, late)).toEqual({ ok: false, version: 3, missed: stored(first).slice(1) });
				expect(await store.append(KEY, 0, late)).toEqual({ ok: false, version: 3, missed: stored(first) });
				expect(await store.load(KEY)).toEqual({ snapshot: null, events: stored(first), version: 3 });
				// The writer catches up and succeeds.
				expect(await store.append(KEY, 3, late)).toEqual({ ok: true, version: 5, events: stored(late, 3) });
			});

			it("appends only after the caller's last event, and answers diverged when the log holds another one there", async () => {
				const first = ev.mix(3);
				await store.append(KEY, 0, first);
				const mine = first[2]!;
				const more = [ev.issued('C')];
				// At the current version: the caller's own last event, or another history of the same length.
				expect(await store.append(KEY, 3, more, { req: 'req-other', at: mine.at })).toEqual({ ok: false, version: 3, missed: [], diverged: true });
				expect(await store.append(KEY, 3, more, { req: mine.req, at: mine.at + 1 })).toEqual({ ok: false, version: 3, missed: [], diverged: true });
				expect((await store.load(KEY)).version).toBe(3);
				// Behind the log: the missed events only when the event at the caller's version is its own.
				const second = first[1]!;
				expect(await store.append(KEY, 2, more, { req: second.req, at: second.at })).toEqual({ ok: false, version: 3, missed: stored(first).slice(2) });
				expect(await store.append(KEY, 2, more, { req: mine.req, at: mine.at })).toEqual({ ok: false, version: 3, missed: [], diverged: true });
				expect(await store.append(KEY, 3, more, { req: mine.req, at: mine.at })).toEqual({ ok: true, version: 4, events: stored(more, 3) });
			});

			it('refuses an expected version ahead of the log (the store is behind the caller)', async () => {
				const first = ev.mix(2);
				await store.append(KEY, 0, first);
				expect(await store.append(KEY, 5, ev.mix(1))).toEqual({ ok: false, version: 2, missed: [] });
				expect((await store.load(KEY)).version).toBe(2);
			});

			it('lets exactly one of two concurrent appends with the same expected version win', async () => {
				const other = (await another()) ?? store;
				await store.append(KEY, 0, ev.mix(1));
				const a = [ev.issued('A')];
				const b = [ev.issued('B'), ev.opened('C09')];
				const results = await Promise.all([store.append(KEY, 1, a), other.append(KEY, 1, b)]);
				const won = results.filter((r) => r.ok);
				const lost = results.filter((r) => !r.ok);
				expect(won).toHaveLength(1);
				expect(lost).toHaveLength(1);
				const winner = won[0]!;
				const loser = lost[0]!;
				if (!winner.ok || loser.ok) throw new Error('unreachable');
				expect(loser.version).toBe(winner.version);
				expect(loser.missed).toEqual(winner.events);
				const loaded = await store.load(KEY);
				expect(loaded.version).toBe(winner.version);
				expect(loaded.events.slice(1)).toEqual(winner.events);
			});

			it('lets exactly one of many concurrent writers win', async () => {
				const others = [store];
				const o = await another();
				if (o) others.push(o);
				const batches = range(1, 8).map(() => ev.mix(2));
				const results = await Promise.all(batches.map((b, i) => others[i % others.length]!.append(KEY, 0, b)));
				const winners = results.flatMap((r, i) => (r.ok ? [i] : []));
				expect(winners).toHaveLength(1);
				const w = winners[0]!;
				for (const r of results) expect(r.version).toBe(2);
				expect(await store.load(KEY)).toEqual({ snapshot: null, events: stored(batches[w]!), version: 2 });
			});
		});

		describe('ping', () => {
			it('answers while the store takes writes, and changes no log nor the days it lists', async () => {
				await store.append(KEY, 0, ev.mix(2));
				await store.ping();
				await store.ping();
				expect(await store.days()).toEqual([KEY]);
				expect((await store.load(KEY)).version).toBe(2);
				expect((await store.append(KEY, 2, ev.mix(1))).ok).toBe(true);
			});

			it('fails once the store is closed', async () => {
				const h = await another();
				if (!h) throw new Error('the adapter gives no reopen: the contract needs a second handle');
				await h.close();
				await expect(h.ping()).rejects.toThrow();
				await store.ping();
			});
		});

		describe('days and drop', () => {
			it('lists every hall-day it holds, and a dropped one no longer once it is gone', async () => {
				const other: HallDayKey = { hall: 'county:hall{1}', day: '2025-03-04' };
				expect(await store.days()).toEqual([]);
				await store.append(KEY, 0, ev.mix(3));
				await store.append(other, 0, ev.mix(2));
				const byId = (a: HallDayKey, b: HallDayKey) => `${a.hall}/${a.day}`.localeCompare(`${b.hall}/${b.day}`);
				expect((await store.days()).sort(byId)).toEqual([KEY, other].sort(byId));
				await store.drop(other, 0);
				expect(await store.days()).toEqual([KEY]);
				expect(await store.load(other)).toEqual({ snapshot: null, events: [], version: 0 });
				expect((await store.load(KEY)).version).toBe(3);
			});

			it('drops the snapshot with the events, and leaves other hall-days alone', async () => {
				const events = ev.mix(6);
				await store.append(KEY, 0, events);
				await store.saveSnapshot(KEY, { version: 6, state: foldFrom(KEY, events) });
				const next: HallDayKey = { hall: HALL, day: '2025-03-04' };
				await store.append(next, 0, ev.mix(2));
				await store.drop(KEY, 0);
				expect(await store.load(KEY)).toEqual({ snapshot: null, events: [], version: 0 });
				expect((await store.load(next)).version).toBe(2);
			});
		});

		describe('readAfter', () => {
			it('pages through the log in order within the limit', async () => {
				const all = ev.mix(10);
				await store.append(KEY, 0, all.slice(0, 4));
				await store.append(KEY, 4, all.slice(4));
				const log = stored(all);
				expect(await store.readAfter(KEY, 0, 3)).toEqual(log.slice(0, 3));
				expect(await store.readAfter(KEY, 3, 3)).toEqual(log.slice(3, 6));
				expect(await store.readAfter(KEY, 8, 5)).toEqual(log.slice(8));
				expect(await store.readAfter(KEY, 10, 5)).toEqual([]);
				expect(await store.readAfter(KEY, 42, 5)).toEqual([]);
				expect(await store.readAfter(KEY, 0, 100)).toEqual(log);
				expect(await store.readAfter(KEY, 2, 0)).toEqual([]);
			});
		});

		describe('snapshots', () => {
			it('loads the snapshot and only the events after it', async () => {
				const all = ev.mix(5);
				await store.append(KEY, 0, all);
				const state3 = foldFrom(KEY, all.slice(0, 3));
				await store.saveSnapshot(KEY, { version: 3, state: state3 });
				const loaded = await store.load(KEY);
				expect(loaded).toEqual({ snapshot: { version: 3, state: state3 }, events: stored(all).slice(3), version: 5 });
				const state = foldFrom(KEY, loaded.events, loaded.snapshot!.state);
				expect(state).toEqual(foldFrom(KEY, all));
			});

			it('never replaces a newer snapshot with an older one', async () => {
				const all = ev.mix(6);
				await store.append(KEY, 0, all);
				const at = (v: number) => ({ version: v, state: foldFrom(KEY, all.slice(0, v)) });
				await store.saveSnapshot(KEY, at(4));
				await store.saveSnapshot(KEY, at(2));
				let loaded = await store.load(KEY);
				expect(loaded.snapshot).toEqual(at(4));
				expect(loaded.events).toEqual(stored(all).slice(4));
				await store.saveSnapshot(KEY, at(6));
				loaded = await store.load(KEY);
				expect(loaded).toEqual({ snapshot: at(6), events: [], version: 6 });
			});

			it('keeps the state as it was when saveSnapshot was called, though the caller changes it at once', async () => {
				const all = ev.mix(4);
				await store.append(KEY, 0, all);
				const live = foldFrom(KEY, all.slice(0, 3));
				const expected = structuredClone(live);
				const saving = store.saveSnapshot(KEY, { version: 3, state: live });
				// The runner goes on with the live state while the save is under way.
				fold(live, all.slice(3));
				await saving;
				expect((await store.load(KEY)).snapshot).toEqual({ version: 3, state: expected });
			});

			it('refuses a snapshot ahead of the log', async () => {
				const all = ev.mix(2);
				await store.append(KEY, 0, all);
				await expect(store.saveSnapshot(KEY, { version: 3, state: foldFrom(KEY, all) })).rejects.toThrow();
				expect((await store.load(KEY)).snapshot).toBeNull();
			});
		});

		describe('isolation', () => {
			it('keeps hall-days apart: two halls, two days', async () => {
				const keys: HallDayKey[] = [
					{ hall: 'city', day: '2025-03-03' },
					{ hall: 'city', day: '2025-03-04' },
					{ hall: 'city-annex', day: '2025-03-03' },
					{ hall: 'county', day: '2025-03-04' }
				];
				const logs = keys.map(() => [] as HallEvent[]);
				// Interleave appends over the keys.
				for (let round = 0; round < 3; round++) {
					for (const [i, key] of keys.entries()) {
						if (round > i) continue;
						const batch = ev.mix(i + 1);
						const res = await store.append(key, logs[i]!.length, batch);
						expect(res.ok).toBe(true);
						logs[i]!.push(...batch);
					}
				}
				await store.saveSnapshot(keys[2]!, { version: 2, state: foldFrom(keys[2]!, logs[2]!.slice(0, 2)) });
				expect(await store.append(keys[0]!, 0, ev.mix(1))).toMatchObject({ ok: false, version: logs[0]!.length });
				for (const [i, key] of keys.entries()) {
					const loaded = await store.load(key);
					const skip = i === 2 ? 2 : 0;
					expect(loaded.version).toBe(logs[i]!.length);
					expect(loaded.snapshot === null).toBe(i !== 2);
					expect(loaded.events).toEqual(stored(logs[i]!).slice(skip));
					expect(await store.readAfter(key, 0, 100)).toEqual(stored(logs[i]!));
				}
				expect(await store.load({ hall: 'city', day: '2025-03-05' })).toEqual({ snapshot: null, events: [], version: 0 });
			});
		});

		describe('lifecycle', () => {
			it('closes idempotently', async () => {
				await store.close();
				await store.close();
			});

			it('keeps events, version and snapshot across a reopen', async (ctx) => {
				if (!fixture.reopen) return ctx.skip();
				const all = ev.mix(4);
				await store.append(KEY, 0, all.slice(0, 3));
				await store.saveSnapshot(KEY, { version: 2, state: foldFrom(KEY, all.slice(0, 2)) });
				const before = await store.load(KEY);
				await store.close();
				const again = (await another())!;
				expect(await again.load(KEY)).toEqual(before);
				expect(await again.append(KEY, 3, all.slice(3))).toEqual({ ok: true, version: 4, events: stored(all).slice(3) });
				expect(await again.readAfter(KEY, 0, 10)).toEqual(stored(all));
			});
		});

		describe('property: concurrent writers with stale versions', () => {
			type Kind = 'issue' | 'open' | 'pause' | 'resume' | 'close';
			interface Spec {
				kind: Kind;
				prefix: string;
				counter: string;
			}
			const make = (f: Factory, s: Spec): HallEvent =>
				s.kind === 'issue'
					? f.issued(s.prefix)
					: s.kind === 'open'
						? f.opened(s.counter, `S-${s.counter}`)
						: s.kind === 'pause'
							? f.paused(s.counter, 'break')
							: s.kind === 'resume'
								? f.resumed(s.counter)
								: f.closed(s.counter);

			const WRITERS = 4;
			const spec = fc.record({
				kind: fc.constantFrom<Kind>('issue', 'issue', 'issue', 'open', 'pause', 'resume', 'close'),
				prefix: fc.constantFrom('A', 'B', 'C'),
				counter: fc.constantFrom('C01', 'C02', 'C03')
			});
			/** One round: some writers append at once, each with the version it believes current. */
			const round = fc.record({
				writers: fc.uniqueArray(fc.nat({ max: WRITERS - 1 }), { minLength: 1, maxLength: WRITERS }),
				batches: fc.array(fc.array(spec, { maxLength: 4 }), { minLength: WRITERS, maxLength: WRITERS }),
				/** Whether losers adopt the version the conflict reports (else they stay stale). */
				catchUp: fc.boolean()
			});

			it('keeps exactly the accepted batches, whole, in order, numbered 1..n', async () => {
				const o = await another();
				const writersOn = o ? [store, o] : [store];
				let run = 0;
				await fc.assert(
					fc.asyncProperty(fc.array(round, { minLength: 1, maxLength: 20 }), async (rounds) => {
						run += 1;
						const key: HallDayKey = { hall: `prop-${run}`, day: DAY };
						const f = eventFactory();
						const known = Array<number>(WRITERS).fill(0);
						const accepted: { first: number; events: HallEvent[]; stored: StoredEvent[] }[] = [];
						const rejected = new Set<string>();

						for (const r of rounds) {
							const attempts = r.writers.map((w, i) => ({
								w,
								expected: known[w]!,
								events: r.batches[i]!.map((s) => make(f, s))
							}));
							const results = await Promise.all(
								attempts.map((a) => writersOn[a.w % writersOn.length]!.append(key, a.expected, a.events))
							);
							for (const [i, res] of results.entries()) {
								const a = attempts[i]!;
								if (res.ok) {
									expect(res.version).toBe(a.expected + a.events.length);
									expect(res.events).toEqual(stored(a.events, a.expected));
									if (a.events.length > 0) accepted.push({ first: a.expected + 1, events: a.events, stored: res.events });
									known[a.w] = res.version;
								} else {
									expect(res.version).not.toBe(a.expected);
									expect(res.missed.map((e) => e.seq)).toEqual(range(a.expected + 1, res.version));
									for (const e of a.events) rejected.add(e.req);
									if (r.catchUp) known[a.w] = res.version;
								}
							}
						}

						accepted.sort((x, y) => x.first - y.first);
						const expectedLog = accepted.flatMap((b) => b.stored);
						const loaded = await store.load(key);
						expect(loaded.snapshot).toBeNull();
						expect(loaded.version).toBe(expectedLog.length);
						expect(loaded.events.map((e) => e.seq)).toEqual(range(1, expectedLog.length));
						expect(loaded.events).toEqual(expectedLog);
						expect(loaded.events.filter((e) => rejected.has(e.req))).toEqual([]);
						// Every accepted batch sits whole at the place its append reported.
						for (const b of accepted) {
							expect(loaded.events.slice(b.first - 1, b.first - 1 + b.events.length)).toEqual(b.stored);
						}
						// Paging with readAfter gives the same log.
						const paged: StoredEvent[] = [];
						for (let page = await store.readAfter(key, 0, 3); page.length > 0; ) {
							paged.push(...page);
							page = await store.readAfter(key, page[page.length - 1]!.seq, 3);
						}
						expect(paged).toEqual(loaded.events);
						// The loaded log folds to the state of the accepted batches.
						const fromStore = foldFrom(key, loaded.events);
						const fromBatches = foldFrom(key, accepted.flatMap((b) => b.events));
						expect(fromStore).toEqual(fromBatches);
					}),
					{ numRuns: 100 }
				);
			}, 60_000);
		});
	});
}
