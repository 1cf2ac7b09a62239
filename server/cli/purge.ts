/**
 * The retention purge, now: removes identity hashes, masked ID numbers and names and rating comments
 * (and the audit trail's typed reasons and client addresses) from archived hall-days older than
 * HALLQ_RETAIN_IDENTITY_DAYS (default 180), and status-link
 * secrets from those older than HALLQ_RETAIN_SECRET_DAYS (default 7). Statistics stay. The server's
 * lifecycle runs the same purge once a day; this is for a look first, or for a server run without it.
 *
 *   npm run purge -- --dry-run     what would go, changing nothing
 *   npm run purge                  purge
 *
 * `--today YYYY-MM-DD` purges as of another day (default: today in the first hall's time zone).
 */
import { hallDayOf } from '../core/hall-day';
import { purgePlanOn } from '../core/retention';
import { loadHalls } from '../boot';
import { openArchive, retentionPolicy } from '../lifecycle-boot';
import { createLogger } from '../logger';

const USAGE = 'usage: npm run purge -- [--dry-run] [--today YYYY-MM-DD]';

function parse(argv: string[]): { dryRun: boolean; today: string | null } | null {
	let dryRun = false;
	let today: string | null = null;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--dry-run') dryRun = true;
		else if (a === '--today' && /^\d{4}-\d{2}-\d{2}$/.test(argv[i + 1] ?? '')) today = argv[++i] ?? null;
		else return null;
	}
	return { dryRun, today };
}

async function main(argv: string[]): Promise<number> {
	const args = parse(argv);
	if (!args) {
		console.error(USAGE);
		return 2;
	}
	const env = process.env;
	const logger = createLogger(env.LOG_LEVEL ?? 'warn');
	const policy = retentionPolicy(env);
	const [first] = loadHalls(env);
	const today = args.today ?? (first ? hallDayOf(first.id, first.timeZone, Date.now()).day : new Date().toISOString().slice(0, 10));
	const plan = purgePlanOn(policy, today, args.dryRun);
	const archive = await openArchive(env, logger);
	try {
		const report = await archive.purge(plan, Date.now());
		const audit = await archive.audit.purge(plan.identityBefore, args.dryRun);
		const verb = args.dryRun ? 'would remove' : 'removed';
		console.log(`retention as of ${today}: identities of hall-days before ${plan.identityBefore} (${policy.identityDays} days), status-link secrets before ${plan.secretsBefore} (${policy.secretsDays} days)`);
		console.log(`${verb} personal fields from ${report.tickets} ticket fact(s) and ${report.events} archived event(s) of ${report.days} hall-day(s)${args.dryRun ? ' (dry run: nothing changed)' : ''}`);
		console.log(`${verb} typed reasons from ${audit.entries} audit entr${audit.entries === 1 ? 'y' : 'ies'} and client addresses from ${audit.securityEvents} security event(s)`);
		return 0;
	} finally {
		await archive.close();
	}
}

process.exitCode = await main(process.argv.slice(2));
