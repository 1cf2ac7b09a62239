import { spawn, type ChildProcess } from 'node:child_process';
import { LOAD_RATE_LIMITS } from './rate-limits';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
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
	/** Starts again on the same port with the same database; `env` adds settings from now on (another HALLQ_BUILD_DIR: a deploy). */
	start(env?: Record<string, string>): Promise<void>;
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
	const settings = { ...env };
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

	async function start(more: Record<string, string> = {}): Promise<void> {
		Object.assign(settings, more);
		const vars: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', HALLQ_CONFIG: files.join(','), HALLQ_DB: join(dir, 'hallq.db'), LOG_LEVEL: 'warn', HALLQ_RATE_LIMITS: LOAD_RATE_LIMITS };
		// The hall files' own hours are what the tests look at, unless a test sets them.
		delete vars.HALLQ_HOURS;
		const c = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...vars, ...settings }, stdio: ['ignore', 'pipe', 'pipe'] });
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

/**
 * A copy of build/ as the next deploy of the same code would be: another SvelteKit version, and, as
 * Vite names chunks by their content, every immutable chunk whose content changes (the one holding
 * the version, those importing it, and so on) gets another name (browsers keep immutable chunks for
 * good). The precompressed copies, which would still hold the old text, are left out. Returns the
 * new version.
 */
export function copyBuildAsNextVersion(to: string): string {
	const from = 'build';
	const old = (JSON.parse(readFileSync(join(from, 'client', '_app', 'version.json'), 'utf8')) as { version: string }).version;
	const next = String(Number(old) + 1);
	cpSync(from, to, { recursive: true, filter: (f) => !f.endsWith('.br') && !f.endsWith('.gz') });
	const files = (readdirSync(to, { recursive: true, encoding: 'utf8' }) as string[]).map((f) => join(to, f)).filter((f) => statSync(f).isFile() && /\.(js|json|html|css)$/.test(f));
	const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
	const immutable = (f: string) => f.includes(join('_app', 'immutable'));
	const renamed = new Map<string, string>();
	let replaced = [old];
	while (replaced.length > 0) {
		const changedNow: string[] = [];
		for (const [f, text] of texts) {
			const hit = replaced.find((r) => text.includes(r));
			if (!hit) continue;
			let after = text.replaceAll(old, next);
			for (const [a, b] of renamed) after = after.replaceAll(a, b);
			texts.set(f, after);
			const name = basename(f);
			if (immutable(f) && !renamed.has(name)) {
				renamed.set(name, name.replace(/^([^.]+)/, (stem) => `${stem.slice(0, -2)}zz`));
				changedNow.push(name);
			}
		}
		replaced = changedNow;
	}
	for (const [f, text] of texts) {
		const after = [...renamed].reduce((t, [a, b]) => t.replaceAll(a, b), text.replaceAll(old, next));
		writeFileSync(f, after);
		const b = renamed.get(basename(f));
		if (b) renameSync(f, join(dirname(f), b));
	}
	return next;
}
