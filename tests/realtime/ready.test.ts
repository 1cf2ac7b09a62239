/**
 * Liveness and readiness: /api/health says the process answers; /api/ready says its stores do
 * (the live store takes a write, the archive and the security store answer a read, within the
 * deadline). A server on its own Redis: ready, then not ready while Redis is paused (health still
 * answers), then ready again once it resumes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadyReport } from '../../server/app/readiness';
import { startRedis, type RedisServer } from '../support/redis-server';
import { startTestServer, type TestServer } from '../support/server';
import { testHall } from '../support/test-hall';

let redis: RedisServer;
let server: TestServer;

beforeAll(async () => {
	redis = await startRedis();
	server = await startTestServer([testHall()], { env: { STORE: 'redis', REDIS_URL: redis.url, HALLQ_READY_TIMEOUT_MS: '500', HALLQ_START_WAIT_MS: '0' } });
}, 60_000);
afterAll(async () => {
	redis?.resume();
	await server?.close();
	await redis?.stop();
});

async function ready(): Promise<{ status: number; body: ReadyReport }> {
	const res = await fetch(`${server.url}/api/ready`);
	return { status: res.status, body: (await res.json()) as ReadyReport };
}

describe('/api/ready', () => {
	it('is ready with every store answering, not ready while Redis is paused (the process stays live), ready again after', async () => {
		const up = await ready();
		expect(up.status).toBe(200);
		expect(up.body.checks.map((c) => [c.name, c.ok, c.code])).toEqual([
			['store', true, null],
			['archive', true, null],
			['security', true, null],
			['lifecycle', true, null]
		]);

		redis.pause();
		try {
			const down = await ready();
			expect(down.status).toBe(503);
			expect(down.body.ready).toBe(false);
			const store = down.body.checks.find((c) => c.name === 'store');
			expect(store?.ok).toBe(false);
			expect(['STORE.TIMEOUT', 'STORE.UNAVAILABLE']).toContain(store?.code);
			// The archive (SQLite here) still answers; the security store is on Redis too.
			expect(down.body.checks.find((c) => c.name === 'archive')?.ok).toBe(true);
			expect(down.body.checks.find((c) => c.name === 'security')?.ok).toBe(false);
			expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
		} finally {
			redis.resume();
		}
		await expect.poll(async () => (await ready()).status, { timeout: 20_000, interval: 200 }).toBe(200);
	}, 60_000);
});
