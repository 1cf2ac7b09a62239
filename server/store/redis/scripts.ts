/**
 * Every atomic operation of the Redis event store, in one place (after BullMQ's `commands/*.lua`).
 *
 * Each script declares the keys it touches (all of one hall-day, under one hash tag, so Redis
 * Cluster runs it on the shard that holds the hall-day) and starts with a `#!lua` shebang: Redis 7
 * then refuses a write script up front when it is out of memory (no half-done append) and, in
 * cluster mode, refuses keys outside the declared slot.
 *
 * Scripts go through ioredis `defineCommand`: the first call on each connection sends EVAL (which
 * also caches the script on the server), later calls EVALSHA; a NOSCRIPT reply (SCRIPT FLUSH, a
 * restarted or failed-over server) resends the script. We do not use `FUNCTION LOAD`: a function
 * library is shared server state, so two HallQ versions during a rolling deploy would overwrite
 * each other's code, while EVALSHA runs exactly the script text of the calling process.
 *
 * Log layout per hall-day (see keys in redis-event-store.ts):
 * - `events`   STREAM, entry id `0-<seq>`, one field `e` = the event as appended (JSON, no seq)
 * - `version`  STRING, the seq of the last event (absent = 0)
 * - `snapshot` HASH {version, state}: the folded state at `version` (JSON)
 * - `hold`     STRING with an expiry: while it lives, only appends that restore lost events go in
 *
 * Lua numbers are doubles: integers are exact to 2^53 and are turned into ids and strings with
 * `%d`, never `tostring` (which switches to exponent notation from 1e14).
 */
import type { Redis } from 'ioredis';

/** Stream entry field that holds the event body. */
export const EVENT_FIELD = 'e';

/**
 * append — KEYS: version, events, hold. ARGV: expectedVersion, lastReq, lastAt, holdMs, body1..bodyN.
 * With a lastReq (not ''), the event at expectedVersion must have that `req` and `at`; when it has
 * not, returns `{0, version, {}, 1}` (diverged: the log holds another history), whether or not
 * expectedVersion is current.
 * With holdMs > 0 the append restores lost events: it first renews the hold to at least holdMs
 * (whatever comes next) and is not held itself. Any other append while the hold lives returns
 * `{0, version, {}, 0, msLeft}` and writes nothing.
 * Returns `{1, newVersion}` when appended (or an empty batch at the current version),
 * `{0, version, missed}` when expectedVersion is not current: `missed` = XRANGE entries
 * (expectedVersion, version], empty when expectedVersion is ahead of the log (store behind).
 * Errors (nothing written): `HALLQ_ARG` for a bad expected version, `HALLQ_CORRUPT` when the
 * stream's last id is not `0-<version>` (keys deleted or evicted by hand: never append over it).
 */
const APPEND = `#!lua
local version = tonumber(redis.call('GET', KEYS[1]) or '0')
local expected = tonumber(ARGV[1])
if expected == nil or expected < 0 or expected % 1 ~= 0 then
  return redis.error_reply('HALLQ_ARG expected version must be a non-negative integer')
end
local holdMs = tonumber(ARGV[4])
if holdMs == nil or holdMs < 0 or holdMs % 1 ~= 0 then
  return redis.error_reply('HALLQ_ARG hold must be a non-negative integer')
end
if holdMs > 0 and redis.call('PTTL', KEYS[3]) < holdMs then
  redis.call('SET', KEYS[3], '1', 'PX', string.format('%d', holdMs))
end
local function isCallers(entry)
  local last = cjson.decode(entry[2][2])
  return last.req == ARGV[2] and last.at == tonumber(ARGV[3])
end
if expected ~= version then
  if expected > version then return {0, version, {}} end
  if ARGV[2] ~= '' and expected > 0 then
    local at = redis.call('XRANGE', KEYS[2], string.format('0-%d', expected), string.format('0-%d', expected))
    if not at[1] or not isCallers(at[1]) then return {0, version, {}, 1} end
  end
  return {0, version, redis.call('XRANGE', KEYS[2], string.format('0-%d', expected + 1), string.format('0-%d', version))}
end
if #ARGV == 4 then return {1, version} end
local top = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
local topId = '0-0'
if top[1] then topId = top[1][1] end
if topId ~= string.format('0-%d', version) then
  return redis.error_reply('HALLQ_CORRUPT log ends at ' .. topId .. ' but version is ' .. string.format('%d', version))
end
if ARGV[2] ~= '' and top[1] and not isCallers(top[1]) then return {0, version, {}, 1} end
if holdMs == 0 then
  local left = redis.call('PTTL', KEYS[3])
  if left > 0 then return {0, version, {}, 0, left} end
end
for i = 5, #ARGV do
  version = version + 1
  redis.call('XADD', KEYS[2], string.format('0-%d', version), '${EVENT_FIELD}', ARGV[i])
end
redis.call('SET', KEYS[1], string.format('%d', version))
return {1, version}
`;

