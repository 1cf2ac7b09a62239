/**
 * A hall's configuration versions (issue 22): saving an edit, importing a hall file, rolling back,
 * comparing and exporting. Every save is validated by the hall file's schema in full (a half-valid
 * hall is never saved), starts from the version the editor saw (a save on top of one saved
 * meanwhile is refused, not merged), and becomes the next version; a save that changes nothing
 * makes no version.
 */
import { diffConfigs, type ConfigChange } from '../core/config-diff';
import type { ConfigSource, ConfigVersion, ConfigVersionInfo } from '../core/config-version';
import { DomainError } from '../core/errors';
import type { HallConfig } from '../core/model';
import type { ConfigVersionStore } from '../core/ports';
import { hallFileText } from '../config/hall-file';
import { ConfigError, configProblem, parseHallConfig, type ConfigProblem } from '../config/load';
import { configDigest } from './config-audit';

/** The author of a version imported from a hall file at start-up. */
export const FILE_AUTHOR = 'config file';

/** A configuration the schema refuses: every problem at its field. */
export class ConfigInvalidError extends DomainError {
	constructor(readonly problems: ConfigProblem[]) {
		super('CONFIG.INVALID', `the configuration has ${problems.length} problem(s): ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
	}
}

export interface SaveRequest {
	hall: string;
	/** The configuration as a JSON value (a hall file's content). */
	config: unknown;
	/** The version the change started from; null for a hall's first. */
	basedOn: number | null;
	/** Staff id. */
	author: string;
	reason: string;
}

/** `saved: false`: the configuration equals the latest version's, so no version was made. */
export interface SaveOutcome {
	saved: boolean;
	version: ConfigVersionInfo;
}

export class ConfigVersions {
	constructor(
		private readonly store: ConfigVersionStore,
		private readonly now: () => number
	) {}

	current(hall: string): Promise<ConfigVersion | null> {
		return this.store.latest(hall);
	}

	async version(hall: string, version: number): Promise<ConfigVersion> {
		const v = await this.store.get(hall, version);
		if (!v) throw new DomainError('CONFIG.NOT_FOUND', `hall ${hall} has no configuration version ${version}`);
		return v;
	}

	history(hall: string, options: { before?: number; limit: number }): Promise<ConfigVersionInfo[]> {
		return this.store.list(hall, options);
	}

	/** Saves an edit as the next version. */
	save(r: SaveRequest): Promise<SaveOutcome> {
		return this.add(r, 'edit', null);
	}

	/** Imports a hall file's text as the next version, on top of whatever is current. */
	async importFile(hall: string, text: string, author: string, reason: string): Promise<SaveOutcome> {
		const latest = await this.store.latest(hall);
		return this.add({ hall, config: parseJson(text), basedOn: latest?.version ?? null, author, reason }, 'file', null);
	}

	/**
	 * At start-up: the hall file becomes the next version when it differs from the last file
	 * imported (a changed file in version control wins over edits made since; an unchanged one
	 * leaves the admins' edits in force). `raw`: the file's JSON, stored in its own field order.
	 * Returns the version in force.
	 */
	async seed(raw: unknown): Promise<ConfigVersion> {
		const config = validated(null, raw);
		const [fromFile, latest] = await Promise.all([this.store.latestFromFile(config.id), this.store.latest(config.id)]);
		if (latest && fromFile?.digest === configDigest(config)) return latest;
		const reason = fromFile ? 'the hall file changed' : latest ? 'the hall file, first imported' : 'the first configuration';
		try {
			await this.add({ hall: config.id, config: raw, basedOn: latest?.version ?? null, author: FILE_AUTHOR, reason }, 'file', null);
		} catch (err) {
			// Another process starting at the same moment imported it first.
			if (!(err instanceof DomainError && err.code === 'CONFIG.CONFLICT')) throw err;
		}
		const now = await this.store.latest(config.id);
		if (!now) throw new Error(`hall ${config.id}: no configuration version after the import`);
		return now;
	}

	/** Restores version `to` as the next version. */
	async rollback(hall: string, to: number, basedOn: number, author: string, reason: string): Promise<SaveOutcome> {
		const target = await this.version(hall, to);
		return this.add({ hall, config: target.config, basedOn, author, reason }, 'rollback', to);
	}

	/** What changed from version `from` to version `to`. */
	async compare(hall: string, from: number, to: number): Promise<ConfigChange[]> {
		const [a, b] = await Promise.all([this.version(hall, from), this.version(hall, to)]);
		return diffConfigs(a.config, b.config);
	}

	/** The hall file of a version (the current one when `version` is absent). */
	async exportFile(hall: string, version?: number): Promise<string> {
		const v = version === undefined ? await this.store.latest(hall) : await this.version(hall, version);
		if (!v) throw new DomainError('CONFIG.NOT_FOUND', `hall ${hall} has no configuration yet`);
		return hallFileText(v.config);
	}

	private async add(r: SaveRequest, source: ConfigSource, restores: number | null): Promise<SaveOutcome> {
		const config = validated(r.hall, r.config);
		const reason = r.reason.trim();
		if (reason === '') throw new ConfigInvalidError([configProblem('(reason)', 'say why the configuration changes')]);
		const latest = await this.store.latest(r.hall);
		const current = latest?.version ?? null;
		if (r.basedOn !== current) {
			throw new DomainError('CONFIG.CONFLICT', current === null ? `hall ${r.hall} has no version ${r.basedOn}` : `version ${current} was saved by ${latest?.author ?? '?'} since version ${r.basedOn}: compare and save again`);
		}
		const digest = configDigest(config);
		if (latest && latest.digest === digest) return { saved: false, version: infoOf(latest) };
		const version: ConfigVersion = { hall: r.hall, version: (current ?? 0) + 1, at: this.now(), author: r.author, reason, source, restores, digest, config: r.config };
		if (!(await this.store.add(version))) throw new DomainError('CONFIG.CONFLICT', `version ${version.version} of hall ${r.hall} was saved by someone else a moment ago: compare and save again`);
		return { saved: true, version: infoOf(version) };
	}
}

function infoOf({ config: _config, ...info }: ConfigVersion): ConfigVersionInfo {
	return info;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch (err) {
		throw new ConfigInvalidError([configProblem('(file)', `invalid JSON: ${err instanceof Error ? err.message : String(err)}`)]);
	}
}

/** The configuration checked by the hall file's schema, for hall `hall` when given (its id cannot change). */
function validated(hall: string | null, raw: unknown): HallConfig {
	let config: HallConfig;
	try {
		config = parseHallConfig(raw);
	} catch (err) {
		if (err instanceof ConfigError) throw new ConfigInvalidError(err.fields);
		throw err;
	}
	if (hall !== null && config.id !== hall) throw new ConfigInvalidError([configProblem('id', `the configuration is of hall "${config.id}", not "${hall}": a hall's id cannot change`)]);
	return config;
}
