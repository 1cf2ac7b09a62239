/**
 * The kiosk agent: the process on the kiosk PC that owns the devices the browser cannot reach. It
 * connects to HallQ as the kiosk's `agent` device, prints the jobs the server sends (`print:job`)
 * on the kiosk's printer and reports the printer's condition (`printer:report`) when it changes and
 * on every (re)connection; it relays its ID-card reader's reads (`card:read`, see card-relay.ts).
 */
import { io, type Socket } from 'socket.io-client';
import type { CardReadPayload, ClientToServerEvents, PrintJobResult, PrinterStateView, ServerToClientEvents } from '$contract';
import type { CardReader } from '../../cardreader/reader';
import type { ManagedPrinter } from '../../printer/managed-printer';
import { relayCardReads } from './card-relay';

export interface KioskAgentOptions {
	/** The HallQ server, e.g. http://hallq.local:3000. */
	server: string;
	/** The agent's device token (a device of kind `agent` whose `kiosk` is this kiosk). */
	token: string;
	printer?: ManagedPrinter;
	/** The kiosk's ID-card reader (cardreader/reader.ts over a HID, serial, USB or TCP transport). */
	reader?: CardReader;
	log?: (message: string) => void;
}

type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const MAX_JOB_BYTES = 256 * 1024;

export class KioskAgent {
	private socket: AgentSocket | null = null;
	private unrelay: (() => void) | null = null;
	/** The reader's failure while it lasts, told again on every (re)connection to the server. */
	private readerProblem: CardReadPayload | null = null;

	constructor(private readonly o: KioskAgentOptions) {}

	/** Connects (and keeps reconnecting) and starts watching the printer and the card reader. */
	start(): void {
		const socket: AgentSocket = io(this.o.server, { auth: { token: this.o.token }, transports: ['websocket'], reconnectionDelayMax: 5000 });
		this.socket = socket;
		const printer = this.o.printer;
		socket.on('connect', () => {
			this.o.log?.('connected');
			if (this.readerProblem) this.sendCard(this.readerProblem);
			if (!printer) return;
			const state = printer.state;
			if (state) this.report(state);
			else void printer.check().then((s) => this.report(s));
		});
		socket.on('connect_error', (err) => this.o.log?.(`cannot connect: ${err.message}`));
		socket.on('print:job', (job, ack) => {
			void this.printJob(job.bytes).then(ack);
		});
		printer?.start();
		if (this.o.reader) {
			this.unrelay = relayCardReads(this.o.reader, (p) => this.sendCard(p), this.o.log);
			this.o.reader.start();
		}
	}

	/** Called by the printer's onChange: the server hears of every change. */
	report(state: PrinterStateView): void {
		this.socket?.timeout(5000).emit('printer:report', state, () => undefined);
	}

	async stop(): Promise<void> {
		this.unrelay?.();
		this.unrelay = null;
		this.socket?.close();
		this.socket = null;
		await this.o.printer?.close();
		await this.o.reader?.stop();
	}

	/**
	 * A read is sent at once or not at all: buffered while offline it would greet the next person
	 * minutes later. The citizen places the card again.
	 */
	private sendCard(payload: CardReadPayload): void {
		this.readerProblem = payload.state === 'error' ? payload : null;
		const socket = this.socket;
		if (!socket?.connected) {
			this.o.log?.(`card ${payload.state} not sent: not connected`);
			return;
		}
		socket.timeout(5000).emit('card:read', payload, (err, answer) => {
			if (err) this.o.log?.('card read not acknowledged');
			else if (!answer.ok) this.o.log?.(`card read refused: ${answer.error.code}`);
		});
	}

	private async printJob(base64: unknown): Promise<PrintJobResult> {
		const printer = this.o.printer;
		const state: PrinterStateView = printer?.state ?? { condition: 'unknown', problem: null };
		if (!printer) return { printed: false, code: 'PRINTER.OFFLINE', printer: { condition: 'offline', problem: 'PRINTER.OFFLINE' } };
		if (typeof base64 !== 'string' || base64.length > (MAX_JOB_BYTES * 4) / 3 + 4) return { printed: false, code: 'PRINTER.BAD_JOB', printer: state };
		const outcome = await printer.print(Buffer.from(base64, 'base64'));
		this.o.log?.(outcome.ok ? 'printed a ticket' : `could not print: ${outcome.code}`);
		return { printed: outcome.ok, code: outcome.ok ? null : outcome.code, printer: outcome.state };
	}
}
