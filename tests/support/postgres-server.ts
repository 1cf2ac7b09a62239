/**
 * A private PostgreSQL for one test file: Debian's binaries (`initdb`, `postgres`), a fresh
 * cluster in its own temp folder, a free port on 127.0.0.1, its unix socket inside the folder,
 * `fsync=on` (a SIGKILL must not lose a committed transaction), trust authentication, database
 * `hallq`. Tests never touch a shared server on 5432.
 *
 *   const pg = await startPostgres();
 *   ... pg.url ...
 *   pg.kill('SIGKILL'); await pg.restart();   // same folder and port: crash recovery from its WAL
 *   await pg.stop();                          // stops it and removes the folder
 *
 * With `PG_TEST_URL` set (a server someone runs, e.g. openGauss or KingbaseES), a fresh database
 * with a random name is created on it instead and dropped on stop; `external` is true and
 * kill/restart throw (that server is not ours to crash).
 *
 * PostgreSQL refuses to run as root, and these tests run as root: then the folder is handed to
 * user `postgres`, initdb runs through `runuser -u postgres --`, and the server is spawned with
 * that user's uid and gid. (Not through runuser: runuser forks and waits for its child, so a
 * SIGKILL would hit runuser and leave the postmaster running — no crash at all.)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chownSync, constants, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
	/** postgres://…/hallq (or the fresh database on PG_TEST_URL's server). */
	url: string;
	port: number;
	/** The temp folder (cluster in `data/`, socket in `sock/`); '' on an external server. */
	dir: string;
	/** True when the server is PG_TEST_URL's, not a private one. */
	external: boolean;
	/** Stops the server (SIGTERM, SIGKILL after 10 s) and removes its folder; on PG_TEST_URL drops the database. Idempotent. */
	stop(): Promise<void>;
	/** Sends a signal to the postmaster (SIGKILL: a crash). `restart` waits for the exit. */
	kill(signal: NodeJS.Signals): void;
	/** Starts it again on the same folder and port (stopping it first if it runs) and waits until it accepts connections. */
	restart(): Promise<void>;
	/** The server's recent output, for failure messages. */
	output(): string;
}

export interface StartPostgresOptions {
	/** `fsync` (default on). */
	fsync?: boolean;
	/** More `-c name=value` settings. */
	settings?: Record<string, string>;
}

const INSTALL_HINT = 'PostgreSQL not found: run sh scripts/install-system-packages.sh';
const DATABASE = 'hallq';
const USER = 'postgres';

