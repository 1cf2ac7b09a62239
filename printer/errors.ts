/** Stable codes: the kiosk and the supervisors' alerts switch on them, so never rename one. */
export type PrinterErrorCode =
	| 'PRINTER.TIMEOUT'
	| 'PRINTER.OFFLINE'
	| 'PRINTER.PAPER_OUT'
	| 'PRINTER.COVER_OPEN'
	| 'PRINTER.ERROR'
	| 'PRINTER.CONNECT_FAILED'
	| 'PRINTER.WRITE_FAILED'
	| 'PRINTER.BAD_REPLY'
	| 'PRINTER.STATUS_UNSUPPORTED'
	| 'PRINTER.CLOSED';

export class PrinterError extends Error {
	readonly code: PrinterErrorCode;

	constructor(code: PrinterErrorCode, message: string, options?: { cause?: unknown }) {
		super(`${code}: ${message}`, options);
		this.name = 'PrinterError';
		this.code = code;
	}
}

export function isPrinterError(err: unknown, code?: PrinterErrorCode): err is PrinterError {
	return err instanceof PrinterError && (code === undefined || err.code === code);
}
