/**
 * The Redis adapter of the follow-up case store (server/core/follow-up.ts), shared by every process:
 * `<prefix>cases:{<hall>}` HASH case id → case JSON. A Lua script replaces a case only when it is
 * still in the status it was read in.
 */
import type { Redis } from 'ioredis';
import type { CaseStatus, CaseStore, FollowUpCase } from '../../core/follow-up';
import { closeRecordsClient, connectRecordsClient, recordsCall, type RecordsClientOptions } from './records-client';

const UPDATE_IF = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if not cur then return 0 end
if cjson.decode(cur).status ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
`;

type CaseRedis = Redis & { hallqCaseUpdate(key: string, id: string, from: string, body: string): Promise<number> };

export class RedisCaseStore implements CaseStore {
	private readonly client: CaseRedis;

	private constructor(
		client: Redis,
		private readonly prefix: string
	) {
		client.defineCommand('hallqCaseUpdate', { numberOfKeys: 1, lua: UPDATE_IF });
		this.client = client as CaseRedis;
	}

	static async connect(url: string, options: RecordsClientOptions = {}): Promise<RedisCaseStore> {
		return new RedisCaseStore(await connectRecordsClient(url, 'hallq-cases', options), options.keyPrefix ?? 'hallq:');
	}

	private key(hall: string): string {
		return `${this.prefix}cases:{${hall}}`;
	}

	private redis<T>(call: () => Promise<T>): Promise<T> {
		return recordsCall(call);
	}

	async open(c: FollowUpCase): Promise<boolean> {
		return (await this.redis(() => this.client.hsetnx(this.key(c.hall), c.id, JSON.stringify(c)))) === 1;
	}

	async get(hall: string, id: string): Promise<FollowUpCase | null> {
		const raw = await this.redis(() => this.client.hget(this.key(hall), id));
		return raw ? (JSON.parse(raw) as FollowUpCase) : null;
	}

	async list(hall: string): Promise<FollowUpCase[]> {
		const all = await this.redis(() => this.client.hvals(this.key(hall)));
		return all.map((raw) => JSON.parse(raw) as FollowUpCase).sort((a, b) => a.ratedAt - b.ratedAt || a.id.localeCompare(b.id));
	}

	async update(hall: string, id: string, from: CaseStatus, next: FollowUpCase): Promise<boolean> {
		return (await this.redis(() => this.client.hallqCaseUpdate(this.key(hall), id, from, JSON.stringify(next)))) === 1;
	}

	async close(): Promise<void> {
		await closeRecordsClient(this.client);
	}
}
