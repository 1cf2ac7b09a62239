/**
 * A simulated day (issue 7, item 3): the city hall (70 counters, 275 services), 10,000 tickets over
 * its opening hours with morning and afternoon peaks (ID cards read at the kiosks for the services
 * that require one), every counter serving for lognormal times
 * around each service's average, on an accelerated clock (a 10-hour day in about 5 minutes at ×120). One
 * server process on SQLite (default) or Redis; devices are Socket.IO clients in this process.
 * Reports run time, server RSS and command latencies, and checks the final state.
 *
 *   npx tsx bench/day.ts [--store sqlite|redis] [--tickets 10000] [--speed 120] [--seed n] [--processes 1]
 */
import { appendResult, f0, f1, f2, mib, runHeader, runMain, stats, table, target } from './support/report';
import { intFlag, parseFlags } from './support/args';
import { simulateDay } from './support/day-sim';
import { checkRows, violationCount } from './support/day-check';
import { formatClock } from '../server/core/clock';

const USAGE = 'npx tsx bench/day.ts [--store sqlite|redis] [--tickets 10000] [--speed 120] [--seed n] [--processes 1]';

async function main(): Promise<number> {
	const flags = parseFlags(process.argv.slice(2), { values: ['store', 'tickets', 'speed', 'seed', 'processes'], flags: [] }, USAGE);
	const store = flags.get('store') ?? 'sqlite';
	if (store !== 'sqlite' && store !== 'redis') throw new Error(`--store must be sqlite or redis, not ${store}`);
	const tickets = intFlag(flags, 'tickets', 10_000);
	const speed = intFlag(flags, 'speed', 120, 1, 1200);
	const seed = intFlag(flags, 'seed', 20250312, 0);
	const processes = intFlag(flags, 'processes', 1, 1, 8);
	const head = runHeader('simulated day');
	for (const l of head.lines) console.log(l);
	console.log(`store ${store}, ${processes} process(es), ${tickets} tickets, clock ×${speed}, seed ${seed}`);

	const r = await simulateDay({ store, processes, tickets, seed, speed, log: (l) => console.log(`  ${l}`) });
	const { run, plan } = r;
	const issue = stats(run.issueLatency, run.dayMs);
	const call = stats(run.callLatency, run.dayMs);
	const commands = run.issues.length + run.calls.length + run.finished * 2 + run.noShows;
	const failed = violationCount(r.checks);
	const refusals = [...run.refusals].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
	const unanswered = [...run.unanswered].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';

	const text = [
		table(
			['measure', 'value'],
			[
				['tickets issued (acknowledged)', `${run.issues.length} (${run.issues.filter((i) => i.card).length} after an ID card read)`],
				['finished / no-show', `${run.finished} / ${run.noShows}`],
				['events in the log', String(r.events)],
				['simulated day', `${formatClock(Math.floor(plan.visits[0]?.arrival ?? 0))}–${formatClock(Math.floor(run.endMinutes))} (last counter idle)`],
				['run time of the day (real)', `${f1(run.dayMs / 1000)} s (whole bench ${f1(r.wallMs / 1000)} s)`],
				['commands answered', `${commands} (${f0((commands / run.dayMs) * 1000)}/s)`],
				['issue p50 / p99 / max (ms, socket round trip)', `${f2(issue.p50)} / ${f2(issue.p99)} / ${f2(issue.max)}`],
				['call-next p50 / p99 / max (ms, socket round trip)', `${f2(call.p50)} / ${f2(call.p99)} / ${f2(call.max)}`],
				['server RSS peak / end', `${mib(r.rssPeak)} / ${mib(r.rssEnd)}`],
				['handling times scaled by', `${f2(plan.handleScale)} (counter utilisation over opening hours ${f0(plan.utilisation * 100)} %)`],
				['unexpected refusals', refusals],
				['requests never answered', unanswered],
				['clerks signed in again (session expired)', String(run.signIns)],
				['ID card reads sent / not relayed in time / expired before the issue', `${run.cards.sent} / ${run.cards.notTold} / ${run.cards.expired}`]
			]
		),
		'',
		table(
			['check', 'result'],
			checkRows(r.checks)
		),
		'',
		table(['target', 'reached', ''], [['final state checked, zero violations', String(failed), target(failed === 0)]])
	].join('\n');
	console.log(`\n${text}`);
	appendResult({
		name: `day (${store})`,
		started: head.started,
		commit: head.commit,
		details: [
			`store ${store}${store === 'sqlite' ? ' (synchronous=FULL)' : ' (private redis-server, AOF appendfsync always)'}, ${processes} server process(es); devices (12 kiosks, 70 counters, 8 boards) in the bench process over Socket.IO`,
			`${tickets} planned visits, clock ×${speed}, seed ${seed}`,
			`command: \`npx tsx bench/day.ts --store ${store} --tickets ${tickets} --speed ${speed} --seed ${seed}${processes > 1 ? ` --processes ${processes}` : ''}\``
		],
		text
	});
	return failed === 0 ? 0 : 1;
}

runMain(main);
