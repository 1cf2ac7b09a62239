import type { PrinterConfig } from '../core/model';
import { isPrinterError, type PrinterErrorCode } from '../../printer/errors';
import { ThermalPrinter, type PrinterCondition, type PrinterReport } from '../../printer/printer';
import { layoutTicket } from '../../printer/ticket/layout';
import { renderTicketEscPos } from '../../printer/ticket/render-escpos';
import type { TicketInput } from '../../printer/ticket/ticket';
import { TcpTransport } from '../../printer/transport/tcp';

export interface KioskPrinter {
	hall: string;
	kiosk: string;
	config: PrinterConfig;
}

/** What a kiosk and its supervisors are told about its printer. */
export interface PrinterState {
	condition: PrinterCondition;
	/** Why it would not print now (a `PRINTER.*` code); null when it would. */
	problem: PrinterErrorCode | null;
}

export type PrintOutcome = { ok: true; state: PrinterState } | { ok: false; code: PrinterErrorCode; state: PrinterState };

export interface FleetLog {
	warn(obj: object, msg: string): void;
}

export interface PrinterFleetOptions {
	/** How often each printer is asked for its status. Default 5 s. */
	pollMs?: number;
	/** Called when a printer's condition or problem changes (and once when it is first known). */
	onChange?: (printer: KioskPrinter, state: PrinterState) => void;
	log?: FleetLog;
}

interface Entry {
	printer: KioskPrinter;
	connection: ThermalPrinter | null;
	connecting: Promise<ThermalPrinter> | null;
	state: PrinterState | null;
	/** Jobs and polls of one printer run one after another. */
	queue: Promise<unknown>;
	timer: ReturnType<typeof setTimeout> | null;
}

const OFFLINE_CONNECT: PrinterState = { condition: 'offline', problem: 'PRINTER.CONNECT_FAILED' };

/**
 * The network printers of the kiosks: one connection each, opened when needed and again after it
 * breaks, polled for status, one job at a time. A printer that does not answer is offline; a job
 * it cannot print is refused with its coded reason, so the kiosk shows the ticket on screen.
 */
export class PrinterFleet {
	private readonly entries = new Map<string, Entry>();
	private readonly pollMs: number;
	private closed = false;

	constructor(
		printers: KioskPrinter[],
		private readonly o: PrinterFleetOptions = {}
	) {
		this.pollMs = o.pollMs ?? 5000;
		for (const p of printers) {
			this.entries.set(keyOf(p.hall, p.kiosk), { printer: p, connection: null, connecting: null, state: null, queue: Promise.resolve(), timer: null });
		}
	}

	/** Starts polling every printer (the first check right away). */
	start(): void {
		for (const entry of this.entries.values()) this.schedule(entry, 0);
	}

	has(hall: string, kiosk: string): boolean {
		return this.entries.has(keyOf(hall, kiosk));
	}

	/** The last known state of a kiosk's printer; null when it has none or it was not checked yet. */
	state(hall: string, kiosk: string): PrinterState | null {
		return this.entries.get(keyOf(hall, kiosk))?.state ?? null;
	}

	/** Prints a ticket on the kiosk's printer. Never rejects: a failure is an outcome with its code. */
	print(hall: string, kiosk: string, ticket: TicketInput): Promise<PrintOutcome> {
		const entry = this.entries.get(keyOf(hall, kiosk));
		if (!entry) return Promise.resolve({ ok: false, code: 'PRINTER.OFFLINE', state: { condition: 'offline', problem: 'PRINTER.OFFLINE' } });
		const job = renderTicketEscPos(layoutTicket(ticket, { paper: entry.printer.config.paper ?? 80 }), { qr: entry.printer.config.qr ?? 'native' });
		return this.enqueue(entry, async (): Promise<PrintOutcome> => {
			let connection: ThermalPrinter;
			try {
				connection = await this.connect(entry);
			} catch {
				this.record(entry, OFFLINE_CONNECT);
				return { ok: false, code: 'PRINTER.CONNECT_FAILED', state: OFFLINE_CONNECT };
			}
			try {
				const { after } = await connection.print(job);
				return { ok: true, state: this.record(entry, stateOf(after)) };
			} catch (err) {
				const code: PrinterErrorCode = isPrinterError(err) ? err.code : 'PRINTER.WRITE_FAILED';
				const state = connection.lastReport ? stateOf(connection.lastReport) : { condition: 'offline' as const, problem: code };
				this.record(entry, state);
				if (state.condition === 'offline') this.drop(entry);
				return { ok: false, code, state };
			}
		});
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const entry of this.entries.values()) {
			if (entry.timer) clearTimeout(entry.timer);
			await entry.queue.catch(() => undefined);
			await entry.connection?.close().catch(() => undefined);
			entry.connection = null;
		}
	}

	private schedule(entry: Entry, ms: number): void {
		if (this.closed) return;
		entry.timer = setTimeout(() => {
			void this.enqueue(entry, () => this.poll(entry)).finally(() => this.schedule(entry, this.pollMs));
		}, ms);
		entry.timer.unref?.();
	}

	private async poll(entry: Entry): Promise<void> {
		let connection: ThermalPrinter;
		try {
			connection = await this.connect(entry);
		} catch {
			this.record(entry, OFFLINE_CONNECT);
			return;
		}
		const report = await connection.check().catch((): PrinterReport => ({ condition: 'offline', problem: 'PRINTER.OFFLINE', health: null }));
		this.record(entry, stateOf(report));
		// A printer that does not answer may have dropped the connection: open a new one next time.
		if (report.condition === 'offline') this.drop(entry);
	}

	private connect(entry: Entry): Promise<ThermalPrinter> {
		if (entry.connection) return Promise.resolve(entry.connection);
		entry.connecting ??= TcpTransport.connect({ host: entry.printer.config.host, port: entry.printer.config.port ?? 9100, connectTimeoutMs: 2000 })
			.then((transport) => {
				entry.connection = new ThermalPrinter(transport, { statusTimeoutMs: 1500, writeTimeoutMs: 5000 });
				// Automatic status back (ASB) or a poll: either way the kiosk hears of it.
				entry.connection.onChange((report) => this.record(entry, stateOf(report)));
				return entry.connection;
			})
			.finally(() => {
				entry.connecting = null;
			});
		return entry.connecting;
	}

	private drop(entry: Entry): void {
		const c = entry.connection;
		entry.connection = null;
		void c?.close().catch(() => undefined);
	}

	private enqueue<T>(entry: Entry, task: () => Promise<T>): Promise<T> {
		const run = entry.queue.then(task, task);
		entry.queue = run.catch(() => undefined);
		return run;
	}

	private record(entry: Entry, state: PrinterState): PrinterState {
		const before = entry.state;
		entry.state = state;
		if (!before || before.condition !== state.condition || before.problem !== state.problem) {
			try {
				this.o.onChange?.(entry.printer, state);
			} catch (err) {
				this.o.log?.warn({ hall: entry.printer.hall, kiosk: entry.printer.kiosk, err: String(err) }, 'printer listener failed');
			}
		}
		return state;
	}
}

function keyOf(hall: string, kiosk: string): string {
	return `${hall}/${kiosk}`;
}

function stateOf(report: PrinterReport): PrinterState {
	// A printer that cannot report status (write-only) is taken as ready: the job is sent and hoped for.
	return { condition: report.condition, problem: report.problem };
}
