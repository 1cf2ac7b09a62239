/**
 * Archives every closed hall-day still in the live store, now (a lifecycle round outside the server):
 * closes the past days whose close is due, copies, verifies and projects them, and drops those whose
 * retries across midnight are over. For a deployment that ran before the archive existed, or after
 * the archive was down for a while. Safe beside running servers: every step is idempotent.
 *
 *   npm run archive -- --backfill        (STORE, HALLQ_DB, REDIS_URL, ARCHIVE_URL, HALLQ_CONFIG as for the server)
 *
 * Prints one line per hall-day and a summary; exits 1 when a day could not be archived.
 */
import { Keyring } from '../app/keyring';
import { loadDeploymentKeys } from '../secrets-boot';
import { HallQ } from '../app/hallq';
import { loadHalls, openStore } from '../boot';
import { createLifecycle, lifecycleSettings, openArchive } from '../lifecycle-boot';
import { createLogger } from '../logger';
import { openCaseStore, openSecurityStore } from '../security-boot';

const USAGE = 'usage: npm run archive -- --backfill';

async function main(argv: string[]): Promise<number> {
	if (argv.length !== 1 || argv[0] !== '--backfill') {
		console.error(USAGE);
		return 2;
	}
	const env = process.env;
	const logger = createLogger(env.LOG_LEVEL ?? 'warn');
	const halls = loadHalls(env);
	const settings = lifecycleSettings(env);
	const live = await openStore(env, logger);
	const archive = await openArchive(env, logger);
	const clock = { now: () => Date.now() };
	const security = await openSecurityStore(env);
	const cases = await openCaseStore(env);
	const hallq = new HallQ({ halls, store: live, archive, clock, log: logger, security, cases, keys: new Keyring(loadDeploymentKeys(env).material) });
	try {
		const before = new Set((await live.days()).map((k) => `${k.hall}:${k.day}`));
		const lifecycle = createLifecycle({ hallq, halls, live, archive, clock, log: logger, settings });
		await lifecycle.tick();
		const status = lifecycle.status();
		for (const key of [...before].sort()) {
			const [hall = '', day = ''] = key.split(':');
			const failure = status.failing.find((f) => f.hall === hall && f.day === day);
			const archived = await archive.day({ hall, day });
			console.log(`${key}  ${failure ? `FAILED ${failure.code}: ${failure.message}` : (archived?.status ?? 'open (not closed yet)')}`);
		}
		console.log(`${before.size} hall-day(s) in the live store: ${status.archived} archived now, ${status.dropped} dropped now, ${status.failing.length} failing`);
		return status.failing.length > 0 ? 1 : 0;
	} finally {
		await hallq.close();
		await live.close();
		await archive.close();
		await security.close();
		await cases.close();
	}
}

process.exitCode = await main(process.argv.slice(2));
