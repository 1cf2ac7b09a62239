/**
 * Drives a simulated day against running HallQ processes over Socket.IO, as the hall's devices
 * would: kiosks take numbers when the plan's visitors arrive, every counter is opened by a clerk
 * allowed at it and calls next, waits for the visitor, serves (or marks a no-show) for the planned
 * time, and calls again; boards follow the calls. Time runs on the shared accelerated clock. Clients
 * move to another process when theirs goes away and resend unanswered requests with the same id
 * (tests/support/failover-client.ts). Records every answer for `checkDay`.
 */
import { performance } from 'node:perf_hooks';
import { formatClock } from '../../server/core/clock';
import type { HallIndex } from '../../server/core/hall-index';
import type { Ack, ClientToServerEvents, ConsoleState, TicketView } from '../../server/realtime/contract';
import { staffPerCounter } from '../../tests/support/city-staff';
import { BoardWatcher, FailoverClient } from '../../tests/support/failover-client';
import { login, rid } from '../../tests/support/server';
import { realMs, simClock, type SimClockSpec } from '../../tests/support/sim-clock';
import type { BoardObservation, CallAck, IssueAck } from './day-check';
import type { DayPlan, Visit } from './day-plan';

export interface DayRunOptions {
	index: HallIndex;
	plan: DayPlan;
	clock: SimClockSpec;
	/** Local minutes after midnight at `clock.simStart`. */
	startMinutes: number;
	/** The server processes' addresses as they are now. */
	urls: () => string[];
	password: string;
	kiosks: number;
	/** Board devices of the hall to follow (their tokens are `<boardTokenPrefix><id>`). */
	boards: string[];
	boardTokenPrefix: string;
	kioskTokens: string[];
	/** Once every visitor has been given a number: stop when no call succeeded for this long (real ms). */
	stallMs?: number;
	log?: (line: string) => void;
	/** Called once every client is connected, before the first visitor (the chaos run drops their connections). */
	onClients?: (clients: DayClients) => void;
}

export interface DayClients {
	kiosks: FailoverClient[];
	counters: FailoverClient[];
	boards: BoardWatcher[];
}

