import type { Socket } from 'socket.io';
import type { RateLimitName, RateLimits } from '../app/rate-limits';
import type { HallQMetrics } from '../app/metrics';
import type { z } from 'zod';
import type { HallQ } from '../app/hallq';
import type { Command, IssuedIdentity } from '../core/commands';
import { DomainError, fail } from '../core/errors';
import { ticketStatusView, ticketView, callView, counterView, type CallView, type CounterView } from '../core/views';
import type { Principal } from './auth';
import { requests, type CardReadPayload, type Ack, type ParsedPayload, type BoardState, type BoardStateView, type ClientToServerEvents, type ConsoleState, type ServerToClientEvents, type SocketData } from './contract';
import { errorAck, validationMessage } from './errors';
import { boardInfo, boardZones, catalog, consoleState, hallInfo, openCounterOf, serviceChoices } from './projections';
import type { KioskPrinting } from '../devices/kiosk-printing';
import { ticketInput, ticketStatusUrl } from '../devices/ticket-input';
import { rooms } from './rooms';
import type { DeviceAlerts } from './device-alerts';
import { identityFromToken } from '../app/identity';
import { cardState, readerProblem } from './card-state';
import { registerEvaluationHandlers } from './evaluation';
import { registerSecurityHandlers } from './security-handlers';
import { registerAlertHandlers } from './alert-handlers';
import { registerDayHandlers } from './day-handlers';
import { registerFollowUpHandlers } from './follow-up-handlers';
import { cardSimulationFor, registerCardSimulation } from './card-simulation';
import { registerStaffHandlers } from './staff-handlers';
import { registerMonitorHandlers } from './monitor-handlers';
import type { Presence } from './presence';
import type { On } from './on';
import { latestReport } from './device-states';

type Role = SocketData['role'];
type HallSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const STAFF: Role[] = ['staff', 'supervisor', 'admin'];
/** Calls a fresh board is shown (history, not announced). */
const RECENT_CALLS = 10;
/** The most calls one `board:sync` answer carries; a board that missed more pages on (`more`). */
export const CATCH_UP_PAGE = 500;
/** How far back in the log a fresh board's latest calls are looked for. */
const CATCH_UP_WINDOW = 5000;
/** Events per store read while a sync looks for calls. */
const READ_PAGE = 2000;

export interface HandlerLog {
	info(obj: object, msg: string): void;
	warn(obj: object, msg: string): void;
}

/** What the handlers reach besides the halls. */
export interface HandlerDevices {
	printing: KioskPrinting | null;
	/** Where phones reach the server: the printed QR code links to `<publicUrl>/t/<token>`. */
	publicUrl: string;
	/** HALLQ_READER_SIM: kiosks without an agent may simulate card reads (the demo). */
	readerSimulation?: boolean;
}

/**
 * Registers every event of the contract on one socket. Each handler: checks the ack is a function,
 * the role may send it, the payload matches its schema; then acts. Nothing changes on a refusal.
 */
