import type { PrinterConfig } from '../core/model';
import { ManagedPrinter, type PrinterState, type PrintOutcome } from '../../printer/managed-printer';
import { layoutTicket } from '../../printer/ticket/layout';
import { renderTicketEscPos } from '../../printer/ticket/render-escpos';
import type { TicketInput } from '../../printer/ticket/ticket';
import { TcpTransport } from '../../printer/transport/tcp';

export type { PrinterState, PrintOutcome };

export type NetworkPrinterConfig = Extract<PrinterConfig, { kind: 'network' }>;

export interface KioskPrinter<C extends PrinterConfig = PrinterConfig> {
	hall: string;
	kiosk: string;
	config: C;
}

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

/** The ESC/POS bytes of one ticket for a printer's paper width and QR support. */
export function renderTicketJob(config: PrinterConfig, ticket: TicketInput): Uint8Array {
	return renderTicketEscPos(layoutTicket(ticket, { paper: config.paper ?? 80 }), { qr: config.qr ?? 'native' });
}

/** The kiosks' network printers this process drives: one kept-in-service printer per kiosk. */
export class PrinterFleet {
	private readonly printers = new Map<string, { kiosk: KioskPrinter<NetworkPrinterConfig>; printer: ManagedPrinter }>();

	constructor(kiosks: KioskPrinter<NetworkPrinterConfig>[], o: PrinterFleetOptions = {}) {
		for (const k of kiosks) {
			const printer = new ManagedPrinter({
				open: () => TcpTransport.connect({ host: k.config.host, port: k.config.port ?? 9100, connectTimeoutMs: 2000 }),
				pollMs: o.pollMs,
				onChange: (state) => {
					try {
						o.onChange?.(k, state);
					} catch (err) {
						o.log?.warn({ hall: k.hall, kiosk: k.kiosk, err: String(err) }, 'printer listener failed');
					}
				}
			});
			this.printers.set(keyOf(k.hall, k.kiosk), { kiosk: k, printer });
		}
	}

	/** Starts polling every printer. */
	start(): void {
		for (const { printer } of this.printers.values()) printer.start();
	}

	has(hall: string, kiosk: string): boolean {
		return this.printers.has(keyOf(hall, kiosk));
	}

	/** The last known state of a kiosk's printer; null when it has none or it was not checked yet. */
	state(hall: string, kiosk: string): PrinterState | null {
		return this.printers.get(keyOf(hall, kiosk))?.printer.state ?? null;
	}

	/** The kiosks of a hall with a printer here, and its last known state. */
	states(hall: string): { kiosk: string; state: PrinterState | null }[] {
		return [...this.printers.values()].filter((e) => e.kiosk.hall === hall).map((e) => ({ kiosk: e.kiosk.kiosk, state: e.printer.state }));
	}

	/** Prints a ticket on the kiosk's printer. Never rejects: a failure is an outcome with its code. */
	print(hall: string, kiosk: string, ticket: TicketInput): Promise<PrintOutcome> {
		const entry = this.printers.get(keyOf(hall, kiosk));
		if (!entry) return Promise.resolve({ ok: false, code: 'PRINTER.OFFLINE', state: { condition: 'offline', problem: 'PRINTER.OFFLINE' } });
		return entry.printer.print(renderTicketJob(entry.kiosk.config, ticket));
	}

	async close(): Promise<void> {
		await Promise.all([...this.printers.values()].map(({ printer }) => printer.close()));
	}
}

function keyOf(hall: string, kiosk: string): string {
	return `${hall}/${kiosk}`;
}
