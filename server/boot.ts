import { mkdirSync, readFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { recordConfigChanges } from './app/config-audit';
import { ConfigVersions } from './app/config-versions';
import { asRun, hallSources, hallsInForce } from './config-boot';
import { HallQ } from './app/hallq';
import { readiness } from './app/readiness';
import { KioskPrinting } from './devices/kiosk-printing';
import type { HallConfig } from './core/model';
import type { ArchiveStore, Clock, EventStore } from './core/ports';
import type { DayLifecycle } from './app/day-lifecycle';
import { createApiHandler, type HttpHandler } from './http/api';
import { createLogger } from './logger';
import { attachRealtime, closeRealtime, socketsByRole, type HallIo } from './realtime/attach';
import { durabilityProblem, RedisEventStore } from './store/redis/redis-event-store';
import { SqliteEventStore } from './store/sqlite/sqlite-event-store';
import { disconnectHooks, openCaseStore, openSecurityStore, securitySettings } from './security-boot';
import { readerSimulation } from './realtime/card-simulation';
import { envClock } from './sim-clock';
import { createLifecycle, lifecycleSettings, openArchive } from './lifecycle-boot';
import { wholeNumber } from './env-number';
import { untilStoreAnswers, type StartWait } from './start-wait';
import { hallqEnv, ProductionRefusal, productionProblems } from './production-mode';
import { Keyring } from './app/keyring';
import { RateLimits } from './app/rate-limits';
import { HallQMetrics } from './app/metrics';
import { metricsSettings, startMetricsServer } from './http/metrics-route';
import { keyProblems, loadDeploymentKeys } from './secrets-boot';

export { DEFAULT_CONFIGS } from './config-boot';

export interface BootOptions {
	httpServer: HttpServer;
	env?: NodeJS.ProcessEnv;
	clock?: Clock;
	logger?: Logger;
	/** An already opened store (tests); otherwise chosen from the environment. */
	store?: EventStore;
	/** Hall configurations given directly (tests); otherwise read from HALLQ_CONFIG files. */
	halls?: HallConfig[];
	/** An already opened archive (tests); otherwise ARCHIVE_URL or the SQLite file beside HALLQ_DB. Closed with the server. */
	archive?: ArchiveStore;
}

export interface RunningHallQ {
	hallq: HallQ;
	io: HallIo;
	httpHandler: HttpHandler;
	logger: Logger;
	/** The kiosks' ticket printers (real or simulated) of this process. */
	printing: KioskPrinting;
	/** Closes, archives and drops hall-days; null with HALLQ_LIFECYCLE=off. */
	lifecycle: DayLifecycle | null;
	metrics: HallQMetrics;
	/** Where the management port serves /metrics (HALLQ_METRICS_PORT); null when it is not set. */
	metricsUrl: string | null;
	/**
	 * Reads the keys again from where they came from (SIGHUP; docs/security.md "Rotating keys") and
	 * uses them at once; keys with a problem are refused and the ones in use stay. Returns the key ids.
	 */
	reloadKeys(): { signing: string; verifying: string[] };
	/** Stops taking commands, answers those queued, disconnects clients, closes the store. */
	close(): Promise<void>;
}

/**
 * Refuses a Redis that may lose acknowledged events, unless `HALLQ_REDIS_DURABILITY=relaxed`
 * accepts that risk (docs/deployment.md). A Redis that hides its settings is used with a warning.
 */
async function checkRedisDurability(store: RedisEventStore, env: NodeJS.ProcessEnv, logger: Logger): Promise<void> {
	const relaxed = env.HALLQ_REDIS_DURABILITY === 'relaxed';
	if (env.HALLQ_REDIS_DURABILITY !== undefined && !relaxed && env.HALLQ_REDIS_DURABILITY !== 'strict') {
		await store.close();
		throw new Error(`HALLQ_REDIS_DURABILITY must be strict or relaxed, not ${env.HALLQ_REDIS_DURABILITY}`);
	}
	const settings = await store.durability();
	if (!settings) return logger.warn('Redis refused CONFIG GET: cannot check that it runs with appendonly yes and appendfsync always');
	const problem = durabilityProblem(settings);
	if (!problem) return;
	if (relaxed) return logger.warn({ ...settings }, `${problem} (accepted: HALLQ_REDIS_DURABILITY=relaxed)`);
	await store.close();
	throw new Error(`${problem}. Set appendonly yes and appendfsync always (docs/deployment.md), or HALLQ_REDIS_DURABILITY=relaxed to accept the risk`);
}

/** The live store of STORE (sqlite at HALLQ_DB, or redis at REDIS_URL, its durability checked). */
export async function openStore(env: NodeJS.ProcessEnv, logger: Logger, wait: StartWait = startWait(env, logger)): Promise<EventStore> {
	const kind = env.STORE ?? 'sqlite';
	if (kind === 'redis') {
		const url = env.REDIS_URL ?? 'redis://127.0.0.1:6379';
		const store = await untilStoreAnswers('connect to Redis', () => RedisEventStore.connect(url), wait);
		await untilStoreAnswers('check Redis durability', () => checkRedisDurability(store, env, logger), wait);
		return store;
	}
	if (kind !== 'sqlite') throw new Error(`STORE must be sqlite or redis, not ${kind}`);
	const file = resolve(env.HALLQ_DB ?? 'data/hallq.db');
	mkdirSync(dirname(file), { recursive: true });
	const sync = (env.SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase();
	if (sync !== 'FULL' && sync !== 'NORMAL' && sync !== 'OFF') throw new Error(`SQLITE_SYNCHRONOUS must be FULL, NORMAL or OFF, not ${sync}`);
	return SqliteEventStore.open(file, { synchronous: sync });
}

/**
 * The Redis client of the Socket.IO streams adapter (STORE=redis): separate from the store's client,
 * without its 1 s command timeout, because the adapter blocks in XREAD for seconds at a time. The
 * adapter duplicates it for its readers; the duplicates get the same error handler. Connection errors
 * are logged once per outage; ioredis reconnects by itself.
 */
function createAdapterClient(url: string, logger: Logger): Redis {
	let reported = false;
	const onError = (err: Error) => {
		if (reported) return;
		reported = true;
		logger.warn({ err: err.message }, 'socket.io redis adapter: connection error');
	};
	const client = new Redis(url, {
		connectionName: 'hallq-adapter',
		retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times - 1, 10), 1000) + Math.floor(Math.random() * 100)
	});
	const watch = (c: Redis) => {
		c.on('error', onError);
		c.on('ready', () => {
			reported = false;
		});
	};
	watch(client);
	const copies: Redis[] = [];
	adapterCopies.set(client, copies);
	const duplicate = client.duplicate.bind(client);
	client.duplicate = (...args: Parameters<Redis['duplicate']>) => {
		const copy = duplicate(...args);
		watch(copy);
		copies.push(copy);
		return copy;
	};
	return client;
}

