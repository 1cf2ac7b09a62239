/**
 * A service manager or a terminal signals the top process of `npm start`: the whole tree stops
 * gracefully (the port closes, the SQLite store is closed cleanly, nothing is left running).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exited, freePort } from '../support/built-server';
import { testHall } from '../support/test-hall';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The pids of `pid`'s children, from /proc. */
function childrenOf(pid: number): number[] {
	const file = `/proc/${pid}/task/${pid}/children`;
	return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Whether something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const s = connect(port, '127.0.0.1');
		s.once('connect', () => {
			s.destroy();
			resolve(true);
		});
		s.once('error', () => resolve(false));
	});
}

describe('npm start under a signal', () => {
	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		it(`stops the whole process tree on ${signal} to npm, closing the port and the store`, async () => {
			if (!existsSync('build/handler.js')) throw new Error('build/handler.js is missing: run "npm run build" before the browser tests (npm test does)');
			const dir = mkdtempSync(join(tmpdir(), 'hallq-stop-'));
			dirs.push(dir);
			const hallFile = join(dir, 'test.json');
			writeFileSync(hallFile, JSON.stringify(testHall()));
			const db = join(dir, 'hallq.db');
			const port = await freePort();
			const npm = spawn('npm', ['start'], {
				env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', HALLQ_CONFIG: hallFile, HALLQ_DB: db, LOG_LEVEL: 'info', HALLQ_PRINTER_SIM: 'off' },
				stdio: ['ignore', 'pipe', 'pipe']
			});
			let out = '';
			const tree: number[] = [];
			npm.stdout.on('data', (b: Buffer) => (out += b.toString()));
			npm.stderr.on('data', (b: Buffer) => (out += b.toString()));
			try {
				await expect.poll(() => out.includes('"listening"') || npm.exitCode !== null, { timeout: 60_000, interval: 200 }).toBe(true);
				expect(npm.exitCode, out).toBeNull();
				expect(await listening(port)).toBe(true);
				// Everything npm started, down to the server, before the signal.
				for (let next = [npm.pid!]; next.length > 0; next = next.flatMap(childrenOf)) tree.push(...next);
				expect(tree.length).toBeGreaterThan(1);
				// Work in the store, so a close that does not happen leaves a write-ahead log behind.
				expect((await fetch(`http://127.0.0.1:${port}/api/health`)).ok).toBe(true);
				expect(existsSync(`${db}-wal`)).toBe(true);

				npm.kill(signal);
				await exited(npm);
				expect(npm.exitCode === 0 || npm.signalCode === signal, `npm ended with ${npm.exitCode ?? npm.signalCode}\n${out}`).toBe(true);
				await expect.poll(() => tree.filter(alive), { timeout: 15_000 }).toEqual([]);
				expect(await listening(port)).toBe(false);
				expect(out).toContain('"shutting down"');
				expect(out).toContain('"hallq stopped"');
				// SQLite removes its WAL file when the last connection closes cleanly.
				expect(existsSync(`${db}-wal`)).toBe(false);
			} finally {
				// A tree that outlived the signal is the failure above; it must not outlive the test.
				for (const pid of [npm.pid!, ...tree]) if (alive(pid)) process.kill(pid, 'SIGKILL');
			}
		}, 90_000);
	}
});