/**
 * load — KEYS: version, events, snapshot. ARGV: pageSize.
 * Returns `{version, snapshotVersion|nil, snapshotState|nil, entries}` from one moment of the log:
 * entries are the first `pageSize` events after the snapshot, up to `version`. The caller reads
 * any further pages with XRANGE bounded by `version`: entries up to it never change.
 * A snapshot ahead of the log (only possible after losing the log's tail) is ignored.
 */
const LOAD = `#!lua flags=no-writes
local version = tonumber(redis.call('GET', KEYS[1]) or '0')
local snap = redis.call('HMGET', KEYS[3], 'version', 'state')
local sv = snap[1]
local state = snap[2]
local from = 0
if sv and state and tonumber(sv) <= version then
  from = tonumber(sv)
else
  sv = false
  state = false
end
local entries = {}
if version > from then
  entries = redis.call('XRANGE', KEYS[2], string.format('0-%d', from + 1), string.format('0-%d', version), 'COUNT', ARGV[1])
end
return {version, sv, state, entries}
`;

/**
 * saveSnapshot — KEYS: version, snapshot. ARGV: snapshotVersion, stateJson.
 * Returns `{1, v}` saved, `{2, current}` kept (the stored snapshot is as new or newer),
 * `{0, logVersion}` refused (the snapshot is ahead of the log).
 */
const SAVE_SNAPSHOT = `#!lua
local version = tonumber(redis.call('GET', KEYS[1]) or '0')
local v = tonumber(ARGV[1])
if v == nil or v < 0 or v % 1 ~= 0 then
  return redis.error_reply('HALLQ_ARG snapshot version must be a non-negative integer')
end
if v > version then return {0, version} end
local cur = tonumber(redis.call('HGET', KEYS[2], 'version') or '-1')
if cur >= v and cur <= version then return {2, cur} end
redis.call('HSET', KEYS[2], 'version', ARGV[1], 'state', ARGV[2])
return {1, v}
`;

export const SCRIPTS = {
	hallqAppend: { numberOfKeys: 3, lua: APPEND },
	hallqLoad: { numberOfKeys: 3, lua: LOAD },
	hallqSaveSnapshot: { numberOfKeys: 2, lua: SAVE_SNAPSHOT }
} as const;

type Arg = string | number;

/** The script commands `installScripts` adds to a client. Replies are raw: parse them. */
export interface HallqScripts {
	hallqAppend(versionKey: string, eventsKey: string, holdKey: string, expectedVersion: Arg, lastReq: string, lastAt: Arg, holdMs: Arg, ...bodies: string[]): Promise<unknown>;
	hallqLoad(versionKey: string, eventsKey: string, snapshotKey: string, pageSize: Arg): Promise<unknown>;
	hallqSaveSnapshot(versionKey: string, snapshotKey: string, snapshotVersion: Arg, state: string): Promise<unknown>;
}

export type ScriptedRedis = Redis & HallqScripts;

/** Defines the scripts on a client (idempotent). They are sent to Redis on first use per connection. */
export function installScripts(client: Redis): ScriptedRedis {
	const scripted = client as ScriptedRedis;
	for (const [name, def] of Object.entries(SCRIPTS)) {
		if (typeof (scripted as unknown as Record<string, unknown>)[name] !== 'function') client.defineCommand(name, def);
	}
	return scripted;
}
