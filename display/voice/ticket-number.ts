/** A ticket number as the voice reads it: its prefix letters, then its digits. */
export interface TicketParts {
	/** Upper-case letters A–Z, in order ("A", "VIP" → "V", "I", "P"). */
	letters: string[];
	/** The digits as written, leading zeros kept ("012"). */
	digits: string;
}

/** Splits "A012" into letters and digits; anything else (lower case, spaces) is normalised or dropped. */
export function ticketParts(ticket: string): TicketParts {
	const clean = ticket.toUpperCase();
	const letters = [...clean].filter((ch) => ch >= 'A' && ch <= 'Z');
	const digits = [...clean].filter((ch) => ch >= '0' && ch <= '9').join('');
	return { letters, digits };
}
