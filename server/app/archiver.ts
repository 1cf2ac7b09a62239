/**
 * Archives a closed hall-day: copies its log from the live store into the archive, verifies the copy
 * (count and digest equal the live log's), projects the verified copy into facts, and, once that is
 * done and the day is old enough, drops it from the live store. Every step can run again, or resume
 * after a kill at any point, and the archive ends the same; nothing is dropped that is not verified.
 */
import type { StoredEvent } from '../core/events';
import { hallDayId, type HallDayKey } from '../core/hall-day';
import type { HallConfig } from '../core/model';
import type { ArchivedDay, ArchiveStore, EventStore } from '../core/ports';
import { projectDay } from '../core/project-day';
import { auditEntriesOf } from '../core/audit';
import { indexHall } from '../core/hall-index';
import { LogDigest } from './log-digest';

/** Events per read from either store. */
const PAGE = 5000;

export class ArchiveMismatchError extends Error {
	readonly code = 'ARCHIVE.MISMATCH';
}

export type ArchiveOutcome =
	/** The last event is not DayClosed: the day is still open, nothing was copied. */
	| { kind: 'open' }
	/** Verified and projected: by this call (`fresh`), or found so. */
	| { kind: 'archived'; day: ArchivedDay; fresh: boolean }
	/** Not in the live store and not in the archive. */
	| { kind: 'missing' };

export interface ArchiverOptions {
	live: EventStore;
	archive: ArchiveStore;
	halls: ReadonlyMap<string, HallConfig>;
	now: () => number;
}

export class Archiver {
	constructor(private readonly o: ArchiverOptions) {}

	/** Copies, verifies and projects the hall-day (whatever of that is not done yet). */
	async archive(key: HallDayKey): Promise<ArchiveOutcome> {
		const hall = this.o.halls.get(key.hall);
		if (!hall) throw new Error(`hall ${key.hall} is not configured: its days cannot be projected`);
		const known = await this.o.archive.day(key);
		if (known && (known.status === 'projected' || known.status === 'dropped')) return { kind: 'archived', day: known, fresh: false };

		const live = await this.readAll((after) => this.o.live.readAfter(key, after, PAGE));
		let verifiedCopy: StoredEvent[] | null = null;
		if (live.length === 0) {
			if (!known) return { kind: 'missing' };
			// Dropped from the live store after verification, before the archive heard of it (a kill).
			if (known.status !== 'verified') throw new ArchiveMismatchError(`hall-day ${hallDayId(key)} is gone from the live store before its copy was verified`);
		} else {
			const last = live[live.length - 1] as StoredEvent;
			if (last.type !== 'DayClosed') return { kind: 'open' };
			await this.copy(key, live);
			const archived = await this.readAll((after) => this.o.archive.readEvents(key, after, PAGE));
			const liveDigest = digestOf(live);
			const copyDigest = digestOf(archived);
			if (copyDigest.count !== liveDigest.count || copyDigest.hex !== liveDigest.hex) {
				throw new ArchiveMismatchError(
					`archive of ${hallDayId(key)} differs from the live log: ${copyDigest.count} events (${copyDigest.hex.slice(0, 12)}) against ${liveDigest.count} (${liveDigest.hex.slice(0, 12)})`
				);
			}
			await this.o.archive.markVerified(key, { events: liveDigest.count, digest: liveDigest.hex, closedAt: last.at, at: this.o.now() });
			verifiedCopy = archived;
		}
		// Facts come from the verified copy: from here on the archive is the hall-day's record.
		const events = verifiedCopy ?? (await this.readAll((after) => this.o.archive.readEvents(key, after, PAGE)));
		await this.project(hall, key, events);
		const day = await this.o.archive.day(key);
		if (!day) throw new Error(`hall-day ${hallDayId(key)} vanished from the archive`);
		return { kind: 'archived', day, fresh: true };
	}

	/**
	 * Projects again, from their archived events, up to `limit` days that an older projection
	 * (PROJECTION_VERSION) made, newest first; returns how many. The live store is not touched.
	 */
	async reprojectStale(limit: number): Promise<number> {
		const stale = await this.o.archive.staleProjections([...this.o.halls.keys()], limit);
		for (const key of stale) {
			const hall = this.o.halls.get(key.hall) as HallConfig;
			const events = await this.readAll((after) => this.o.archive.readEvents(key, after, PAGE));
			await this.project(hall, key, events);
		}
		return stale.length;
	}

	/**
	 * Drops an archived hall-day from the live store (Redis keeps it `keepMs` more). Refuses a day
	 * the archive does not hold as projected: nothing leaves the live store unverified.
	 */
	async drop(key: HallDayKey, keepMs: number): Promise<void> {
		const day = await this.o.archive.day(key);
		if (!day || (day.status !== 'projected' && day.status !== 'dropped')) {
			throw new Error(`hall-day ${hallDayId(key)} is not archived (${day?.status ?? 'absent'}): not dropped`);
		}
		await this.o.live.drop(key, keepMs);
		if (day.status !== 'dropped') await this.o.archive.markDropped(key, this.o.now());
	}

	/**
	 * The day's audit entries, then its facts: saving the facts marks the day projected, so a kill
	 * between the two leaves it to be projected again (the entries are replaced, not added).
	 */
	private async project(hall: HallConfig, key: HallDayKey, events: readonly StoredEvent[]): Promise<void> {
		await this.o.archive.audit.saveLogEntries(key, auditEntriesOf(indexHall(hall), key.day, events));
		await this.o.archive.saveFacts(key, projectDay(hall, key.day, events), this.o.now());
	}

	/** Copies the live events the archive lacks (a copy killed halfway resumes after its last stored event). */
	private async copy(key: HallDayKey, live: StoredEvent[]): Promise<void> {
		const have = await this.o.archive.lastSeq(key);
		for (let i = have; i < live.length; i += PAGE) await this.o.archive.copyEvents(key, live.slice(i, i + PAGE));
	}

	private async readAll(read: (after: number) => Promise<StoredEvent[]>): Promise<StoredEvent[]> {
		const all: StoredEvent[] = [];
		for (;;) {
			const page = await read(all.length);
			all.push(...page);
			if (page.length < PAGE) return all;
		}
	}
}

function digestOf(events: readonly StoredEvent[]): { count: number; hex: string } {
	const d = new LogDigest();
	d.add(events);
	return { count: d.count, hex: d.hex() };
}
