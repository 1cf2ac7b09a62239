/**
 * A hall's configuration versions as its runner uses them: read from the relational store once per
 * version, validated by the hall file's schema, made the hall as it runs (HALLQ_HOURS) and indexed.
 */
import { indexHall, type HallIndex } from '../core/hall-index';
import type { HallConfig } from '../core/model';
import type { ConfigVersion } from '../core/config-version';
import type { ConfigVersionStore } from '../core/ports';
import { parseHallConfig } from '../config/load';
import type { HallConfigs } from './hall-runner';

export class StoredHallConfigs implements HallConfigs {
	private readonly indexes = new Map<number, HallIndex>();

	constructor(
		private readonly hall: string,
		private readonly store: ConfigVersionStore,
		readonly initial: number | null,
		/** The hall as it runs from the hall as saved (the demo's HALLQ_HOURS=always). */
		private readonly asRun: (config: HallConfig) => HallConfig
	) {}

	async at(version: number): Promise<HallIndex> {
		const known = this.indexes.get(version);
		if (known) return known;
		const v = await this.store.get(this.hall, version);
		if (!v) throw new Error(`hall ${this.hall} has no configuration version ${version}`);
		return this.indexOf(v);
	}

	async latest(): Promise<{ version: number; index: HallIndex } | null> {
		const v = await this.store.latest(this.hall);
		return v ? { version: v.version, index: this.indexOf(v) } : null;
	}

	private indexOf(v: ConfigVersion): HallIndex {
		let index = this.indexes.get(v.version);
		if (!index) {
			index = indexHall(this.asRun(parseHallConfig(v.config, `hall ${v.hall}, configuration version ${v.version}`)));
			this.indexes.set(v.version, index);
		}
		return index;
	}
}
