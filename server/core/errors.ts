/** Stable error codes: clients switch on these, so they never change meaning. */
export const ERROR_CODES = [
	'VALIDATION.FAILED',
	'AUTH.REQUIRED',
	'AUTH.INVALID',
	'AUTH.FORBIDDEN',
	/** The staff account is disabled in the configuration in force. */
	'AUTH.DISABLED',
	'AUTH.RATE_LIMITED',
	/** Too many requests from one device, person, phone or address in a short time (a token bucket); nothing was done. */
	'RATE.LIMITED',
	/** The client speaks a socket protocol version this server does not: it reloads its page (a deploy). */
	'PROTOCOL.UNSUPPORTED',
	'HALL.NOT_FOUND',
	'SERVICE.NOT_FOUND',
	'SERVICE.CLOSED',
	/** The service is disabled in the configuration in force: no new tickets. */
	'SERVICE.DISABLED',
	'SERVICE.QUOTA_EXHAUSTED',
	'COUNTER.NOT_FOUND',
	'COUNTER.NOT_OPEN',
	'COUNTER.PAUSED',
	'COUNTER.NOT_PAUSED',
	'COUNTER.ALREADY_OPEN',
	'COUNTER.BUSY',
	'COUNTER.IDLE',
	'COUNTER.TAKEN',
	'STAFF.NOT_ALLOWED',
	'STAFF.AT_OTHER_COUNTER',
	'QUEUE.EMPTY',
	'TICKET.NOT_FOUND',
	'TICKET.BAD_STATE',
	'TICKET.RECALL_LIMIT',
	'TICKET.SAME_SERVICE',
	'REQUEST.REUSED',
	'STORE.CONFLICT',
	'STORE.UNAVAILABLE',
	'SERVER.SHUTTING_DOWN',
	'INTERNAL',
	'TICKET.REQUEUE_LIMIT',
	'TICKET.PARKED_ELSEWHERE',
	'COUNTER.HAS_PARKED',
	'IDENTITY.REQUIRED',
	'IDENTITY.INVALID',
	'IDENTITY.DAILY_CAP',
	'IDENTITY.REPRINT_LIMIT',
	'PRIORITY.NOT_OFFERED',
	'RATING.ALREADY_RATED',
	'RATING.EXPIRED',
	'RATING.WRONG_COUNTER',
	'RATING.REASON_REQUIRED',
	'CASE.NOT_FOUND',
	'CASE.BAD_STATE',
	'AUTH.LOCKED',
	'AUTH.CROSS_SITE',
	'PASSWORD.WEAK',
	'DEVICE.NOT_FOUND',
	'DEVICE.NO_REGISTRY',
	'STAFF.NOT_FOUND',
	/** The hall-day is closed: nothing more happens on it. */
	'DAY.CLOSED',
	/** The month's assessment is confirmed (frozen): it cannot be confirmed again, nor its complaints changed. */
	'ASSESSMENT.CONFIRMED',
	/** The month has not ended: its assessment cannot be confirmed yet. */
	'ASSESSMENT.MONTH_OPEN',
	/** Several supervisors recorded the same subject's complaints at once; try again. */
	'ASSESSMENT.BUSY',
	/** The alert is not open (its condition cleared meanwhile): nothing to acknowledge. */
	'ALERT.UNKNOWN',
	/** An evaluation's alert changes are all in the log already (another process recorded them first). */
	'ALERT.UNCHANGED',
	/** A supervisor's action on another's counter or ticket (close, move) needs a reason for the audit. */
	'ACTION.REASON_REQUIRED',
	/** A hall configuration that its schema refuses; nothing was saved (the problems are listed per field). */
	'CONFIG.INVALID',
	/** Another version of the hall's configuration was saved since the one the change started from. */
	'CONFIG.CONFLICT',
	/** No such configuration version of the hall. */
	'CONFIG.NOT_FOUND',
	/** The version removes a service with open tickets today, or an open counter: saved, not in force today. */
	'CONFIG.IN_USE'
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
	constructor(
		readonly code: ErrorCode,
		message: string
	) {
		super(message);
		this.name = 'DomainError';
	}
}

export function fail(code: ErrorCode, message: string): never {
	throw new DomainError(code, message);
}
