/**
 * Acknowledged appends survive a killed process, and several processes can write one file.
 * Children (tests/store/fixtures/append-forever.ts, run with `node --import tsx`) append with
 * synchronous=FULL and print each acknowledged version; we SIGKILL them mid-stream, reopen the file
 * and check. SIGKILL leaves the OS page cache intact: this proves process-kill durability, not
 * power-loss durability (that rests on synchronous=FULL + WAL, which SQLite documents).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/append-forever.ts', import.meta.url));
const KEY = { hall: 'city-hall', day: '2025-03-03' };

interface Ack {
	writer: string;
	version: number;
}

/** Runs a writer until it has acknowledged `acks` appends, then SIGKILLs it. */
function runAndKill(file: string, writer: string, acks: number): Promise<Ack[]> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, KEY.hall, KEY.day, writer], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const acked: Ack[] = [];
		let buffer = '';
		let stderr = '';
		let killed = false;
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => {
			buffer += chunk;
			const lines = buffer.split('\n');
			buffer = lines.pop() ?? '';
			for (const line of lines) acked.push({ writer, version: Number(line) });
			if (!killed && acked.length >= acks) {
				killed = true;
				child.kill('SIGKILL');
			}
		});
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			if (signal === 'SIGKILL' && killed) resolve(acked);
			else reject(new Error(`writer ${writer} ended (code ${code}, signal ${signal}) after ${acked.length} acks:\n${stderr}`));
		});
	});
}

/** Checks the log on disk against the acks; returns its version. */
async function checkLog(file: string, acks: Ack[]): Promise<number> {
	const store = SqliteEventStore.open(file);
	try {
		const { events, version, snapshot } = await store.load(KEY);
		expect(snapshot).toBeNull();
		expect(events.map((e) => e.seq)).toEqual(Array.from({ length: version }, (_, i) => i + 1));
		// No batch is partial: each request id appears exactly as often as its batch size.
		const sizes = new Map<string, number>();
		for (const e of events) sizes.set(e.req, (sizes.get(e.req) ?? 0) + 1);
		for (const [req, count] of sizes) expect(count, req).toBe(Number(req.split('-')[2]));
		// Every acknowledged version is present and ends a whole batch of the writer that got the ack.
		for (const ack of acks) {
			const last = events[ack.version - 1];
			expect(last, `acked version ${ack.version}`).toBeDefined();
			expect(last!.req.startsWith(`${ack.writer}-`), `version ${ack.version} by ${ack.writer}`).toBe(true);
			expect(events[ack.version]?.req, `version ${ack.version} ends a batch`).not.toBe(last!.req);
		}
		return version;
	} finally {
		await store.close();
	}
}

describe('SqliteEventStore across killed processes (synchronous FULL)', () => {
	let dir: string;
	let file: string;
	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'hallq-durability-'));
		file = join(dir, 'events.db');
	});
	afterEach(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('keeps every acknowledged append when the writer is SIGKILLed, and continues after it', async () => {
		const first = await runAndKill(file, 'w1', 300);
		expect(first.length).toBeGreaterThanOrEqual(300);
		const v1 = await checkLog(file, first);

		// A second writer recovers the killed file and continues where the log ends.
		const second = await runAndKill(file, 'w2', 200);
		expect(second[0]!.version).toBeGreaterThan(v1);
		const v2 = await checkLog(file, [...first, ...second]);

		const store = SqliteEventStore.open(file);
		try {
			const res = await store.append(KEY, v2, [
				{ type: 'CounterOpened', at: Date.now(), req: 'after-kill', counter: 'C05', staff: 'S017' }
			]);
			expect(res).toMatchObject({ ok: true, version: v2 + 1 });
			expect(res.ok && res.events[0]?.seq).toBe(v2 + 1);
		} finally {
			await store.close();
		}
	}, 60_000);

	it('serializes three processes appending to one hall-day, then SIGKILLed', async () => {
		const acks = (await Promise.all(['p1', 'p2', 'p3'].map((w) => runAndKill(file, w, 150)))).flat();
		const versions = acks.map((a) => a.version);
		expect(new Set(versions).size).toBe(versions.length);
		await checkLog(file, acks);
	}, 60_000);
});
