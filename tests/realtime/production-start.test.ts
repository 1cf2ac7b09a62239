/**
 * Starting in production mode: `npm start` with HALLQ_ENV=production on the committed sample halls
 * exits with one line per problem and listens on nothing; a deployment with its own keys and values starts,
 * without the printer simulator (it does not exist in production).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { hashDeviceToken } from '../../server/app/passwords';
import { startTestServer } from '../support/server';
import { testHall } from '../support/test-hall';

const dir = mkdtempSync(join(tmpdir(), 'hallq-production-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', HALLQ_DB: join(dir, 'refused.db'), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
	child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
	return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('HALLQ_ENV=production', () => {
	it('refuses the sample halls with one line per problem and never listens', async () => {
		const { code, stdout, stderr } = await start({ HALLQ_ENV: 'production', HALLQ_HOURS: 'always' });
		expect(code).toBe(1);
		const lines = stderr.trim().split('\n');
		expect(lines[0]).toBe('hallq: HALLQ_ENV=production: 10 problem(s), not starting');
		expect(lines.slice(1)).toHaveLength(10);
		expect(lines.slice(1).every((l) => l.startsWith('  '))).toBe(true);
		expect(stderr).toContain('HALLQ_HOURS=always opens every hall around the clock');
		expect(stderr).toContain('no keys: set HALLQ_SECRETS_FILE');
		expect(stderr).toContain('hall city: 94 device(s) keep their demo token');
		// Nothing was opened: no "hallq ready", no stack trace.
		expect(stdout).not.toContain('hallq ready');
		expect(stderr).not.toMatch(/\n\s+at /);
	}, 90_000);

	it('a deployment with its own keys and tokens starts, without the printer simulator', async () => {
		const hall = testHall();
		const deployed = { ...hall, devices: hall.devices.map((d) => ({ ...d, tokenHash: hashDeviceToken(randomBytes(24).toString('hex')) })) };
		const keys = { HALLQ_MASTER_KEYS: `k1:${randomBytes(32).toString('base64url')}`, HALLQ_ID_PEPPERS: `p1:${randomBytes(32).toString('base64url')}` };
		const server = await startTestServer([deployed], { env: { HALLQ_ENV: 'production', HALLQ_PUBLIC_URL: 'https://hall.example.gov.cn', HALLQ_COOKIE_SECURE: 'on', ...keys } });
		try {
			// In the demo K1 gets a simulated printer (tests/realtime/card-reader.test.ts prints on it).
			expect(server.running.printing.simulator('test', 'K1')).toBeUndefined();
			const health = await fetch(`${server.url}/api/health`);
			expect(health.status).toBe(200);
		} finally {
			await server.close();
		}
	});
});