function executable(file: string): boolean {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** The first folder (PATH, then /usr/lib/postgresql/<newest>/bin) holding initdb, pg_ctl and postgres. */
function findBinaries(): { initdb: string; postgres: string } {
	const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
	try {
		const versions = readdirSync('/usr/lib/postgresql')
			.filter((v) => /^\d+$/.test(v))
			.sort((a, b) => Number(b) - Number(a));
		dirs.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
	} catch {
		/* no Debian packages */
	}
	for (const dir of dirs) {
		if (['initdb', 'pg_ctl', 'postgres'].every((b) => executable(join(dir, b)))) return { initdb: join(dir, 'initdb'), postgres: join(dir, 'postgres') };
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

/** One connection attempt and `select 1`; true when the server answers. */
async function accepts(url: string): Promise<boolean> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
	client.on('error', () => undefined);
	try {
		await client.connect();
		await client.query('select 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => undefined);
	}
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

function quoteIdent(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

async function onExternal(base: string): Promise<PostgresServer> {
	const name = `hallq_test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: base });
	await admin.connect();
	try {
		await admin.query(`create database ${quoteIdent(name)}`);
	} finally {
		await admin.end();
	}
	const url = new URL(base);
	url.pathname = `/${name}`;
	let stopped = false;
	const refuse = () => {
		throw new Error('kill/restart need a private PostgreSQL: unset PG_TEST_URL');
	};
	return {
		url: url.toString(),
		port: Number(url.port || 5432),
		dir: '',
		external: true,
		async stop() {
			if (stopped) return;
			stopped = true;
			const c = new pg.Client({ connectionString: base });
			await c.connect();
			try {
				await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
				await c.query(`drop database if exists ${quoteIdent(name)}`);
			} finally {
				await c.end();
			}
		},
		kill: refuse,
		restart: async () => refuse(),
		output: () => ''
	};
}

export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
	const external = process.env.PG_TEST_URL?.trim();
	if (external) return onExternal(external);

	const bin = findBinaries();
	const asRoot = process.getuid?.() === 0;
	const owner = asRoot
		? { uid: Number(execFileSync('id', ['-u', USER]).toString().trim()), gid: Number(execFileSync('id', ['-g', USER]).toString().trim()) }
		: null;
	const dir = await mkdtemp(join(tmpdir(), 'hallq-pg-'));
	const data = join(dir, 'data');
	const sock = join(dir, 'sock');
	let log = '';
	/** The output of the latest launch only. */
	let launchLog = '';
	let child: ChildProcess | null = null;
	let port = 0;
	let stopped = false;
	const keep = (d: Buffer) => {
		log = (log + d.toString()).slice(-8000);
		launchLog = (launchLog + d.toString()).slice(-8000);
	};

	try {
		await mkdir(sock);
		if (owner) {
			chownSync(dir, owner.uid, owner.gid);
			chownSync(sock, owner.uid, owner.gid);
		}
		// --no-sync: initdb's own files need no fsync for a test cluster; the server runs with fsync on.
		const initArgs = ['-D', data, '-U', USER, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'];
		const [cmd, args] = owner ? ['runuser', ['-u', USER, '--', bin.initdb, ...initArgs]] : [bin.initdb, initArgs];
		execFileSync(cmd, args, { stdio: 'pipe' });
	} catch (err) {
		await rm(dir, { recursive: true, force: true });
		const detail = err instanceof Error && 'stderr' in err ? String((err as { stderr: unknown }).stderr) : '';
		throw new Error(`initdb failed: ${err instanceof Error ? err.message : String(err)}\n${detail}`, { cause: err });
	}

	const settings: Record<string, string> = {
		listen_addresses: '127.0.0.1',
		unix_socket_directories: sock,
		fsync: options.fsync === false ? 'off' : 'on',
		synchronous_commit: 'on',
		full_page_writes: 'on',
		max_connections: '40',
		shared_buffers: '32MB',
		logging_collector: 'off',
		...options.settings
	};
	const serverArgs = () => ['-D', data, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
	const urlOf = (db: string) => `postgres://${USER}@127.0.0.1:${port}/${db}`;

	async function launch(): Promise<void> {
		launchLog = '';
		const c = spawn(bin.postgres, serverArgs(), {
			stdio: ['ignore', 'pipe', 'pipe'],
			cwd: dir,
			...(owner ? { uid: owner.uid, gid: owner.gid } : {})
		});
		child = c;
		running.add(c);
		c.stdout?.on('data', keep);
		c.stderr?.on('data', keep);
		c.once('exit', () => running.delete(c));
		const spawnError = new Promise<never>((_, reject) => c.once('error', reject));
		spawnError.catch(() => undefined);
		const deadline = Date.now() + 30_000;
		for (;;) {
			if (c.exitCode !== null || c.signalCode !== null) throw new Error(`postgres exited (${c.exitCode ?? c.signalCode}) on port ${port}:\n${log}`);
			if (await Promise.race([accepts(urlOf('postgres')), spawnError])) return;
			if (Date.now() > deadline) {
				c.kill('SIGKILL');
				throw new Error(`postgres on port ${port} did not accept connections within 30 s:\n${log}`);
			}
			await new Promise((r) => setTimeout(r, 50));
		}
	}

	async function halt(): Promise<void> {
		const c = child;
		if (!c || c.exitCode !== null || c.signalCode !== null) return;
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
			if (attempt >= 3 || !/could not bind|Address already in use/i.test(launchLog)) {
				await halt();
				await rm(dir, { recursive: true, force: true });
				throw err;
			}
			log = '';
		}
	}
	const admin = new pg.Client({ connectionString: urlOf('postgres') });
	await admin.connect();
	try {
		await admin.query(`create database ${DATABASE}`);
	} finally {
		await admin.end();
	}

	return {
		url: urlOf(DATABASE),
		port,
		dir,
		external: false,
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
			if (stopped) throw new Error('postgres was stopped');
			const c = child;
			if (c && c.exitCode === null && c.signalCode === null) {
				// A signal sent by kill() may still be on its way: wait a moment before stopping it.
				await Promise.race([exited(c), new Promise((r) => setTimeout(r, 200))]);
				await halt();
			}
			// After a SIGKILL the old backends notice their postmaster is gone and exit within moments;
			// until then the new postmaster refuses the still-attached shared memory, or cannot bind the
			// port a backend still holds (backends inherit the listening socket): try again.
			const deadline = Date.now() + 15_000;
			for (;;) {
				try {
					await launch();
					return;
				} catch (err) {
					if (Date.now() > deadline || !/shared memory block .*is still in use|lock file .* already exists|could not bind|Address already in use/i.test(launchLog)) throw err;
					await new Promise((r) => setTimeout(r, 200));
				}
			}
		},
		output: () => log
	};
}
