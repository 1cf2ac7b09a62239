import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HallConfig } from '../core/model';
import { PrinterSimulator } from '../../printer/simulator/simulator';
import { PrinterFleet, type FleetLog, type KioskPrinter, type PrinterState } from './printer-fleet';

export type PrinterListener = (printer: KioskPrinter, state: PrinterState) => void;

export interface KioskPrintingOptions {
	halls: HallConfig[];
	/** Kiosks without a configured printer get a simulated one that writes SVG previews here; null: none. */
	simulateIn: string | null;
	pollMs?: number;
	log: FleetLog;
}

/**
 * The kiosks' ticket printers of this process, and the simulated ones `npm start` gives kiosks that
 * have none configured, so a new user sees printed tickets (SVG previews in data/printer/).
 */
export class KioskPrinting {
	private readonly listeners: PrinterListener[] = [];

	private constructor(
		readonly fleet: PrinterFleet,
		readonly simulators: Map<string, PrinterSimulator>
	) {}

	static async start(o: KioskPrintingOptions): Promise<KioskPrinting> {
		const printers: KioskPrinter[] = [];
		const simulators = new Map<string, PrinterSimulator>();
		for (const hall of o.halls) {
			for (const d of hall.devices) {
				if (d.kind !== 'kiosk') continue;
				if (d.printer) printers.push({ hall: hall.id, kiosk: d.id, config: d.printer });
				else if (o.simulateIn) {
					const outDir = join(o.simulateIn, hall.id, d.id);
					mkdirSync(outDir, { recursive: true });
					const sim = new PrinterSimulator({ outDir });
					const port = await sim.listen(0, '127.0.0.1');
					simulators.set(`${hall.id}/${d.id}`, sim);
					printers.push({ hall: hall.id, kiosk: d.id, config: { kind: 'network', host: '127.0.0.1', port } });
				}
			}
		}
		let printing: KioskPrinting | null = null;
		const fleet = new PrinterFleet(printers, {
			pollMs: o.pollMs,
			log: o.log,
			onChange: (p, s) => {
				for (const l of printing?.listeners ?? []) l(p, s);
			}
		});
		printing = new KioskPrinting(fleet, simulators);
		fleet.start();
		return printing;
	}

	onChange(listener: PrinterListener): void {
		this.listeners.push(listener);
	}

	/** The simulated printer of a kiosk (tests switch its paper and cover). */
	simulator(hall: string, kiosk: string): PrinterSimulator | undefined {
		return this.simulators.get(`${hall}/${kiosk}`);
	}

	async close(): Promise<void> {
		await this.fleet.close();
		await Promise.all([...this.simulators.values()].map((s) => s.close()));
	}
}
