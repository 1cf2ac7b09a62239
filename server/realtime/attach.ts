import type { Server as HttpServer } from 'node:http';
import { RATE_LIMITS, RateLimits } from '../app/rate-limits';
import type { HallQMetrics } from '../app/metrics';
import { clientAddress } from '../http/client-address';
import { Server, type ServerOptions } from 'socket.io';
import type { HallQ } from '../app/hallq';
import type { HallDayKey } from '../core/hall-day';
import type { HallIndex } from '../core/hall-index';
import { isAlertEvent, type StoredEvent } from '../core/events';
import type { HallDayState } from '../core/model';
import { callView, counterView, ticketStatusView } from '../core/views';
import { authenticate, authenticateTicket, roomsOf, type Principal } from './auth';
import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION, printJobResultSchema, type ClientToServerEvents, type ServerHello, type ServerToClientEvents, type SocketData } from './contract';
import { DeviceAlerts } from './device-alerts';
import { registerHandlers, type HandlerDevices, type HandlerLog } from './handlers';
import { queueCounts } from './projections';
import { rooms } from './rooms';
import type { CookiePolicy } from '../http/session-cookie';
import { publishEvaluation } from './evaluation';
import { caseView } from './follow-up-handlers';
import { alertChangeView } from './alert-handlers';
import { MonitorFeed } from './monitor-feed';
import { Presence } from './presence';
import { updateOffline } from './device-states';

export type HallIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const attached = new WeakMap<HttpServer, HallIo>();
const stopTimers = new WeakMap<HallIo, () => void>();

/** Stops the realtime side: no more pushes, every client disconnected, the adapter closed. */
export async function closeRealtime(io: HallIo): Promise<void> {
	stopTimers.get(io)?.();
	await io.close();
}
/** How long an agent may take to print a ticket before the kiosk shows it on screen instead. */
const AGENT_PRINT_TIMEOUT_MS = 10_000;
/** Waiting counts are pushed at most this often per hall: a burst of tickets is one update. */
const COUNTS_INTERVAL_MS = 250;
/** After events, a hall's alert rules are evaluated at most this often; and on a timer (`alertIntervalMs`). */
const ALERTS_AFTER_EVENTS_MS = 1000;
const DEFAULT_ALERT_INTERVAL_MS = 15_000;
/** The monitor view is pushed at most this often per hall: a burst of commands is one update. */
const MONITOR_INTERVAL_MS = 1000;

export interface RealtimeOptions {
	/**
	 * A Socket.IO adapter shared by several server processes (STORE=redis: the Redis streams adapter),
	 * for messages that must reach clients on every process without being in the log (none yet:
	 * signing a staff member out everywhere, device alerts). Pushes of log events do not use it: each
	 * process publishes the log to its own clients. Default: in-memory, one process.
	 */
	adapter?: ServerOptions['adapter'];
	devices?: HandlerDevices;
	/** How session cookies are checked at the handshake (other sites' pages are refused). */
	cookies?: CookiePolicy;
	/** How often every hall's alert rules are evaluated without events (waits grow by themselves). Default 15 s. */
	alertIntervalMs?: number;
	/** Token buckets per device, person, phone and (refused handshakes) client address; default: the defaults. */
	limits?: RateLimits;
	/** Reverse proxies in front whose X-Forwarded-For is believed (HALLQ_TRUST_PROXY). */
	trustedHops?: number;
	/** The process's metrics: calls pushed to boards and the boards' reports of them. */
	metrics?: HallQMetrics;
	/** The build this server serves (its pages' SvelteKit version), said in `server:hello`. Default `dev`. */
	build?: string;
}

/**
 * A page from another protocol version (a deploy changed it): refused with a code that makes it
 * reload. No version at all is a tool, a test or a page from before versions: version 1.
 */
function unsupportedVersion(auth: unknown, hello: ServerHello): Error | null {
	const protocol = typeof auth === 'object' && auth !== null ? (auth as { protocol?: unknown }).protocol : undefined;
	if (protocol === undefined || (Number.isInteger(protocol) && (protocol as number) >= MIN_PROTOCOL_VERSION && (protocol as number) <= PROTOCOL_VERSION)) return null;
	const err = new Error(`this server speaks protocol ${MIN_PROTOCOL_VERSION}–${PROTOCOL_VERSION}, not ${String(protocol)}: reload the page`) as Error & { data?: unknown };
	err.data = { code: 'PROTOCOL.UNSUPPORTED', message: err.message, server: hello };
	return err;
}

function rateLimited(waitMs: number): Error {
	const err = new Error(`too many refused connections from this address; try again in ${Math.ceil(waitMs / 1000)} s`) as Error & { data?: unknown };
	err.data = { code: 'RATE.LIMITED', message: err.message };
	return err;
}

