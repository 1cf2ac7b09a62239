/**
 * What every benchmark shares: percentiles, number formats, markdown tables, and the dated entry
 * (machine, Node, commit) appended to bench/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const RESULTS = join(ROOT, 'bench', 'RESULTS.md');

export interface Stats {
	n: number;
	/** Operations per second of wall time over the phase. */
	perSec: number;
	p50: number;
	p99: number;
	max: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return Number.NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i] ?? Number.NaN;
}

export function stats(latencies: number[], wallMs: number): Stats {
	const s = [...latencies].sort((a, b) => a - b);
	return {
		n: s.length,
		perSec: wallMs > 0 ? (s.length / wallMs) * 1000 : Number.NaN,
		p50: percentile(s, 50),
		p99: percentile(s, 99),
		max: s[s.length - 1] ?? Number.NaN
	};
}

export const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');
export const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
export const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toString() : '–');
export const ratio = (a: number, b: number) => (b > 0 ? `${f2(a / b)}×` : '–');
export const target = (ok: boolean) => (ok ? 'met' : 'MISSED');

export function table(header: string[], rows: string[][]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
	return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function gitCommit(): string {
	try {
		const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
		// The results file grows with every run: it does not make the code differ from the commit.
		const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!bench/RESULTS.md'], { cwd: ROOT, encoding: 'utf8' }).trim();
		return dirty ? `${sha} (uncommitted changes)` : sha;
	} catch {
		return 'unknown';
	}
}

export function machine(): string {
	const cpus = os.cpus();
	return `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`;
}

/** The load average over the last minute, to tell a quiet machine from a shared one. */
export function loadAverage(): string {
	return os.loadavg()[0]?.toFixed(2) ?? '–';
}

/** Resident set size of a process in bytes (Linux /proc), or NaN. */
export function rssOf(pid: number): number {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const m = /VmRSS:\s+(\d+) kB/.exec(status);
		return m ? Number(m[1]) * 1024 : Number.NaN;
	} catch {
		return Number.NaN;
	}
}

export const mib = (bytes: number) => (Number.isFinite(bytes) ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : '–');

/** The header every run prints: start time, machine, Node, commit, load. */
export function runHeader(title: string): { started: string; commit: string; lines: string[] } {
	const started = new Date().toISOString();
	const commit = gitCommit();
	return {
		started,
		commit,
		lines: [`HallQ ${title} — ${started}`, `${machine()}; Node ${process.version}; commit ${commit}; load average ${loadAverage()}`]
	};
}

/**
 * Appends `## <name> — <started>` with machine, Node, commit, the details given, and `text` (the
 * tables) to bench/RESULTS.md.
 */
export function appendResult(o: { name: string; started: string; commit: string; details: string[]; text: string }): void {
	if (!existsSync(RESULTS)) {
		writeFileSync(RESULTS, '# Benchmark results\n\nDated entries appended by the scripts in `bench/` (newest last). See bench/README.md.\n');
	}
	const entry = [
		'',
		`## ${o.name} — ${o.started}`,
		'',
		`- machine: ${machine()}; load average at the end ${loadAverage()}`,
		`- Node ${process.version}; commit ${o.commit}`,
		...o.details.map((d) => `- ${d}`),
		'',
		o.text,
		''
	].join('\n');
	appendFileSync(RESULTS, entry);
	console.log(`\nappended to ${RESULTS}`);
}

/** Runs a bench's main and exits with its code (0 when it returns nothing), or 2 after printing an error. */
export function runMain(main: () => Promise<number | void>): void {
	main().then(
		(code) => process.exit(code ?? 0),
		(err: unknown) => {
			console.error(err);
			process.exit(2);
		}
	);
}
