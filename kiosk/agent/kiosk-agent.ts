/**
 * The kiosk agent: the process on the kiosk PC that owns the devices the browser cannot reach. It
 * connects to HallQ as the kiosk's `agent` device, prints the jobs the server sends (`print:job`)
 * on the kiosk's printer and reports the printer's condition (`printer:report`) when it changes and
 * on every (re)connection. The card reader joins it in a later change.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PrintJobResult, PrinterStateView, ServerToClientEvents } from '$contract';
import type { ManagedPrinter } from '../../printer/managed-printer';

export interface KioskAgentOptions {
	/** The HallQ server, e.g. http://hallq.local:3000. */
	server: string;
	/** The agent's device token (a device of kind `agent` whose `kiosk` is this kiosk). */
	token: string;
	printer: ManagedPrinter;
	log?: (message: string) => void;
}

type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const MAX_JOB_BYTES = 256 * 1024;

export class KioskAgent {
	private socket: AgentSocket | null = null;

	constructor(private readonly o: KioskAgentOptions) {}

	/** Connects (and keeps reconnecting) and starts watching the printer. */
	start(): void {
		const socket: AgentSocket = io(this.o.server, { auth: { token: this.o.token }, transports: ['websocket'], reconnectionDelayMax: 5000 });
		this.socket = socket;
		socket.on('connect', () => {
			this.o.log?.('connected');
			const state = this.o.printer.state;
			if (state) this.report(state);
			else void this.o.printer.check().then((s) => this.report(s));
		});
		socket.on('connect_error', (err) => this.o.log?.(`cannot connect: ${err.message}`));
		socket.on('print:job', (job, ack) => {
			void this.printJob(job.bytes).then(ack);
		});
		this.o.printer.start();
	}

	/** Called by the printer's onChange: the server hears of every change. */
	report(state: PrinterStateView): void {
		this.socket?.timeout(5000).emit('printer:report', state, () => undefined);
	}

	async stop(): Promise<void> {
		this.socket?.close();
		this.socket = null;
		await this.o.printer.close();
	}

	private async printJob(base64: unknown): Promise<PrintJobResult> {
		const state: PrinterStateView = this.o.printer.state ?? { condition: 'unknown', problem: null };
		if (typeof base64 !== 'string' || base64.length > (MAX_JOB_BYTES * 4) / 3 + 4) return { printed: false, code: 'PRINTER.BAD_JOB', printer: state };
		const outcome = await this.o.printer.print(Buffer.from(base64, 'base64'));
		this.o.log?.(outcome.ok ? 'printed a ticket' : `could not print: ${outcome.code}`);
		return { printed: outcome.ok, code: outcome.ok ? null : outcome.code, printer: outcome.state };
	}
}
