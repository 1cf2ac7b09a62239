/**
 * The chaos run (issue 7, item 5): the simulated day of the city hall on 3 server processes and a
 * private Redis, while server processes and Redis are SIGKILLed and restarted, Redis is paused
 * (SIGSTOP/SIGCONT) and client connections are dropped, until the last visitor has taken a number;
 * then the counters serve what is left with no fault. At the end it checks that no acknowledged
 * ticket was lost, none duplicated, none called twice, numbers per prefix are exactly 1..n, calls
 * were first in first out within service and priority, the log replays to the state, every board
 * equals the server, ID cards gave what they should and no ID number is in the log in clear, and
 * that the day ran to its end. Prints the faults and the checks; exits 1 on any violation.
 *
 *   npx tsx bench/chaos.ts [--seed n] [--long] [--tickets n] [--speed n]
 *
 * The seed draws the day (arrivals, services, handling times, no-shows) and the faults (kinds,
 * moments, victims); the same seed replays the same plan (the machine's timing still varies).
 */
import { performance } from 'node:perf_hooks';
import { formatClock } from '../server/core/clock';
import { intFlag, parseFlags } from './support/args';
import { checkRows, violationCount } from './support/day-check';
import { seededRandom } from '../cardreader/simulator/identities';
import type { DayClients } from './support/day-run';
import { simulateDay } from './support/day-sim';
import type { HallProcesses } from './support/hall-processes';
import { appendResult, f1, runHeader, runMain, table } from './support/report';

const USAGE = 'npx tsx bench/chaos.ts [--seed n] [--long] [--tickets n] [--speed n]';
const PROCESSES = 3;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

type FaultKind = 'kill server' | 'kill redis' | 'pause redis' | 'drop connections' | 'board away';
const KINDS: FaultKind[] = ['kill server', 'kill redis', 'pause redis', 'drop connections', 'board away'];

interface Fault {
	at: number;
	kind: FaultKind;
	what: string;
}

/** Injects one fault after another, at random moments, until `stop()`; the fault under way is undone first. */
async function injectFaults(rand: () => number, gapMs: [number, number], procs: HallProcesses, clients: DayClients, stop: () => boolean, faults: Fault[], t0: number): Promise<void> {
	const between = (a: number, b: number) => a + rand() * (b - a);
	const wait = async (ms: number) => {
		const end = performance.now() + ms;
		while (!stop() && performance.now() < end) await sleep(Math.min(200, end - performance.now()));
	};
	const note = (kind: FaultKind, what: string) => {
		faults.push({ at: performance.now() - t0, kind, what });
		console.log(`  fault ${faults.length} at ${f1((performance.now() - t0) / 1000)} s: ${kind}: ${what}`);
	};
	const redis = procs.redis;
	if (!redis) throw new Error('the chaos run needs Redis');
	const aways: Promise<void>[] = [];
	while (!stop()) {
		await wait(between(gapMs[0], gapMs[1]));
		if (stop()) break;
		const kind = KINDS[Math.floor(rand() * KINDS.length)]!;
		if (kind === 'kill server') {
			const i = Math.floor(rand() * PROCESSES);
			const down = Math.round(between(300, 2500));
			await procs.kill(i);
			note(kind, `process ${i} SIGKILLed, restarted after ${down} ms`);
			await sleep(down);
			await procs.start(i);
		} else if (kind === 'kill redis') {
			const down = Math.round(between(300, 2000));
			redis.kill('SIGKILL');
			note(kind, `redis-server SIGKILLed, restarted from its AOF after ${down} ms`);
			await sleep(down);
			await redis.restart();
		} else if (kind === 'pause redis') {
			const paused = Math.round(between(500, 4000));
			redis.pause();
			note(kind, `redis-server SIGSTOPped for ${paused} ms`);
			await sleep(paused);
			redis.resume();
		} else if (kind === 'board away') {
			// Long enough for more calls than one catch-up page (500): the board must page through them.
			const board = clients.boards[Math.floor(rand() * clients.boards.length)];
			if (!board) continue;
			const away = Math.round(between(15_000, 30_000));
			const before = board.syncs;
			note(kind, `board ${board.token} off the network for ${away} ms`);
			// Other faults go on while it is away; it is back before the fault-free drain.
			aways.push(board.away(() => sleep(away)).then(() => console.log(`    board ${board.token} back: ${board.syncs - before} sync pages`)));
		} else {
			const all = [
				...clients.kiosks.map((c) => ['kiosk', c] as const),
				...clients.counters.map((c) => ['counter', c] as const),
				...clients.boards.map((b) => ['board', b.client] as const),
				...clients.agents.map((c) => ['agent', c] as const)
			];
			const n = 1 + Math.floor(rand() * 10);
			const dropped: string[] = [];
			for (let k = 0; k < n; k++) {
				const [role, client] = all[Math.floor(rand() * all.length)] ?? [];
				client?.socket?.disconnect();
				if (role) dropped.push(role);
			}
			note(kind, `${n} client sockets disconnected (${dropped.join(', ')})`);
		}
	}
	await Promise.all(aways);
}

