import { isCallEvent, type StoredEvent } from './events';
import { estimateWait } from './estimate';
import type { HallIndex } from './hall-index';
import type { CounterStatus, HallDayState, PriorityClass, Text, Ticket, TicketStatus } from './model';

/** What a kiosk, console or phone may see of a ticket: masked identity only, never the hash. */
export interface TicketView {
	id: string;
	day: string;
	service: string;
	serviceName: Text;
	zone: string;
	zoneName: Text;
	priority: PriorityClass;
	status: TicketStatus;
	issuedAt: number;
	counter: string | null;
	counterNumber: number | null;
	/** Counters that serve the ticket's service, by number. */
	counterNumbers: number[];
	ahead: number;
	estimateMinutes: number | null;
	recalls: number;
	holderMasked: string | null;
	identityMasked: string | null;
	/** Secret for the status link; only its holder (kiosk answer, printed QR) gets it. */
	token: string;
	/** The original arrival, kept across transfers and re-queues: waiting time counts from it. */
	queuedAt: number;
	calledAt: number | null;
	parkedAt: number | null;
	requeues: number;
	/** Its transfers, oldest first. */
	trail: TransferStepView[];
}

/** One transfer as the console shows it. */
export interface TransferStepView {
	at: number;
	fromServiceName: Text;
	fromCounterNumber: number | null;
	toServiceName: Text;
	toCounterNumber: number | null;
}

function serviceName(index: HallIndex, code: string): Text {
	return index.services.get(code)?.name ?? { zh: code, en: code };
}

function counterNumber(index: HallIndex, id: string | null): number | null {
	return id ? (index.counters.get(id)?.number ?? null) : null;
}

export function ticketView(index: HallIndex, state: HallDayState, t: Ticket, now: number): TicketView {
	const service = index.services.get(t.service);
	const zone = service ? index.config.zones.find((z) => z.id === service.zone) : undefined;
	const est = t.status === 'waiting' ? estimateWait(index, state, t.service, t, now) : { ahead: 0, minutes: 0 };
	const counters = (index.countersOf.get(t.service) ?? []).map((c) => c.number).sort((a, b) => a - b);
	return {
		id: t.id,
		day: state.day,
		service: t.service,
		serviceName: service?.name ?? { zh: t.service, en: t.service },
		zone: zone?.id ?? '',
		zoneName: zone?.name ?? { zh: '', en: '' },
		priority: t.priority,
		status: t.status,
		issuedAt: t.issuedAt,
		counter: t.counter,
		counterNumber: t.counter ? (index.counters.get(t.counter)?.number ?? null) : null,
		counterNumbers: t.pinnedCounter ? [index.counters.get(t.pinnedCounter)?.number ?? 0] : counters,
		ahead: est.ahead,
		estimateMinutes: est.minutes,
		recalls: t.recalls,
		holderMasked: t.holderMasked,
		identityMasked: t.identityMasked,
		token: t.token,
		queuedAt: t.queuedAt,
		calledAt: t.calledAt,
		parkedAt: t.parkedAt,
		requeues: t.requeues,
		trail: t.trail.map((s) => ({
			at: s.at,
			fromServiceName: serviceName(index, s.fromService),
			fromCounterNumber: counterNumber(index, s.fromCounter),
			toServiceName: serviceName(index, s.toService),
			toCounterNumber: counterNumber(index, s.toCounter)
		}))
	};
}

/**
 * What a citizen's phone shows of its ticket (the status page behind the ticket's QR code): no
 * identity, no token.
 */
export interface TicketStatusView {
	id: string;
	day: string;
	hallName: Text;
	serviceName: Text;
	zoneName: Text;
	status: TicketStatus;
	ahead: number;
	estimateMinutes: number | null;
	/** The counter that called it (or serves it), once called. */
	counterNumber: number | null;
	counterName: Text | null;
	calledAt: number | null;
	recalls: number;
}

export function ticketStatusView(index: HallIndex, state: HallDayState, t: Ticket, now: number): TicketStatusView {
	const v = ticketView(index, state, t, now);
	const counter = t.counter ? index.counters.get(t.counter) : undefined;
	return {
		id: v.id,
		day: v.day,
		hallName: index.config.name,
		serviceName: v.serviceName,
		zoneName: v.zoneName,
		status: v.status,
		ahead: v.ahead,
		estimateMinutes: v.estimateMinutes,
		counterNumber: counter?.number ?? null,
		counterName: counter?.name ?? null,
		calledAt: t.calledAt,
		recalls: t.recalls
	};
}

/** A call as boards show and speak it. `seq` is the event's position in the hall-day log. */
export interface CallView {
	seq: number;
	day: string;
	at: number;
	ticket: string;
	counter: string;
	counterNumber: number;
	counterName: Text;
	zone: string;
	service: string;
	serviceName: Text;
	recall: boolean;
}

export function callView(index: HallIndex, state: HallDayState, e: StoredEvent): CallView | null {
	if (!isCallEvent(e)) return null;
	const counter = index.counters.get(e.counter);
	if (!counter) return null;
	const serviceCode = state.tickets[e.ticket]?.service ?? '';
	return {
		seq: e.seq,
		day: state.day,
		at: e.at,
		ticket: e.ticket,
		counter: counter.id,
		counterNumber: counter.number,
		counterName: counter.name,
		zone: counter.zone,
		service: serviceCode,
		serviceName: index.services.get(serviceCode)?.name ?? { zh: serviceCode, en: serviceCode },
		recall: e.type === 'TicketRecalled'
	};
}

export interface CounterView {
	id: string;
	number: number;
	name: Text;
	zone: string;
	status: CounterStatus;
	staff: string | null;
	staffName: string | null;
	current: string | null;
	currentStatus: TicketStatus | null;
	pauseReason: string | null;
}

export function counterView(index: HallIndex, state: HallDayState, id: string): CounterView | null {
	const c = index.counters.get(id);
	if (!c) return null;
	const cs = state.counters[id];
	const current = cs?.current ? state.tickets[cs.current] : undefined;
	return {
		id: c.id,
		number: c.number,
		name: c.name,
		zone: c.zone,
		status: cs?.status ?? 'closed',
		staff: cs?.staff ?? null,
		staffName: cs?.staff ? (index.staff.get(cs.staff)?.name ?? null) : null,
		current: current?.id ?? null,
		currentStatus: current?.status ?? null,
		pauseReason: cs?.pauseReason ?? null
	};
}
