/**
 * The halls a process serves: the hall files (HALLQ_CONFIG) seed the configuration versions of the
 * relational store, and the version in force of each hall is what runs (an admin's later edit
 * stays in force until the file changes again; docs/decisions.md).
 */
import { resolve } from 'node:path';
import { ConfigVersions } from './app/config-versions';
import { checkNetwork, parseHallConfig, readHallFile } from './config/load';
import type { HallConfig } from './core/model';

export const DEFAULT_CONFIGS = ['config/city-hall.json', 'config/county-hall.json', 'config/township.json'];

/** A hall as a file (or a test) gives it: its JSON as written, and checked. */
export interface HallSource {
	raw: unknown;
	config: HallConfig;
}

/** The hall files of HALLQ_CONFIG (or the given halls), each checked, and checked together as one network. */
export function hallSources(env: NodeJS.ProcessEnv, given?: HallConfig[]): HallSource[] {
	const files = (env.HALLQ_CONFIG ?? DEFAULT_CONFIGS.join(',')).split(',').map((f) => f.trim()).filter(Boolean);
	const sources = given
		? given.map((h) => ({ raw: h, config: parseHallConfig(h, `hall ${h.id}`) }))
		: files.map((f) => {
				const raw = readHallFile(resolve(f));
				return { raw, config: parseHallConfig(raw, f) };
			});
	checkNetwork(
		sources.map((s) => s.config),
		'HALLQ_CONFIG'
	);
	return sources;
}

/** The hall as it runs: HALLQ_HOURS=always opens it around the clock (the demo, `npm run hall`, can be tried on a Sunday night). */
export function asRun(env: NodeJS.ProcessEnv, hall: HallConfig): HallConfig {
	if (env.HALLQ_HOURS !== 'always') return hall;
	return { ...hall, hours: [{ from: '00:00', to: '24:00' }], services: hall.services.map((s) => ({ ...s, hours: [] })) };
}

/** A hall's configuration in force: the version's number and the hall as it runs. */
export interface HallInForce {
	version: number;
	config: HallConfig;
}

/**
 * Imports each source as the next configuration version when it changed since it was last imported,
 * and returns the versions in force, checked again as a network (an edit may have moved a parent).
 */
export async function hallsInForce(env: NodeJS.ProcessEnv, versions: ConfigVersions, sources: HallSource[]): Promise<HallInForce[]> {
	const inForce = await Promise.all(sources.map((s) => versions.seed(s.raw)));
	const halls = checkNetwork(
		inForce.map((v) => parseHallConfig(v.config, `hall ${v.hall}, configuration version ${v.version}`)),
		'configuration versions'
	);
	return halls.map((hall, i) => ({ version: inForce[i]?.version ?? 0, config: asRun(env, hall) }));
}
