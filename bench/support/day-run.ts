/**
 * Drives a simulated day against running HallQ processes over Socket.IO, as the hall's devices
 * would: kiosks take numbers when the plan's visitors arrive (a visitor of a service that requires
 * an ID card places it on the kiosk's reader first: kiosk-cards.ts), every counter is opened by a
 * clerk allowed at it and calls next, waits for the visitor, serves (or marks a no-show) for the
 * planned time, and calls again; boards follow the calls. Time runs on the shared accelerated clock.
 * Clients move to another process when theirs goes away and resend unanswered requests with the same
 * id (tests/support/failover-client.ts), each until a deadline. Records every answer for `checkDay`.
 *
 * Two phases: while visitors arrive, `disturb` (the chaos run's faults) may run; once the last visitor
 * has taken a number and `disturb` has returned, the day drains with no fault: each counter serves
 * until its queue is empty. The day is cut at 23:30 at the latest (the hall-day changes at midnight),
 * and every request has a deadline, so the run always ends.
 */
import { performance } from 'node:perf_hooks';
import type { CardIdentity } from '../../cardreader/layouts/index';
import { formatClock } from '../../server/core/clock';
import type { HallIndex } from '../../server/core/hall-index';
import type { Ack, ClientToServerEvents, ConsoleState, TicketView } from '../../server/realtime/contract';
import { staffPerCounter } from '../../tests/support/city-staff';
import { BoardWatcher, CALL_DEADLINE_MS, FailoverClient } from '../../tests/support/failover-client';
import { login, rid } from '../../tests/support/server';
import { realMs, simClock, type SimClockSpec } from '../../server/sim-clock';
import type { BoardObservation, CallAck, IssueAck } from './day-check';
import type { DayPlan, Visit } from './day-plan';
import { KioskCardReaders, type CardReadStats } from './kiosk-cards';

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
	/** The hall's kiosk devices and their tokens; kiosk clients take them in turn. Each has an agent with a card reader. */
	kioskDevices: { id: string; token: string }[];
	log?: (line: string) => void;
	/**
	 * Started once every client is connected, before the first visitor (the chaos run's faults); it
	 * must return soon after `stop()` turns true (the last visitor has taken a number, or the day was
	 * cut). The day drains, fault-free, once it has returned.
	 */
	disturb?: (clients: DayClients, stop: () => boolean) => Promise<void>;
}

export interface DayClients {
	kiosks: FailoverClient[];
	counters: FailoverClient[];
	boards: BoardWatcher[];
	/** The kiosks' agents (card readers). */
	agents: FailoverClient[];
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
	/** True when every counter ended with an empty queue; false when the day was cut at 23:30. */
	complete: boolean;
	/** Simulated minutes when the faults had stopped and the drain began (the last visitor had taken a number). */
	drainFromMinutes: number;
	/** Real ms of the drain. */
	drainMs: number;
	/** Card reads at the kiosks. */
	cards: CardReadStats;
	/** Every ID number read in clear at a kiosk: none may reach the log. */
	idNumbers: string[];
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
	/** The day stops here at the latest: a run that lags never crosses into the next hall-day. */
	const lastMinute = 23 * 60 + 30;
	let aborted = false;
	const cut = () => aborted || minutesNow() >= lastMinute;
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
	const readers = new KioskCardReaders(o.urls, o.kioskDevices.map((d) => d.id));
	const kiosks = Array.from({ length: o.kiosks }, (_, i) => {
		const device = o.kioskDevices[i % o.kioskDevices.length];
		if (!device) throw new Error('no kiosk device');
		// The kiosk page listens for its reader (and, like the page, connects again by itself).
		return { device: device.id, client: new FailoverClient(o.urls, { token: device.token }, i, (s) => s.on('card:state', (state) => readers.told(device.id, state))) };
	});
	const clients: DayClients = { kiosks: kiosks.map((k) => k.client), counters: counters.map((c) => c.client), boards, agents: [...readers.agents.values()] };
	log(`${boards.length} boards, ${counters.length} counters open, ${kiosks.length} kiosks with ${readers.agents.size} card readers; simulated ${formatClock(Math.floor(minutesNow()))}`);

	let next = 0;
	let kiosksDone = false;
	let draining = false;
	const idNumbers = new Set<string>();
	const disturbing = o.disturb?.(clients, () => kiosksDone || cut()) ?? Promise.resolve();
	const firstArrival = plan.visits[0]?.arrival ?? minutesNow();
	await sleepUntil(firstArrival);
	const t0 = performance.now();

	type Kiosk = (typeof kiosks)[number];
	type Issue = Record<string, unknown> & { requestId: string };
	/** A visitor at a service that requires an ID card: reads the card, and again whenever the read expired before the ticket was answered. */
	const issueWithCard = (k: Kiosk, card: CardIdentity, payload: Issue, sent: () => void) =>
		readers.withCard(k.device, k.client, card, CALL_DEADLINE_MS, async (read, deadline) => {
			idNumbers.add(card.idNumber);
			for (let token = await read(); token; token = await read()) {
				sent();
				const a = await k.client.call<TicketView>('ticket:issue', { ...payload, identity: token }, deadline).catch(() => null);
				if (!a || a.ok || a.error.code !== 'IDENTITY.INVALID') return a;
				readers.stats.expired++;
			}
			return null;
		});

