/**
 * A private redis-server for one test file: free port on 127.0.0.1, its own temp folder, no RDB
 * snapshots, AOF with `appendfsync always` (as docs/deployment.md requires: with `everysec` a busy
 * machine makes Redis postpone AOF writes while it still answers, and a SIGKILL then loses
 * acknowledged events). Tests never touch a shared Redis on 6379.
 *
 *   const redis = await startRedis();
 *   ... redis.url ...
 *   redis.kill('SIGKILL'); await redis.restart();   // same port and folder: reloads its AOF
 *   redis.pause(); redis.resume();                   // SIGSTOP / SIGCONT
 *   await redis.stop();                              // stops it and removes the folder
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface RedisServer {
	url: string;
	port: number;
	dir: string;
	/** Stops the server (SIGTERM: it writes its AOF and exits) and removes its folder. Idempotent. */
	stop(): Promise<void>;
	/** Sends a signal (SIGKILL: a crash; SIGTERM: a clean stop). `restart` waits for the exit. */
	kill(signal: NodeJS.Signals): void;
	/** Starts it again on the same port and folder (stopping it first if it runs) and waits for PING. */
	restart(): Promise<void>;
	/** SIGSTOP: the process keeps its sockets but answers nothing. */
	pause(): void;
	/** SIGCONT. */
	resume(): void;
	/** The server's recent output, for failure messages. */
	output(): string;
}

export interface StartRedisOptions {
	/** AOF on (default) or off. */
	appendonly?: boolean;
	/** AOF fsync policy; `always` by default (nothing acknowledged is lost, see docs/deployment.md). */
	appendfsync?: 'always' | 'everysec';
	/** More `--name value` arguments. */
	args?: string[];
}

const INSTALL_HINT = 'redis-server not found: run sh scripts/install-system-packages.sh';

function findRedisServer(): string {
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		if (!dir) continue;
		const file = join(dir, 'redis-server');
		try {
			accessSync(file, constants.X_OK);
			return file;
		} catch {
			/* next */
		}
	}
	throw new Error(INSTALL_HINT);
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			const port = typeof addr === 'object' && addr ? addr.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

/** One raw PING; resolves true on +PONG. */
function ping(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		let data = '';
		const done = (ok: boolean) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(500, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d: Buffer) => {
			data += d.toString();
			if (data.includes('\r\n')) done(data.startsWith('+PONG'));
		});
	});
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', () => resolve());
	});
}

export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
	const bin = findRedisServer();
	const dir = await mkdtemp(join(tmpdir(), 'hallq-redis-'));
	let log = '';
	let child: ChildProcess | null = null;
	let port = 0;
	let stopped = false;

	const args = () => [
		'--port',
		String(port),
		'--bind',
		'127.0.0.1',
		'--dir',
		dir,
		'--save',
		'',
		'--appendonly',
		options.appendonly === false ? 'no' : 'yes',
		'--appendfsync',
		options.appendfsync ?? 'always',
		'--maxmemory-policy',
		'noeviction',
		'--daemonize',
		'no',
		'--logfile',
		'',
		...(options.args ?? [])
	];

	async function launch(): Promise<void> {
		const c = spawn(bin, args(), { stdio: ['ignore', 'pipe', 'pipe'] });
		child = c;
		running.add(c);
		const keep = (d: Buffer) => {
			log = (log + d.toString()).slice(-8000);
		};
		c.stdout?.on('data', keep);
		c.stderr?.on('data', keep);
		c.once('exit', () => running.delete(c));
		const spawnError = new Promise<never>((_, reject) => c.once('error', reject));
		spawnError.catch(() => undefined);
		const deadline = Date.now() + 15_000;
		for (;;) {
			if (c.exitCode !== null || c.signalCode !== null) {
				throw new Error(`redis-server exited (${c.exitCode ?? c.signalCode}) on port ${port}:\n${log}`);
			}
			if (await Promise.race([ping(port), spawnError])) return;
			if (Date.now() > deadline) {
				c.kill('SIGKILL');
				throw new Error(`redis-server on port ${port} did not answer PING within 15 s:\n${log}`);
			}
			await new Promise((r) => setTimeout(r, 50));
		}
	}

	async function halt(): Promise<void> {
		const c = child;
		if (!c || c.exitCode !== null || c.signalCode !== null) return;
		c.kill('SIGCONT');
		c.kill('SIGTERM');
		const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
		await exited(c);
		clearTimeout(timer);
	}

	// The free port may be taken between probing and binding: try a few.
	for (let attempt = 1; ; attempt++) {
		port = await freePort();
		try {
			await launch();
			break;
		} catch (err) {
			if (attempt >= 3 || !/Address already in use/i.test(log)) {
				await rm(dir, { recursive: true, force: true });
				throw err;
			}
			log = '';
		}
	}

	return {
		url: `redis://127.0.0.1:${port}`,
		port,
		dir,
		async stop() {
			if (stopped) return;
			stopped = true;
			await halt();
			await rm(dir, { recursive: true, force: true });
		},
		kill(signal) {
			child?.kill(signal);
		},
		async restart() {
			if (stopped) throw new Error('redis-server was stopped');
			const c = child;
			if (c && c.exitCode === null && c.signalCode === null) {
				// A signal sent by kill() may still be on its way: wait a moment before stopping it.
				await Promise.race([exited(c), new Promise((r) => setTimeout(r, 200))]);
				await halt();
			}
			await launch();
		},
		pause() {
			child?.kill('SIGSTOP');
		},
		resume() {
			child?.kill('SIGCONT');
		},
		output: () => log
	};
}
