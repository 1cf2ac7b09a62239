/**
 * Commands at the turn of the hall-day (local midnight in Shanghai), with an injected clock on a
 * real SQLite store: a command is stored in the day it was decided in, never lost or moved; a retry
 * after midnight of a request answered before it gets its first answer (yesterday's ticket), also
 * after a restart, for half an hour; a new request after midnight is today's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HallRunner, type CommandOutcome } from '../../../server/app/hall-runner';
import type { Command } from '../../../server/core/commands';
import { indexHall } from '../../../server/core/hall-index';
import type { EventStore } from '../../../server/core/ports';
import { SqliteEventStore } from '../../../server/store/sqlite/sqlite-event-store';
import { testHall } from '../../support/test-hall';

/** 2026-03-13 00:00 in Shanghai (UTC+8). */
const MIDNIGHT = Date.parse('2026-03-12T16:00:00Z');
const BEFORE = '2026-03-12';
const AFTER = '2026-03-13';

const dirs: string[] = [];
const stores: SqliteEventStore[] = [];
afterEach(async () => {
	for (const s of stores.splice(0)) await s.close();
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openStore(): { store: SqliteEventStore; file: string } {
	const dir = mkdtempSync(join(tmpdir(), 'hallq-midnight-'));
	dirs.push(dir);
	const file = join(dir, 'q.db');
	const store = SqliteEventStore.open(file, { synchronous: 'OFF' });
	stores.push(store);
	return { store, file };
}

const index = indexHall(testHall());
const issue = (req: string): Command => ({ kind: 'issue', req, service: 'S1', priority: 'none', kiosk: 'K1', token: `tok-${req}`, identity: null });
const quiet = { warn: () => undefined, error: () => undefined };
const ticketOf = (o: CommandOutcome) => ({ day: o.state.day, ticket: o.record.ticket, duplicate: o.duplicate });

function runnerOn(store: EventStore, clock: { now: () => number }) {
	return new HallRunner({ index, store, clock, log: quiet, onEvents: () => undefined });
}

async function issuesIn(store: EventStore, day: string): Promise<string[]> {
	const events = await store.readAfter({ hall: 'test', day }, 0, 1000);
	return events.flatMap((e) => (e.type === 'TicketIssued' ? [e.ticket] : []));
}

describe('the turn of the hall-day', () => {
	it('answers a retry after midnight with the ticket taken before it, also after a restart; a new request is today’s', async () => {
		const { store } = openStore();
		let now = MIDNIGHT - 100; // 23:59:59.900
		const clock = { now: () => now };
		const r = runnerOn(store, clock);
		expect(ticketOf(await r.execute(issue('k1-last-of-day')))).toEqual({ day: BEFORE, ticket: 'A001', duplicate: false });
		now = MIDNIGHT + 100;
		expect(ticketOf(await r.execute(issue('k1-last-of-day')))).toEqual({ day: BEFORE, ticket: 'A001', duplicate: true });
		expect(ticketOf(await r.execute(issue('k1-first-of-day')))).toEqual({ day: AFTER, ticket: 'A001', duplicate: false });
		expect(ticketOf(await r.execute(issue('k1-last-of-day')))).toEqual({ day: BEFORE, ticket: 'A001', duplicate: true });
		await r.close();

		// A process started after midnight reads the day before from the store.
		const fresh = runnerOn(store, clock);
		expect(ticketOf(await fresh.execute(issue('k1-last-of-day')))).toEqual({ day: BEFORE, ticket: 'A001', duplicate: true });
		expect(ticketOf(await fresh.execute(issue('k1-first-of-day')))).toEqual({ day: AFTER, ticket: 'A001', duplicate: true });
		expect(await issuesIn(store, BEFORE)).toEqual(['A001']);
		expect(await issuesIn(store, AFTER)).toEqual(['A001']);
		// Half an hour after midnight the day before is no longer asked: the same id is a new request.
		now = MIDNIGHT + 30 * 60_000;
		expect(ticketOf(await fresh.execute(issue('k1-last-of-day')))).toEqual({ day: AFTER, ticket: 'A002', duplicate: false });
		await fresh.close();
	});

	it('stores a command queued at 23:59:59.9 behind a slow append in the day it is decided in, and loses none', async () => {
		const { store } = openStore();
		let now = MIDNIGHT - 100;
		const clock = { now: () => now };
		let release: () => void = () => undefined;
		const gate = new Promise<void>((r) => (release = r));
		let appends = 0;
		// The first append (before midnight) is slow: the clock passes midnight while it is in flight.
		const slow: EventStore = Object.assign(Object.create(store) as EventStore, {
			append: async (...a: Parameters<EventStore['append']>) => {
				if (appends++ === 0) await gate;
				return store.append(...a);
			}
		});
		const r = runnerOn(slow, clock);
		const first = r.execute(issue('k1-a'));
		await new Promise((resolve) => setImmediate(resolve));
		const second = r.execute(issue('k2-b')); // queued at 23:59:59.9, behind the first append
		now = MIDNIGHT + 50;
		release();
		expect(ticketOf(await first)).toEqual({ day: BEFORE, ticket: 'A001', duplicate: false });
		expect(ticketOf(await second)).toEqual({ day: AFTER, ticket: 'A001', duplicate: false });
		expect(await issuesIn(store, BEFORE)).toEqual(['A001']);
		expect(await issuesIn(store, AFTER)).toEqual(['A001']);
		// Each event carries the instant it was decided at.
		const [before] = await store.readAfter({ hall: 'test', day: BEFORE }, 0, 10);
		const [after] = await store.readAfter({ hall: 'test', day: AFTER }, 0, 10);
		expect([before?.at, after?.at]).toEqual([MIDNIGHT - 100, MIDNIGHT + 50]);
		await r.close();
	});
});