/** The connections the adapter made from its client (client.duplicate). */
const adapterCopies = new WeakMap<Redis, Redis[]>();

/** Resolves once `client` is ready or has given up, or after `ms`. */
function settled(client: Redis, ms: number): Promise<void> {
	if (client.status !== 'connecting' && client.status !== 'connect') return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			client.off('ready', done);
			client.off('end', done);
			resolve();
		};
		const timer = setTimeout(done, ms);
		client.once('ready', done);
		client.once('end', done);
	});
}

/**
 * Waits (at most a second) for the adapter's connections that are still connecting. Called before
 * Socket.IO closes: the adapter then drops its connections, and ioredis rejects the commands queued
 * on one that is dropped mid-handshake, among them the adapter's SUBSCRIBE, whose promise nobody
 * handles (an unhandled rejection of a server stopped right after it started).
 */
async function settleAdapterClient(client: Redis): Promise<void> {
	await Promise.all([client, ...(adapterCopies.get(client) ?? [])].map((c) => settled(c, 1000)));
}

/** QUIT (so pending adapter messages go out), but never wait more than a second for a stopped Redis. */
async function closeAdapterClient(client: Redis): Promise<void> {
	const all = [client, ...(adapterCopies.get(client) ?? [])];
	if (client.status === 'ready') {
		let timer: ReturnType<typeof setTimeout> | undefined;
		await Promise.race([client.quit().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 1000)))]);
		clearTimeout(timer);
	}
	for (const c of all) c.disconnect();
}

/**
 * Where simulated printers for kiosks without one write their ticket previews (beside the SQLite
 * file, or HALLQ_PRINTER_PREVIEWS); null with HALLQ_PRINTER_SIM=off and in production.
 */