	const kioskLoop = async (k: Kiosk, n: number) => {
		while (next < plan.visits.length) {
			const v = plan.visits[next++]!;
			await sleepUntil(v.arrival);
			if (cut()) {
				bump(refusals, 'visitor not served: the day was cut at 23:30');
				continue;
			}
			const requestId = rid(`k${n}`);
			const payload = { requestId, service: v.service, priority: v.priority };
			let t = performance.now();
			// A card visitor who never got a read back sent no issue at all.
			let sent = !v.card;
			const a = v.card
				? await issueWithCard(k, v.card, payload, () => {
						sent = true;
						t = performance.now();
					})
				: await k.client.call<TicketView>('ticket:issue', payload).catch(() => null);
			if (!a) {
				// Sent at least once and never answered: it may or may not be in the log.
				if (sent) abandonedIssues.push(requestId);
				bump(unanswered, sent ? 'ticket:issue' : 'card read (the visitor gave up at the reader)');
				continue;
			}
			if (!a.ok) {
				bump(refusals, `ticket:issue ${a.error.code}`);
				continue;
			}
			issueLatency.push(performance.now() - t);
			issues.push({ requestId, ticket: a.data.id, service: v.service, ...(v.card ? { card: { idNumber: v.card.idNumber, birthDate: v.card.birthDate, asked: v.priority } } : {}) });
			visitOf.set(a.data.id, v);
		}
	};

	let signIns = 0;
	/** Signs the clerk in again, on any process; false when none answered after a few tries. */
	const signIn = async (c: (typeof counters)[number]): Promise<boolean> => {
		for (let attempt = 0; attempt < 10; attempt++) {
			const urls = o.urls();
			try {
				c.auth.session = (await login(urls[attempt % urls.length] ?? '', hall.id, c.staff, o.password, 5000)).session;
				signIns++;
				return true;
			} catch {
				await sleep(300);
			}
		}
		return false;
	};
	/**
	 * A clerk's request; when the session has expired (the day ran past the 12 hours of a session;
	 * refused on the request, or on the connection of a clerk whose socket was dropped), the clerk
	 * signs in again and the request is sent again with the same id. Null: never answered.
	 */
	const staffCall = async <T>(c: (typeof counters)[number], event: keyof ClientToServerEvents, payload: object): Promise<Ack<T> | null> => {
		let a = await c.client.call<T>(event, payload).catch(() => null);
		if (a && !a.ok && a.error.code === 'AUTH.INVALID' && (await signIn(c))) {
			// Its connection carries the old session: connect again with the new one.
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
	let emptied = 0;
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
	/** Calls, serves and calls again; in the drain, stops at the first empty queue (nothing comes any more). */
	const counterLoop = async (c: (typeof counters)[number]) => {
		while (!cut()) {
			const drainingWhenSent = draining;
			const requestId = rid(`c${c.id}`);
			const t = performance.now();
			const a = await staffCall<ConsoleState>(c, 'ticket:callNext', { requestId });
			const ticket = a?.ok ? a.data.current?.id : undefined;
			if (!a || !a.ok || !ticket) {
				if (!a) bump(unanswered, 'ticket:callNext');
				else if (a.ok) bump(refusals, 'ticket:callNext answered without a ticket');
				else if (a.error.code === 'COUNTER.BUSY') await clearCounter(c);
				else if (a.error.code !== 'QUEUE.EMPTY') bump(refusals, `ticket:callNext ${a.error.code}`);
				else if (drainingWhenSent) {
					// QUEUE.EMPTY comes only to a free counter: it holds nothing either.
					emptied++;
					break;
				}
				await sleep(idleMs);
				continue;
			}
			callLatency.push(performance.now() - t);
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
			if (progress) log(`simulated ${formatClock(Math.floor(minutesNow()))}: ${issues.length} issued, ${calls.length} called, ${finished} finished, ${noShows} no-shows${draining ? `; ${emptied} counters done` : ''}`);
		}
	})();
	await Promise.all(kiosks.map(kioskLoop));
	kiosksDone = true;
	// The faults end with the last visitor: the one under way is undone (a process or Redis restarted) first.
	const disturbFailed = await disturbing.then(
		() => null,
		(err: unknown) => err
	);
	if (disturbFailed) aborted = true;
	const drainFromMinutes = minutesNow();
	const drainStart = performance.now();
	draining = true;
	log(`simulated ${formatClock(Math.floor(drainFromMinutes))}: the last visitor has a number${o.disturb ? ' and the faults have stopped' : ''}; the counters serve the ${issues.length - calls.length} tickets not called yet`);
	await counting;
	progress = false;
	const dayMs = performance.now() - t0;
	void reporter;
	if (disturbFailed) {
		for (const c of [...kiosks.map((k) => k.client), ...counters.map((x) => x.client), ...boards]) c.close();
		readers.close();
		throw disturbFailed;
	}

	const all = [...kiosks.map((k) => k.client), ...counters.map((c) => c.client), ...readers.agents.values()];
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
		kioskClients: kiosks.map((k) => k.client),
		counterClients: counters.map((c) => c.client),
		retried,
		failovers: [...all, ...boards.map((b) => b.client)].reduce((n, c) => n + c.stats.failovers, 0),
		signIns,
		complete: emptied === counters.length,
		drainFromMinutes,
		drainMs: performance.now() - drainStart,
		cards: readers.stats,
		idNumbers: [...idNumbers],
		observeBoards: () =>
			boards.map((b, i) => ({
				device: o.boards[i] ?? '',
				calls: new Map([...b.calls].map(([seq, c]) => [seq, { ticket: c.ticket, counter: c.counter }])),
				liveDuplicates: b.liveDuplicates,
				zones: b.zones.map((z) => [z.id, z.waiting] as [string, number]),
				counters: b.counters
			})),
		close() {
			for (const c of [...all, ...boards]) c.close();
		}
	};
}
