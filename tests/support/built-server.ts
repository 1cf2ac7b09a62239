import { spawn, type ChildProcess } from 'node:child_process';
import { LOAD_RATE_LIMITS } from './rate-limits';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HallConfig } from '../../server/core/model';

/**
 * The production server (`npm start`: build/ + server/main.ts) as a process a test can also pause
 * (SIGSTOP), resume, halt and start again on the same port and database: a hung or restarted server
 * as a kiosk or board meets it.
 */
export interface BuiltServer {
	url: string;
	/** SIGSTOP: the process stops answering, its sockets stay open. */
	pause(): void;
	/** SIGCONT: it carries on with whatever arrived meanwhile. */
	resume(): void;
	/** SIGTERM and wait: connections close, the port refuses; `start()` brings it back. */
	halt(): Promise<void>;
	/** Starts again on the same port with the same database. */
	start(): Promise<void>;
	/** Stops for good and removes its files. */
	stop(): Promise<void>;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const addr = s.address();
			s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
		});
	});
}

export function exited(child: ChildProcess): Promise<void> {
	return new Promise((r) => {
		if (child.exitCode !== null || child.signalCode !== null) return r();
		child.once('exit', () => r());
	});
}

/** The built server for the given halls, on a free port; `env` adds settings (e.g. STORE=redis with REDIS_URL). */
export async function startBuiltServer(halls: HallConfig[], env: Record<string, string> = {}): Promise<BuiltServer> {
	if (!existsSync('build/handler.js')) throw new Error('build/handler.js is missing: run "npm run build" before the browser tests (npm test does)');
	const dir = mkdtempSync(join(tmpdir(), 'hallq-e2e-'));
	const files = halls.map((h) => {
		const f = join(dir, `${h.id}.json`);
		writeFileSync(f, JSON.stringify(h));
		return f;
	});
	let port = await freePort();
	let url = `http://127.0.0.1:${port}`;
	let child: ChildProcess | null = null;
	/** The last lines the server printed, for the error when it does not come up. */
	let output = '';

	async function start(): Promise<void> {
		const vars: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', HALLQ_CONFIG: files.join(','), HALLQ_DB: join(dir, 'hallq.db'), LOG_LEVEL: 'warn', HALLQ_RATE_LIMITS: LOAD_RATE_LIMITS };
		// The hall files' own hours are what the tests look at, unless a test sets them.
		delete vars.HALLQ_HOURS;
		const c = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...vars, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
		child = c;
		output = '';
		const keep = (to: NodeJS.WriteStream) => (d: Buffer) => {
			to.write(d);
			output = (output + d.toString()).slice(-4000);
		};
		c.stdout?.on('data', keep(process.stdout));
		c.stderr?.on('data', keep(process.stderr));
		for (let i = 0; ; i++) {
			if (c.exitCode !== null) throw new Error(`server exited with ${c.exitCode}:\n${output}`);
			try {
				if ((await fetch(`${url}/api/health`)).ok) return;
			} catch {
				/* not up yet */
			}
			if (i > 150) throw new Error('server did not start within 30 s');
			await new Promise((r) => setTimeout(r, 200));
		}
	}

	async function halt(): Promise<void> {
		const c = child;
		child = null;
		if (!c) return;
		c.kill('SIGCONT');
		c.kill('SIGTERM');
		await exited(c);
	}

	// The free port may be taken by another test between probing and binding: try another.
	for (let attempt = 1; ; attempt++) {
		try {
			await start();
			break;
		} catch (err) {
			if (attempt >= 3 || !/EADDRINUSE|address already in use/i.test(output)) throw err;
			port = await freePort();
			url = `http://127.0.0.1:${port}`;
		}
	}
	return {
		url,
		pause: () => void child?.kill('SIGSTOP'),
		resume: () => void child?.kill('SIGCONT'),
		halt,
		start,
		async stop() {
			await halt();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
