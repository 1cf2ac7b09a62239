/**
 * The Redis adapter of the event store port (Redis ≥ 7, ioredis 6): one log per hall-day, shared by
 * any number of server processes. Same semantics as the SQLite adapter; both pass
 * tests/contract/event-store.contract.ts.
 *
 * Keys of a hall-day, all under one hash tag so Redis Cluster keeps a hall-day on one shard:
 *
 *   <prefix>{<hall>:<day>}:events    STREAM, entry id 0-<seq>, field `e` = event JSON (without seq)
 *   <prefix>{<hall>:<day>}:version   STRING, seq of the last event (absent = 0)
 *   <prefix>{<hall>:<day>}:snapshot  HASH {version, state}
 *
 * Why a stream: with explicit ids `0-<seq>`, `XRANGE 0-(n+1) + COUNT k` is exactly "the k events
 * after seq n" in O(log N + k), which is what readAfter, a conflict's `missed` and load need; and a
 * process can follow a hall with a blocking `XREAD BLOCK … 0-<lastSeq>` on a second connection
 * (DESIGN: processes keep their halls fresh), which a list cannot do without consuming it.
 *
 * Atomic operations (append, load's first read, saveSnapshot) are Lua scripts in ./scripts.ts.
 *
 * Failure: commands fail fast when Redis is unreachable (no offline queue, no resend, a command
 * timeout for a stopped server) and reject with `StoreUnavailableError`; the client reconnects by
 * itself with a capped backoff. For `append`, StoreUnavailableError means the outcome is unknown
 * (the script may have run before the connection broke): the caller reloads before deciding again,
 * and a retried request is recognised by its request id in the log.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { HallEvent, StoredEvent } from '../../core/events';
import type { HallDayKey } from '../../core/hall-day';
import type { HallDayState } from '../../core/model';
import type { AppendResult, EventStore, FollowedEvents, FollowPosition, LastEvent, LoadedLog, RestoreHold, Snapshot } from '../../core/ports';
import { EVENT_FIELD, installScripts, type ScriptedRedis } from './scripts';

/** Redis is unreachable, stopped, loading its data, read-only or out of memory: map to STORE.UNAVAILABLE. */
export class StoreUnavailableError extends Error {
	readonly code = 'STORE.UNAVAILABLE';
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'StoreUnavailableError';
	}
}

export interface RedisEventStoreOptions {
	/** Prepended to every key (no braces). Default `hallq:`. */
	keyPrefix?: string;
	/** Events per read while loading a hall-day. Default 2000. */
	loadPageSize?: number;
	/** Most events one follower read returns per hall-day. Default 1000. */
	followPageSize?: number;
}

export interface RedisClientOptions {
	/** A command without a reply in this time rejects (a stopped or overloaded server). Default 1000 ms. */
	commandTimeoutMs?: number;
	/** TCP connect timeout. Default 2000 ms. */
	connectTimeoutMs?: number;
	/** Reconnect backoff: 50 ms doubling, capped here (plus up to 100 ms jitter). Default 1000 ms. */
	maxReconnectDelayMs?: number;
	/** Connection errors (ECONNREFUSED, resets, timeouts) while reconnecting; ignored if not given. */
	onError?: (err: Error) => void;
	/** Shown in CLIENT LIST. Default `hallq-store`. */
	connectionName?: string;
	/** Extra ioredis options (override the fail-fast defaults at your own risk). */
	redis?: RedisOptions;
}

export type ConnectOptions = RedisEventStoreOptions & RedisClientOptions;

export interface RedisDurability {
	appendonly: string;
	appendfsync: string;
}

/**
 * Why these Redis settings may lose acknowledged events, or null when they cannot: only an AOF
 * fsynced before every reply (`appendfsync always`) keeps them through a Redis crash on a busy disk
 * (with `everysec` Redis postpones AOF writes while it still answers) and through a power loss.
 */
export function durabilityProblem(d: RedisDurability): string | null {
	if (d.appendonly !== 'yes') return `Redis runs with appendonly ${d.appendonly}: a Redis restart loses the day's log`;
	if (d.appendfsync !== 'always') return `Redis runs with appendfsync ${d.appendfsync}: a Redis crash on a busy disk, or a power loss, loses acknowledged tickets and calls`;
	return null;
}

