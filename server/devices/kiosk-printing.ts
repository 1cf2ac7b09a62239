import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HallConfig } from '../core/model';
import { PrinterSimulator } from '../../printer/simulator/simulator';
import type { TicketInput } from '../../printer/ticket/ticket';
import { PrinterFleet, renderTicketJob, type FleetLog, type KioskPrinter, type NetworkPrinterConfig, type PrinterState, type PrintOutcome } from './printer-fleet';

export type PrinterListener = (printer: KioskPrinter, state: PrinterState) => void;

/** Sends a job to the agent of a kiosk (on whichever process it is connected to) and waits for its answer. */
export type AgentRelay = (hall: string, kiosk: string, ticket: string, job: Uint8Array) => Promise<PrintOutcome>;

export interface KioskPrintingOptions {
	halls: HallConfig[];
	/** Kiosks without a configured printer get a simulated one that writes SVG previews here; null: none. */
	simulateIn: string | null;
	pollMs?: number;
	log: FleetLog;
}

/** A demo kiosk's simulated printer keeps its latest 200 tickets (memory and SVG files), not every one of the day. */
const SIMULATOR_KEEP_JOBS = 200;

const NO_AGENT: PrinterState = { condition: 'offline', problem: 'PRINTER.OFFLINE' };

/**
 * The kiosks' ticket printers as this process sees them: network printers it drives itself (and the
 * simulated ones `npm start` gives kiosks that have none configured, so a new user sees printed
 * tickets as SVG previews in data/printer/), and printers at kiosk PCs that the kiosk's agent drives.
 */
export class KioskPrinting {
	private readonly listeners: PrinterListener[] = [];
	private readonly agentPrinters = new Map<string, { printer: KioskPrinter; state: PrinterState | null }>();
	private relay: AgentRelay | null = null;

	private constructor(
		readonly fleet: PrinterFleet,
		readonly simulators: Map<string, PrinterSimulator>,
		agentPrinters: KioskPrinter[]
	) {
		for (const p of agentPrinters) this.agentPrinters.set(keyOf(p.hall, p.kiosk), { printer: p, state: null });
	}

	static async start(o: KioskPrintingOptions): Promise<KioskPrinting> {
		const network: KioskPrinter<NetworkPrinterConfig>[] = [];
		const agents: KioskPrinter[] = [];
		const simulators = new Map<string, PrinterSimulator>();
		for (const hall of o.halls) {
			for (const d of hall.devices) {
				if (d.kind !== 'kiosk') continue;
				if (d.printer?.kind === 'network') network.push({ hall: hall.id, kiosk: d.id, config: d.printer });
				else if (d.printer?.kind === 'agent') agents.push({ hall: hall.id, kiosk: d.id, config: d.printer });
				else if (o.simulateIn) {
					const outDir = join(o.simulateIn, hall.id, d.id);
					mkdirSync(outDir, { recursive: true });
					const sim = new PrinterSimulator({ outDir, keepJobs: SIMULATOR_KEEP_JOBS });
					const port = await sim.listen(0, '127.0.0.1');
					simulators.set(keyOf(hall.id, d.id), sim);
					network.push({ hall: hall.id, kiosk: d.id, config: { kind: 'network', host: '127.0.0.1', port } });
				}
			}
		}
		let printing: KioskPrinting | null = null;
		const fleet = new PrinterFleet(network, { pollMs: o.pollMs, log: o.log, onChange: (p, s) => printing?.changed(p, s) });
		printing = new KioskPrinting(fleet, simulators, agents);
		fleet.start();
		return printing;
	}

	onChange(listener: PrinterListener): void {
		this.listeners.push(listener);
	}

	/** How jobs reach agents (set by the realtime layer, which knows where they are connected). */
	setAgentRelay(relay: AgentRelay): void {
		this.relay = relay;
	}

	has(hall: string, kiosk: string): boolean {
		return this.fleet.has(hall, kiosk) || this.agentPrinters.has(keyOf(hall, kiosk));
	}

	/** Whether the kiosk's printer is driven by its agent. */
	printsThroughAgent(hall: string, kiosk: string): boolean {
		return this.agentPrinters.has(keyOf(hall, kiosk));
	}

	state(hall: string, kiosk: string): PrinterState | null {
		return this.agentPrinters.get(keyOf(hall, kiosk))?.state ?? this.fleet.state(hall, kiosk);
	}

	/** Every kiosk printer of a hall this process knows of, with its last known state. */
	states(hall: string): { kiosk: string; state: PrinterState | null }[] {
		const agents = [...this.agentPrinters.values()].filter((a) => a.printer.hall === hall).map((a) => ({ kiosk: a.printer.kiosk, state: a.state }));
		return [...this.fleet.states(hall), ...agents];
	}

	/** Prints a ticket on the kiosk's printer. Never rejects: a failure is an outcome with its code. */
	async print(hall: string, kiosk: string, ticket: TicketInput): Promise<PrintOutcome> {
		const agent = this.agentPrinters.get(keyOf(hall, kiosk));
		if (!agent) return this.fleet.print(hall, kiosk, ticket);
		const outcome = this.relay
			? await this.relay(hall, kiosk, ticket.ticketNumber, renderTicketJob(agent.printer.config, ticket)).catch((): PrintOutcome => ({ ok: false, code: 'PRINTER.OFFLINE', state: NO_AGENT }))
			: ({ ok: false, code: 'PRINTER.OFFLINE', state: NO_AGENT } as const);
		this.agentReported(hall, kiosk, outcome.state);
		return outcome;
	}

	/** What a kiosk's agent says of its printer (or, when the agent goes away, that it is offline). */
	agentReported(hall: string, kiosk: string, state: PrinterState): void {
		const agent = this.agentPrinters.get(keyOf(hall, kiosk));
		if (!agent) return;
		const before = agent.state;
		agent.state = state;
		if (!before || before.condition !== state.condition || before.problem !== state.problem) this.changed(agent.printer, state);
	}

	/** The simulated printer of a kiosk (tests switch its paper and cover). */
	simulator(hall: string, kiosk: string): PrinterSimulator | undefined {
		return this.simulators.get(keyOf(hall, kiosk));
	}

	async close(): Promise<void> {
		await this.fleet.close();
		await Promise.all([...this.simulators.values()].map((s) => s.close()));
	}

	private changed(printer: KioskPrinter, state: PrinterState): void {
		for (const l of this.listeners) l(printer, state);
	}
}

function keyOf(hall: string, kiosk: string): string {
	return `${hall}/${kiosk}`;
}
