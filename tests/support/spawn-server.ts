import { spawn, type ChildProcess } from 'node:child_process';
import { LOAD_RATE_LIMITS } from './rate-limits';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./server-process.ts', import.meta.url));

export interface ServerProcess {
	child: ChildProcess;
	url: string;
}

/**
 * Extra Node flags for child processes from an environment variable, space-separated, e.g.
 * `--cpu-prof --cpu-prof-dir=<folder>` to profile a bench's processes (Node refuses --cpu-prof in
 * NODE_OPTIONS).
 */
export function nodeArgsFrom(variable: 'HALLQ_SERVER_NODE_ARGS' | 'HALLQ_CHILD_NODE_ARGS'): string[] {
	return (process.env[variable] ?? '').split(' ').filter((a) => a !== '');
}

/** Starts tests/support/server-process.ts under tsx and waits for its READY line; `onOutput` sees its stdout as it comes. */
export function spawnServer(env: Record<string, string>, onOutput?: (text: string) => void): Promise<ServerProcess> {
	const child = spawn(process.execPath, [...nodeArgsFrom('HALLQ_SERVER_NODE_ARGS'), '--import', 'tsx', script], {
		env: { ...process.env, HALLQ_RATE_LIMITS: LOAD_RATE_LIMITS, ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	return new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
		child.stdout?.on('data', (d: Buffer) => {
			// With TEST_LOG_LEVEL set, the server's log lines are shown with the test's output.
			if (process.env.TEST_LOG_LEVEL) process.stdout.write(d);
			out += d.toString();
			onOutput?.(out);
			const m = /READY (\d+)/.exec(out);
			if (m) {
				clearTimeout(timer);
				resolve({ child, url: `http://127.0.0.1:${m[1]}` });
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code} before READY: ${out}`));
		});
	});
}

export function killed(child: ChildProcess): Promise<void> {
	return new Promise((r) => {
		if (child.exitCode !== null || child.signalCode !== null) return r();
		child.once('exit', () => r());
	});
}
