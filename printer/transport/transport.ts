import type { PrinterHealth } from '../status';

export const DEFAULT_WRITE_TIMEOUT_MS = 10_000;
export const DEFAULT_STATUS_TIMEOUT_MS = 1_000;

/** How bytes reach a printer and its replies come back. Errors are `PrinterError`s. */
export interface PrinterTransport {
	/** For logs and alerts, e.g. `tcp://10.0.0.5:9100`. */
	readonly description: string;
	/** False when the device cannot send anything back (a write-only device file). */
	readonly canReadStatus: boolean;
	/** Resolves once the bytes are handed to the device; `PRINTER.TIMEOUT` if it does not take them in time. */
	write(bytes: Uint8Array, timeoutMs?: number): Promise<void>;
	/** Writes a real-time request and resolves with the next `replyLength` reply bytes. */
	requestStatus(request: Uint8Array, replyLength: number, timeoutMs?: number): Promise<Uint8Array>;
	/** Automatic Status Back messages (after `GS a n`); returns the unsubscribe. */
	onAsb(listener: (health: PrinterHealth) => void): () => void;
	close(): Promise<void>;
}
