/**
 * A server process started while Redis answers nothing (paused, loading, or late on a loaded
 * machine) waits for it instead of ending: the cluster test's restarted process once exited with 1
 * because a start-up read took longer than the store's 1 s command timeout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketView } from '../../server/realtime/contract';
import { startRedis, type RedisServer } from '../support/redis-server';
import { must, connect, rid } from '../support/server';
import { killed, spawnServer, type ServerProcess } from '../support/spawn-server';
import { TOKENS } from '../support/test-hall';

let redis: RedisServer | undefined;
let server: ServerProcess | undefined;
let dir: string | undefined;

afterEach(async () => {
	redis?.resume();
	if (server) {
		server.child.kill('SIGKILL');
		await killed(server.child);
	}
	server = undefined;
	await redis?.stop();
	redis = undefined;
	if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('starting while the store is away', () => {
	it('waits for a paused Redis, then takes traffic', async () => {
		redis = await startRedis();
		dir = mkdtempSync(join(tmpdir(), 'hallq-start-wait-'));
		const paused = redis;
		paused.pause();
		let sawWait: () => void = () => undefined;
		const waiting = new Promise<void>((r) => (sawWait = r));
		const starting = spawnServer(
			{ STORE: 'redis', REDIS_URL: paused.url, HALLQ_PRINTER_SIM: 'off', HALLQ_DB: join(dir, 'p.db'), TEST_LOG_LEVEL: 'warn' },
			(out) => {
				if (out.includes('store not answering at start-up')) sawWait();
			}
		);
		const exitedEarly = starting.then(
			() => 'ready while Redis was paused',
			(err: Error) => err.message
		);
		const first = await Promise.race([waiting.then(() => 'waiting'), exitedEarly]);
		expect(first).toBe('waiting');
		paused.resume();
		server = await starting;
		const kiosk = await connect(server.url, { token: TOKENS.kiosk });
		try {
			const ticket = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
			expect(ticket.id).toBe('A001');
		} finally {
			kiosk.close();
		}
	}, 60_000);

	it('still stops at once on a setting that waiting cannot fix', async () => {
		redis = await startRedis();
		dir = mkdtempSync(join(tmpdir(), 'hallq-start-wait-'));
		const error = await spawnServer({ STORE: 'redis', REDIS_URL: redis.url, HALLQ_DB: join(dir, 'p.db'), HALLQ_REDIS_DURABILITY: 'sometimes' }).then(
			() => 'started',
			(err: Error) => err.message
		);
		expect(error).toMatch(/exited with 1/);
	}, 60_000);
});
