import type { PaperWidth } from '../escpos/paper';

/**
 * What a ticket shows, as plain data (the server maps its own ticket view onto it; printer/
 * imports nothing from server/). Names are fictitious in tests and samples.
 */
export interface TicketInput {
	hallName: string;
	ticketNumber: string;
	serviceName: string;
	zoneName: string;
	/** Counter labels as the hall shows them, e.g. ['3', '5']. */
	counters: string[];
	peopleAhead: number;
	/** null when no counter serving the ticket is open: the ticket says "暂无法估算". */
	estimatedWaitMinutes: number | null;
	/** ISO 8601 instant. */
	issuedAt: string;
	/** IANA zone of the hall, for the printed time. */
	timeZone: string;
	/** The ticket's status page; printed as the QR code. */
	statusUrl: string;
	/** A green-channel (priority) ticket: printed as a marked line under the service. */
	greenChannel?: boolean;
	/** The holder's existing ticket printed again (presented their ID card again): marked 补打. */
	reprint?: boolean;
	/** Defaults to a line saying the ticket holds no personal data. */
	privacyNote?: string;
	/** Adds English lines under the Chinese ones. */
	english?: { hallName?: string; serviceName?: string; zoneName?: string; privacyNote?: string };
}

export interface TicketOptions {
	paper?: PaperWidth;
}
