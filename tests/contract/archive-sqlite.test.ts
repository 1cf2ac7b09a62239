/**
 * The ArchiveStore contract on SQLite (a temp file, as in production: WAL, synchronous FULL), and
 * what only a file can show: after a purge, the bytes of the database and its WAL hold none of the
 * purged days' identity hashes, masked ID numbers and link tokens (the store sets `secure_delete`
 * and checkpoints the WAL after a purge), while a kept day's are still there and readable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredEvent, TicketIssued } from '../../server/core/events';
import type { TicketFact } from '../../server/core/facts';
import type { HallDayKey } from '../../server/core/hall-day';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { counterSession, dailyRollup, dayEvents, dayTicketFacts, fakeIdentityHash, fakeIdentityMasked, openingOf } from '../fixtures/archive-facts';
import { archiveStoreContract } from './archive-store.contract';
import { configStoreContract } from './config-store.contract';
import { deviceTokenStoreContract } from './device-token-store.contract';

async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
	const dir = await mkdtemp(join(tmpdir(), 'hallq-archive-'));
	return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

archiveStoreContract('sqlite (temp file, synchronous FULL)', async () => {
	const { dir, cleanup } = await tempDir();
	return { store: await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'hallq-archive.db') }), cleanup };
});

configStoreContract('sqlite (temp file)', async () => {
	const { dir, cleanup } = await tempDir();
	return { store: await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'hallq-archive.db') }), cleanup };
});

deviceTokenStoreContract('sqlite (temp file)', async () => {
	const { dir, cleanup } = await tempDir();
	return { store: await SqlArchiveStore.open({ kind: 'sqlite', file: join(dir, 'hallq-archive.db') }), cleanup };
});

/**
 * The fixture numbers identities by ticket number, so two days share them (as one person visiting
 * twice would). Here the kept day's people are others: their numbers are shifted by `offset`.
 */
function shiftIdentities(events: StoredEvent[], facts: TicketFact[], offset: number): { events: StoredEvent[]; facts: TicketFact[] } {
	const shift = <T extends { identityHash: string | null; identityMasked: string | null }>(x: T, n: number): T =>
		x.identityHash === null ? x : { ...x, identityHash: fakeIdentityHash(n + offset), identityMasked: fakeIdentityMasked(n + offset) };
	return {
		events: events.map((e) => (e.type === 'TicketIssued' ? shift(e, e.serial) : e)),
		facts: facts.map((f) => shift(f, Number(f.ticket.slice(1))))
	};
}

function secretsOf(events: StoredEvent[]): string[] {
	return events
		.filter((e): e is TicketIssued & { seq: number } => e.type === 'TicketIssued')
		.flatMap((e) => [e.token, e.identityHash, e.identityMasked])
		.filter((s): s is string => typeof s === 'string' && s !== '');
}

describe('SqlArchiveStore on SQLite: purged values leave the file', () => {
	it('after a purge neither the database file nor its WAL holds a purged day’s identities or tokens', { timeout: 60_000 }, async () => {
		const { dir, cleanup } = await tempDir();
		const file = join(dir, 'hallq-archive.db');
		const store = await SqlArchiveStore.open({ kind: 'sqlite', file });
		const bytes = () => Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
		try {
			const old: HallDayKey = { hall: 'city-hall', day: '2025-03-03' };
			const kept: HallDayKey = { hall: 'city-hall', day: '2025-09-01' };
			const oldEvents = dayEvents(old, 320);
			const oldFacts = dayTicketFacts(old, 320);
			const keptDay = shiftIdentities(dayEvents(kept, 40), dayTicketFacts(kept, 40), 1000);
			for (const [k, events, tickets] of [
				[old, oldEvents, oldFacts],
				[kept, keptDay.events, keptDay.facts]
			] as const) {
				await store.copyEvents(k, events);
				await store.markVerified(k, { events: events.length, digest: 'sha256:fake', closedAt: events[events.length - 1]!.at, at: openingOf('2025-09-02') });
				await store.saveFacts(k, { tickets, sessions: [counterSession(k, 'C05', 1)], rollups: [dailyRollup(k, 'HJ-001', 'C05', 'S017')] }, openingOf('2025-09-02'));
			}

			const purged = secretsOf(oldEvents);
			const keptSecrets = secretsOf(keptDay.events);
			// 320 tokens, 160 hashes, 160 masked IDs; none shared with the kept day.
			expect(purged).toHaveLength(640);
			expect(keptSecrets).toHaveLength(80);
			expect(purged.filter((s) => keptSecrets.includes(s))).toEqual([]);
			// Before the purge they are all in the file or its WAL: the search below can find them.
			const before = bytes();
			expect(purged.filter((s) => !before.includes(s))).toEqual([]);

			const report = await store.purge({ identityBefore: '2025-06-01', secretsBefore: '2025-06-01', dryRun: false }, openingOf('2025-09-10'));
			// 320 issued + 214 rated with a comment (not every third): more than one statement's rows; 160 tickets with identity.
			expect(report).toStrictEqual({ days: 1, events: 534, tickets: 160 });

			const after = bytes();
			expect(after.length).toBeGreaterThan(0);
			expect(purged.filter((s) => after.includes(s))).toEqual([]);
			// The kept day's are still in the file, and the store gives them back.
			expect(keptSecrets.filter((s) => !after.includes(s))).toEqual([]);
			const read = await store.readEvents(kept, 0, 1000);
			expect(read).toStrictEqual(keptDay.events);
			expect(await store.ticketFacts(kept.hall, kept.day, kept.day)).toStrictEqual(keptDay.facts);
			expect(secretsOf(await store.readEvents(old, 0, 5000))).toEqual([]);
			expect((await store.ticketFacts(old.hall, old.day, old.day)).filter((t) => t.identityHash !== null || t.identityMasked !== null)).toEqual([]);
		} finally {
			await store.close();
			await cleanup();
		}
	});
});
