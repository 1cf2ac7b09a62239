/**
 * Validates hall configuration files.
 *
 *   npx tsx server/config/cli.ts <file…>     (npm run config:check -- <file…>)
 *
 * Without arguments it checks every config/*.json, and that they form one network of halls (every
 * `parent` among them, no loop). Prints "ok <file>: N zones, N services, N counters,
 * N staff" per valid file and the problems of the others, one line each; exits 1 if any file has a problem.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { networkProblems } from '../core/network';
import { ConfigError, loadHallConfig } from './load';

export interface FileCheck {
	file: string;
	ok: boolean;
	/** "ok <file>: …" for a valid file; "error <file>: N problem(s)" and one indented line per problem otherwise. */
	lines: string[];
}

export function checkHallFile(file: string): FileCheck {
	try {
		const hall = loadHallConfig(file);
		return {
			file,
			ok: true,
			lines: [
				`ok ${file}: ${hall.zones.length} zones, ${hall.services.length} services, ${hall.counters.length} counters, ${hall.staff.length} staff`
			]
		};
	} catch (err) {
		if (err instanceof ConfigError)
			return { file, ok: false, lines: [`error ${file}: ${err.problems.length} problem(s)`, ...err.problems.map((p) => `  ${p}`)] };
		return { file, ok: false, lines: [`error ${file}: ${err instanceof Error ? err.message : String(err)}`] };
	}
}

/** The files checked together as one deployment: every parent among them, no loop of parents. */
export function checkNetworkOf(files: string[]): FileCheck {
	const halls = files.map((f) => loadHallConfig(f));
	const problems = networkProblems(halls);
	const file = files.join(',');
	if (problems.length > 0) return { file, ok: false, lines: [`error network: ${problems.length} problem(s)`, ...problems.map((p) => `  ${p}`)] };
	const tops = halls.filter((h) => h.parent === undefined).map((h) => h.id);
	return { file, ok: true, lines: [`ok network: ${halls.length} halls, top ${tops.join(', ')}`] };
}

/** The hall files shipped in config/ (relative to the working directory). */
export function defaultHallFiles(dir = 'config'): string[] {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => join(dir, f));
}

function main(argv: string[]): number {
	if (argv.includes('-h') || argv.includes('--help')) {
		console.log('usage: tsx server/config/cli.ts [hall.json …]   (default: config/*.json)');
		return 0;
	}
	let files = argv;
	const deployment = files.length === 0;
	if (deployment) {
		try {
			files = defaultHallFiles();
		} catch (err) {
			console.error(`error config/: ${err instanceof Error ? err.message : String(err)}`);
			return 1;
		}
		if (files.length === 0) {
			console.error('error config/: no hall files');
			return 1;
		}
	}
	let ok = true;
	for (const file of files) {
		const check = checkHallFile(file);
		for (const line of check.lines) (check.ok ? console.log : console.error)(line);
		ok &&= check.ok;
	}
	// The shipped files are one deployment; named files may be part of another one.
	if (ok && deployment) {
		const network = checkNetworkOf(files);
		for (const line of network.lines) (network.ok ? console.log : console.error)(line);
		ok = network.ok;
	}
	return ok ? 0 : 1;
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) process.exitCode = main(process.argv.slice(2));
