/**
 * The behaviour every ArchiveStore adapter must have (server/core/ports.ts). An adapter's test file
 * runs it in a few lines:
 *
 *   archiveStoreContract('sqlite (temp file)', async () => {
 *     const store = await openSomehow();
 *     return { store, cleanup: () => removeTheData() };
 *   });
 *
 * `open` is called before every test and must give an empty store; the suite closes the store
 * after the test and then calls `cleanup`. Data: tests/fixtures/archive-facts.ts (fictitious
 * people only). Expected values are written out here, never computed by the code under test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HallEvent, StoredEvent, TicketIssued, TicketRated } from '../../server/core/events';
import type { LogAuditEntry } from '../../server/core/audit';
import type { SecurityEvent } from '../../server/core/security';
import { HISTOGRAM_BUCKETS, PROJECTION_VERSION, type DayFacts, type TicketFact } from '../../server/core/facts';
import type { HallDayKey } from '../../server/core/hall-day';
import type { ArchivedDay, ArchiveStatus, ArchiveStore, PurgePlan, PurgeReport } from '../../server/core/ports';
import {
	counterSession,
	dailyRollup,
	dayEvents,
	dayTicketFacts,
	histogram,
	hourly,
	openingOf,
	rating,
	richTicketFact,
	smallDayFacts,
	ticketFact,
	unservedTicketFact
} from '../fixtures/archive-facts';

export interface ArchiveStoreFixture {
	store: ArchiveStore;
	cleanup(): Promise<void>;
}

const HALL = 'city-hall';
const OTHER = 'county:hall{1}';
const D0A = '2025-02-27';
const D0B = '2025-02-28';
const D1 = '2025-03-03';
const D2 = '2025-03-04';
const D3 = '2025-03-05';
const D4 = '2025-03-06';
const KEY: HallDayKey = { hall: HALL, day: D1 };
const key = (day: string, hall = HALL): HallDayKey => ({ hall, day });
/** A time well after every day here (epoch ms > 2^31). */
const LATER = openingOf('2025-09-01');
const DIGEST = 'sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** Every event of a hall-day, read in pages of `page`. */
async function readAll(store: ArchiveStore, k: HallDayKey, page = 97): Promise<StoredEvent[]> {
	const out: StoredEvent[] = [];
	for (;;) {
		const batch = await store.readEvents(k, out.length === 0 ? 0 : (out[out.length - 1]?.seq ?? 0), page);
		out.push(...batch);
		if (batch.length < page) return out;
	}
}

function verification(events: StoredEvent[], at = LATER) {
	return { events: events.length, digest: DIGEST, closedAt: events[events.length - 1]?.at ?? null, at };
}

/** Copies `events` and walks the day forward to `status` (facts saved when projected or later). */
async function archiveDay(store: ArchiveStore, k: HallDayKey, events: StoredEvent[], status: ArchiveStatus, facts?: DayFacts): Promise<void> {
	await store.copyEvents(k, events);
	if (status === 'copying') return;
	await store.markVerified(k, verification(events));
	if (status === 'verified') return;
	await store.saveFacts(k, facts ?? { tickets: [], sessions: [], rollups: [] }, LATER + 1_000);
	if (status === 'projected') return;
	await store.markDropped(k, LATER + 2_000);
}

/** What a purge leaves of a log (written out independently of the store's own scrub). */
function purgedEvents(events: StoredEvent[], identity: boolean, secrets: boolean): StoredEvent[] {
	return events.map((e) => {
		if (e.type === 'TicketIssued') {
			const out = { ...e };
			if (identity) Object.assign(out, { identityHash: null, identityMasked: null, holderMasked: null });
			if (secrets) out.token = '';
			return out;
		}
		if (e.type === 'TicketRated' && identity) return { ...e, comment: '' } satisfies TicketRated & { seq: number };
		return e;
	});
}

function withoutIdentity(tickets: TicketFact[]): TicketFact[] {
	return tickets.map((t) => ({ ...t, identityHash: null, identityMasked: null, holderMasked: null }));
}

const NO_FACTS: DayFacts = { tickets: [], sessions: [], rollups: [] };

