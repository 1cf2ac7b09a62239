/**
 * The halls' configuration versions in the relational store (SQLite or PostgreSQL): one row per
 * version, inserted once and never updated; the primary key (hall, version) makes two saves of the
 * same next version end in one row and one refusal.
 */
import type { Kysely, Selectable } from 'kysely';
import { CONFIG_SOURCES, type ConfigSource, type ConfigVersion, type ConfigVersionInfo } from '../../core/config-version';
import type { ConfigVersionStore } from '../../core/ports';
import type { ArchiveSchema, ConfigVersionsTable } from './schema';

const INFO_COLUMNS = ['hall', 'version', 'at', 'author', 'reason', 'source', 'restores', 'digest'] as const;

function sourceOf(value: string): ConfigSource {
	const source = CONFIG_SOURCES.find((s) => s === value);
	if (!source) throw new Error(`config_versions: unknown source "${value}"`);
	return source;
}

function infoOf(row: Omit<Selectable<ConfigVersionsTable>, 'body'>): ConfigVersionInfo {
	return {
		hall: row.hall,
		version: Number(row.version),
		at: Number(row.at),
		author: row.author,
		reason: row.reason,
		source: sourceOf(row.source),
		restores: row.restores === null ? null : Number(row.restores),
		digest: row.digest
	};
}

export class SqlConfigStore implements ConfigVersionStore {
	constructor(private readonly db: () => Kysely<ArchiveSchema>) {}

	async latest(hall: string): Promise<ConfigVersion | null> {
		const row = await this.db().selectFrom('config_versions').selectAll().where('hall', '=', hall).orderBy('version', 'desc').limit(1).executeTakeFirst();
		return row ? { ...infoOf(row), config: JSON.parse(row.body) as unknown } : null;
	}

	async get(hall: string, version: number): Promise<ConfigVersion | null> {
		const row = await this.db().selectFrom('config_versions').selectAll().where('hall', '=', hall).where('version', '=', version).executeTakeFirst();
		return row ? { ...infoOf(row), config: JSON.parse(row.body) as unknown } : null;
	}

	async list(hall: string, options: { before?: number; limit: number }): Promise<ConfigVersionInfo[]> {
		let q = this.db().selectFrom('config_versions').select(INFO_COLUMNS).where('hall', '=', hall);
		if (options.before !== undefined) q = q.where('version', '<', options.before);
		const rows = await q.orderBy('version', 'desc').limit(options.limit).execute();
		return rows.map(infoOf);
	}

	async latestFromFile(hall: string): Promise<ConfigVersionInfo | null> {
		const row = await this.db()
			.selectFrom('config_versions')
			.select(INFO_COLUMNS)
			.where('hall', '=', hall)
			.where('source', '=', 'file')
			.orderBy('version', 'desc')
			.limit(1)
			.executeTakeFirst();
		return row ? infoOf(row) : null;
	}

	async add(v: ConfigVersion): Promise<boolean> {
		const r = await this.db()
			.insertInto('config_versions')
			.values({ hall: v.hall, version: v.version, at: v.at, author: v.author, reason: v.reason, source: v.source, restores: v.restores, digest: v.digest, body: JSON.stringify(v.config) })
			.onConflict((oc) => oc.columns(['hall', 'version']).doNothing())
			.executeTakeFirst();
		return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
	}
}
