import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HallConfig } from '../../server/core/model';

export interface BuiltServer {
	url: string;
	stop(): Promise<void>;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const addr = s.address();
			s.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
		});
	});
}

/**
 * The production server (`npm start`: build/ + server/main.ts) for the given halls, on a free port;
 * `env` adds settings (e.g. STORE=redis with REDIS_URL).
 */
export async function startBuiltServer(halls: HallConfig[], env: Record<string, string> = {}): Promise<BuiltServer> {
	if (!existsSync('build/handler.js')) throw new Error('build/handler.js is missing: run "npm run build" before the browser tests (npm test does)');
	const dir = mkdtempSync(join(tmpdir(), 'hallq-e2e-'));
	const files = halls.map((h) => {
		const f = join(dir, `${h.id}.json`);
		writeFileSync(f, JSON.stringify(h));
		return f;
	});
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', HALLQ_CONFIG: files.join(','), HALLQ_DB: join(dir, 'hallq.db'), LOG_LEVEL: 'warn', ...env },
		stdio: ['ignore', 'inherit', 'inherit']
	});
	const url = `http://127.0.0.1:${port}`;
	for (let i = 0; ; i++) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		try {
			if ((await fetch(`${url}/api/health`)).ok) break;
		} catch {
			/* not up yet */
		}
		if (i > 150) throw new Error('server did not start within 30 s');
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		url,
		async stop() {
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await new Promise((r) => child.once('exit', r));
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
