import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs. Personal data never goes in: handlers log ids of tickets, counters and devices,
 * never names or ID numbers; the redaction below is a second line of defence.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
	const options = {
		level,
		base: { app: 'hallq' },
		redact: { paths: ['*.password', '*.idNumber', '*.name', '*.identity', 'password', 'idNumber', 'identity'], censor: '[redacted]' }
	};
	// A destination only in tests that read what the server logs (the privacy test).
	return destination ? pino(options, destination) : pino(options);
}
