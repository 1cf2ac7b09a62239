/**
 * The simulated day of the city hall, end to end: plan the day from a seed, start the server
 * processes on the accelerated clock, drive the devices through the day (day-run.ts), then stop,
 * read the log and run every check (day-check.ts). `bench:day` runs it plain; `chaos` runs it with
 * faults injected while the day runs.
 */
import { Keyring } from '../../server/app/keyring';
import { DEMO_KEYS } from '../../server/config/demo-values';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadHallConfig } from '../../server/config/load';
import { hallDayOf } from '../../server/core/hall-day';
import { indexHall, type HallIndex } from '../../server/core/hall-index';
import type { SimClockSpec } from '../../server/sim-clock';
import { checkDay, type Check } from './day-check';
import { planDay, type DayPlan } from './day-plan';
import { runDay, type DayClients, type DayRun } from './day-run';
import { startHallProcesses, type HallProcesses, type StoreName } from './hall-processes';
import { hallWithAgents } from './kiosk-cards';
import { ROOT, rssOf } from './report';

export const CITY_HALL = 'config/city-hall.json';
const PASSWORD = 'hallq-demo';
/** Wednesday 12 March 2025, 07:30 in Shanghai: an hour before the doors open. */
const OPENING = Date.parse('2025-03-11T23:30:00Z');
const OPENING_MINUTES = 7 * 60 + 30;
/** Real time given to starting the processes and connecting the clients before the clock reads 07:30. */
const SETUP_MS = 20_000;
const BOARDS = ['hall', 'zone-invest', 'zone-social', 'zone-police', 'zone-tax', 'counter-C01', 'counter-C02', 'counter-C03'];

export interface DaySimOptions {
	store: StoreName;
	processes: number;
	tickets: number;
	seed: number;
	/** Simulated ms per real ms. */
	speed: number;
	kiosks?: number;
	log?: (line: string) => void;
	/**
	 * Runs while the visitors arrive (the chaos run's faults) and must return soon after `stop()`
	 * turns true (the last visitor has a number); the day then drains without it.
	 */
	during?: (ctx: { procs: HallProcesses; clients: DayClients; stop: () => boolean }) => Promise<void>;
}

export interface DaySimResult {
	index: HallIndex;
	plan: DayPlan;
	run: DayRun;
	checks: Check[];
	events: number;
	/** Highest and last RSS of each server process seen (bytes), sampled every second. */
	rssPeak: number;
	rssEnd: number;
	wallMs: number;
}

export async function simulateDay(o: DaySimOptions): Promise<DaySimResult> {
	const log = o.log ?? console.log;
	// Every kiosk gets an agent with a card reader: a hall file of its own for this run.
	const hall = hallWithAgents(loadHallConfig(join(ROOT, CITY_HALL)));
	const hallDir = mkdtempSync(join(tmpdir(), 'hallq-day-hall-'));
	const hallFile = join(hallDir, 'city-hall.json');
	writeFileSync(hallFile, JSON.stringify(hall));
	const index = indexHall(hall);
	const key = hallDayOf(hall.id, hall.timeZone, OPENING);
	const plan = planDay(hall, { tickets: o.tickets, seed: o.seed, day: key.day });
	const clock: SimClockSpec = { simStart: OPENING - SETUP_MS * o.speed, realStart: Date.now(), speed: o.speed };
	const startMinutes = OPENING_MINUTES - (SETUP_MS * o.speed) / 60_000;
	if (startMinutes < 0) throw new Error(`clock ×${o.speed} is too fast: setting up would start before midnight`);
	const t0 = performance.now();
	const procs = await startHallProcesses({ store: o.store, processes: o.processes, config: hallFile, clock }).catch((err: unknown) => {
		rmSync(hallDir, { recursive: true, force: true });
		throw err;
	});
	let rssPeak = 0;
	let rssEnd = 0;
	let sampling = true;
	const sampleRss = () => {
		const total = procs.servers.reduce((n, s) => n + (s?.child.pid ? rssOf(s.child.pid) || 0 : 0), 0);
		rssPeak = Math.max(rssPeak, total);
		rssEnd = total;
	};
	const sampler = (async () => {
		while (sampling) {
			sampleRss();
			await new Promise((r) => setTimeout(r, 1000));
		}
	})();
	try {
		const during = o.during;
		const run = await runDay({
			index,
			plan,
			clock,
			startMinutes,
			urls: procs.urls,
			password: PASSWORD,
			kiosks: o.kiosks ?? 12,
			boards: BOARDS,
			boardTokenPrefix: 'demo-city-board-',
			kioskDevices: hall.devices.filter((d) => d.kind === 'kiosk').map((d) => ({ id: d.id, token: `demo-city-kiosk-${d.id}` })),
			log,
			...(during ? { disturb: (clients, stop) => during({ procs, clients, stop }) } : {})
		});
		// Let the last pushes arrive (waiting counts go out at most every 250 ms), then stop the processes.
		await new Promise((r) => setTimeout(r, 2000));
		sampleRss();
		sampling = false;
		await sampler;
		const boards = run.observeBoards();
		run.close();
		await procs.stopServers();
		const { events, state } = await procs.readLog(key);
		const checks = checkDay({
			index,
			keys: new Keyring(DEMO_KEYS),
			day: key.day,
			events,
			loaded: state,
			issues: run.issues,
			abandonedIssues: run.abandonedIssues,
			calls: run.calls,
			boards,
			idNumbers: run.idNumbers,
			dayOver: run.complete
		});
		if (!run.complete) checks.push({ name: 'the day ran to its end', violations: [`cut at 23:30 before every counter's queue was empty (${run.calls.length} calls answered for ${run.issues.length} acknowledged tickets)`] });
		return { index, plan, run, checks, events: events.length, rssPeak, rssEnd, wallMs: performance.now() - t0 };
	} finally {
		sampling = false;
		await procs.close();
		rmSync(hallDir, { recursive: true, force: true });
	}
}