const DEFAULT_PREFIX = 'hallq:';
/** The follower's command timeout; a blocking read waits at most a second less. */
const FOLLOW_TIMEOUT_MS = 6000;

/** Reply-error prefixes that mean "the store cannot serve now", not "the request is wrong". */
const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|READONLY|TRYAGAIN|CLUSTERDOWN|OOM|NOREPLICAS|NOTBUSY|MISCONF)\b/;

/**
 * An ioredis client set up to fail fast and heal by itself:
 * - `enableOfflineQueue: false`: while disconnected, commands reject at once instead of queueing;
 * - `maxRetriesPerRequest: 0`, `autoResendUnfulfilledCommands: false`: a command in flight when the
 *   connection breaks rejects instead of being replayed later (an append replayed after the caller
 *   gave up would land behind its back);
 * - `commandTimeout`: a server that accepts the connection but does not answer (SIGSTOP, a hung
 *   host) rejects within `commandTimeoutMs`;
 * - reconnects forever with capped backoff; an `error` handler is always attached (ioredis would
 *   otherwise print "Unhandled error event"), and it only forwards the error.
 */
export function createRedisClient(url: string, options: RedisClientOptions & { lazyConnect?: boolean } = {}): Redis {
	const maxDelay = options.maxReconnectDelayMs ?? 1000;
	const client = new Redis(url, {
		lazyConnect: options.lazyConnect ?? true,
		enableOfflineQueue: false,
		maxRetriesPerRequest: 0,
		autoResendUnfulfilledCommands: false,
		commandTimeout: options.commandTimeoutMs ?? 1000,
		connectTimeout: options.connectTimeoutMs ?? 2000,
		// How long a broken socket may linger before it is destroyed (ioredis default 2 s).
		disconnectTimeout: 500,
		retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times - 1, 10), maxDelay) + Math.floor(Math.random() * 100),
		connectionName: options.connectionName ?? 'hallq-store',
		...options.redis
	});
	const onError = options.onError;
	client.on('error', (err: Error) => onError?.(err));
	return client;
}