export interface DayRun {
	issues: IssueAck[];
	abandonedIssues: string[];
	calls: CallAck[];
	/** Unexpected refusals by command and code ("QUEUE.EMPTY" is expected and not counted). */
	refusals: Map<string, number>;
	/** Requests a client gave up on after retrying (by command). */
	unanswered: Map<string, number>;
	issueLatency: number[];
	callLatency: number[];
	/** Real ms from the first arrival's time to the last counter going idle. */
	dayMs: number;
	/** Simulated local minutes when the last counter went idle. */
	endMinutes: number;
	finished: number;
	noShows: number;
	boards: BoardWatcher[];
	kioskClients: FailoverClient[];
	counterClients: FailoverClient[];
	/** Resends by reason, over every client. */
	retried: Record<string, number>;
	failovers: number;
	/** Clerks who signed in again after their session expired. */
	signIns: number;
	/** False when the day was cut at 23:30 (the run lagged too far behind its clock). */
	complete: boolean;
	observeBoards(): BoardObservation[];
	close(): void;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

export async function runDay(o: DayRunOptions): Promise<DayRun> {
	const { index, plan } = o;
	const hall = index.config;
	const clock = simClock(o.clock);
	const log = o.log ?? (() => undefined);
	const minutesNow = () => o.startMinutes + (clock.now() - o.clock.simStart) / 60_000;
	const sleepSim = (minutes: number) => sleep(realMs(o.clock, minutes * 60_000));
	const sleepUntil = (minute: number) => sleep(realMs(o.clock, (minute - minutesNow()) * 60_000));

	const refusals = new Map<string, number>();
	const unanswered = new Map<string, number>();
	const issues: IssueAck[] = [];
	const abandonedIssues: string[] = [];
	const calls: CallAck[] = [];
	const visitOf = new Map<string, Visit>();
	const issueLatency: number[] = [];
	const callLatency: number[] = [];
	let finished = 0;
	let noShows = 0;

	const boards = o.boards.map((d, i) => new BoardWatcher(o.urls, `${o.boardTokenPrefix}${d}`, i));
	await Promise.all(boards.map((b) => b.start()));

	const assignment = staffPerCounter(hall);
	if (assignment.size !== hall.counters.length) throw new Error(`only ${assignment.size} of ${hall.counters.length} counters have a clerk`);
	const counters = await Promise.all(
		hall.counters.map(async (c, i) => {
			const n = o.urls().length;
			const staff = assignment.get(c.id) ?? '';
			// The client reads `auth` on every connection: signing in again replaces its session.
			const auth = { session: (await login(o.urls()[i % n] ?? '', hall.id, staff, o.password)).session };
			const client = new FailoverClient(o.urls, auth, i % n);
			await client.must('counter:open', { requestId: rid('open'), counter: c.id });
			return { id: c.id, client, staff, auth };
		})
	);
	const kiosks = Array.from({ length: o.kiosks }, (_, i) => new FailoverClient(o.urls, { token: o.kioskTokens[i % o.kioskTokens.length] }, i));
	o.onClients?.({ kiosks, counters: counters.map((c) => c.client), boards });
	log(`${boards.length} boards, ${counters.length} counters open, ${kiosks.length} kiosks; simulated ${formatClock(Math.floor(minutesNow()))}`);

	/** The day stops here at the latest: a run that lags never crosses into the next hall-day. */
	const lastMinute = 23 * 60 + 30;
	let next = 0;
	let kiosksDone = false;
	let lastCall = performance.now();
	const stallMs = o.stallMs ?? 20_000;
	const firstArrival = plan.visits[0]?.arrival ?? minutesNow();
	await sleepUntil(firstArrival);
	const t0 = performance.now();

	const kioskLoop = async (k: FailoverClient, n: number) => {
		while (next < plan.visits.length) {
			const v = plan.visits[next++]!;
			await sleepUntil(v.arrival);
			if (minutesNow() >= lastMinute) {
				bump(refusals, 'visitor not served: the day was cut at 23:30');
				continue;
			}
			const requestId = rid(`k${n}`);
			const t = performance.now();
			const a = await k.call<TicketView>('ticket:issue', { requestId, service: v.service, priority: v.priority }).catch(() => null);
			if (!a) {
				abandonedIssues.push(requestId);
				bump(unanswered, 'ticket:issue');
				continue;
			}
			if (!a.ok) {
				bump(refusals, `ticket:issue ${a.error.code}`);
				continue;
			}
			issueLatency.push(performance.now() - t);
			issues.push({ requestId, ticket: a.data.id, service: v.service });
			visitOf.set(a.data.id, v);
		}
	};

	/**
	 * A clerk's request; when the session has expired (the day ran past the 12 hours of a session),
	 * the clerk signs in again and the request is sent again with the same id. Null: never answered.
	 */
	let signIns = 0;
	const staffCall = async <T>(c: (typeof counters)[number], event: keyof ClientToServerEvents, payload: object): Promise<Ack<T> | null> => {
		let a = await c.client.call<T>(event, payload).catch(() => null);
		if (a && !a.ok && a.error.code === 'AUTH.INVALID') {
			signIns++;
			c.auth.session = (await login(o.urls()[0] ?? '', hall.id, c.staff, o.password)).session;
			c.client.socket?.disconnect();
			a = await c.client.call<T>(event, payload).catch(() => null);
		}
		return a;
	};

	/** A counter command that is not call-next; false when refused or never answered. */
	const act = async (c: (typeof counters)[number], event: 'ticket:start' | 'ticket:finish' | 'ticket:noShow', extra: object = {}) => {
		const a = await staffCall(c, event, { requestId: rid(`${event.slice(7)}${c.id}`), ...extra });
		if (!a) bump(unanswered, event);
		else if (!a.ok) bump(refusals, `${event} ${a.error.code}`);
		return a?.ok === true;
	};

	const idleMs = Math.max(300, realMs(o.clock, 60_000));
	let endMinutes = 0;
	const over = () => minutesNow() >= lastMinute || (kiosksDone && (calls.length >= issues.length || performance.now() - lastCall > stallMs));
	/**
	 * A counter that holds a ticket it was never told of (its call-next answer or a later step was
	 * given up on): the clerk looks at the console and ends it, as served or absent.
	 */
	const clearCounter = async (c: (typeof counters)[number]) => {
		const state = await staffCall<ConsoleState>(c, 'console:state', {});
		const current = state?.ok ? state.data.current : null;
		if (!current) return;
		bump(refusals, `counter held ${current.status} ticket unknown to its clerk`);
		if (current.status === 'serving') {
			if (await act(c, 'ticket:finish', { outcome: 'done' })) finished++;
		} else if (await act(c, 'ticket:noShow')) noShows++;
	};
	const counterLoop = async (c: (typeof counters)[number]) => {
		while (!over()) {
			const requestId = rid(`c${c.id}`);
			const t = performance.now();
			const a = await staffCall<ConsoleState>(c, 'ticket:callNext', { requestId });
			const ticket = a?.ok ? a.data.current?.id : undefined;
			if (!a || !a.ok || !ticket) {
				if (!a) bump(unanswered, 'ticket:callNext');
				else if (a.ok) bump(refusals, 'ticket:callNext answered without a ticket');
				else if (a.error.code === 'COUNTER.BUSY') await clearCounter(c);
				else if (a.error.code !== 'QUEUE.EMPTY') bump(refusals, `ticket:callNext ${a.error.code}`);
				await sleep(idleMs);
				continue;
			}
			callLatency.push(performance.now() - t);
			lastCall = performance.now();
			calls.push({ requestId, counter: c.id, ticket });
			const v = visitOf.get(ticket);
			if (v?.noShow) {
				await sleepSim(2);
				if (await act(c, 'ticket:noShow')) noShows++;
			} else {
				await sleepSim(0.5);
				await act(c, 'ticket:start');
				await sleepSim(v?.handleMinutes ?? 5);
				if (await act(c, 'ticket:finish', { outcome: 'done' })) finished++;
			}
		}
		endMinutes = Math.max(endMinutes, minutesNow());
	};

	const counting = Promise.all(counters.map(counterLoop));
	let progress = true;
	const reporter = (async () => {
		while (progress) {
			await sleep(10_000);
			if (progress) log(`simulated ${formatClock(Math.floor(minutesNow()))}: ${issues.length} issued, ${calls.length} called, ${finished} finished, ${noShows} no-shows`);
		}
	})();
	await Promise.all(kiosks.map(kioskLoop));
	kiosksDone = true;
	lastCall = performance.now();
	await counting;
	progress = false;
	const dayMs = performance.now() - t0;
	void reporter;

	const all = [...kiosks, ...counters.map((c) => c.client)];
	const retried: Record<string, number> = {};
	for (const c of all) for (const [code, n] of Object.entries(c.stats.retriedFor)) retried[code] = (retried[code] ?? 0) + n;
	return {
		issues,
		abandonedIssues,
		calls,
		refusals,
		unanswered,
		issueLatency,
		callLatency,
		dayMs,
		endMinutes,
		finished,
		noShows,
		boards,
		kioskClients: kiosks,
		counterClients: counters.map((c) => c.client),
		retried,
		failovers: [...all, ...boards.map((b) => b.client)].reduce((n, c) => n + c.stats.failovers, 0),
		signIns,
		complete: endMinutes < lastMinute,
		observeBoards: () =>
			boards.map((b, i) => ({
				device: o.boards[i] ?? '',
				calls: new Map([...b.calls].map(([seq, c]) => [seq, { ticket: c.ticket, counter: c.counter }])),
				truncatedBelow: b.truncatedBelow,
				liveDuplicates: b.liveDuplicates,
				zones: b.zones.map((z) => [z.id, z.waiting] as [string, number]),
				counters: b.counters
			})),
		close() {
			for (const c of [...all, ...boards]) c.close();
		}
	};
}