async function main(): Promise<number> {
	const flags = parseFlags(process.argv.slice(2), { values: ['seed', 'tickets', 'speed'], flags: ['long'] }, USAGE);
	const long = flags.has('long');
	const seed = intFlag(flags, 'seed', Math.floor(Math.random() * 2 ** 31), 0);
	const tickets = intFlag(flags, 'tickets', long ? 10_000 : 2_000);
	const speed = intFlag(flags, 'speed', long ? 100 : 240, 1, 1200);
	const gap: [number, number] = long ? [4000, 12_000] : [3000, 8000];
	const head = runHeader(`chaos run${long ? ' (long)' : ''}`);
	for (const l of head.lines) console.log(l);
	console.log(`seed ${seed} (replay with --seed ${seed}); ${PROCESSES} server processes on Redis; ${tickets} tickets; clock ×${speed}; a fault every ${gap[0] / 1000}–${gap[1] / 1000} s`);

	const rand = seededRandom(seed ^ 0x5bd1e995);
	const faults: Fault[] = [];
	const t0 = performance.now();
	const r = await simulateDay({
		store: 'redis',
		processes: PROCESSES,
		tickets,
		seed,
		speed,
		log: (l) => console.log(`  ${l}`),
		during: ({ procs, clients, stop }) => injectFaults(rand, gap, procs, clients, stop, faults, t0)
	});
	const { run } = r;
	const byKind = KINDS.map((k) => [k, String(faults.filter((f) => f.kind === k).length)]);
	const violations = violationCount(r.checks);
	const text = [
		table(['fault', 'injected'], byKind),
		'',
		table(
			['check', 'result'],
			checkRows(r.checks)
		),
		'',
		`- ${run.issues.length} tickets acknowledged (${run.abandonedIssues.length} issue requests given up), ${run.calls.length} calls, ${run.finished} finished, ${run.noShows} no-shows, ${r.events} events; day ${formatClock(Math.floor(r.plan.visits[0]?.arrival ?? 0))}–${formatClock(Math.floor(run.endMinutes))} in ${f1(run.dayMs / 1000)} s; faults until ${formatClock(Math.floor(run.drainFromMinutes))}, then ${f1(run.drainMs / 1000)} s of fault-free drain; whole run ${f1(r.wallMs / 1000)} s`,
		`- ID cards: ${run.idNumbers.length} read (${run.issues.filter((i) => i.card).length} tickets); card:read sent ${run.cards.sent} times, ${run.cards.notTold} not relayed to the kiosk in time (placed again), ${run.cards.expired} expired before the ticket was answered (read again), ${run.cards.gaveUp} visitors gave up at the reader`,
		`- requests resent: ${JSON.stringify(run.retried)}; ${run.failovers} reconnections to a process; ${run.signIns} clerks signed in again`,
		`- unexpected refusals: ${[...run.refusals].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}; never answered: ${[...run.unanswered].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`,
		`- violations: ${violations}`
	].join('\n');
	console.log(`\nfaults injected:\n${faults.map((f, i) => `  ${i + 1}. ${f1(f.at / 1000)} s ${f.kind}: ${f.what}`).join('\n') || '  none'}`);
	console.log(`\n${text}`);
	appendResult({
		name: `chaos${long ? ' (long)' : ''}`,
		started: head.started,
		commit: head.commit,
		details: [`${PROCESSES} server processes, private redis-server (AOF appendfsync always); ${tickets} planned visits, clock ×${speed}, seed ${seed}`, `command: \`npx tsx bench/chaos.ts --seed ${seed}${long ? ' --long' : ''}\``],
		text
	});
	console.log(violations === 0 ? '\nchaos run: zero violations' : `\nchaos run: ${violations} VIOLATIONS`);
	return violations === 0 ? 0 : 1;
}

runMain(main);