export function registerHandlers(
	socket: HallSocket,
	principal: Principal,
	hallq: HallQ,
	log: HandlerLog,
	devices: HandlerDevices,
	alerts: DeviceAlerts,
	presence: Presence,
	limits: RateLimits,
	metrics?: HallQMetrics
): void {
	const { hall, actor, role } = principal.data;
	const limitOf: RateLimitName = role === 'public' ? 'phone' : principal.staff ? 'staff' : 'device';
	const limitKey = `${hall}/${actor}`;
	const runner = hallq.runner(hall);
	// Read at each event, not at connection: a configuration version put in force meanwhile applies at once.

	const on: On = (event, roles, handle) => {
		const schema: z.ZodType = requests[event];
		(socket as unknown as Socket).on(event as string, async (payload: unknown, ack: unknown) => {
			if (typeof ack !== 'function') return; // every event of the contract is acknowledged
			const reply = ack as (a: Ack<unknown>) => void;
			if (principal.expiresAt !== null && (principal.expiresAt <= hallq.clock.now() || (principal.keyId !== undefined && !hallq.keys.verifies(principal.keyId))))
				return reply(errorAck(new DomainError('AUTH.INVALID', 'session expired, please sign in again')));
			if (principal.staff && runner.index.staff.get(principal.staff.id)?.disabled) return reply(errorAck(new DomainError('AUTH.INVALID', 'this account was disabled')));
			const waitMs = limits.take(limitOf, limitKey) || (event === 'ticket:issue' ? limits.take('issue', limitKey) : 0);
			if (waitMs > 0) return reply(errorAck(new DomainError('RATE.LIMITED', `too many requests; try again in ${Math.ceil(waitMs / 1000)} s`)));
			if (!roles.includes(role)) return reply(errorAck(new DomainError('AUTH.FORBIDDEN', `${role} may not send ${event}`)));
			const parsed = schema.safeParse(payload ?? {});
			if (!parsed.success) return reply({ ok: false, error: { code: 'VALIDATION.FAILED', message: validationMessage(parsed.error) } });
			try {
				reply({ ok: true, data: await handle(parsed.data as ParsedPayload<typeof event>) });
			} catch (err) {
				if (!(err instanceof DomainError)) log.warn({ hall, event, err: String(err) }, 'handler failed');
				reply(errorAck(err));
			}
		});
	};

	/** Request ids are scoped by actor, so two devices can never collide. */
	const req = (requestId: string) => `${actor}:${requestId}`;

	// Kiosk
	on('kiosk:catalog', ['kiosk'], async () => {
		const { state } = await runner.current();
		return { ...catalog(runner.index, state, hallq.clock.now()), cardSimulation: cardSimulationFor(runner.index.config, actor, devices.readerSimulation ?? false) };
	});
	on('ticket:issue', ['kiosk'], async (p) => {
		const card = p.identity ? checkCardRead(p.identity) : { identity: null };
		const out = await runner.execute({
			kind: 'issue',
			req: req(p.requestId),
			service: p.service,
			priority: p.priority,
			kiosk: actor,
			token: hallq.newTicketToken(),
			...card
		});
		const ticket = out.record.ticket ? out.state.tickets[out.record.ticket] : undefined;
		if (!ticket) fail('INTERNAL', 'issued ticket not found');
		const reprinted = ticket.reprintedBy?.includes(req(p.requestId)) ?? false;
		log.info({ hall, kiosk: actor, ticket: ticket.id, retry: out.duplicate, reprinted }, reprinted ? 'ticket reprinted' : 'ticket issued');
		const view = ticketView(runner.index, out.state, ticket, hallq.clock.now());
		// A retried request was printed (or shown) the first time.
		if (!out.duplicate) printTicket(view, reprinted);
		return { ...view, reprinted };
	});

	/** The identity of a card read token; a refused one is refused by the core only if the request is new. */
	function checkCardRead(token: string): { identity: IssuedIdentity | null; identityRefused?: string } {
		try {
			return { identity: identityFromToken(hallq.keys, runner.index.config, actor, token, hallq.clock.now()) };
		} catch (err) {
			if (err instanceof DomainError && err.code === 'IDENTITY.INVALID') return { identity: null, identityRefused: err.message };
			throw err;
		}
	}

	/** Prints after the answer (the ticket is valid either way) and tells the kiosk how it went. */
	function printTicket(view: ReturnType<typeof ticketView>, reprint = false): void {
		const printing = devices.printing;
		if (!printing?.has(hall, actor)) return;
		const input = ticketInput(runner.index, view, ticketStatusUrl(devices.publicUrl, view.token), reprint);
		void printing.print(hall, actor, input).then((outcome) => {
			if (!outcome.ok) log.warn({ hall, kiosk: actor, ticket: view.id, code: outcome.code }, 'ticket not printed');
			// Through the adapter: the kiosk may have reconnected to another process meanwhile.
			socket.nsp.to(rooms.kiosk(hall, actor)).emit('ticket:print', {
				ticket: view.id,
				printed: outcome.ok,
				code: outcome.ok ? null : outcome.code,
				printer: outcome.state
			});
		});
	}
	on('ticket:cancel', ['kiosk', 'supervisor', 'admin'], async (p) => {
		const out = await runner.execute({
			kind: 'cancel',
			req: req(p.requestId),
			ticket: p.ticket,
			by: actor,
			onlyFromKiosk: role === 'kiosk' ? actor : null
		});
		// Answer about the ticket the request cancelled: a replayed id naming another ticket is refused.
		if (out.record.ticket !== p.ticket) fail('REQUEST.REUSED', `request id ${p.requestId} cancelled another ticket`);
		const ticket = out.state.tickets[p.ticket] ?? fail('TICKET.NOT_FOUND', `no ticket ${p.ticket}`);
		return { ...ticketView(runner.index, out.state, ticket, hallq.clock.now()), token: '' };
	});

	// Counter console
	const staff = principal.staff;
	const snapshot = async (view: string | null = null): Promise<ConsoleState> => {
		if (!staff) fail('AUTH.FORBIDDEN', 'staff only');
		const { state } = await runner.current();
		return consoleState(runner.index, state, staff, hallq.clock.now(), view);
	};
	/**
	 * Runs a command on the counter this staff member has open, or on `target` when one is named: the
	 * core refuses staff on a counter that is not theirs (STAFF.NOT_ALLOWED, COUNTER.TAKEN) and lets
	 * supervisors and admins act on any open counter of the hall.
	 */
	const atCounter = async (target: string | undefined, build: (counter: string) => Command): Promise<ConsoleState> => {
		if (!staff) fail('AUTH.FORBIDDEN', 'staff only');
		const { state } = await runner.current();
		const counter = target ?? openCounterOf(state, staff.id) ?? fail('COUNTER.NOT_OPEN', 'open a counter first');
		const out = await runner.execute(build(counter));
		return consoleState(runner.index, out.state, staff, hallq.clock.now(), target ?? null);
	};
	const base = (requestId: string, counter: string) => ({ req: req(requestId), counter, staff: actor });

	on('console:state', STAFF, async (p) => {
		if (p.counter === undefined) return snapshot();
		if (!runner.index.counters.has(p.counter)) fail('COUNTER.NOT_FOUND', `no counter ${p.counter}`);
		if (staff?.role === 'staff' && !staff.counters.includes(p.counter)) fail('STAFF.NOT_ALLOWED', `not allowed at counter ${p.counter}`);
		return snapshot(p.counter);
	});
	on('console:services', STAFF, async () => serviceChoices(runner.index));
	on('counter:open', STAFF, async (p) => {
		await runner.execute({ kind: 'openCounter', ...base(p.requestId, p.counter) });
		return snapshot();
	});
	on('counter:pause', STAFF, (p) => atCounter(p.counter, (c) => ({ kind: 'pauseCounter', ...base(p.requestId, c), reason: p.reason })));
	on('counter:resume', STAFF, (p) => atCounter(p.counter, (c) => ({ kind: 'resumeCounter', ...base(p.requestId, c) })));
	on('counter:close', STAFF, (p) => atCounter(p.counter, (c) => ({ kind: 'closeCounter', ...base(p.requestId, c), note: p.note ?? null })));
	on('ticket:callNext', STAFF, (p) => atCounter(p.counter, (c) => ({ kind: 'callNext', ...base(p.requestId, c) })));
	on('ticket:callTicket', STAFF, (p) =>
		atCounter(p.counter, (c) => ({ kind: 'callTicket', ...base(p.requestId, c), ticket: p.ticket, reason: p.reason }))
	);
	on('ticket:recall', STAFF, (p) => atCounter(p.counter, (c) => ({ kind: 'recall', ...base(p.requestId, c) })));
	on('ticket:start', STAFF, (p) => atCounter(p.counter, (c) => ({ kind: 'start', ...base(p.requestId, c) })));
	on('ticket:finish', STAFF, (p) =>
		atCounter(p.counter, (c) => ({ kind: 'finish', ...base(p.requestId, c), outcome: p.outcome, autoCall: p.autoCall }))
	);
	on('ticket:noShow', STAFF, (p) => atCounter(p.counter, (c) => ({ kind: 'noShow', ...base(p.requestId, c), requeue: p.requeue })));
	on('ticket:transfer', STAFF, (p) =>
		atCounter(p.counter, (c) => ({ kind: 'transfer', ...base(p.requestId, c), toService: p.toService, toCounter: p.toCounter }))
	);
	on('ticket:park', STAFF, (p) => atCounter(p.counter, (c) => ({ kind: 'park', ...base(p.requestId, c) })));
	on('ticket:callBack', STAFF, (p) => atCounter(p.counter, (c) => ({ kind: 'callBack', ...base(p.requestId, c), ticket: p.ticket })));
	on('ticket:reactivate', STAFF, (p) =>
		atCounter(p.counter, (c) => ({ kind: 'reactivate', ...base(p.requestId, c), ticket: p.ticket }))
	);

	on('board:report', ['display'], async (p) => {
		const before = socket.data.board;
		socket.data.board = { ...p, at: hallq.clock.now() };
		if (p.shownSeq > 0) metrics?.boardShown(hall, actor, p.day, p.shownSeq, Date.now());
		// A board that cannot speak (the browser blocks autoplay) needs someone to tap it: tell supervisors.
		// A board muted at the screen fails the hall (nobody hears its calls); a hall whose file turns voice off does not.
		const muted = p.audio === 'off' && runner.index.config.voice?.engine !== 'off';
		const problem = p.audio === 'blocked' ? 'BOARD.AUDIO_BLOCKED' : muted ? 'BOARD.MUTED' : null;
		const alert = alerts.update(hall, 'board', actor, p.audio, problem, hallq.clock.now());
		if (alert) socket.nsp.to(rooms.deviceWatchers(hall)).emit('device:alert', alert);
		// A board back from an absence says what it missed: supervisors hear of it once.
		const gap = p.catchUp;
		if (gap && (gap.to !== before?.catchUp?.to || gap.lastSeq !== before?.catchUp?.lastSeq)) {
			log.info({ hall, board: actor, from: gap.from, to: gap.to, calls: gap.calls, skipped: gap.skipped, firstSeq: gap.firstSeq, lastSeq: gap.lastSeq }, 'board was offline and caught up');
			socket.nsp.to(rooms.supervisors(hall)).emit('device:notice', { hall, device: actor, kind: 'board', notice: 'BOARD.MISSED_CALLS', at: hallq.clock.now(), catchUp: gap });
		}
		return null;
	});
	on('boards:state', ['supervisor', 'admin'], async (): Promise<BoardStateView[]> => {
		// Through the adapter: boards connected to every server process.
		const sockets = await socket.nsp.in(rooms.displays(hall)).fetchSockets();
		return runner.index.config.devices
			.filter((d) => d.kind === 'display')
			.map((d) => {
				const mine = sockets.filter((s) => s.data.actor === d.id);
				return { device: d.id, name: d.name, kind: d.board ?? 'hall', connections: mine.length, health: latestReport(mine) };
			});
	});

	// Phone status page
	on('ticket:status', ['public'], async () => {
		const followed = principal.ticket ?? fail('AUTH.FORBIDDEN', 'phones only');
		const { state } = await runner.current();
		const ticket = state.day === followed.day ? state.tickets[followed.id] : undefined;
		if (!ticket) fail('TICKET.NOT_FOUND', 'the ticket is from an earlier day');
		return ticketStatusView(runner.index, state, ticket, hallq.clock.now());
	});

	// Kiosk agent
	on('printer:report', ['agent'], async (p) => {
		const kiosk = principal.device?.kiosk ?? fail('AUTH.FORBIDDEN', 'agents only');
		devices.printing?.agentReported(hall, kiosk, p);
		return null;
	});

	/** A card report (an agent's, or the demo's simulated one) to its kiosk page. */
	function relayCard(kiosk: string, p: CardReadPayload): void {
		// Through the adapter: the kiosk page may be connected to another process.
		socket.nsp.to(rooms.kiosk(hall, kiosk)).emit('card:state', cardState(hallq.keys, runner.index.config, kiosk, p, hallq.clock.now()));
		log.info({ hall, kiosk, card: p.state === 'read' ? p.card.kind : p.state, code: p.state === 'error' ? p.code : undefined }, 'card reader');
	}
	on('card:read', ['agent'], async (p) => {
		const kiosk = principal.device?.kiosk ?? fail('AUTH.FORBIDDEN', 'agents only');
		relayCard(kiosk, p);
		const problem = readerProblem(runner.index.config, p);
		const alert = problem === undefined ? null : alerts.update(hall, 'reader', kiosk, problem ? 'readerMissing' : 'readerReady', problem, hallq.clock.now());
		if (alert) {
			if (alert.active) log.warn({ hall, kiosk, problem }, 'card reader missing');
			socket.nsp.to(rooms.deviceWatchers(hall)).emit('device:alert', alert);
		}
		return null;
	});
	registerCardSimulation(on, principal, runner.index.config, devices.readerSimulation ?? false, () => hallq.clock.now(), relayCard);
	// Evaluation terminal
	registerEvaluationHandlers(on, principal, hallq, runner, req);
	// Device tokens (admins)
	registerSecurityHandlers(on, principal, hallq, socket);
	// Follow-up cases of bad ratings (supervisors)
	registerFollowUpHandlers(on, principal, hallq, runner);
	registerDayHandlers(on, principal, hallq, runner);
	registerAlertHandlers(on, principal, hallq);
	registerMonitorHandlers(on, socket as unknown as Socket, principal, hallq, { alerts, presence, printerOf: (h, k) => devices.printing?.state(h, k) ?? null });
	// Staff accounts (admins)
	registerStaffHandlers(on, principal, hallq, socket, log);

	// Boards
	on('board:sync', ['display'], async (p): Promise<BoardState> => {
		const device = principal.device ?? fail('AUTH.FORBIDDEN', 'boards only');
		const { key, state } = await runner.current();
		const fresh = p.day === null || (p.day === key.day && p.lastSeq > state.version);
		// A board that last synced on an earlier day missed all of today's calls.
		const from = fresh ? Math.max(0, state.version - CATCH_UP_WINDOW) : p.day === key.day ? p.lastSeq : 0;
		// Oldest first. A catch-up stops at a page of calls; `lastSeq` is then the last call sent, so
		// the board's next sync from there gets the next page and no call is ever skipped.
		const calls: CallView[] = [];
		let after = from;
		let more = false;
		read: for (;;) {
			const { events } = await runner.eventsAfter(after, READ_PAGE);
			for (const e of events) {
				after = e.seq;
				const call = callView(runner.index, state, e);
				if (!call || !boardShows(device, call)) continue;
				calls.push(call);
				if (!fresh && calls.length >= CATCH_UP_PAGE) {
					more = true;
					break read;
				}
			}
			if (events.length < READ_PAGE) break;
		}
		const board = boardInfo(device);
		const counters = runner.index.config.counters
			.filter((c) => board.kind === 'hall' || (board.kind === 'zone' ? c.zone === board.zone : c.id === board.counter))
			.map((c) => counterView(runner.index, state, c.id))
			.filter((c): c is CounterView => c !== null);
		return {
			hall: hallInfo(runner.index, state),
			board,
			calls: fresh ? calls.slice(-RECENT_CALLS) : calls,
			fresh,
			more,
			// The last durable event read (or the last call sent, with `more`): anything later reaches
			// the board as a live `call` or on the next page.
			lastSeq: after,
			serverNow: hallq.clock.now(),
			zones: boardZones(runner.index, state),
			counters
		};
	});
}

/** Whether a board of this device shows a call: hall boards all, zone boards their zone, counter boards their counter. */
export function boardShows(device: { board?: string; zone?: string; counter?: string }, call: CallView): boolean {
	if (device.board === 'zone') return call.zone === device.zone;
	if (device.board === 'counter') return call.counter === device.counter;
	return true;
}
