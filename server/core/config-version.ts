/**
 * A hall's configuration as versions (issue 22): every save is a new version with its author, time
 * and reason, never an update, so any two can be compared and any one restored (as a new version).
 */

/** Where a version came from: a hall file imported (at start-up or by an admin), an edit, a rollback. */
export const CONFIG_SOURCES = ['file', 'edit', 'rollback'] as const;
export type ConfigSource = (typeof CONFIG_SOURCES)[number];

export interface ConfigVersionInfo {
	hall: string;
	/** 1, 2, 3, … per hall. */
	version: number;
	/** Epoch ms of the save. */
	at: number;
	/** The staff id of who saved it, or `config file` for a file imported at start-up. */
	author: string;
	reason: string;
	source: ConfigSource;
	/** For a rollback: the version whose configuration it restores. */
	restores: number | null;
	/** 16 hex digits of the configuration's canonical JSON: equal digests, equal configurations. */
	digest: string;
}

export interface ConfigVersion extends ConfigVersionInfo {
	/** The configuration as saved, its fields in the order they were given (a file exports as it was imported). */
	config: unknown;
}
