/**
 * Ticket numbers: a service's prefix (one to three capital letters) and a serial zero-padded to
 * three digits, growing to five on a busy day ("A012", "XYZ1000"). The one definition of the format:
 * the hall file's prefixes, the contract's schemas and the pages' input checks all use these.
 */
const PREFIX = '[A-Z]{1,3}';
const SERIAL = '\\d{3,5}';

export const TICKET_PREFIX_PATTERN = new RegExp(`^${PREFIX}$`);
export const TICKET_NUMBER_PATTERN = new RegExp(`^${PREFIX}${SERIAL}$`);
/** A follow-up case's id: the hall-day and the ticket, "2026-03-02-A012". */
export const CASE_ID_PATTERN = new RegExp(`^\\d{4}-\\d{2}-\\d{2}-${PREFIX}${SERIAL}$`);

export function ticketNumber(prefix: string, serial: number): string {
	return `${prefix}${String(serial).padStart(3, '0')}`;
}

export function isTicketNumber(text: string): boolean {
	return TICKET_NUMBER_PATTERN.test(text);
}
