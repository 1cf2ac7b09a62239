/**
 * Validates hall configuration files.
 *
 *   npx tsx server/config/cli.ts <file…>     (npm run config:check -- <file…>)
 *
 * Without arguments it checks every config/*.json. Prints "ok <file>: N zones, N services, N counters,
 * N staff" per valid file and the problems of the others, one line each; exits 1 if any file has a problem.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
	if (files.length === 0) {
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
	return ok ? 0 : 1;
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) process.exitCode = main(process.argv.slice(2));
