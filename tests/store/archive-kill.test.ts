/**
 * An archiver killed (SIGKILL) in the middle leaves an archive that the next run finishes exactly as
 * one uninterrupted run does: after the first copied page, and after verification before the facts.
 * The child (fixtures/archive-and-wait.ts) stops where told and says so; we kill it there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archiver } from '../../server/app/archiver';
import { decide } from '../../server/core/decide';
import { evolve } from '../../server/core/evolve';
import { indexHall } from '../../server/core/hall-index';
import type { StoredEvent } from '../../server/core/events';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';
import { appendBusyDay, buildBusyDay, busyHall } from '../fixtures/busy-day';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/archive-and-wait.ts', import.meta.url));
const DAY = '2026-03-12';
const hall = busyHall();
const halls = new Map([[hall.id, hall]]);
let dir: string;
let liveFile: string;
const key = { hall: hall.id, day: DAY };

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'hallq-archive-kill-'));
	liveFile = join(dir, 'hallq.db');
	const day = buildBusyDay(hall, DAY, 6000, 11);
	const [closed] = decide(indexHall(hall), day.state, { kind: 'closeDay', req: 'close', reason: 'midnight', by: null, note: null }, Date.parse('2026-03-13T00:00:00+08:00'));
	if (!closed) throw new Error('the day did not close');
	evolve(day.state, closed);
	day.events.push(closed);
	const live = SqliteEventStore.open(liveFile, { synchronous: 'NORMAL' });
	await appendBusyDay(live, day);
	await live.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child until it reports `at <point>`, then SIGKILLs it. */
function runAndKill(archiveFile: string, point: 'copy' | 'verified'): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', CHILD, liveFile, archiveFile, hall.id, DAY, point], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		let err = '';
		child.stderr.on('data', (d: Buffer) => (err += d.toString()));
		child.stdout.on('data', (d: Buffer) => {
			out += d.toString();
			if (out.includes(`at ${point}`)) child.kill('SIGKILL');
		});
		child.on('exit', (code, signal) => {
			if (signal === 'SIGKILL') resolve();
			else reject(new Error(`the child exited (${code}) before it was killed at ${point}: ${out} ${err}`));
		});
	});
}

async function snapshot(file: string) {
	const archive = await SqlArchiveStore.open({ kind: 'sqlite', file });
	try {
		const events: StoredEvent[] = [];
		for (;;) {
			const page = await archive.readEvents(key, events.length, 5000);
			events.push(...page);
			if (page.length < 5000) break;
		}
		const day = await archive.day(key);
		return {
			day: day && { status: day.status, events: day.events, digest: day.digest, closedAt: day.closedAt },
			events,
			tickets: await archive.ticketFacts(hall.id, DAY, DAY),
			sessions: await archive.counterSessions(hall.id, DAY, DAY),
			rollups: await archive.rollups(hall.id, DAY, DAY)
		};
	} finally {
		await archive.close();
	}
}

async function archiveInProcess(file: string): Promise<void> {
	const live = SqliteEventStore.open(liveFile);
	const archive = await SqlArchiveStore.open({ kind: 'sqlite', file });
	try {
		const outcome = await new Archiver({ live, archive, halls, now: () => 0 }).archive(key);
		expect(outcome.kind).toBe('archived');
	} finally {
		await live.close();
		await archive.close();
	}
}

describe('an archiver killed halfway', () => {
	let reference: Awaited<ReturnType<typeof snapshot>>;
	beforeAll(async () => {
		const file = join(dir, 'reference.db');
		await archiveInProcess(file);
		reference = await snapshot(file);
		expect(reference.day?.status).toBe('projected');
		expect(reference.tickets).toHaveLength(6000);
	}, 120_000);

	for (const point of ['copy', 'verified'] as const) {
		it(`killed at "${point}": the re-run ends with the same archive as one uninterrupted run`, { timeout: 120_000 }, async () => {
			const file = join(dir, `killed-${point}.db`);
			await runAndKill(file, point);
			const left = await snapshot(file);
			if (point === 'copy') {
				expect(left.day?.status).toBe('copying');
				expect(left.events.length).toBeGreaterThan(0);
				expect(left.events.length).toBeLessThan(reference.events.length);
			} else {
				expect(left.day?.status).toBe('verified');
				expect(left.tickets).toEqual([]);
			}
			await archiveInProcess(file);
			expect(await snapshot(file)).toEqual(reference);
		});
	}
});
