import type { HallIndex } from '../core/hall-index';
import type { TicketView } from '../core/views';
import type { TicketInput } from '../../printer/ticket/ticket';

/** The printed ticket of a ticket view: Chinese first, English lines under it. */
export function ticketInput(index: HallIndex, view: TicketView, statusUrl: string, reprint = false): TicketInput {
	const hall = index.config;
	return {
		hallName: hall.name.zh,
		ticketNumber: view.id,
		serviceName: view.serviceName.zh,
		zoneName: view.zoneName.zh,
		counters: view.counterNumbers.map(String),
		peopleAhead: view.ahead,
		estimatedWaitMinutes: view.estimateMinutes,
		issuedAt: new Date(view.issuedAt).toISOString(),
		timeZone: hall.timeZone,
		statusUrl,
		greenChannel: view.priority !== 'none',
		reprint,
		english: { hallName: hall.name.en, serviceName: view.serviceName.en, zoneName: view.zoneName.en }
	};
}

/** The phone status page of a ticket: a secret link, no sign-in. */
export function ticketStatusUrl(publicUrl: string, token: string): string {
	return `${publicUrl.replace(/\/+$/, '')}/t/${encodeURIComponent(token)}`;
}