/**
 * Attaches HallQ's Socket.IO server to an http server, once: calling it again for the same server
 * returns the first one (Vite may run the dev plugin twice).
 */
export function attachRealtime(httpServer: HttpServer, hallq: HallQ, log: HandlerLog, options: RealtimeOptions = {}): HallIo {
	const existing = attached.get(httpServer);
	if (existing) return existing;
	const devices: HandlerDevices = options.devices ?? { printing: null, publicUrl: 'http://localhost:3000' };
	const alerts = new DeviceAlerts();
	const presence = new Presence();
	const io: HallIo = new Server(httpServer, {
		path: '/socket.io',
		serveClient: false,
		maxHttpBufferSize: 64 * 1024,
		pingInterval: 10_000,
		pingTimeout: 8_000,
		...(options.adapter ? { adapter: options.adapter } : {})
	});
	attached.set(httpServer, io);

	const cookies = options.cookies ?? { secure: 'auto', allowedOrigins: [] };
	const limits = options.limits ?? new RateLimits(RATE_LIMITS, () => hallq.clock.now());
	const hello: ServerHello = { protocol: PROTOCOL_VERSION, build: options.build ?? 'dev' };
	io.use((socket, next) => {
		const version = unsupportedVersion(socket.handshake.auth, hello);
		if (version) return next(version);
		// Guessing tokens, sessions or ticket links: refused handshakes are counted per client address.
		const address = clientAddress(socket.request, options.trustedHops ?? 0);
		const waitMs = limits.wait('refusedHandshake', address);
		if (waitMs > 0) return next(rateLimited(waitMs));
		void authenticateTicket(hallq, socket.handshake.auth)
			.then((phone) => phone ?? authenticate(hallq, socket.handshake.auth, socket.handshake.headers, cookies))
			.then((result) => {
				if (result instanceof Error) {
					limits.take('refusedHandshake', address);
					return next(result);
				}
				socket.data = result.data;
				(socket as unknown as { principal: Principal }).principal = result;
				next();
			})
			.catch((err: unknown) => {
				log.warn({ err: String(err) }, 'handshake failed');
				const refused = new Error('the server cannot check this connection now') as Error & { data?: unknown };
				refused.data = { code: 'STORE.UNAVAILABLE', message: refused.message };
				next(refused);
			});
	});

	io.on('connection', (socket) => {
		const principal = (socket as unknown as { principal: Principal }).principal;
		socket.emit('server:hello', hello);
		void socket.join(roomsOf(principal));
		registerHandlers(socket, principal, hallq, log, devices, alerts, presence, limits, options.metrics);
		const { role, hall, actor } = principal.data;
		if (role !== 'public') {
			presence.arrived(hall, hallq.runner(hall).keyAt(hallq.clock.now()).day, actor);
			socket.on('disconnect', () => presence.departed(hall, actor, hallq.clock.now()));
		}
		const printer = role === 'kiosk' ? devices.printing?.state(hall, actor) : null;
		if (printer) socket.emit('printer:state', printer);
		// A supervisor who signs in now learns of the device problems already open.
		if (role === 'supervisor' || role === 'admin') for (const alert of alerts.openIn(hall)) socket.emit('device:alert', alert);
		const agentOf = role === 'agent' ? principal.device?.kiosk : undefined;
		if (agentOf) {
			socket.on('disconnect', () => {
				// The agent may already be back on a new connection: only the last one going away counts.
				void io
					.local.in(rooms.agent(hall, agentOf))
					.fetchSockets()
					.then((left) => {
						if (left.length === 0) devices.printing?.agentReported(hall, agentOf, { condition: 'offline', problem: 'PRINTER.OFFLINE' });
					});
			});
		}
	});

	// A job for a printer at a kiosk PC goes to the kiosk's agent, on whichever process it is connected.
	// With several connections of one agent (a restart whose old socket has not timed out yet) only
	// the newest prints: a ticket is printed once.
	devices.printing?.setAgentRelay(async (hall, kiosk, ticket, job) => {
		const agents = await io.in(rooms.agent(hall, kiosk)).fetchSockets();
		const newest = agents.reduce<(typeof agents)[number] | null>((a, b) => (!a || b.handshake.issued > a.handshake.issued ? b : a), null);
		if (!newest) return { ok: false, code: 'PRINTER.OFFLINE', state: { condition: 'offline', problem: 'PRINTER.OFFLINE' } };
		// One socket: a single answer (a RemoteSocket expects one response, like socket.emit).
		const reply: unknown = await newest
			.timeout(AGENT_PRINT_TIMEOUT_MS)
			.emitWithAck('print:job', { ticket, bytes: Buffer.from(job).toString('base64') })
			.catch(() => null);
		const parsed = printJobResultSchema.safeParse(reply);
		const answer = parsed.success ? parsed.data : null;
		if (!answer) return { ok: false, code: 'PRINTER.OFFLINE', state: { condition: 'offline', problem: 'PRINTER.OFFLINE' } };
		return answer.printed ? { ok: true, state: answer.printer } : { ok: false, code: answer.code ?? 'PRINTER.ERROR', state: answer.printer };
	});

	// A printer's condition goes to its kiosk (it warns before anyone takes a number) and, as the
	// kiosk's printer alert opening, changing or closing, to the hall's supervisors on every process.
	devices.printing?.onChange((p, state) => {
		io.to(rooms.kiosk(p.hall, p.kiosk)).emit('printer:state', state);
		const alert = alerts.update(p.hall, 'printer', p.kiosk, state.condition, state.problem, hallq.clock.now());
		if (!alert) return;
		if (state.problem) log.warn({ hall: p.hall, kiosk: p.kiosk, problem: state.problem }, 'printer problem');
		else log.info({ hall: p.hall, kiosk: p.kiosk }, 'printer ready again');
		io.to(rooms.deviceWatchers(p.hall)).emit('device:alert', alert);
	});

	// A version that disables a staff member ends their sessions: every process puts it in force and closes its own sockets.
	hallq.onConfigChange((hall, index) => {
		for (const s of index.config.staff) if (s.disabled) io.local.in(rooms.staff(hall, s.id)).disconnectSockets(true);
		// Kiosks list the services of the version in force at once, not at their next refresh.
		io.local.to(rooms.counts(hall)).emit('catalog:changed');
	});

	// Cases are not in the log: through the adapter, to the supervisors on every process.
	hallq.followUps.onChange((c) => {
		const index = hallq.runners.get(c.hall)?.index;
		if (index) io.to(rooms.supervisors(c.hall)).emit('case:changed', caseView(index, c, hallq.clock.now()));
	});

	// Alert rules: evaluated by every process that has devices or consoles of the hall, with the
	// presence it can see across processes; the log drops what another process recorded first.
	const pendingAlerts = new Map<string, ReturnType<typeof setTimeout>>();
	const evaluateAlerts = (hall: string) => {
		void (async () => {
			const runner = hallq.runners.get(hall);
			if (!runner) return;
			const sockets = await io.in(rooms.counts(hall)).fetchSockets();
			const now = hallq.clock.now();
			const day = runner.keyAt(now).day;
			const leftAt = presence.leftAt(hall);
			for (const change of updateOffline(runner.index, hall, sockets, alerts, (d) => presence.hasSeen(hall, day, d), leftAt, now)) {
				log.warn({ hall, device: change.device, kind: change.kind, problem: change.problem }, change.active ? 'device offline' : 'device back');
				io.to(rooms.deviceWatchers(hall)).emit('device:alert', change);
			}
			const staffConnected = new Set(sockets.filter((s) => s.data.role === 'staff' || s.data.role === 'supervisor' || s.data.role === 'admin').map((s) => s.data.actor));
			const devicesWithProblems = [...alerts.openIn(hall).flatMap((a) => (a.problem ? [{ device: a.device, kind: a.kind, problem: a.problem }] : [])), ...hallq.storeFaults(hall, now)];
			await hallq.alerts.evaluate(hall, { staffConnected, devices: devicesWithProblems, lastSeen: leftAt });
		})().catch((err: unknown) => log.warn({ hall, err: String(err) }, 'alert rules not evaluated'));
	};
	const alertsSoon = (hall: string) => {
		if (pendingAlerts.has(hall)) return;
		pendingAlerts.set(
			hall,
			setTimeout(() => {
				pendingAlerts.delete(hall);
				evaluateAlerts(hall);
			}, ALERTS_AFTER_EVENTS_MS)
		);
	};
	const pendingCounts = new Map<string, ReturnType<typeof setTimeout>>();
	const pendingMonitors = new Map<string, ReturnType<typeof setTimeout>>();
	const monitorFeed = new MonitorFeed();
	/** The monitor view to the hall's monitors on this process: coalesced, at most one per MONITOR_INTERVAL_MS. */
	const monitorSoon = (hall: string) => {
		if (pendingMonitors.has(hall) || !hasLocal(io, rooms.monitor(hall))) return;
		pendingMonitors.set(
			hall,
			setTimeout(() => {
				pendingMonitors.delete(hall);
				const runner = hallq.runners.get(hall);
				runner
					?.current()
					.then(({ state: s }) => {
						const out = monitorFeed.next(runner.index, s, hallq.clock.now());
						if ('view' in out) io.local.to(rooms.monitor(hall)).emit('monitor:view', out.view);
						else io.local.to(rooms.monitor(hall)).emit('monitor:delta', out.delta);
					})
					.catch((err: unknown) => log.warn({ hall, err: String(err) }, 'monitor view not sent'));
			}, MONITOR_INTERVAL_MS)
		);
	};
	// Waits grow and devices drop without events: every hall with clients here, on a timer.
	const alertTimer = setInterval(() => {
		for (const hall of hallq.runners.keys()) {
			if (!hasLocal(io, rooms.counts(hall)) && !hasLocal(io, rooms.monitor(hall))) continue;
			evaluateAlerts(hall);
			if (monitorFeed.timePassed(hall, hallq.clock.now())) monitorSoon(hall);
		}
	}, options.alertIntervalMs ?? DEFAULT_ALERT_INTERVAL_MS);
	alertTimer.unref();

	hallq.onEvents((runner, key, events, state) => {
		// Every process publishes every event of the log to its own clients (it learned the others'
		// by following the log), so a push is never lost with a broadcast that did not go through.
		const hall = runner.hall;
		// Every device and console of a hall is in its counts room; phones are in their ticket's room only.
		const devicesHere = hasLocal(io, rooms.counts(hall));
		broadcast(io, runner.index, key, events, state, devicesHere, options.metrics);
		// A wall monitor is not in the counts room: its feed follows every event of the hall.
		if (hasLocal(io, rooms.monitor(hall))) {
			monitorFeed.touched(runner.index, state, events);
			monitorSoon(hall);
		} else monitorFeed.forget(hall);
		if (!devicesHere) return;
		publishEvaluation(io, runner.index, events, state);
		let onlyAlerts = true;
		for (const e of events) {
			if (isAlertEvent(e)) io.local.to(rooms.supervisors(hall)).emit('alert:changed', alertChangeView(e, state));
			else onlyAlerts = false;
		}
		if (!onlyAlerts) alertsSoon(hall);
		if (!pendingCounts.has(hall)) {
			pendingCounts.set(
				hall,
				setTimeout(() => {
					pendingCounts.delete(hall);
					runner
						.current()
						.then(({ state: s }) => io.local.to(rooms.counts(hall)).emit('queue:counts', queueCounts(runner.index, s)))
						.catch((err: unknown) => log.warn({ hall, err: String(err) }, 'waiting counts not sent'));
				}, COUNTS_INTERVAL_MS)
			);
		}
	});
	stopTimers.set(io, () => {
		clearInterval(alertTimer);
		for (const t of [...pendingCounts.values(), ...pendingAlerts.values(), ...pendingMonitors.values()]) clearTimeout(t);
		pendingCounts.clear();
		pendingAlerts.clear();
		pendingMonitors.clear();
	});
	return io;
}

