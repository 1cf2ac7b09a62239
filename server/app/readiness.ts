/**
 * Readiness (GET /api/ready): whether this process can take traffic now, for a balancer or a
 * service manager. Liveness (/api/health) only says the process answers; ready says its stores do:
 * the live store takes a write, the archive and the security store answer a read, each within the
 * deadline, and no hall-day has failed to archive for longer than the allowed lag.
 */
import type { LifecycleStatus } from './day-lifecycle';
import type { ArchiveStore, EventStore } from '../core/ports';
import type { SecurityStore } from '../core/security';

export interface ReadyCheck {
	name: 'store' | 'archive' | 'security' | 'lifecycle';
	ok: boolean;
	/** How long the check took (ms). */
	ms: number;
	/** Why not: STORE.TIMEOUT, STORE.UNAVAILABLE, ARCHIVE.LAGGING; null when ok. */
	code: string | null;
}

export interface ReadyReport {
	ready: boolean;
	checks: ReadyCheck[];
}

export interface ReadinessOptions {
	store: EventStore;
	archive: ArchiveStore;
	security: SecurityStore;
	lifecycle: () => LifecycleStatus | null;
	/** A hall of this process (the archive's read names one). */
	hall: string;
	timeoutMs: number;
	/** A hall-day failing to archive for longer than this makes the process not ready. */
	archiveLagMs: number;
	now: () => number;
}

async function timed(name: ReadyCheck['name'], timeoutMs: number, probe: () => Promise<unknown>): Promise<ReadyCheck> {
	const started = performance.now();
	let timer: ReturnType<typeof setTimeout> | undefined;
	const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
	try {
		const outcome = await Promise.race([probe().then(() => 'ok' as const), deadline]);
		return { name, ok: outcome === 'ok', ms: Math.round(performance.now() - started), code: outcome === 'ok' ? null : 'STORE.TIMEOUT' };
	} catch {
		return { name, ok: false, ms: Math.round(performance.now() - started), code: 'STORE.UNAVAILABLE' };
	} finally {
		clearTimeout(timer);
	}
}

export async function readiness(o: ReadinessOptions): Promise<ReadyReport> {
	const checks = await Promise.all([
		timed('store', o.timeoutMs, () => o.store.ping()),
		timed('archive', o.timeoutMs, () => o.archive.days(o.hall, '9999-12-31', '9999-12-31')),
		timed('security', o.timeoutMs, () => o.security.epoch(o.hall, '-ready-'))
	]);
	const now = o.now();
	const lagging = (o.lifecycle()?.failing ?? []).some((f) => now - f.since > o.archiveLagMs);
	checks.push({ name: 'lifecycle', ok: !lagging, ms: 0, code: lagging ? 'ARCHIVE.LAGGING' : null });
	return { ready: checks.every((c) => c.ok), checks };
}
