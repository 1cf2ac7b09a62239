import { isPrinterError, PrinterError, type PrinterErrorCode } from './errors';
import { FULL_STATUS_REQUESTS, healthFromReplies, statusRequestBytes, type PrinterHealth } from './status';
import { DEFAULT_STATUS_TIMEOUT_MS, DEFAULT_WRITE_TIMEOUT_MS, type PrinterTransport } from './transport/transport';

import type { PrinterCondition } from './condition';

export type { PrinterCondition };

export interface PrinterReport {
	condition: PrinterCondition;
	/** The code `print` refuses with in this condition; null when it would print. */
	problem: PrinterErrorCode | null;
	/** null when the printer did not answer or cannot answer. */
	health: PrinterHealth | null;
}

export interface ThermalPrinterOptions {
	statusTimeoutMs?: number;
	writeTimeoutMs?: number;
}

/** The printer's condition from its health; a cover open comes first (it also stops the paper sensor). */
export function reportFromHealth(health: PrinterHealth): PrinterReport {
	if (health.coverOpen) return { condition: 'coverOpen', problem: 'PRINTER.COVER_OPEN', health };
	if (health.paper === 'out') return { condition: 'paperOut', problem: 'PRINTER.PAPER_OUT', health };
	if (health.errors.length > 0) return { condition: 'error', problem: 'PRINTER.ERROR', health };
	if (!health.online) return { condition: 'offline', problem: 'PRINTER.OFFLINE', health };
	if (health.paper === 'nearEnd') return { condition: 'paperNearEnd', problem: null, health };
	return { condition: 'ready', problem: null, health };
}

const UNKNOWN: PrinterReport = { condition: 'unknown', problem: null, health: null };

/**
 * A receipt printer behind a transport: checks its status before a job (and refuses the job with
 * the coded reason), sends it, checks again after (paper may run out during the job), and can poll.
 */
export class ThermalPrinter {
	private readonly statusTimeoutMs: number;
	private readonly writeTimeoutMs: number;
	private last: PrinterReport | null = null;
	private readonly listeners = new Set<(report: PrinterReport) => void>();
	private readonly unsubscribeAsb: () => void;

	constructor(
		readonly transport: PrinterTransport,
		options: ThermalPrinterOptions = {}
	) {
		this.statusTimeoutMs = options.statusTimeoutMs ?? DEFAULT_STATUS_TIMEOUT_MS;
		this.writeTimeoutMs = options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
		this.unsubscribeAsb = transport.onAsb((health) => this.record(reportFromHealth(health)));
	}

	/** The last known report (from a check, a poll or an ASB message). */
	get lastReport(): PrinterReport | null {
		return this.last;
	}

	/** Subscribes to changes of condition or problem; returns the unsubscribe. */
	onChange(listener: (report: PrinterReport) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Asks DLE EOT 1–4. A printer that does not answer, or whose connection is gone, is offline. */
	async check(): Promise<PrinterReport> {
		if (!this.transport.canReadStatus) return this.record(UNKNOWN);
		const replies: number[] = [];
		try {
			for (const n of FULL_STATUS_REQUESTS) {
				const [reply] = await this.transport.requestStatus(statusRequestBytes(n), 1, this.statusTimeoutMs);
				replies.push(reply ?? -1);
			}
			return this.record(reportFromHealth(healthFromReplies(Uint8Array.from(replies))));
		} catch (err) {
			if (isPrinterError(err, 'PRINTER.TIMEOUT')) return this.record({ condition: 'offline', problem: 'PRINTER.TIMEOUT', health: null });
			if (isPrinterError(err, 'PRINTER.BAD_REPLY')) return this.record({ condition: 'error', problem: 'PRINTER.BAD_REPLY', health: null });
			if (isPrinterError(err)) return this.record({ condition: 'offline', problem: err.code, health: null });
			throw err;
		}
	}

	/**
	 * Prints one job. Rejects with a `PrinterError` when the printer cannot start it (its problem
	 * code), when sending fails, or when the check after the job finds a problem: then the ticket
	 * may be cut short and the caller shows it on screen.
	 */
	async print(job: Uint8Array): Promise<{ before: PrinterReport; after: PrinterReport }> {
		const before = await this.check();
		if (before.problem) throw new PrinterError(before.problem, `${this.transport.description}: not printing, the printer is ${before.condition}`);
		await this.transport.write(job, this.writeTimeoutMs);
		const after = await this.check();
		if (after.problem) throw new PrinterError(after.problem, `${this.transport.description}: the printer became ${after.condition} during the job`);
		return { before, after };
	}

	/** Checks every `intervalMs`; changes reach `onChange` listeners. Returns the stop function. */
	startPolling(intervalMs: number): () => void {
		let stopped = false;
		let timer: NodeJS.Timeout | undefined;
		const tick = async (): Promise<void> => {
			try {
				await this.check();
			} finally {
				if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
			}
		};
		void tick();
		return () => {
			stopped = true;
			clearTimeout(timer);
		};
	}

	async close(): Promise<void> {
		this.unsubscribeAsb();
		await this.transport.close();
	}

	private record(report: PrinterReport): PrinterReport {
		const changed = !this.last || this.last.condition !== report.condition || this.last.problem !== report.problem;
		this.last = report;
		if (changed) for (const listener of this.listeners) listener(report);
		return report;
	}
}