/** This process's sockets by role, for the metrics. */
export function socketsByRole(io: HallIo): { role: string; count: number }[] {
	const counts = new Map<string, number>();
	for (const socket of io.of('/').sockets.values()) counts.set(socket.data.role, (counts.get(socket.data.role) ?? 0) + 1);
	return [...counts].map(([role, count]) => ({ role, count }));
}

/** Whether a client of this process is in the room (every process follows every hall's log). */
function hasLocal(io: HallIo, room: string): boolean {
	return (io.sockets.adapter.rooms.get(room)?.size ?? 0) > 0;
}

/**
 * Pushes the events to this process's clients. With no device or console of the hall here
 * (`devicesHere` false: on a process a balancer does not send this hall to) only phones can listen.
 */
function broadcast(io: HallIo, index: HallIndex, key: HallDayKey, events: StoredEvent[], state: HallDayState, devicesHere: boolean, metrics?: HallQMetrics): void {
	const hall = key.hall;
	const touched = new Set<string>();
	for (const e of events) {
		// Phones following the ticket: only when someone follows it here (the view costs an estimate).
		if ('ticket' in e && typeof e.ticket === 'string') {
			const room = rooms.ticket(hall, state.day, e.ticket);
			const ticket = state.tickets[e.ticket];
			if (ticket && hasLocal(io, room)) io.local.to(room).emit('ticket:changed', ticketStatusView(index, state, ticket, e.at));
		}
		if (!devicesHere) continue;
		const call = callView(index, state, e);
		if (call) {
			io.local.to([rooms.hallBoards(hall), rooms.zone(hall, call.zone), rooms.counter(hall, call.counter)]).emit('call', call);
			metrics?.callPublished(hall, call.day, call.seq, Date.now());
		}
		if ('counter' in e && typeof e.counter === 'string') touched.add(e.counter);
		if (e.type === 'TicketTransferred' && e.fromCounter) touched.add(e.fromCounter);
	}
	for (const id of touched) {
		const view = counterView(index, state, id);
		if (!view) continue;
		io.local.to(rooms.counter(hall, id)).emit('counter:update', view);
		if (view.staff) io.local.to(rooms.staff(hall, view.staff)).emit('console:changed');
	}
}