function printerSimulation(env: NodeJS.ProcessEnv): string | null {
	// On in the demo; in production it does not exist (productionProblems refuses `on`).
	const mode = env.HALLQ_PRINTER_SIM ?? (hallqEnv(env) === 'production' ? 'off' : 'on');
	if (mode !== 'on' && mode !== 'off') throw new Error(`HALLQ_PRINTER_SIM must be on or off, not ${mode}`);
	if (mode === 'off') return null;
	return resolve(env.HALLQ_PRINTER_PREVIEWS ?? join(dirname(resolve(env.HALLQ_DB ?? 'data/hallq.db')), 'printer'));
}

/** The halls of HALLQ_CONFIG (or given) as the files say, validated; HALLQ_HOURS=always opens them around the clock. */
export function loadHalls(env: NodeJS.ProcessEnv, given?: HallConfig[]): HallConfig[] {
	return hallSources(env, given).map((s) => asRun(env, s.config));
}

/**
 * The build this process serves: HALLQ_BUILD_ID, else the SvelteKit version of the pages in
 * HALLQ_BUILD_DIR (`build`), else `dev` (vite dev: pages never reload for a build they cannot get).
 */
export function buildId(env: NodeJS.ProcessEnv): string {
	if (env.HALLQ_BUILD_ID) return env.HALLQ_BUILD_ID;
	try {
		const { version } = JSON.parse(readFileSync(join(resolve(env.HALLQ_BUILD_DIR ?? 'build'), 'client', '_app', 'version.json'), 'utf8')) as { version?: unknown };
		return typeof version === 'string' && version !== '' ? version : 'dev';
	} catch {
		return 'dev';
	}
}

/** HALLQ_START_WAIT_MS: how long the start waits for a store that is slow or briefly away (default 60 s). */
function startWait(env: NodeJS.ProcessEnv, logger: Logger): StartWait {
	return { deadlineMs: wholeNumber(env, 'HALLQ_START_WAIT_MS', 60_000, 0, 3_600_000, 'milliseconds'), log: logger };
}

