/**
 * The archive and the hall-day lifecycle of a running server, from the environment
 * (docs/deployment.md "Lifecycle"): where the archive lives, whether this process closes,
 * archives and drops days, how often, and how long Redis keeps a dropped day.
 */
import { dirname, join, resolve } from 'node:path';
import { Archiver } from './app/archiver';
import { DayLifecycle, DEFAULT_KEEP_LIVE_DAYS, DEFAULT_LIFECYCLE_INTERVAL_MS } from './app/day-lifecycle';
import type { HallQ } from './app/hallq';
import type { HallConfig } from './core/model';
import type { ArchiveStore, Clock, EventStore } from './core/ports';
import { DEFAULT_RETENTION, type RetentionPolicy } from './core/retention';
import { wholeNumber } from './env-number';
import { archiveTargetFromEnv } from './store/sql/database';
import { SqlArchiveStore } from './store/sql/sql-archive-store';

const DAY_MS = 86_400_000;

/**
 * The archive database: ARCHIVE_URL (PostgreSQL) or the SQLite file beside the queue's. Several
 * processes on one Redis need one shared archive: each with its own SQLite file would each hold
 * only the days it archived, hence the warning.
 */
export async function openArchive(env: NodeJS.ProcessEnv, log: { warn(obj: object, msg: string): void }): Promise<SqlArchiveStore> {
	const beside = join(dirname(resolve(env.HALLQ_DB ?? 'data/hallq.db')), 'hallq-archive.db');
	const target = archiveTargetFromEnv(env, beside);
	if (env.STORE === 'redis' && target.kind === 'sqlite' && env.HALLQ_LIFECYCLE !== 'off')
		log.warn({ archive: target.file }, 'STORE=redis with an SQLite archive: set ARCHIVE_URL to one PostgreSQL for all processes, or HALLQ_LIFECYCLE=off on all but one');
	return SqlArchiveStore.open(target.kind === 'sqlite' ? { ...target, file: resolve(target.file) } : target);
}

export interface LifecycleSettings {
	enabled: boolean;
	intervalMs: number;
	keepLiveMs: number;
	retention: RetentionPolicy;
}

/** HALLQ_RETAIN_IDENTITY_DAYS and HALLQ_RETAIN_SECRET_DAYS (docs/deployment.md "Lifecycle"). */
export function retentionPolicy(env: NodeJS.ProcessEnv): RetentionPolicy {
	return {
		identityDays: wholeNumber(env, 'HALLQ_RETAIN_IDENTITY_DAYS', DEFAULT_RETENTION.identityDays, 1, 3650, 'days'),
		secretsDays: wholeNumber(env, 'HALLQ_RETAIN_SECRET_DAYS', DEFAULT_RETENTION.secretsDays, 1, 3650, 'days')
	};
}

/** HALLQ_LIFECYCLE (on|off), HALLQ_LIFECYCLE_MS, HALLQ_KEEP_LIVE_DAYS and the retention, validated: a bad value stops the start. */
export function lifecycleSettings(env: NodeJS.ProcessEnv): LifecycleSettings {
	const mode = env.HALLQ_LIFECYCLE ?? 'on';
	if (mode !== 'on' && mode !== 'off') throw new Error(`HALLQ_LIFECYCLE must be on or off, not ${mode}`);
	return {
		enabled: mode === 'on',
		intervalMs: wholeNumber(env, 'HALLQ_LIFECYCLE_MS', DEFAULT_LIFECYCLE_INTERVAL_MS, 100, 3_600_000, 'milliseconds'),
		keepLiveMs: wholeNumber(env, 'HALLQ_KEEP_LIVE_DAYS', DEFAULT_KEEP_LIVE_DAYS, 0, 90, 'days') * DAY_MS,
		retention: retentionPolicy(env)
	};
}

export function createLifecycle(o: {
	hallq: HallQ;
	halls: HallConfig[];
	live: EventStore;
	archive: ArchiveStore;
	clock: Clock;
	log: ConstructorParameters<typeof DayLifecycle>[0]['log'];
	settings: LifecycleSettings;
}): DayLifecycle {
	const archiver = new Archiver({ live: o.live, archive: o.archive, halls: new Map(o.halls.map((h) => [h.id, h])), now: () => o.clock.now() });
	return new DayLifecycle({
		runners: o.hallq.runners,
		live: o.live,
		archiver,
		clock: o.clock,
		log: o.log,
		keepLiveMs: o.settings.keepLiveMs,
		intervalMs: o.settings.intervalMs,
		purge: { archive: o.archive, policy: o.settings.retention }
	});
}
