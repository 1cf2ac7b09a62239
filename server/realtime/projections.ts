/** Builds the contract's answers (catalog, console, board) from a hall-day state. */
import { newTicketEstimator } from '../core/estimate';
import type { HallIndex } from '../core/hall-index';
import { issuingStatus } from '../core/issuing';
import type { DeviceConfig, HallDayState, StaffConfig } from '../core/model';
import { counterView, ticketView, type CounterView } from '../core/views';
import { waitingCounts } from '../core/waiting';
import type { BoardInfo, Catalog, CatalogZone, ConsoleState, HallInfo, QueueCounts } from './contract';

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
		services: index.config.services.map((s) => ({
			code: s.code,
			name: s.name,
			zone: s.zone,
			prefix: s.prefix,
			documents: s.documents,
			hours: s.hours.length > 0 ? s.hours : index.config.hours,
			requiresIdentity: s.requiresIdentity ?? false,
			keywords: s.keywords ?? [],
			counterNumbers: (index.countersOf.get(s.code) ?? []).map((c) => c.number).sort((a, b) => a - b),
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

export function consoleState(index: HallIndex, state: HallDayState, staff: StaffConfig, now: number): ConsoleState {
	const allowed = staff.role === 'staff' ? staff.counters : index.config.counters.map((c) => c.id);
	const counters = allowed.map((id) => counterView(index, state, id)).filter((c): c is CounterView => c !== null);
	const open = openCounterOf(state, staff.id);
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
		services: index.config.services.map((s) => ({ code: s.code, name: s.name }))
	};
}

export function boardInfo(device: DeviceConfig): BoardInfo {
	return { id: device.id, kind: device.board ?? 'hall', name: device.name, zone: device.zone ?? null, counter: device.counter ?? null };
}

export function boardZones(index: HallIndex, state: HallDayState): CatalogZone[] {
	return zonesWithCounts(index, queueCounts(index, state));
}