/** Everything but the http server itself: config, store, halls, Socket.IO, API. Used by production and `vite dev`. */
export async function startHallQ(o: BootOptions): Promise<RunningHallQ> {
	const env = o.env ?? process.env;
	const logger = o.logger ?? createLogger(env.LOG_LEVEL);
	const sources = hallSources(env, o.halls);
	const mode = hallqEnv(env);
	const deploymentKeys = loadDeploymentKeys(env);
	// The files first, before any store is opened; the versions in force again below.
	if (mode === 'production') {
		const problems = await productionProblems(env, sources.map((s) => asRun(env, s.config)), deploymentKeys);
		if (problems.length > 0) throw new ProductionRefusal(problems);
	}
	const keys = new Keyring(deploymentKeys.material);
	const wait = startWait(env, logger);
	const store = o.store ?? (await openStore(env, logger, wait));
	const clock = o.clock ?? envClock(env);
	// With Redis several processes share the log: each follows it (a blocking read) for the others' events.
	const settings = securitySettings(env);
	const metricsAccess = metricsSettings(env);
	const days = lifecycleSettings(env);
	const archive = o.archive ?? (await untilStoreAnswers('open the archive', () => openArchive(env, logger), wait));
	const configVersions = new ConfigVersions(archive.configs, () => clock.now());
	const inForce = await untilStoreAnswers('load the configuration versions', () => hallsInForce(env, configVersions, sources), wait);
	const halls = inForce.map((h) => h.config);
	if (mode === 'production') {
		const problems = await productionProblems(env, halls, deploymentKeys);
		if (problems.length > 0) throw new ProductionRefusal(problems);
	}
	logger.info({ versions: Object.fromEntries(inForce.map((h) => [h.config.id, h.version])) }, 'configuration versions in force');
	const security = await untilStoreAnswers('open the security store', () => openSecurityStore(env), wait);
	const cases = await untilStoreAnswers('open the follow-up cases', () => openCaseStore(env), wait);
	const metrics = new HallQMetrics();
	const configs = { inForce: new Map(inForce.map((h) => [h.config.id, h.version])), asRun: (config: HallConfig) => asRun(env, config) };
	const hallq = new HallQ({ halls, store, archive, clock, log: logger, security, cases, keys, metrics, lockout: settings.lockout, configs });
	await untilStoreAnswers('load the halls', () => hallq.warmUp(), wait);
	const reconfigured = await untilStoreAnswers('record the configuration', () => recordConfigChanges(archive.audit, halls, clock.now()), wait);
	if (reconfigured.length > 0) logger.info({ halls: reconfigured }, 'hall configuration recorded in the audit trail');
	const lifecycle = days.enabled ? createLifecycle({ hallq, halls, live: store, archive, clock, log: logger, settings: days }) : null;
	const adapterClient = env.STORE === 'redis' ? createAdapterClient(env.REDIS_URL ?? 'redis://127.0.0.1:6379', logger) : null;
	const printing = await KioskPrinting.start({
		halls,
		simulateIn: printerSimulation(env),
		pollMs: wholeNumber(env, 'HALLQ_PRINTER_POLL_MS', 5000, 100, 3_600_000, 'milliseconds'),
		log: logger
	});
	const devices = { printing, publicUrl: env.HALLQ_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`, readerSimulation: readerSimulation(env) };
	const limits = new RateLimits(settings.rateLimits, () => clock.now(), (limit) => metrics.rateLimited(limit));
	const realtime = { devices, cookies: settings.cookies, limits, metrics, build: buildId(env), trustedHops: settings.trustedHops, alertIntervalMs: wholeNumber(env, 'HALLQ_ALERT_INTERVAL_MS', 15_000, 100, 3_600_000, 'milliseconds') };
	const io = attachRealtime(o.httpServer, hallq, logger, adapterClient ? { ...realtime, adapter: createAdapter(adapterClient) } : realtime);
	let closing = false;
	const ready = {
		store,
		archive,
		security,
		lifecycle: () => lifecycle?.status() ?? null,
		hall: halls[0]?.id ?? '',
		timeoutMs: wholeNumber(env, 'HALLQ_READY_TIMEOUT_MS', 2000, 50, 60_000, 'milliseconds'),
		archiveLagMs: wholeNumber(env, 'HALLQ_READY_ARCHIVE_LAG_HOURS', 24, 1, 24 * 90, 'hours') * 3_600_000,
		now: () => clock.now()
	};
	const httpHandler = createApiHandler(hallq, () => closing, { cookies: settings.cookies, limits, trustedHops: settings.trustedHops, metrics: { registry: metrics, token: metricsAccess.token }, hooks: disconnectHooks(io), lifecycle: () => lifecycle?.status() ?? null, ready: () => readiness(ready) });
	metrics.watch({
		queues: () => [...hallq.runners].map(([hall, runner]) => ({ hall, depth: runner.queueDepth })),
		sockets: () => socketsByRole(io),
		printers: () => halls.flatMap((h) => h.devices.filter((d) => d.kind === 'kiosk').flatMap((d) => printing.state(h.id, d.id) ?? [])),
		lifecycle: () => lifecycle?.status() ?? null,
		now: () => clock.now()
	});
	const metricsServer = metricsAccess.port === null ? null : await startMetricsServer(metrics, metricsAccess.port, metricsAccess.host);
	const metricsAddress = metricsServer?.address();
	lifecycle?.start();
	logger.info({ halls: halls.map((h) => h.id), store: env.STORE ?? 'sqlite', lifecycle: days.enabled, mode }, 'hallq ready');
	return {
		hallq,
		io,
		httpHandler,
		logger,
		printing,
		lifecycle,
		metrics,
		metricsUrl: metricsAddress && typeof metricsAddress === 'object' ? `http://${metricsAccess.host}:${metricsAddress.port}/metrics` : null,
		reloadKeys() {
			const again = loadDeploymentKeys(env);
			const problems = mode === 'production' ? keyProblems(again) : [];
			if (problems.length > 0) throw new Error(problems.join('; '));
			keys.replace(again.material);
			const ids = { signing: keys.signingKeyId, verifying: again.material.masterKeys.map((k) => k.id) };
			logger.info({ ...ids, source: again.source }, 'keys reloaded');
			return ids;
		},
		async close() {
			if (closing) return;
			closing = true;
			await lifecycle?.stop();
			if (metricsServer) await new Promise<void>((r) => metricsServer.close(() => r()));
			await hallq.close();
			if (adapterClient) await settleAdapterClient(adapterClient);
			await closeRealtime(io);
			await printing.close();
			if (adapterClient) await closeAdapterClient(adapterClient);
			await store.close();
			await archive.close();
			await security.close();
			await cases.close();
			await hallq.stopped();
			logger.info({}, 'hallq stopped');
		}
	};
}
