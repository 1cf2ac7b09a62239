/** Builds the contract's answers (catalog, console, board) from a hall-day state. */
import { newTicketEstimator } from '../core/estimate';
import type { HallIndex } from '../core/hall-index';
import { issuingStatus } from '../core/issuing';
import type { CounterConfig, DeviceConfig, HallDayState, StaffConfig, Ticket } from '../core/model';
import { parkedAt } from '../core/counter-actions';
import { counterView, ticketView, type CounterView } from '../core/views';
import { waitingCounts } from '../core/waiting';
import type { BoardInfo, Catalog, CatalogZone, ConsoleState, HallInfo, QueueCounts, ServiceChoice } from './contract';

/** How many of today's no-shows a console lists. */
const NO_SHOW_LIST = 50;

export function hallInfo(index: HallIndex, state: HallDayState): HallInfo {
	return { id: index.config.id, name: index.config.name, day: state.day, notices: index.config.notices ?? [], voice: index.config.voice ?? null };
}

export function queueCounts(index: HallIndex, state: HallDayState): QueueCounts {
	const services = waitingCounts(state);
	const zones: Record<string, number> = {};
	for (const z of index.config.zones) zones[z.id] = 0;
	for (const [code, n] of Object.entries(services)) {
		const zone = index.services.get(code)?.zone;
		if (zone !== undefined) zones[zone] = (zones[zone] ?? 0) + n;
	}
	return { day: state.day, version: state.version, services, zones };
}

function zonesWithCounts(index: HallIndex, counts: QueueCounts): CatalogZone[] {
	return index.config.zones.map((z) => ({
		id: z.id,
		name: z.name,
		location: z.location ?? null,
		icon: z.icon ?? null,
		waiting: counts.zones[z.id] ?? 0
	}));
}

export function catalog(index: HallIndex, state: HallDayState, now: number): Catalog {
	const counts = queueCounts(index, state);
	const estimate = newTicketEstimator(index, state, now);
	return {
		hall: hallInfo(index, state),
		zones: zonesWithCounts(index, counts),
		// A disabled service takes no new tickets: kiosks do not list it.
		services: index.config.services.filter((s) => !s.disabled).map((s) => ({
			code: s.code,
			name: s.name,
			zone: s.zone,
			prefix: s.prefix,
			documents: s.documents,
			hours: s.hours.length > 0 ? s.hours : index.config.hours,
			requiresIdentity: s.requiresIdentity ?? false,
			keywords: s.keywords ?? [],
			counterNumbers: (index.countersOf.get(s.code) ?? []).map((c) => c.number).sort((a, b) => a - b),
			openCounters: (index.countersOf.get(s.code) ?? []).filter((c) => state.counters[c.id]?.status === 'open').length,
			issuing: issuingStatus(index, s, state, now),
			waiting: counts.services[s.code] ?? 0,
			estimateMinutes: estimate(s.code).minutes,
			issuedToday: state.services[s.code]?.issued ?? 0
		}))
	};
}

/** The counter a staff member has open (or paused) today, if any. */
export function openCounterOf(state: HallDayState, staff: string): string | null {
	for (const c of Object.values(state.counters)) if (c.staff === staff && c.status !== 'closed') return c.id;
	return null;
}

/**
 * The console of a staff member: their open counter, or `view` (a counter a supervisor acts on, or
 * one of a staff member's own counters).
 */
export function consoleState(index: HallIndex, state: HallDayState, staff: StaffConfig, now: number, view: string | null = null): ConsoleState {
	const allowed = staff.role === 'staff' ? staff.counters : index.config.counters.map((c) => c.id);
	const counters = allowed.map((id) => counterView(index, state, id)).filter((c): c is CounterView => c !== null);
	// A counter someone else has open, for a supervisor acting on it; a closed one is no console.
	const open = view !== null ? (state.counters[view] && state.counters[view].status !== 'closed' ? view : null) : openCounterOf(state, staff.id);
	const counter = open ? counterView(index, state, open) : null;
	const currentId = open ? state.counters[open]?.current : null;
	const current = currentId ? state.tickets[currentId] : undefined;
	const config = open ? index.counters.get(open) : undefined;
	const counts = waitingCounts(state);
	return {
		hall: hallInfo(index, state),
		staff: { id: staff.id, name: staff.name, role: staff.role },
		counters,
		counter,
		current: current ? ticketView(index, state, current, now) : null,
		waiting: (config?.services ?? []).map((s) => ({
			service: s.service,
			name: index.services.get(s.service)?.name ?? { zh: s.service, en: s.service },
			count: counts[s.service] ?? 0
		})),
		parked: open ? parkedAt(state, open).map((t) => ticketView(index, state, t, now)) : [],
		noShows: config ? noShowsFor(state, config).map((t) => ticketView(index, state, t, now)) : [],
		serverNow: now
	};
}

/** The services of the hall, for the console's transfer dialog. */
export function serviceChoices(index: HallIndex): ServiceChoice[] {
	return index.config.services.map((s) => ({ code: s.code, name: s.name }));
}

/** Today's no-shows a counter may reactivate: of its services or called at it, latest first. */
function noShowsFor(state: HallDayState, counter: CounterConfig): Ticket[] {
	const served = new Set(counter.services.map((s) => s.service));
	const out: Ticket[] = [];
	for (let i = state.order.length - 1; i >= 0 && out.length < NO_SHOW_LIST; i--) {
		const t = state.tickets[state.order[i] ?? ''];
		if (t && t.status === 'noShow' && (served.has(t.service) || t.counter === counter.id)) out.push(t);
	}
	return out.sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0));
}

export function boardInfo(device: DeviceConfig): BoardInfo {
	return { id: device.id, kind: device.board ?? 'hall', name: device.name, zone: device.zone ?? null, counter: device.counter ?? null };
}

export function boardZones(index: HallIndex, state: HallDayState): CatalogZone[] {
	return zonesWithCounts(index, queueCounts(index, state));
}
