/**
 * An online backup of the SQLite stores, safe while servers run: the live store (HALLQ_DB: the open
 * hall-days' logs, security and follow-up cases) and the SQLite archive (HALLQ_ARCHIVE_DB or beside
 * HALLQ_DB, unless ARCHIVE_URL), each copied with SQLite's backup API into one consistent file
 * (never `cp`: a file in WAL mode is not whole without its -wal part), then checked.
 *
 *   npm run backup -- /backup/hallq     writes hallq-<UTC stamp>.db and hallq-archive-<UTC stamp>.db
 *
 * Redis (AOF) and PostgreSQL have their own tools: docs/deployment.md "Backups and restore".
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { archiveTargetFromEnv } from '../store/sql/database';

const USAGE = 'usage: npm run backup -- <folder>';

/** Copies `file` into `target` online and checks the copy; throws when it is not whole. */
async function copyOnline(file: string, target: string): Promise<number> {
	const source = new Database(file, { fileMustExist: true });
	try {
		await source.backup(target);
	} finally {
		source.close();
	}
	const copy = new Database(target, { readonly: true });
	try {
		const check = copy.pragma('integrity_check', { simple: true });
		if (check !== 'ok') throw new Error(`the copy ${target} fails its integrity check: ${String(check)}`);
		return Number(copy.pragma('page_count', { simple: true })) * Number(copy.pragma('page_size', { simple: true }));
	} finally {
		copy.close();
	}
}

async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	if (argv.length !== 1 || !argv[0] || argv[0].startsWith('-')) {
		console.error(USAGE);
		return 2;
	}
	const folder = resolve(argv[0] ?? '');
	mkdirSync(folder, { recursive: true });
	const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
	const live = resolve(env.HALLQ_DB ?? 'data/hallq.db');
	const archive = archiveTargetFromEnv(env, join(dirname(live), 'hallq-archive.db'));
	const jobs: { name: string; file: string }[] = [];
	if (env.STORE === 'redis') console.log('live store: Redis, back up its AOF (docs/deployment.md "Backups and restore")');
	else jobs.push({ name: 'hallq', file: live });
	if (archive.kind === 'postgres') console.log('archive: PostgreSQL, back it up with pg_dump (docs/deployment.md "Backups and restore")');
	else jobs.push({ name: 'hallq-archive', file: resolve(archive.file) });
	for (const job of jobs) {
		if (!existsSync(job.file)) {
			console.error(`${job.file} does not exist: nothing to back up (check HALLQ_DB / HALLQ_ARCHIVE_DB)`);
			return 1;
		}
		const target = join(folder, `${job.name}-${stamp}.db`);
		const bytes = await copyOnline(job.file, target);
		console.log(`${job.file} → ${target} (${Math.round(bytes / 1024)} KiB, integrity ok)`);
	}
	return 0;
}

process.exitCode = await main(process.argv.slice(2));
