import { isPrinterError } from './errors';
import { ThermalPrinter, type PrinterCondition, type PrinterReport } from './printer';
import type { PrinterTransport } from './transport/transport';

/** What a kiosk, its agent and supervisors are told about a printer. */
export interface PrinterState {
	condition: PrinterCondition;
	/** Why it would not print now (a `PRINTER.*` code); null when it would. */
	problem: string | null;
}

export type PrintOutcome = { ok: true; state: PrinterState } | { ok: false; code: string; state: PrinterState };

export interface ManagedPrinterOptions {
	/** Opens the connection (TCP, device file, serial); called again after it breaks. */
	open: () => Promise<PrinterTransport>;
	/** How often the printer is asked for its status. Default 5 s. */
	pollMs?: number;
	/** Called when the condition or problem changes, and once when it is first known. */
	onChange?: (state: PrinterState) => void;
	statusTimeoutMs?: number;
	writeTimeoutMs?: number;
}

const CANNOT_CONNECT: PrinterState = { condition: 'offline', problem: 'PRINTER.CONNECT_FAILED' };

/**
 * A printer kept in service: its connection opened when needed and again after it breaks, its
 * status polled, one job or poll at a time. A printer that does not answer is offline; a job it
 * cannot print ends in an outcome with the coded reason (never a rejection), so the caller shows
 * the ticket on screen instead. When the paper is back the next poll finds it ready by itself.
 */
export class ManagedPrinter {
	private connection: ThermalPrinter | null = null;
	private connecting: Promise<ThermalPrinter> | null = null;
	private current: PrinterState | null = null;
	private queue: Promise<unknown> = Promise.resolve();
	private timer: ReturnType<typeof setTimeout> | null = null;
	private closed = false;
	private readonly pollMs: number;

	constructor(private readonly o: ManagedPrinterOptions) {
		this.pollMs = o.pollMs ?? 5000;
	}

	/** The last known state; null before the first check. */
	get state(): PrinterState | null {
		return this.current;
	}

	/** Starts polling (the first check right away). */
	start(): void {
		this.schedule(0);
	}

	print(job: Uint8Array): Promise<PrintOutcome> {
		return this.enqueue(async (): Promise<PrintOutcome> => {
			const ready = await this.ready();
			if (!ready.connection) return { ok: false, code: 'PRINTER.CONNECT_FAILED', state: this.record(CANNOT_CONNECT) };
			if (ready.state.problem) return { ok: false, code: ready.state.problem, state: this.record(ready.state) };
			const connection = ready.connection;
			try {
				const { after } = await connection.print(job);
				return { ok: true, state: this.record(stateOf(after)) };
			} catch (err) {
				const code = isPrinterError(err) ? err.code : 'PRINTER.WRITE_FAILED';
				const state = this.record(connection.lastReport ? stateOf(connection.lastReport) : { condition: 'offline', problem: code });
				if (state.condition === 'offline') this.drop();
				return { ok: false, code, state };
			}
		});
	}

	/** Asks the printer now (between jobs) and returns its state. */
	check(): Promise<PrinterState> {
		return this.enqueue(() => this.poll());
	}

	async close(): Promise<void> {
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		await this.queue.catch(() => undefined);
		await this.connection?.close().catch(() => undefined);
		this.connection = null;
	}

	private schedule(ms: number): void {
		if (this.closed) return;
		this.timer = setTimeout(() => {
			void this.check().finally(() => this.schedule(this.pollMs));
		}, ms);
		this.timer.unref?.();
	}

	private async poll(): Promise<PrinterState> {
		return this.record((await this.ready()).state);
	}

	/**
	 * The printer's state, on the kept connection or a new one. A kept connection that no longer
	 * answers (the printer was switched off and on, the network blinked) is replaced at once and the
	 * printer asked again, so a connection re-established within one poll never shows as offline.
	 */
	private async ready(): Promise<{ connection: ThermalPrinter | null; state: PrinterState }> {
		const kept = this.connection !== null;
		const first = await this.ask();
		if (!kept || first.state.condition !== 'offline') return first;
		return this.ask();
	}

	private async ask(): Promise<{ connection: ThermalPrinter | null; state: PrinterState }> {
		let connection: ThermalPrinter;
		try {
			connection = await this.connect();
		} catch {
			return { connection: null, state: CANNOT_CONNECT };
		}
		const report = await connection.check().catch((): PrinterReport => ({ condition: 'offline', problem: 'PRINTER.OFFLINE', health: null }));
		// A printer that does not answer may have dropped the connection: open a new one next time.
		if (report.condition === 'offline') this.drop();
		return { connection, state: stateOf(report) };
	}

	private connect(): Promise<ThermalPrinter> {
		if (this.connection) return Promise.resolve(this.connection);
		this.connecting ??= this.o
			.open()
			.then((transport) => {
				const connection = new ThermalPrinter(transport, { statusTimeoutMs: this.o.statusTimeoutMs ?? 1500, writeTimeoutMs: this.o.writeTimeoutMs ?? 5000 });
				// Automatic status back (ASB) between polls reaches the listener too. Offline is not
				// taken from the connection: `ready` decides it, after trying a new connection.
				connection.onChange((report) => {
					if (report.condition !== 'offline') this.record(stateOf(report));
				});
				this.connection = connection;
				return connection;
			})
			.finally(() => {
				this.connecting = null;
			});
		return this.connecting;
	}

	private drop(): void {
		const c = this.connection;
		this.connection = null;
		void c?.close().catch(() => undefined);
	}

	private enqueue<T>(task: () => Promise<T>): Promise<T> {
		const run = this.queue.then(task, task);
		this.queue = run.catch(() => undefined);
		return run;
	}

	private record(state: PrinterState): PrinterState {
		const before = this.current;
		this.current = state;
		if (!before || before.condition !== state.condition || before.problem !== state.problem) this.o.onChange?.(state);
		return state;
	}
}

function stateOf(report: PrinterReport): PrinterState {
	return { condition: report.condition, problem: report.problem };
}