function checkVersion(name: string, value: number): void {
	if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/** Percent-escapes the characters that would break the hash tag or make `hall:day` ambiguous. */
function escapeHall(s: string): string {
	return s.replace(/[%{}:]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function escapeDay(s: string): string {
	return s.replace(/[%{}]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export interface HallDayKeys {
	events: string;
	version: string;
	snapshot: string;
	hold: string;
}

function unescape(s: string): string {
	return s.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The hall-day of a `…:version` key of this prefix, or null for any other key. */
function parseVersionKey(prefix: string, name: string): HallDayKey | null {
	if (!name.startsWith(`${prefix}{`) || !name.endsWith('}:version')) return null;
	const tag = name.slice(prefix.length + 1, -'}:version'.length);
	// The hall is escaped (no ':' left in it), so the first colon separates it from the day.
	const at = tag.indexOf(':');
	if (at <= 0) return null;
	return { hall: unescape(tag.slice(0, at)), day: unescape(tag.slice(at + 1)) };
}

/** The keys of one hall-day. Everything between the braces is the Cluster hash tag. */
export function hallDayKeys(prefix: string, key: HallDayKey): HallDayKeys {
	const base = `${prefix}{${escapeHall(key.hall)}:${escapeDay(key.day)}}`;
	return { events: `${base}:events`, version: `${base}:version`, snapshot: `${base}:snapshot`, hold: `${base}:hold` };
}

function isRecord(x: unknown): x is Record<string, unknown> {
	return typeof x === 'object' && x !== null;
}

function toInt(x: unknown, what: string): number {
	const n = typeof x === 'number' ? x : typeof x === 'string' ? Number(x) : Number.NaN;
	if (!Number.isSafeInteger(n)) throw new Error(`unexpected reply from Redis: ${what} is not an integer`);
	return n;
}

/** One XRANGE entry `[id, [field, value, ...]]` → the stored event. */
function toStored(entry: unknown): StoredEvent {
	if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) {
		throw new Error('unexpected reply from Redis: not a stream entry');
	}
	const id = entry[0];
	const fields = entry[1] as unknown[];
	if (!id.startsWith('0-')) throw new Error(`unexpected stream id ${id}`);
	const seq = toInt(id.slice(2), 'stream id');
	let body: unknown;
	for (let i = 0; i + 1 < fields.length; i += 2) {
		if (fields[i] === EVENT_FIELD) {
			body = fields[i + 1];
			break;
		}
	}
	if (typeof body !== 'string') throw new Error(`stream entry ${id} has no event`);
	// The body was written by JSON.stringify of a HallEvent; seq goes last, as in the SQLite adapter.
	const event = JSON.parse(body) as StoredEvent;
	event.seq = seq;
	return event;
}

function toStoredList(x: unknown): StoredEvent[] {
	if (!Array.isArray(x)) throw new Error('unexpected reply from Redis: not a list of stream entries');
	return x.map(toStored);
}

function errorName(err: unknown): string {
	return isRecord(err) && typeof err.name === 'string' ? err.name : '';
}

/** Turns connection-level failures into StoreUnavailableError; other errors pass unchanged. */
function wrap(err: unknown): unknown {
	if (err instanceof StoreUnavailableError) return err;
	const message = err instanceof Error ? err.message : String(err);
	if (errorName(err) === 'ReplyError') {
		return UNAVAILABLE_REPLIES.test(message) ? new StoreUnavailableError(`redis: ${message}`, { cause: err }) : err;
	}
	// Anything else from a Redis call comes from the connection: refused, reset, closed, not
	// writable (offline), timed out, aborted, MaxRetriesPerRequest.
	return new StoreUnavailableError(`redis unreachable: ${message}`, { cause: err });
}

function seqId(seq: number): string {
	return `0-${seq}`;
}

export class RedisEventStore implements EventStore {
	private readonly client: ScriptedRedis;
	private readonly prefix: string;
	private readonly pageSize: number;
	private readonly followPageSize: number;
	private readonly ownsClient: boolean;
	/** The second connection, for blocking reads; made on the first `waitForEvents`. */
	private follower: Redis | null = null;
	private closing: Promise<void> | null = null;

	/**
	 * Connects and waits until Redis answers. Rejects with StoreUnavailableError (and stops
	 * reconnecting) when it does not within the connect timeout.
	 */
	static async connect(url: string, options: ConnectOptions = {}): Promise<RedisEventStore> {
		const client = createRedisClient(url, { ...options, lazyConnect: true });
		const store = new RedisEventStore(client, options, true);
		try {
			await client.connect();
		} catch (err) {
			client.disconnect();
			throw wrap(err);
		}
		return store;
	}

	/**
	 * A store on a given client, e.g. `createRedisClient(url, { lazyConnect: false })` for a process
	 * that must start while Redis is down (commands fail with StoreUnavailableError until it is up).
	 * `ownsClient`: whether `close()` quits the client.
	 */
	constructor(client: Redis, options: RedisEventStoreOptions = {}, ownsClient = false) {
		const prefix = options.keyPrefix ?? DEFAULT_PREFIX;
		if (/[{}]/.test(prefix)) throw new RangeError('keyPrefix must not contain braces (they would change the hash tag)');
		const pageSize = options.loadPageSize ?? 2000;
		if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`loadPageSize must be a positive integer, got ${pageSize}`);
		this.client = installScripts(client);
		this.prefix = prefix;
		this.pageSize = pageSize;
		this.followPageSize = options.followPageSize ?? 1000;
		this.ownsClient = ownsClient;
	}

	/**
	 * How Redis keeps what it acknowledged: its `appendonly` and `appendfsync` settings, or null when
	 * `CONFIG GET` is refused (a managed Redis that renamed it).
	 */
	async durability(): Promise<RedisDurability | null> {
		try {
			const reply = await this.redis(() => this.client.config('GET', 'appendonly', 'appendfsync'));
			const pairs = Array.isArray(reply) ? (reply as unknown[]).map(String) : [];
			const value = (name: string) => pairs[pairs.indexOf(name) + 1] ?? '';
			if (!pairs.includes('appendonly') || !pairs.includes('appendfsync')) return null;
			return { appendonly: value('appendonly'), appendfsync: value('appendfsync') };
		} catch (err) {
			if (err instanceof StoreUnavailableError) throw err;
			return null;
		}
	}

	/** The keys of a hall-day in this store (for tools and tests). */
	keys(key: HallDayKey): HallDayKeys {
		return hallDayKeys(this.prefix, key);
	}

	private checkOpen(): void {
		if (this.closing) throw new Error('the Redis event store is closed');
	}

	/** Sends one Redis call; its failures (not the parsing of its reply) are wrapped. */
	private async redis<T>(call: () => Promise<T>): Promise<T> {
		this.checkOpen();
		try {
			return await call();
		} catch (err) {
			throw wrap(err);
		}
	}

	async ping(): Promise<void> {
		// A write that expires by itself: a Redis that refuses writes (a replica, out of memory, a failed AOF) fails here.
		await this.redis(() => this.client.set(`${this.prefix}ready`, String(Date.now()), 'PX', 60_000));
	}

	async load(key: HallDayKey): Promise<LoadedLog> {
		this.checkOpen();
		const k = this.keys(key);
		// The log only grows, so events up to the version read atomically never change: pages
		// read after the script still give one consistent moment. A short page means the log lost
		// its tail meanwhile (Redis restarted from an older AOF): start over.
		for (let attempt = 1; ; attempt++) {
			const loaded = await this.loadOnce(k);
			if (loaded) return loaded;
			if (attempt >= 3) throw new StoreUnavailableError('the hall-day log changed under a load (Redis lost data?)');
		}
	}

	private async loadOnce(k: HallDayKeys): Promise<LoadedLog | null> {
		const reply = await this.redis(() => this.client.hallqLoad(k.version, k.events, k.snapshot, this.pageSize));
		if (!Array.isArray(reply) || reply.length < 4) throw new Error('unexpected reply from the load script');
		const version = toInt(reply[0], 'version');
		const snapshot: Snapshot | null =
			reply[1] === null || reply[1] === undefined
				? null
				: { version: toInt(reply[1], 'snapshot version'), state: JSON.parse(String(reply[2])) as HallDayState };
		const events = toStoredList(reply[3]);
		let last = snapshot?.version ?? 0;
		for (const e of events) if (e.seq !== ++last) return null;
		while (last < version) {
			const to = Math.min(last + this.pageSize, version);
			const page = toStoredList(await this.redis(() => this.client.xrange(k.events, seqId(last + 1), seqId(to))));
			if (page.length === 0) return null;
			for (const e of page) {
				if (e.seq !== ++last) return null;
				events.push(e);
			}
		}
		return { snapshot, events, version };
	}

	async append(key: HallDayKey, expectedVersion: number, events: HallEvent[], last?: LastEvent, restore?: RestoreHold): Promise<AppendResult> {
		checkVersion('expectedVersion', expectedVersion);
		if (restore) checkVersion('restore.holdMs', restore.holdMs);
		const k = this.keys(key);
		const bodies = events.map((e) => JSON.stringify(e));
		const reply = await this.redis(() => this.client.hallqAppend(k.version, k.events, k.hold, expectedVersion, last?.req ?? '', last?.at ?? 0, restore?.holdMs ?? 0, ...bodies));
		if (!Array.isArray(reply) || reply.length < 2) throw new Error('unexpected reply from the append script');
		const version = toInt(reply[1], 'version');
		if (toInt(reply[0], 'append status') === 1) {
			if (version !== expectedVersion + bodies.length) throw new Error('append script reported an unexpected version');
			const stored = bodies.map((body, i): StoredEvent => ({ ...(JSON.parse(body) as HallEvent), seq: expectedVersion + i + 1 }));
			return { ok: true, version, events: stored };
		}
		if (reply[3] === 1) return { ok: false, version, missed: [], diverged: true };
		if (reply[4] !== undefined) return { ok: false, version, missed: [], heldMs: toInt(reply[4], 'hold') };
		return { ok: false, version, missed: toStoredList(reply[2]) };
	}

	async readAfter(key: HallDayKey, afterSeq: number, limit: number): Promise<StoredEvent[]> {
		checkVersion('afterSeq', afterSeq);
		checkVersion('limit', limit);
		if (limit === 0) return [];
		const k = this.keys(key);
		return toStoredList(await this.redis(() => this.client.xrange(k.events, seqId(afterSeq + 1), '+', 'COUNT', limit)));
	}

	async saveSnapshot(key: HallDayKey, snapshot: Snapshot): Promise<void> {
		checkVersion('snapshot.version', snapshot.version);
		const k = this.keys(key);
		const state = JSON.stringify(snapshot.state);
		const reply = await this.redis(() => this.client.hallqSaveSnapshot(k.version, k.snapshot, snapshot.version, state));
		if (!Array.isArray(reply) || reply.length < 2) throw new Error('unexpected reply from the snapshot script');
		if (toInt(reply[0], 'snapshot status') === 0) {
			throw new RangeError(`snapshot version ${snapshot.version} is ahead of the log (version ${toInt(reply[1], 'version')})`);
		}
	}

	/**
	 * One blocking `XREAD` over the streams of every followed hall-day, on a connection of its own
	 * (a blocked connection can send nothing else). Resolves with the events after each position, or
	 * nothing when none arrived within `timeoutMs`; rejects with StoreUnavailableError while Redis
	 * is unreachable.
	 */
	async waitForEvents(positions: FollowPosition[], timeoutMs: number): Promise<FollowedEvents[]> {
		this.checkOpen();
		if (positions.length === 0) return [];
		for (const p of positions) checkVersion('afterSeq', p.afterSeq);
		const block = Math.max(1, Math.min(Math.floor(timeoutMs), FOLLOW_TIMEOUT_MS - 1000));
		const follower = await this.followerReady(block);
		const byStream = new Map<string, HallDayKey>();
		for (const p of positions) byStream.set(this.keys(p.key).events, p.key);
		const streams = [...byStream.keys()];
		const ids = positions.map((p) => seqId(p.afterSeq));
		const reply = await this.redis(() => follower.xread('COUNT', this.followPageSize, 'BLOCK', block, 'STREAMS', ...streams, ...ids));
		if (reply === null) return [];
		const out: FollowedEvents[] = [];
		for (const [stream, entries] of reply) {
			const key = byStream.get(stream);
			if (key) out.push({ key, events: toStoredList(entries) });
		}
		return out;
	}

	/** The follower connection, once it is ready (at most `waitMs`): commands are not queued while it connects. */
	private async followerReady(waitMs: number): Promise<Redis> {
		if (!this.follower) {
			this.follower = this.client.duplicate({ connectionName: 'hallq-follower', commandTimeout: FOLLOW_TIMEOUT_MS, lazyConnect: false });
			// Failures reach the caller as rejected reads; ioredis reconnects by itself.
			this.follower.on('error', () => undefined);
		}
		const follower = this.follower;
		if (follower.status === 'ready') return follower;
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				follower.off('ready', onReady);
				reject(new StoreUnavailableError('redis unreachable: the follower connection is not ready'));
			}, waitMs);
			const onReady = () => {
				clearTimeout(timer);
				resolve();
			};
			follower.once('ready', onReady);
		});
		return follower;
	}

	async days(): Promise<HallDayKey[]> {
		const found: HallDayKey[] = [];
		const pattern = `${this.prefix}{*}:version`;
		let cursor = '0';
		do {
			const [next, keys] = await this.redis(() => this.client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000));
			cursor = next;
			for (const k of keys) {
				const key = parseVersionKey(this.prefix, k);
				if (key) found.push(key);
			}
		} while (cursor !== '0');
		return found;
	}

	/**
	 * Puts an expiry of `keepMs` on the hall-day's keys, all in one transaction (0: deletes them now).
	 * A key that has an expiry keeps it (NX): dropping again does not put the end off.
	 */
	async drop(key: HallDayKey, keepMs: number): Promise<void> {
		checkVersion('keepMs', keepMs);
		const k = this.keys(key);
		await this.redis(async () => {
			const multi = this.client.multi();
			for (const name of [k.events, k.version, k.snapshot]) {
				if (keepMs === 0) multi.del(name);
				else multi.pexpire(name, keepMs, 'NX');
			}
			const replies = await multi.exec();
			const failed = replies?.find(([err]) => err);
			if (!replies || failed) throw failed?.[0] ?? new Error('the drop transaction was discarded');
		});
	}

	/** Quits the client if this store made it (waits for replies in flight; drops the socket if Redis is down). */
	close(): Promise<void> {
		this.closing ??= (async () => {
			// Ends a blocked read at once; nothing is waiting for its answer.
			this.follower?.disconnect();
			if (!this.ownsClient || this.client.status === 'end') return;
			if (this.client.status === 'wait') return this.client.disconnect();
			try {
				await this.client.quit();
			} catch {
				this.client.disconnect();
			}
		})();
		return this.closing;
	}
}
