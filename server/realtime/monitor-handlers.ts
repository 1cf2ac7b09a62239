/** The supervisor's live monitor (issue 19): the view and its room, devices, a ticket's history, the supervisor's actions. */
import type { Socket } from 'socket.io';
import type { HallQ } from '../app/hallq';
import { fail } from '../core/errors';
import type { HallEvent } from '../core/events';
import type { HallRunner } from '../app/hall-runner';
import { monitorView } from '../core/monitor-view';
import { ticketHistory } from '../core/ticket-history';
import { ticketView } from '../core/views';
import type { Principal } from './auth';
import type { DeviceStateView, MonitorSnapshot, MonitorTicket, PrinterStateView } from './contract';
import type { DeviceAlerts } from './device-alerts';
import { deviceStates } from './device-states';
import type { On } from './on';
import type { Presence } from './presence';
import { hallInfo } from './projections';
import { rooms } from './rooms';

const WATCHERS = ['supervisor', 'admin', 'monitor'] as const;
const ACTORS = ['supervisor', 'admin'] as const;
/** Events per store read while a ticket's history is gathered. */
const READ_PAGE = 2000;

export interface MonitorParts {
	alerts: DeviceAlerts;
	presence: Presence;
	printerOf: (hall: string, kiosk: string) => PrinterStateView | null;
}

export function registerMonitorHandlers(on: On, socket: Socket, principal: Principal, hallq: HallQ, parts: MonitorParts): void {
	const { hall, actor, role } = principal.data;
	const runner = hallq.runner(hall);
	const req = (requestId: string) => `${actor}:${requestId}`;

	const devices = async (): Promise<DeviceStateView[]> => {
		// Through the adapter: devices connected to every server process.
		const sockets = await socket.nsp.in([rooms.counts(hall), rooms.monitor(hall)]).fetchSockets();
		return deviceStates(runner.index, sockets, parts.alerts.openIn(hall), (k) => parts.printerOf(hall, k), parts.presence.leftAt(hall), hallq.clock.now());
	};
	const history = async (ticket: string): Promise<MonitorTicket> => {
		const { key, state } = await runner.current();
		const t = state.tickets[ticket] ?? fail('TICKET.NOT_FOUND', `no ticket ${ticket} today`);
		const { token: _secret, ...view } = ticketView(runner.index, state, t, hallq.clock.now());
		return { ticket: view, history: ticketHistory(runner.index, await dayEvents(runner, key.day), ticket) };
	};

	on('monitor:open', [...WATCHERS], async (): Promise<MonitorSnapshot> => {
		await socket.join(rooms.monitor(hall));
		const { state } = await runner.current();
		const now = hallq.clock.now();
		const name = principal.staff?.name ?? (principal.device ? principal.device.name.zh : actor);
		return { hall: { ...hallInfo(runner.index, state), timeZone: runner.index.config.timeZone }, view: monitorView(runner.index, state, now), devices: await devices(), viewer: { role, name }, serverNow: now };
	});
	on('devices:state', [...WATCHERS], devices);
	on('monitor:ticket', [...ACTORS], async (p) => history(p.ticket));
	on('monitor:moveTicket', [...ACTORS], async (p) => {
		await runner.execute({ kind: 'moveTicket', req: req(p.requestId), ticket: p.ticket, toService: p.toService, toCounter: p.toCounter ?? null, by: actor, reason: p.reason });
		return history(p.ticket);
	});
	on('monitor:closeCounter', [...ACTORS], async (p) => {
		const out = await runner.execute({ kind: 'closeCounter', req: req(p.requestId), counter: p.counter, staff: actor, note: p.reason });
		return monitorView(runner.index, out.state, hallq.clock.now());
	});
}

async function dayEvents(runner: HallRunner, day: string): Promise<HallEvent[]> {
	const all: HallEvent[] = [];
	for (let after = 0; ; ) {
		const page = await runner.dayEventsAfter(day, after, READ_PAGE);
		all.push(...page);
		if (page.length < READ_PAGE) return all;
		after = page[page.length - 1]?.seq ?? after;
	}
}
