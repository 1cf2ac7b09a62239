/**
 * HallQ server processes for benchmarks and the chaos run: the hall files given, on SQLite (one
 * process, a temp file, synchronous=FULL) or on a private Redis (AOF, appendfsync always) shared by several
 * processes, all on one accelerated clock. Processes can be killed and started again; Redis too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HallDayKey } from '../../server/core/hall-day';
import { RedisEventStore } from '../../server/store/redis/redis-event-store';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';
import { readLog } from '../../tests/support/hall-log';
import { startRedis, type RedisServer } from '../../tests/support/redis-server';
import { SIM_CLOCK_ENV, encodeSimClock, type SimClockSpec } from '../../server/sim-clock';
import { killed, spawnServer, type ServerProcess } from '../../tests/support/spawn-server';

export type StoreName = 'sqlite' | 'redis';

export interface HallProcesses {
	store: StoreName;
	redis: RedisServer | null;
	servers: (ServerProcess | null)[];
	urls(): string[];
	/** SIGKILL process i (it stays down until `start(i)`). */
	kill(i: number): Promise<void>;
	start(i: number): Promise<void>;
	/** The whole log of a hall-day and the state the store loads (after the processes stopped). */
	readLog(key: HallDayKey): ReturnType<typeof readLog>;
	/** Stops the processes (SIGTERM). */
	stopServers(): Promise<void>;
	/** Stops everything and removes the temp files. */
	close(): Promise<void>;
}

export async function startHallProcesses(o: { store: StoreName; processes: number; config: string; clock: SimClockSpec; env?: Record<string, string> }): Promise<HallProcesses> {
	if (o.store === 'sqlite' && o.processes !== 1) throw new Error('SQLite runs one process');
	const dir = mkdtempSync(join(tmpdir(), 'hallq-bench-'));
	const redis = o.store === 'redis' ? await startRedis() : null;
	const env = (i: number): Record<string, string> => ({
		STORE: o.store,
		...(redis ? { REDIS_URL: redis.url } : {}),
		HALLQ_CONFIG: o.config,
		HALLQ_HOURS: 'always',
		HALLQ_PRINTER_SIM: 'off',
		HALLQ_DB: join(dir, o.store === 'sqlite' ? 'hallq.db' : `p${i}.db`),
		SQLITE_SYNCHRONOUS: 'FULL',
		[SIM_CLOCK_ENV]: encodeSimClock(o.clock),
		...o.env
	});
	const servers: (ServerProcess | null)[] = await Promise.all(Array.from({ length: o.processes }, (_, i) => spawnServer(env(i))));
	const stop = async (s: ServerProcess | null, signal: NodeJS.Signals) => {
		if (!s) return;
		s.child.kill(signal);
		const hard = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
		await killed(s.child);
		clearTimeout(hard);
	};
	return {
		store: o.store,
		redis,
		servers,
		urls: () => servers.flatMap((s) => (s ? [s.url] : [])),
		async kill(i) {
			const s = servers[i] ?? null;
			servers[i] = null;
			await stop(s, 'SIGKILL');
		},
		async start(i) {
			if (servers[i]) throw new Error(`process ${i} runs`);
			servers[i] = await spawnServer(env(i));
		},
		async readLog(key) {
			if (redis) {
				const store = await RedisEventStore.connect(redis.url);
				try {
					return await readLog(store, key);
				} finally {
					await store.close();
				}
			}
			const store = SqliteEventStore.open(join(dir, 'hallq.db'), { synchronous: 'FULL' });
			try {
				return await readLog(store, key);
			} finally {
				await store.close();
			}
		},
		async stopServers() {
			await Promise.all(servers.map((s) => stop(s, 'SIGTERM')));
		},
		async close() {
			await Promise.all(servers.map((s) => stop(s, 'SIGKILL')));
			await redis?.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