export function archiveStoreContract(name: string, open: () => Promise<ArchiveStoreFixture>): void {
	describe(`ArchiveStore contract: ${name}`, { timeout: 60_000 }, () => {
		let fixture: ArchiveStoreFixture;
		let store: ArchiveStore;

		beforeEach(async () => {
			fixture = await open();
			store = fixture.store;
		});

		afterEach(async () => {
			await store?.close();
			await fixture?.cleanup();
		});

		/** Tickets, sessions and rollups of one hall-day, as the store gives them back. */
		async function factsOf(k: HallDayKey): Promise<DayFacts> {
			return {
				tickets: await store.ticketFacts(k.hall, k.day, k.day),
				sessions: await store.counterSessions(k.hall, k.day, k.day),
				rollups: await store.rollups(k.hall, k.day, k.day)
			};
		}

		describe('copyEvents', () => {
			it('creates the day as copying; copying the same events twice stores each once', async () => {
				const events = dayEvents(KEY, 4);
				expect(events).toHaveLength(23);
				expect(await store.day(KEY)).toBeNull();
				expect(await store.lastSeq(KEY)).toBe(0);

				await store.copyEvents(KEY, events);
				await store.copyEvents(KEY, events);
				expect(await store.lastSeq(KEY)).toBe(23);
				expect(await readAll(store, KEY)).toStrictEqual(events);
				expect(await store.day(KEY)).toStrictEqual({
					hall: HALL,
					day: D1,
					status: 'copying',
					events: 0,
					digest: null,
					closedAt: null,
					verifiedAt: null,
					projectedAt: null,
					droppedAt: null,
					purgedAt: null,
					projection: null
				});
				// Another hall-day of the same hall and the same day of another hall hold nothing.
				expect(await store.lastSeq(key(D2))).toBe(0);
				expect(await store.lastSeq(key(D1, OTHER))).toBe(0);
				expect(await store.day(key(D1, OTHER))).toBeNull();
			});

			it('leaves an event already stored under its seq as it is', async () => {
				const events = dayEvents(KEY, 4);
				await store.copyEvents(KEY, events.slice(0, 12));
				// Overlapping seqs with other content (a caller's bug, or a live log rewritten): the stored ones win.
				const changed = events.slice(8, 16).map((e) => ({ ...e, at: e.at + 1, req: `${e.req}-again` }));
				await store.copyEvents(KEY, changed);
				expect(await store.lastSeq(KEY)).toBe(16);
				expect(await readAll(store, KEY)).toStrictEqual([...events.slice(0, 12), ...changed.slice(4)]);
			});

			it('a copy resumed after a partial copy ends identical to one in a single go', async () => {
				const events = dayEvents(KEY, 30);
				const once = key(D2);
				const inOne = dayEvents(once, 30);
				await store.copyEvents(once, inOne);

				await store.copyEvents(KEY, events.slice(0, Math.floor(events.length / 2)));
				expect(await store.lastSeq(KEY)).toBe(Math.floor(events.length / 2));
				await store.copyEvents(KEY, events);
				expect(await store.lastSeq(KEY)).toBe(events.length);
				expect(await readAll(store, KEY)).toStrictEqual(events);
				expect(await store.day(KEY)).toStrictEqual({ ...(await store.day(once)), day: D1 });

				// Resumed from a point inside what is stored, and once more with nothing new: still identical.
				await store.copyEvents(KEY, events.slice(40));
				await store.copyEvents(KEY, events.slice(events.length - 1));
				expect(await readAll(store, KEY)).toStrictEqual(events);
				expect(await readAll(store, once)).toStrictEqual(inOne);
			});

			it('refuses a copy that would leave a gap, and changes nothing', async () => {
				const events = dayEvents(KEY, 4);
				await store.copyEvents(KEY, events.slice(0, 5));
				const before = await store.day(KEY);

				// Starts beyond lastSeq + 1.
				await expect(store.copyEvents(KEY, events.slice(6))).rejects.toThrow();
				// Out of order, or with a hole inside the batch.
				await expect(store.copyEvents(KEY, [events[5]!, events[7]!, events[6]!])).rejects.toThrow();
				await expect(store.copyEvents(KEY, [events[5]!, events[7]!])).rejects.toThrow();
				// A batch whose own first event is fine but skips one later.
				await expect(store.copyEvents(KEY, [...events.slice(3, 8), ...events.slice(9)])).rejects.toThrow();
				expect(await store.lastSeq(KEY)).toBe(5);
				expect(await readAll(store, KEY)).toStrictEqual(events.slice(0, 5));
				expect(await store.day(KEY)).toStrictEqual(before);

				// A new hall-day whose copy does not start at seq 1 is not created at all.
				const fresh = key(D2);
				await expect(store.copyEvents(fresh, dayEvents(fresh, 2).slice(2))).rejects.toThrow();
				expect(await store.day(fresh)).toBeNull();
				expect(await store.lastSeq(fresh)).toBe(0);
				expect(await store.days(HALL, D0A, D4)).toStrictEqual([before]);

				// And the refused copy does not stand in the way of the right one.
				await store.copyEvents(KEY, events.slice(5));
				expect(await readAll(store, KEY)).toStrictEqual(events);
			});
		});

		describe('readEvents', () => {
			it('pages in seq order and gives back exactly the events copied (large epoch ms, Chinese text)', async () => {
				// 603 events: more than one insert statement's worth of rows.
				const events = dayEvents(KEY, 120);
				expect(events).toHaveLength(603);
				// One comment with what JSON and SQL find hard: a supplementary-plane character, quotes,
				// a backslash, LIKE wildcards, a newline, a tab.
				const odd = events.findIndex((e) => e.type === 'TicketRated' && e.comment !== '');
				events[odd] = { ...(events[odd] as TicketRated & { seq: number }), comment: '𠮷野家 \\ "引号" 100%_好\n\t—「完」' };
				expect(events.every((e) => e.at > 2 ** 31)).toBe(true);
				expect(events.some((e) => e.type === 'TicketIssued' && /[\u4e00-\u9fff]/.test(e.holderMasked ?? ''))).toBe(true);
				expect(events.some((e) => e.type === 'TicketRated' && /[\u4e00-\u9fff]/.test(e.comment))).toBe(true);

				// Copied in three calls of different sizes.
				await store.copyEvents(KEY, events.slice(0, 7));
				await store.copyEvents(KEY, events.slice(7, 550));
				await store.copyEvents(KEY, events.slice(550));

				const pages: StoredEvent[][] = [];
				for (let after = 0; ; ) {
					const page = await store.readEvents(KEY, after, 50);
					if (page.length === 0) break;
					expect(page.length).toBeLessThanOrEqual(50);
					expect(page.map((e) => e.seq)).toStrictEqual(page.map((_, i) => after + i + 1));
					pages.push(page);
					after = page[page.length - 1]!.seq;
				}
				expect(pages).toHaveLength(13);
				expect(pages.flat()).toStrictEqual(events);
				expect(await store.readEvents(KEY, 600, 10)).toStrictEqual(events.slice(600));
				expect(await store.readEvents(KEY, 603, 10)).toStrictEqual([]);
				expect(await store.readEvents(KEY, 0, 0)).toStrictEqual([]);
				expect(await store.readEvents(key(D2), 0, 10)).toStrictEqual([]);
				expect(await store.readEvents(key(D1, OTHER), 0, 10)).toStrictEqual([]);
				expect((await store.readEvents(KEY, odd, 1))[0]).toStrictEqual(events[odd]);
			});
		});

		describe('status', () => {
			it('markVerified on a day never copied throws and creates nothing', async () => {
				await expect(store.markVerified(KEY, verification(dayEvents(KEY, 1)))).rejects.toThrow();
				expect(await store.day(KEY)).toBeNull();
				expect(await store.days(HALL, D0A, D4)).toStrictEqual([]);
			});

			it('saveFacts before the day is verified throws and saves nothing', async () => {
				await expect(store.saveFacts(KEY, smallDayFacts(KEY), LATER)).rejects.toThrow();
				expect(await store.day(KEY)).toBeNull();
				expect(await factsOf(KEY)).toStrictEqual(NO_FACTS);

				await store.copyEvents(KEY, dayEvents(KEY, 2));
				await expect(store.saveFacts(KEY, smallDayFacts(KEY), LATER)).rejects.toThrow();
				expect(await store.day(KEY)).toMatchObject({ status: 'copying', projectedAt: null });
				expect(await factsOf(KEY)).toStrictEqual(NO_FACTS);
			});

			it('markDropped before the day is projected throws and changes nothing', async () => {
				await expect(store.markDropped(KEY, LATER)).rejects.toThrow();
				expect(await store.day(KEY)).toBeNull();

				const events = dayEvents(KEY, 2);
				await store.copyEvents(KEY, events);
				await expect(store.markDropped(KEY, LATER)).rejects.toThrow();
				expect(await store.day(KEY)).toMatchObject({ status: 'copying', droppedAt: null });

				await store.markVerified(KEY, verification(events));
				await expect(store.markDropped(KEY, LATER)).rejects.toThrow();
				expect(await store.day(KEY)).toMatchObject({ status: 'verified', droppedAt: null });
			});

			it('moves copying → verified → projected → dropped, forward only, recording each step', async () => {
				const events = dayEvents(KEY, 3);
				const closedAt = events[events.length - 1]!.at;
				const [tVerified, tProjected, tDropped] = [LATER + 10_000, LATER + 20_000, LATER + 30_000];
				await store.copyEvents(KEY, events);
				await store.markVerified(KEY, { events: events.length, digest: DIGEST, closedAt, at: tVerified });
				const verified: ArchivedDay = {
					hall: HALL,
					day: D1,
					status: 'verified',
					events: 18,
					digest: DIGEST,
					closedAt,
					verifiedAt: tVerified,
					projectedAt: null,
					droppedAt: null,
					purgedAt: null,
					projection: null
				};
				expect(await store.day(KEY)).toStrictEqual(verified);

				await store.saveFacts(KEY, smallDayFacts(KEY), tProjected);
				const projected: ArchivedDay = { ...verified, status: 'projected', projectedAt: tProjected, projection: PROJECTION_VERSION };
				expect(await store.day(KEY)).toStrictEqual(projected);

				// Verifying again (a round run twice) does not take a projected day back.
				await store.markVerified(KEY, { events: 1, digest: 'sha256:other', closedAt: null, at: LATER + 25_000 });
				expect(await store.day(KEY)).toStrictEqual(projected);

				await store.markDropped(KEY, tDropped);
				const dropped: ArchivedDay = { ...projected, status: 'dropped', droppedAt: tDropped };
				expect(await store.day(KEY)).toStrictEqual(dropped);

				// Dropped stays dropped: a second drop is no error, a verification changes nothing.
				await store.markDropped(KEY, LATER + 40_000);
				expect((await store.day(KEY))?.status).toBe('dropped');
				await store.markVerified(KEY, { events: 1, digest: 'sha256:other', closedAt: null, at: LATER + 50_000 });
				expect(await store.day(KEY)).toMatchObject({ status: 'dropped', events: 18, digest: DIGEST, closedAt, verifiedAt: tVerified });

				// Projecting a dropped day again (its log is in the archive) replaces its facts and keeps it dropped.
				const again: DayFacts = { tickets: [ticketFact(KEY, 'C001')], sessions: [], rollups: [] };
				await store.saveFacts(KEY, again, LATER + 60_000);
				expect(await store.day(KEY)).toMatchObject({ status: 'dropped', projectedAt: LATER + 60_000 });
				expect(await factsOf(KEY)).toStrictEqual(again);
				expect(await readAll(store, KEY)).toStrictEqual(events);
			});
		});

		describe('saveFacts', () => {
			it('replaces the day’s facts as a whole; other days keep theirs', async () => {
				const other = key(D2);
				await archiveDay(store, KEY, dayEvents(KEY, 2), 'verified');
				await archiveDay(store, other, dayEvents(other, 2), 'projected', smallDayFacts(other));

				const first = smallDayFacts(KEY);
				await store.saveFacts(KEY, first, LATER);
				await store.saveFacts(KEY, first, LATER + 1);
				// Given in the order the store gives them back, but the rollups: 'GJJ-003' before 'HJ-001'.
				expect(await factsOf(KEY)).toStrictEqual({ ...first, rollups: [first.rollups[1], first.rollups[0]] });

				const second: DayFacts = {
					tickets: [ticketFact(KEY, 'C001', { service: 'SB-010', counter: 'C07', staff: 'S040' })],
					sessions: [counterSession(KEY, 'C07', 1, { staff: 'S040' })],
					rollups: [dailyRollup(KEY, 'SB-010', 'C07', 'S040')]
				};
				await store.saveFacts(KEY, second, LATER + 2);
				expect(await factsOf(KEY)).toStrictEqual(second);

				await store.saveFacts(KEY, NO_FACTS, LATER + 3);
				expect(await factsOf(KEY)).toStrictEqual(NO_FACTS);
				expect(await store.day(KEY)).toMatchObject({ status: 'projected', projectedAt: LATER + 3 });

				const otherFacts = smallDayFacts(other);
				expect(await factsOf(other)).toStrictEqual({ ...otherFacts, rollups: [otherFacts.rollups[1], otherFacts.rollups[0]] });
			});

			it('saves and reads back a day with more facts than one insert statement takes', async () => {
				// 1,200 tickets of 36 columns each, 700 sessions, 600 rollups: several statements per table.
				const facts: DayFacts = {
					tickets: dayTicketFacts(KEY, 1200),
					sessions: Array.from({ length: 700 }, (_, i) => counterSession(KEY, `C${String(Math.floor(i / 10)).padStart(3, '0')}`, (i % 10) + 1)),
					rollups: Array.from({ length: 600 }, (_, i) => dailyRollup(KEY, `S${String(i).padStart(4, '0')}`, 'C05', 'S017', { servings: i }))
				};
				await archiveDay(store, KEY, dayEvents(KEY, 1), 'projected', facts);
				expect(await factsOf(KEY)).toStrictEqual(facts);
				await store.saveFacts(KEY, facts, LATER + 5);
				expect((await factsOf(KEY)).tickets).toHaveLength(1200);
			});

			it('refuses facts of another hall-day and keeps what was saved', async () => {
				await archiveDay(store, KEY, dayEvents(KEY, 2), 'projected', smallDayFacts(KEY));
				const saved = await factsOf(KEY);
				for (const stray of [
					{ ...NO_FACTS, tickets: [ticketFact(KEY, 'C001'), ticketFact(key(D2), 'C002')] },
					{ ...NO_FACTS, sessions: [counterSession(key(D1, OTHER), 'C05', 1)] },
					{ ...NO_FACTS, rollups: [dailyRollup(key(D2), 'HJ-001', 'C05', 'S017')] }
				]) {
					await expect(store.saveFacts(KEY, stray, LATER + 5)).rejects.toThrow();
				}
				expect(await factsOf(KEY)).toStrictEqual(saved);
				expect(await store.ticketFacts(HALL, D2, D2)).toStrictEqual([]);
				expect(await store.counterSessions(OTHER, D1, D1)).toStrictEqual([]);
				expect((await store.day(KEY))?.projectedAt).toBe(LATER + 1_000);
			});
		});

		describe('daily totals and stale projections', () => {
			it('keeps one total per projected hall-day, the sum of its rollups, replaced with its facts', async () => {
				const other = key(D1, OTHER);
				const facts = smallDayFacts(KEY);
				await archiveDay(store, KEY, dayEvents(KEY, 2), 'projected', facts);
				await archiveDay(store, other, dayEvents(other, 2), 'projected', { ...NO_FACTS, rollups: [dailyRollup(other, 'HJ-001', 'C05', 'S017', { servings: 3 })] });
				const [a, b] = facts.rollups;
				const totals = await store.totals([HALL, OTHER], D1, D2);
				expect(totals.map((t) => [t.hall, t.day, t.servings])).toEqual([
					[HALL, D1, (a?.servings ?? 0) + (b?.servings ?? 0)],
					[OTHER, D1, 3]
				].sort((x, y) => (String(x[0]) < String(y[0]) ? -1 : 1)));
				const mine = totals.find((t) => t.hall === HALL);
				// Histograms and hourly curves add bucket by bucket; maxima stay maxima.
				expect(mine?.waitHistogram[7]).toBe((a?.waitHistogram[7] ?? 0) + (b?.waitHistogram[7] ?? 0));
				expect(mine?.arrivalsByHour[9]).toBe((a?.arrivalsByHour[9] ?? 0) + (b?.arrivalsByHour[9] ?? 0));
				expect(mine?.ratingLevels).toEqual([0, 1, 2, 3, 4].map((i) => (a?.ratingLevels[i] ?? 0) + (b?.ratingLevels[i] ?? 0)));
				expect(mine?.waitMaxMs).toBe(Math.max(a?.waitMaxMs ?? 0, b?.waitMaxMs ?? 0));
				expect(await store.totals([OTHER], D1, D1)).toHaveLength(1);
				expect(await store.totals([], D1, D2)).toEqual([]);
				// Added up per day across the halls, in counts (maxima as maxima).
				const [perDay, ...more] = await store.totalsPerDay([HALL, OTHER], D1, D2);
				expect(more).toEqual([]);
				expect(perDay).toMatchObject({ hall: '', day: D1, servings: (a?.servings ?? 0) + (b?.servings ?? 0) + 3, served: totals.reduce((n, t) => n + t.served, 0), waitSumMs: totals.reduce((n, t) => n + t.waitSumMs, 0), waitMaxMs: Math.max(...totals.map((t) => t.waitMaxMs)), good: totals.reduce((n, t) => n + t.good, 0) });
				expect(perDay?.ratingLevels).toEqual([0, 1, 2, 3, 4].map((i) => totals.reduce((n, t) => n + (t.ratingLevels[i] ?? 0), 0)));
				expect(await store.totalsPerDay([], D1, D2)).toEqual([]);

				await store.saveFacts(KEY, NO_FACTS, LATER + 9);
				expect((await store.totals([HALL], D1, D1)).map((t) => t.servings)).toEqual([0]);
			});

			it('sums served servings per hall and service over the days', async () => {
				const k2 = key(D2);
				await archiveDay(store, KEY, dayEvents(KEY, 2), 'projected', { ...NO_FACTS, rollups: [dailyRollup(KEY, 'HJ-001', 'C05', 'S017', { served: 4 }), dailyRollup(KEY, 'HJ-001', 'C06', 'S018', { served: 2 }), dailyRollup(KEY, 'GJJ-003', 'C05', 'S017', { served: 1 })] });
				await archiveDay(store, k2, dayEvents(k2, 2), 'projected', { ...NO_FACTS, rollups: [dailyRollup(k2, 'HJ-001', 'C05', 'S017', { served: 5 })] });
				expect(await store.servedByService([HALL], D1, D2)).toEqual([
					{ hall: HALL, service: 'GJJ-003', served: 1 },
					{ hall: HALL, service: 'HJ-001', served: 11 }
				]);
				expect(await store.servedByService([HALL], D2, D2)).toEqual([{ hall: HALL, service: 'HJ-001', served: 5 }]);
				expect(await store.servedByService([OTHER], D1, D2)).toEqual([]);
				// March whole (its month rollups) and 1 April (its day's rollups) add up.
				const april = key('2025-04-01');
				await archiveDay(store, april, dayEvents(april, 2), 'projected', { ...NO_FACTS, rollups: [dailyRollup(april, 'HJ-001', 'C05', 'S017', { served: 3 })] });
				expect(await store.servedByService([HALL], '2025-03-01', '2025-04-01')).toEqual([
					{ hall: HALL, service: 'GJJ-003', served: 1 },
					{ hall: HALL, service: 'HJ-001', served: 14 }
				]);
				expect(await store.servedByService([HALL], '2025-02-27', '2025-03-31')).toEqual(await store.servedByService([HALL], D1, D2));
			});

			it('reads rollups and totals without their distributions when asked for counts only', async () => {
				const rollup = dailyRollup(KEY, 'HJ-001', 'C05', 'S017', { waitHistogram: histogram({ 3: 2, 240: 1 }), arrivalsByHour: hourly({ 9: 4 }) });
				await archiveDay(store, KEY, dayEvents(KEY, 2), 'projected', { ...NO_FACTS, rollups: [rollup] });
				const [all] = await store.rollups(HALL, D1, D1);
				const [counts] = await store.rollups(HALL, D1, D1, 'counts');
				expect(all?.waitHistogram[240]).toBe(1);
				const { waitHistogram, serviceHistogram, arrivalsByHour, servedByHour, ...scalars } = all ?? rollup;
				expect(counts).toMatchObject(scalars);
				expect([waitHistogram.length, serviceHistogram.length, arrivalsByHour.length, servedByHour.length]).toEqual([counts?.waitHistogram.length, counts?.serviceHistogram.length, counts?.arrivalsByHour.length, counts?.servedByHour.length]);
				expect([...(counts?.waitHistogram ?? []), ...(counts?.arrivalsByHour ?? [])].every((n) => n === 0)).toBe(true);
				const [total] = await store.totals([HALL], D1, D1, 'counts');
				expect(total).toMatchObject({ servings: rollup.servings, served: rollup.served, waitSumMs: rollup.waitSumMs });
				expect(total?.waitHistogram.every((n) => n === 0)).toBe(true);
			});

			it('keeps each month’s rollups and total the sum of its days, through a day projected again', async () => {
				const k2 = key(D2);
				const month = D1.slice(0, 7);
				await archiveDay(store, KEY, dayEvents(KEY, 2), 'projected', { ...NO_FACTS, rollups: [dailyRollup(KEY, 'HJ-001', 'C05', 'S017', { served: 4 }), dailyRollup(KEY, 'GJJ-003', 'C05', 'S017', { served: 1 })] });
				await archiveDay(store, k2, dayEvents(k2, 2), 'projected', { ...NO_FACTS, rollups: [dailyRollup(k2, 'HJ-001', 'C05', 'S017', { served: 5 })] });
				const served = async () => (await store.monthRollups(HALL, [month])).map((r) => [r.day, r.service, r.served]);
				// D1 and D2 are days of one month.
				expect(await served()).toEqual([[`${month}-01`, 'GJJ-003', 1], [`${month}-01`, 'HJ-001', 9]]);
				// D1 projected again with other figures: the month follows.
				await store.saveFacts(KEY, { ...NO_FACTS, rollups: [dailyRollup(KEY, 'HJ-001', 'C05', 'S017', { served: 2 })] }, LATER + 5);
				expect(await served()).toEqual([[`${month}-01`, 'HJ-001', 7]]);
				const [total] = await store.monthTotals([HALL], [month]);
				expect(total?.served).toBe(7);
				const [counts] = await store.monthTotals([HALL], [month], 'counts');
				expect(counts?.served).toBe(total?.served);
				expect(counts?.waitHistogram.every((n) => n === 0)).toBe(true);
				expect(await store.monthRollups(OTHER, [month])).toEqual([]);
				expect(await store.monthTotals([HALL], [])).toEqual([]);
			});

			it('sums counter sessions per hall, day, kind and pause reason', async () => {
				const k2 = key(D2);
				// D1: C05 open 50 min (busy 40) twice, paused 20 min for a meeting and 10 for a break; C06 open 50 min.
				const sessions = [
					counterSession(KEY, 'C05', 1),
					counterSession(KEY, 'C05', 2, { kind: 'paused', reason: 'meeting', to: counterSession(KEY, 'C05', 2).from + 1_200_000, busyMs: 0 }),
					counterSession(KEY, 'C05', 3),
					counterSession(KEY, 'C05', 4, { kind: 'paused', reason: 'break', to: counterSession(KEY, 'C05', 4).from + 600_000, busyMs: 0 }),
					counterSession(KEY, 'C06', 1, { busyMs: 1_000_000 })
				];
				await archiveDay(store, KEY, dayEvents(KEY, 2), 'projected', { ...NO_FACTS, sessions });
				await archiveDay(store, k2, dayEvents(k2, 2), 'projected', { ...NO_FACTS, sessions: [counterSession(k2, 'C05', 1)] });
				expect(await store.sessionTotals([HALL], D1, D2)).toEqual([
					{ hall: HALL, day: D1, kind: 'open', reason: null, ms: 3 * 3_000_000, busyMs: 2 * 2_400_000 + 1_000_000 },
					{ hall: HALL, day: D1, kind: 'paused', reason: 'break', ms: 600_000, busyMs: 0 },
					{ hall: HALL, day: D1, kind: 'paused', reason: 'meeting', ms: 1_200_000, busyMs: 0 },
					{ hall: HALL, day: D2, kind: 'open', reason: null, ms: 3_000_000, busyMs: 2_400_000 }
				]);
				expect(await store.sessionTotals([HALL], D2, D2)).toHaveLength(1);
				expect(await store.sessionTotals([OTHER], D1, D2)).toEqual([]);
				expect(await store.sessionTotals([], D1, D2)).toEqual([]);
			});

			it('lists no day projected by this code as stale', async () => {
				await archiveDay(store, KEY, dayEvents(KEY, 2), 'projected', smallDayFacts(KEY));
				await archiveDay(store, key(D2), dayEvents(key(D2), 2), 'verified');
				expect(await store.staleProjections([HALL, OTHER], 10)).toEqual([]);
				expect((await store.day(KEY))?.projection).toBe(PROJECTION_VERSION);
			});
		});

		describe('facts round trip', () => {
			/** Each day's facts in the order the store must give them back (day, issue time, ticket / counter, n / service, counter, staff by code unit). */
			function scene(): Array<{ key: HallDayKey; facts: DayFacts }> {
				const k1 = key(D1);
				const k2 = key(D2);
				const k3 = key(D3);
				const k4 = key(D4);
				const ko = key(D2, OTHER);
				const small1 = smallDayFacts(k1);
				const small4 = smallDayFacts(k4);
				const same = openingOf(D2) + 5_000_000;
				return [
					{
						key: k1,
						facts: {
							tickets: small1.tickets,
							sessions: small1.sessions,
							// By code unit: 'GJJ-003' < 'HJ-001' < 'hj-001'; '' < 'C05'.
							rollups: [
								small1.rollups[1]!,
								dailyRollup(k1, 'HJ-001', '', '', { called: 0, served: 0, waitCount: 0, waitSumMs: 0, waitMaxMs: 0, serviceHistogram: histogram({}) }),
								small1.rollups[0]!,
								dailyRollup(k1, 'hj-001', 'C05', 'S017', {
									waitSumMs: 5_000_000_000,
									serviceSumMs: 9_007_199_254,
									waitMaxMs: 2 ** 32 + 7,
									waitHistogram: histogram(Object.fromEntries(Array.from({ length: HISTOGRAM_BUCKETS }, (_, i) => [i, i * 1_000 + 1])))
								})
							]
						}
					},
					{
						key: k2,
						facts: {
							tickets: [
								ticketFact(k2, 'A001', { issuedAt: openingOf(D2) + 10_000, withinTarget: false, rating: rating({ reasons: ['attitude'], staff: null }) }),
								richTicketFact(k2, 'A002'),
								// Same issue time: by ticket, by code unit ('A010' < 'B003' < 'a001').
								ticketFact(k2, 'A010', { issuedAt: same, priority: 'disabled', channel: 'appointment', kiosk: null }),
								ticketFact(k2, 'B003', { issuedAt: same, identityHash: 'hmac-sha256:b003fake', identityMasked: null, holderMasked: '诸葛**' }),
								ticketFact(k2, 'a001', { issuedAt: same }),
								unservedTicketFact(k2, 'C001')
							],
							sessions: [
								counterSession(k2, 'C05', 1),
								counterSession(k2, 'C05', 2, { kind: 'paused', reason: '系统故障 "网络"' }),
								counterSession(k2, 'C05', 10),
								counterSession(k2, 'C12', 1, { staff: 'S033', to: null }),
								counterSession(k2, 'c01', 1)
							],
							rollups: [dailyRollup(k2, 'HJ-001', 'C05', 'S017'), dailyRollup(k2, 'HJ-001', 'C05', 'S018', { good: 0, bad: 0, rated: 0, ratingSum: 0 })]
						}
					},
					{ key: k3, facts: { tickets: [unservedTicketFact(k3, 'B001')], sessions: [], rollups: [dailyRollup(k3, 'GJJ-003', '', '')] } },
					{ key: k4, facts: { ...small4, rollups: [small4.rollups[1]!, small4.rollups[0]!] } },
					{ key: ko, facts: { tickets: [ticketFact(ko, 'Z001')], sessions: [counterSession(ko, 'C01', 1)], rollups: [dailyRollup(ko, 'HJ-001', 'C01', 'S900')] } }
				];
			}

			/** Saved in reverse order (rows and days), so the order of reads is the store's doing. */
			async function saveScene(): Promise<ReturnType<typeof scene>> {
				const days = scene();
				for (const d of [...days].reverse()) {
					const reversed: DayFacts = { tickets: [...d.facts.tickets].reverse(), sessions: [...d.facts.sessions].reverse(), rollups: [...d.facts.rollups].reverse() };
					await archiveDay(store, d.key, dayEvents(d.key, 1), 'projected', reversed);
				}
				return days;
			}

			it('the fixture has what the round trip must carry', () => {
				const days = scene();
				const tickets = days.flatMap((d) => d.facts.tickets);
				const rollups = days.flatMap((d) => d.facts.rollups);
				expect(tickets.some((t) => t.rating === null) && tickets.some((t) => t.rating?.staff === null)).toBe(true);
				expect(tickets.some((t) => t.withinTarget === true) && tickets.some((t) => t.withinTarget === false) && tickets.some((t) => t.withinTarget === null)).toBe(true);
				expect(tickets.some((t) => t.servings.length === 2 && t.servings[1]?.withinTarget === false)).toBe(true);
				expect(tickets.some((t) => t.servings.some((s) => s.calledAt === null && s.withinTarget === null))).toBe(true);
				expect(tickets.some((t) => t.kiosk === null && t.counter === null && t.finishOutcome === null)).toBe(true);
				expect(tickets.some((t) => t.rating !== null && t.rating.reasons.length === 2)).toBe(true);
				expect(rollups.every((r) => r.waitHistogram.length === 241 && r.serviceHistogram.length === 241)).toBe(true);
				expect(rollups.some((r) => r.waitSumMs > 2 ** 32)).toBe(true);
			});

			it('ticket facts come back exactly as saved, by day, issue time and ticket, for the range asked', async () => {
				const days = await saveScene();
				const t = (...i: number[]) => i.flatMap((n) => days[n]!.facts.tickets);
				expect(await store.ticketFacts(HALL, D1, D4)).toStrictEqual(t(0, 1, 2, 3));
				expect(await store.ticketFacts(HALL, D1, D3)).toStrictEqual(t(0, 1, 2));
				expect(await store.ticketFacts(HALL, D2, D2)).toStrictEqual(t(1));
				expect(await store.ticketFacts(HALL, D2, D4)).toStrictEqual(t(1, 2, 3));
				expect(await store.ticketFacts(HALL, D0A, D1)).toStrictEqual(t(0));
				expect(await store.ticketFacts(HALL, D4, '2025-12-31')).toStrictEqual(t(3));
				expect(await store.ticketFacts(OTHER, D0A, D4)).toStrictEqual(t(4));
				expect(await store.ticketFacts(HALL, '2024-01-01', '2025-03-02')).toStrictEqual([]);
				expect(await store.ticketFacts(HALL, D3, D1)).toStrictEqual([]);
				expect(await store.ticketFacts('city', D1, D4)).toStrictEqual([]);
			});

			it('counter sessions come back exactly as saved, by day, counter and n, for the range asked', async () => {
				const days = await saveScene();
				const s = (...i: number[]) => i.flatMap((n) => days[n]!.facts.sessions);
				expect(await store.counterSessions(HALL, D1, D4)).toStrictEqual(s(0, 1, 2, 3));
				expect(await store.counterSessions(HALL, D2, D3)).toStrictEqual(s(1, 2));
				expect(await store.counterSessions(HALL, D2, D2)).toStrictEqual(s(1));
				expect(await store.counterSessions(OTHER, D1, D4)).toStrictEqual(s(4));
				expect(await store.counterSessions(HALL, D4, D1)).toStrictEqual([]);
			});

			it('rollups come back exactly as saved, by day, service, counter and staff, for the range asked', async () => {
				const days = await saveScene();
				const r = (...i: number[]) => i.flatMap((n) => days[n]!.facts.rollups);
				expect(await store.rollups(HALL, D1, D4)).toStrictEqual(r(0, 1, 2, 3));
				expect(await store.rollups(HALL, D1, D1)).toStrictEqual(r(0));
				expect(await store.rollups(HALL, D2, D3)).toStrictEqual(r(1, 2));
				expect(await store.rollups(OTHER, D1, D4)).toStrictEqual(r(4));
				expect(await store.rollups(HALL, D3, D2)).toStrictEqual([]);
				const [big] = (await store.rollups(HALL, D1, D1)).filter((x) => x.service === 'hj-001');
				expect(big?.waitSumMs).toBe(5_000_000_000);
				expect(big?.waitHistogram[240]).toBe(240_001);
			});
		});

		describe('days', () => {
			it('lists a hall’s archived days from one day to another, both included, in day order', async () => {
				// Created out of order, with another hall in between.
				await archiveDay(store, key(D3), dayEvents(key(D3), 1), 'projected');
				await archiveDay(store, key(D2, OTHER), dayEvents(key(D2, OTHER), 1), 'copying');
				await archiveDay(store, key(D1), dayEvents(key(D1), 1), 'copying');
				await archiveDay(store, key(D4), dayEvents(key(D4), 1), 'dropped');
				await archiveDay(store, key(D2), dayEvents(key(D2), 1), 'verified');
				const day = async (d: string, hall = HALL) => (await store.day(key(d, hall)))!;

				const all = await store.days(HALL, D1, D4);
				expect(all.map((d) => [d.hall, d.day, d.status])).toStrictEqual([
					[HALL, D1, 'copying'],
					[HALL, D2, 'verified'],
					[HALL, D3, 'projected'],
					[HALL, D4, 'dropped']
				]);
				expect(all).toStrictEqual([await day(D1), await day(D2), await day(D3), await day(D4)]);
				expect(await store.days(HALL, D2, D3)).toStrictEqual([await day(D2), await day(D3)]);
				expect(await store.days(HALL, D3, D3)).toStrictEqual([await day(D3)]);
				expect(await store.days(HALL, D0A, D1)).toStrictEqual([await day(D1)]);
				expect(await store.days(OTHER, D0A, D4)).toStrictEqual([await day(D2, OTHER)]);
				expect(await store.days(HALL, '2025-03-07', '2025-12-31')).toStrictEqual([]);
				expect(await store.days(HALL, D4, D1)).toStrictEqual([]);
			});
		});

		describe('audit trail', () => {
			const entry = (k: HallDayKey, seq: number, o: Partial<LogAuditEntry> = {}): LogAuditEntry => ({
				hall: k.hall,
				day: k.day,
				seq,
				at: openingOf(k.day) + seq * 1_000,
				action: 'ticket.call',
				actor: 'u1',
				ticket: `A${String(seq).padStart(3, '0')}`,
				counter: 'C05',
				reason: null,
				detail: null,
				...o
			});
			const security = (n: number, o: Partial<SecurityEvent> = {}): SecurityEvent => ({
				id: `id-${String(n).padStart(3, '0')}`,
				hall: HALL,
				day: D1,
				at: openingOf(D1) + 500 + Math.floor(n / 2) * 1_000,
				action: 'auth.signIn',
				actor: 'u1',
				subject: null,
				client: '10.0.0.7',
				detail: null,
				...o
			});

			it('replaces a day’s log entries as a whole and finds them by actor, action (code or family) and ticket, in (day, seq) order', async () => {
				await store.audit.saveLogEntries(KEY, [entry(KEY, 1), entry(KEY, 2)]);
				const d1 = [entry(KEY, 1, { action: 'counter.open', ticket: null }), entry(KEY, 2), entry(KEY, 3, { actor: 'u2', action: 'ticket.callSpecific', reason: '老人优先' }), entry(KEY, 4, { actor: null, action: 'day.close', ticket: null, counter: null, detail: 'cause=schedule' })];
				await store.audit.saveLogEntries(KEY, d1);
				const d2 = [entry(key(D2), 1, { ticket: 'A002' })];
				await store.audit.saveLogEntries(key(D2), d2);
				await store.audit.saveLogEntries(key(D1, OTHER), [entry(key(D1, OTHER), 1)]);
				const f = { hall: HALL, from: D1, to: D2 };
				expect(await store.audit.logEntries(f, null, 100, [])).toStrictEqual([...d1, ...d2]);
				expect(await store.audit.logEntries({ ...f, actor: 'u1' }, null, 100, [])).toStrictEqual([d1[0], d1[1], d2[0]]);
				expect(await store.audit.logEntries({ ...f, action: 'ticket' }, null, 100, [])).toStrictEqual([d1[1], d1[2], d2[0]]);
				expect(await store.audit.logEntries({ ...f, action: 'ticket.call' }, null, 100, [])).toStrictEqual([d1[1], d2[0]]);
				expect(await store.audit.logEntries({ ...f, ticket: 'A002' }, null, 100, [])).toStrictEqual([d1[1], d2[0]]);
				expect(await store.audit.logEntries({ ...f, to: D1 }, null, 100, [])).toStrictEqual(d1);
				expect(await store.audit.logEntries(f, null, 100, [D1])).toStrictEqual(d2);
				// Keyset pages: after (D1, 2), two at a time.
				expect(await store.audit.logEntries(f, { day: D1, seq: 2 }, 2, [])).toStrictEqual([d1[2], d1[3]]);
				expect(await store.audit.logEntries(f, { day: D1, seq: 4 }, 2, [])).toStrictEqual(d2);
				await expect(store.audit.saveLogEntries(KEY, [entry(key(D2), 9)])).rejects.toThrow(RangeError);
				expect(await store.audit.logEntries({ ...f, to: D1 }, null, 100, [])).toStrictEqual(d1);
			});

			it('appends security events and finds them by actor or subject and by action, in (at, id) order', async () => {
				const events = [
					security(1),
					security(2, { action: 'auth.signInFailed', actor: 'u2', detail: 'code=AUTH.INVALID' }),
					security(3, { action: 'auth.locked', actor: null, subject: 'u2' }),
					security(4, { action: 'device.revoke', actor: 'adm', subject: 'K2', client: null }),
					security(5, { day: D2, at: openingOf(D2) })
				];
				for (const e of [...events].reverse()) await store.audit.record(e);
				await store.audit.record(security(6, { hall: OTHER }));
				const f = { hall: HALL, from: D1, to: D2 };
				expect(await store.audit.securityEvents(f, null, 100)).toStrictEqual(events);
				expect(await store.audit.securityEvents({ ...f, actor: 'u2' }, null, 100)).toStrictEqual([events[1], events[2]]);
				expect(await store.audit.securityEvents({ ...f, action: 'auth' }, null, 100)).toStrictEqual([events[0], events[1], events[2], events[4]]);
				expect(await store.audit.securityEvents({ ...f, action: 'device.revoke' }, null, 100)).toStrictEqual([events[3]]);
				expect(await store.audit.securityEvents({ ...f, ticket: 'A001' }, null, 100)).toStrictEqual([]);
				expect(await store.audit.securityEvents({ ...f, to: D1 }, null, 100)).toHaveLength(4);
				const second = events[1] as SecurityEvent;
				expect(await store.audit.securityEvents(f, { at: second.at, id: second.id }, 2)).toStrictEqual([events[2], events[3]]);
				// An id recorded already is left as it was.
				expect(await store.audit.record({ ...(events[0] as SecurityEvent), detail: 'changed' })).toBe(false);
				expect((await store.audit.securityEvents(f, null, 1))[0]).toStrictEqual(events[0]);
				expect(await store.audit.latestSecurityEvent(HALL, 'auth.signIn')).toStrictEqual(events[4]);
				expect(await store.audit.latestSecurityEvent(HALL, 'auth.unlock')).toBeNull();
			});

			it('the purge blanks typed reasons and client addresses of days before the cutoff, and nothing else', async () => {
				const old = key(D1);
				const kept = key(D3);
				const typed = (k: HallDayKey) => [
					entry(k, 1, { action: 'counter.pause', reason: 'break', ticket: null }),
					entry(k, 2, { action: 'ticket.callSpecific', reason: '张三 老人优先' }),
					entry(k, 3, { action: 'counter.closeFor', actor: 'sup', reason: '王五 临时离开', ticket: null })
				];
				await store.audit.saveLogEntries(old, typed(old));
				await store.audit.saveLogEntries(kept, typed(kept));
				await store.audit.record(security(1));
				await store.audit.record(security(2, { day: D3 }));
				expect(await store.audit.purge(D3, true)).toStrictEqual({ entries: 2, securityEvents: 1 });
				expect(await store.audit.logEntries({ hall: HALL, from: D1, to: D3 }, null, 100, [])).toStrictEqual([...typed(old), ...typed(kept)]);
				expect(await store.audit.purge(D3, false)).toStrictEqual({ entries: 2, securityEvents: 1 });
				expect((await store.audit.logEntries({ hall: HALL, from: D1, to: D3 }, null, 100, [])).map((e) => e.reason)).toStrictEqual(['break', null, null, 'break', '张三 老人优先', '王五 临时离开']);
				expect((await store.audit.securityEvents({ hall: HALL, from: D1, to: D3 }, null, 100)).map((e) => e.client)).toStrictEqual([null, '10.0.0.7']);
				expect(await store.audit.purge(D3, false)).toStrictEqual({ entries: 0, securityEvents: 0 });
			});
		});

		describe('purge', () => {
			const IDENTITY_BEFORE = D3;
			const SECRETS_BEFORE = D4;
			const PLAN: PurgePlan = { identityBefore: IDENTITY_BEFORE, secretsBefore: SECRETS_BEFORE, dryRun: false };
			const AT = LATER + 86_400_000;
			/**
			 * dayEvents(k, n): n TicketIssued (each with a token; identity on odd tickets), n TicketRated
			 * (a comment unless the ticket number is a multiple of 3). dayTicketFacts: identity on odd tickets.
			 */
			const DAYS = [
				// Before both cutoffs: identity and tokens go. Events: 6 issued + 4 rated with comment; tickets 1, 3, 5.
				{ key: key(D1), status: 'projected', tickets: 6, identity: true, secrets: true },
				// Dropped counts as well. Events: 4 + 3 (3 has no comment); tickets 1, 3.
				{ key: key(D2), status: 'dropped', tickets: 4, identity: true, secrets: true },
				// Another hall, same rules. Events: 3 + 2; tickets 1, 3.
				{ key: key(D1, OTHER), status: 'projected', tickets: 3, identity: true, secrets: true },
				// Before secretsBefore only: 5 tokens; identity and comments stay.
				{ key: key(D3), status: 'projected', tickets: 5, identity: false, secrets: true },
				// Before neither.
				{ key: key(D4), status: 'projected', tickets: 2, identity: false, secrets: false },
				// Older than both but not projected: must keep equalling the live log.
				{ key: key(D0A), status: 'copying', tickets: 2, identity: false, secrets: false },
				{ key: key(D0B), status: 'verified', tickets: 2, identity: false, secrets: false }
			] as const;
			const EXPECTED: PurgeReport = { days: 4, events: 10 + 7 + 5 + 5, tickets: 3 + 2 + 2 };

			function originalFacts(k: HallDayKey, tickets: number): DayFacts {
				return { tickets: dayTicketFacts(k, tickets), sessions: [counterSession(k, 'C05', 1)], rollups: [dailyRollup(k, 'HJ-001', 'C05', 'S017')] };
			}

			async function snapshot() {
				const out = [];
				for (const d of DAYS) out.push({ day: await store.day(d.key), events: await readAll(store, d.key), facts: await factsOf(d.key) });
				return out;
			}

			beforeEach(async () => {
				for (const d of DAYS) {
					await archiveDay(store, d.key, dayEvents(d.key, d.tickets), d.status, originalFacts(d.key, d.tickets));
				}
			});

			it('the fixture has what the purge must remove', () => {
				const events = dayEvents(key(D1), 6);
				const issued = events.filter((e): e is TicketIssued & { seq: number } => e.type === 'TicketIssued');
				expect(issued.map((e) => e.identityHash !== null)).toStrictEqual([true, false, true, false, true, false]);
				expect(issued.every((e) => e.token !== '')).toBe(true);
				expect(events.filter((e) => e.type === 'TicketRated' && e.comment !== '')).toHaveLength(4);
				expect(dayTicketFacts(key(D1), 6).filter((t) => t.identityHash !== null)).toHaveLength(3);
			});

			it('a dry run reports what would go and changes nothing', async () => {
				const before = await snapshot();
				expect(await store.purge({ ...PLAN, dryRun: true }, AT)).toStrictEqual(EXPECTED);
				expect(await snapshot()).toStrictEqual(before);
				expect(await store.purge({ ...PLAN, dryRun: true }, AT + 1)).toStrictEqual(EXPECTED);
			});

			it('removes identity before identityBefore and tokens before secretsBefore, from events and facts, and nothing else', async () => {
				const before = await snapshot();
				const dry = await store.purge({ ...PLAN, dryRun: true }, AT);
				const done = await store.purge(PLAN, AT);
				expect(done).toStrictEqual(EXPECTED);
				expect(dry).toStrictEqual(done);

				const after = await snapshot();
				DAYS.forEach((d, i) => {
					const was = before[i]!;
					const now = after[i]!;
					const touched = d.identity || d.secrets;
					expect(now.day, `${d.key.hall}:${d.key.day}`).toStrictEqual({ ...was.day, purgedAt: touched ? AT : null });
					expect(now.events, `${d.key.hall}:${d.key.day}`).toStrictEqual(purgedEvents(dayEvents(d.key, d.tickets), d.identity, d.secrets));
					const facts = originalFacts(d.key, d.tickets);
					if (d.status === 'copying' || d.status === 'verified') {
						expect(now.facts).toStrictEqual(NO_FACTS);
					} else {
						expect(now.facts, `${d.key.hall}:${d.key.day}`).toStrictEqual({ ...facts, tickets: d.identity ? withoutIdentity(facts.tickets) : facts.tickets });
					}
				});
				// Spelled out for the day between the cutoffs: its identities and comments are still there.
				const mid = after[3]!;
				expect(mid.events.filter((e) => e.type === 'TicketIssued' && e.identityHash !== null)).toHaveLength(3);
				expect(mid.events.filter((e) => e.type === 'TicketRated' && e.comment !== '')).toHaveLength(4);
				expect(mid.facts.tickets.filter((t) => t.identityHash !== null)).toHaveLength(3);
				// The copying day older than both cutoffs still has its identity and token.
				expect(after[5]!.events.find((e) => e.type === 'TicketIssued')).toMatchObject({ identityHash: expect.any(String), token: expect.stringMatching(/^tk_/) });
			});

			it('a second purge finds nothing and changes nothing', async () => {
				expect(await store.purge(PLAN, AT)).toStrictEqual(EXPECTED);
				const once = await snapshot();
				expect(await store.purge({ ...PLAN, dryRun: true }, AT + 1)).toStrictEqual({ days: 0, events: 0, tickets: 0 });
				expect(await store.purge(PLAN, AT + 2)).toStrictEqual({ days: 0, events: 0, tickets: 0 });
				expect(await snapshot()).toStrictEqual(once);
			});

			it('with secretsBefore the earlier cutoff, identity goes first and the tokens at a later purge', async () => {
				// Identity only, before D3: D1 3 issued with identity + 4 comments; D2 2 + 3; other hall 2 + 2.
				expect(await store.purge({ identityBefore: D3, secretsBefore: D1, dryRun: false }, AT)).toStrictEqual({ days: 3, events: 7 + 5 + 4, tickets: 7 });
				for (const d of DAYS.slice(0, 3)) {
					expect(await readAll(store, d.key)).toStrictEqual(purgedEvents(dayEvents(d.key, d.tickets), true, false));
				}
				expect(await readAll(store, key(D3))).toStrictEqual(dayEvents(key(D3), 5));
				// Then the full plan: only tokens are left to remove (6 + 4 + 3 + 5), no ticket fact.
				expect(await store.purge(PLAN, AT + 1)).toStrictEqual({ days: 4, events: 18, tickets: 0 });
				for (const d of DAYS) expect(await readAll(store, d.key)).toStrictEqual(purgedEvents(dayEvents(d.key, d.tickets), d.identity, d.secrets));
				expect((await store.day(key(D1)))?.purgedAt).toBe(AT + 1);
			});

			it('purges a day with more changed events than one statement takes', async () => {
				const big = key('2025-01-15');
				// 320 issued (tokens; identity on 160) + 320 − 106 rated with a comment = 534 events; 160 tickets.
				await archiveDay(store, big, dayEvents(big, 320), 'projected', originalFacts(big, 320));
				const plan: PurgePlan = { identityBefore: '2025-01-16', secretsBefore: '2025-01-16', dryRun: false };
				expect(await store.purge({ ...plan, dryRun: true }, AT)).toStrictEqual({ days: 1, events: 534, tickets: 160 });
				expect(await store.purge(plan, AT)).toStrictEqual({ days: 1, events: 534, tickets: 160 });
				expect(await readAll(store, big, 500)).toStrictEqual(purgedEvents(dayEvents(big, 320), true, true));
				expect((await factsOf(big)).tickets).toStrictEqual(withoutIdentity(dayTicketFacts(big, 320)));
				expect(await store.lastSeq(big)).toBe(1603);
			});

			it('empties the reasons staff typed (a call out of order, a move, a close for another, a day close, an acknowledgement) with the identities; a pause reason stays', async () => {
				const typed = (k: HallDayKey): StoredEvent[] => {
					const t = openingOf(k.day);
					const events: HallEvent[] = [
						{ type: 'CounterPaused', at: t + 1, req: 'u1:a', counter: 'C05', reason: 'break' },
						{ type: 'TicketCalled', at: t + 2, req: 'u1:b', ticket: 'A0001', counter: 'C05', staff: 'u1', reason: '张三 老人优先' },
						{ type: 'TicketCalled', at: t + 3, req: 'u1:c', ticket: 'A0002', counter: 'C05', staff: 'u1', reason: null },
						{ type: 'TicketTransferred', at: t + 4, req: 'sup:d', ticket: 'A0003', fromCounter: null, toService: 'S2', toCounter: null, by: 'sup', reason: '李四 材料在二楼' },
						{ type: 'CounterClosed', at: t + 5, req: 'sup:e', counter: 'C05', by: 'sup', note: '王五 临时离开' },
						{ type: 'AlertAcknowledged', at: t + 6, req: 'sup:f', id: 'queueLong:S1', by: 'sup', note: '已安排' },
						{ type: 'DayClosed', at: t + 7, req: 'sup:g', reason: 'supervisor', by: 'sup', note: '停电' }
					];
					return events.map((e, i) => ({ ...e, seq: i + 1 }));
				};
				const old = key('2025-01-20');
				const recent = key(D4, OTHER);
				await archiveDay(store, old, typed(old), 'projected');
				await archiveDay(store, recent, typed(recent), 'projected');
				expect(await store.purge({ identityBefore: D3, secretsBefore: D1, dryRun: true }, AT)).toMatchObject({ events: 7 + 5 + 4 + 5 });
				await store.purge({ identityBefore: D3, secretsBefore: D1, dryRun: false }, AT);
				const purged = await readAll(store, old);
				expect(purged.map((e) => ('note' in e ? e.note : 'reason' in e ? e.reason : undefined))).toStrictEqual(['break', '', null, '', '', '', '']);
				expect(await readAll(store, recent)).toStrictEqual(typed(recent));
			});

			it('refuses a cutoff that is not a day', async () => {
				const before = await snapshot();
				await expect(store.purge({ ...PLAN, identityBefore: '2025-3-5' }, AT)).rejects.toThrow();
				await expect(store.purge({ ...PLAN, secretsBefore: '' }, AT)).rejects.toThrow();
				expect(await snapshot()).toStrictEqual(before);
			});
		});
	});
}

