import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import type { HallConfig } from '../core/model';
import { networkProblems } from '../core/network';
import { schemaMessageInChinese, ZOD_ZH_CN } from './problem-zh';
import { hallConfigSchema } from './schema';

/** One problem of a configuration at one field: `path` as `services[12].zone`, `(root)` or `(file)`. */
export interface ConfigProblem {
	path: string;
	message: string;
	/** The message in Chinese, for the admin pages (problem-zh.ts); the English one where none is known. */
	zh: string;
}

export class ConfigError extends Error {
	readonly problems: string[];
	constructor(
		readonly file: string,
		readonly fields: ConfigProblem[]
	) {
		const problems = fields.map((f) => `${f.path}: ${f.message}`);
		super(`${file}: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
		this.name = 'ConfigError';
		this.problems = problems;
	}
}

/** A problem at `path`, its Chinese from problem-zh.ts. */
export function configProblem(path: string, message: string): ConfigProblem {
	return { path, message, zh: schemaMessageInChinese(message) ?? message };
}

/**
 * One problem per issue: `{ path: "services[12].zone", message: 'unknown zone "Z9"', zh: '没有区域“Z9”' }`.
 * `zhIssues`: the same parse with zod's zh-CN messages (same issues, same order).
 */
export function configProblems(issues: z.core.$ZodIssue[], zhIssues: z.core.$ZodIssue[] = []): ConfigProblem[] {
	return issues.map((i, n) => {
		const path = i.path.reduce<string>(
			(acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
			''
		);
		const zodZh = zhIssues[n]?.message;
		const problem = configProblem(path || '(root)', i.message);
		// zod's own message differs in its zh-CN locale; the schema's own ones are the same in both.
		return zodZh !== undefined && zodZh !== i.message ? { ...problem, zh: zodZh } : problem;
	});
}

/** One line per problem: "services[12].zone: unknown zone "Z9"". */
export function formatIssues(issues: z.core.$ZodIssue[]): string[] {
	return configProblems(issues).map((p) => `${p.path}: ${p.message}`);
}

export function parseHallConfig(raw: unknown, file = '(config)'): HallConfig {
	const result = hallConfigSchema.safeParse(raw);
	if (!result.success) {
		const zh = hallConfigSchema.safeParse(raw, { error: ZOD_ZH_CN });
		throw new ConfigError(file, configProblems(result.error.issues, zh.success ? [] : zh.error.issues));
	}
	return result.data;
}

export function loadHallConfig(file: string): HallConfig {
	return parseHallConfig(readHallFile(file), file);
}

/** A hall file's JSON as written (its fields in their order), not yet checked. */
export function readHallFile(file: string): unknown {
	const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (err) {
		throw new ConfigError(file, [configProblem('(file)', message(err))]);
	}
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (err) {
		throw new ConfigError(file, [configProblem('(file)', `invalid JSON: ${message(err)}`)]);
	}
	return raw;
}

/** The halls of one deployment: a parent that is not among them, or a loop of parents, is a ConfigError. */
export function checkNetwork(halls: readonly HallConfig[], source = '(halls)'): HallConfig[] {
	const problems = networkProblems(halls);
	if (problems.length > 0) throw new ConfigError(source, problems.map((message) => configProblem('(network)', message)));
	return [...halls];
}
