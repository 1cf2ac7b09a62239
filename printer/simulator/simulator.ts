import { EventEmitter } from 'node:events';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { decodeEscPos, EscPosDecoder, printedText, type EscPosCommand } from '../escpos/decoder';
import type { PaperWidth } from '../escpos/paper';
import { asbForHealth, repliesForHealth, type PaperState, type PrinterHealth } from '../status';
import { renderTicketSvg } from '../ticket/render-svg';
import { layoutFromCommands } from './preview';

export interface SimulatorState {
	online: boolean;
	paper: PaperState;
	coverOpen: boolean;
	/** An autocutter error (recoverable once cleared). */
	error: boolean;
	/** Never answers status requests, as a printer that hangs or a wrong device on the port. */
	silent: boolean;
}

export interface SimulatedJob {
	index: number;
	/** Every byte from `ESC @` to the end of the cut (or to where the connection ended). */
	bytes: Uint8Array;
	commands: EscPosCommand[];
	text: string;
	/** False when the paper ran out during the job or the job never reached its cut. */
	complete: boolean;
	/** Bytes of the job printed before the paper ran out (all of them when complete). */
	printedBytes: number;
	svgPath: string | null;
}

export interface PrinterSimulatorOptions {
	paper?: PaperWidth;
	/** Folder for an SVG preview of each job; none when unset. */
	outDir?: string;
	/**
	 * Keep only the latest this many jobs, in memory and as previews (older previews are deleted, and
	 * so are those an earlier run left in `outDir`); unset: every job (tests, the standalone simulator).
	 */
	keepJobs?: number;
	state?: Partial<SimulatorState>;
}

interface Connection {
	socket: Socket;
	decoder: EscPosDecoder;
	/** Bytes since `receivedBase` (the stream offset of received[0]); dropped between jobs. */
	received: number[];
	receivedBase: number;
	/** Offset in `received` of the open job's `ESC @`, or null between jobs. */
	jobStart: number | null;
	/** Offset where the paper ran out in the open job. */
	paperEndAt: number | null;
	asbMask: number;
}

const READY: SimulatorState = { online: true, paper: 'ok', coverOpen: false, error: false, silent: false };

/**
 * A network receipt printer on TCP: records each job (`ESC @` … `GS V`), decodes it, answers
 * `DLE EOT n` from a switchable state, sends ASB after `GS a n`, and can run out of paper mid-job.
 * Emits `job` (SimulatedJob) and `state` (SimulatorState).
 */
export class PrinterSimulator extends EventEmitter {
	readonly paper: PaperWidth;
	readonly jobs: SimulatedJob[] = [];
	private current: SimulatorState;
	private readonly outDir: string | null;
	private readonly server: Server;
	private readonly connections = new Set<Connection>();
	private paperLeftBytes: number | null = null;
	/** Preview writes (and deletes) not finished yet. */
	private readonly previews = new Set<Promise<unknown>>();
	/** Preview files being written, by path. */
	private readonly writing = new Map<string, Promise<unknown>>();
	private readonly keepJobs: number | null;
	private readonly cleared: Promise<void>;
	/** Jobs finished so far (the next job's index is one more); `jobs` may keep fewer. */
	private printed = 0;

	constructor(options: PrinterSimulatorOptions = {}) {
		super();
		this.paper = options.paper ?? 80;
		this.outDir = options.outDir ?? null;
		this.keepJobs = options.keepJobs ?? null;
		// Previews are written after the old ones are gone.
		this.cleared = this.keepJobs !== null && this.outDir ? clearPreviews(this.outDir) : Promise.resolve();
		this.current = { ...READY, ...options.state };
		this.server = createServer((socket) => this.accept(socket));
	}

	/** Listens on `port` (0: any free port) and resolves with the port. */
	listen(port = 0, host = '127.0.0.1'): Promise<number> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				resolve(this.port);
			});
		});
	}

	get port(): number {
		return (this.server.address() as AddressInfo | null)?.port ?? 0;
	}

	get state(): SimulatorState {
		return { ...this.current };
	}

	get health(): PrinterHealth {
		const s = this.current;
		return {
			online: s.online && !s.coverOpen && s.paper !== 'out' && !s.error,
			paper: s.paper,
			coverOpen: s.coverOpen,
			errors: s.error ? ['autocutter'] : [],
			waitingForOnlineRecovery: false,
			feedingByButton: false,
			drawerPin3High: false
		};
	}

	setState(change: Partial<SimulatorState>): void {
		this.current = { ...this.current, ...change };
		if (change.paper && change.paper !== 'out') this.paperLeftBytes = null;
		this.emit('state', this.state);
		for (const connection of this.connections) this.sendAsb(connection);
	}

	/** The paper runs out after `bytes` more job bytes (null: never). */
	runOutOfPaperAfter(bytes: number | null): void {
		this.paperLeftBytes = bytes;
	}

	/** Resolves once `count` jobs are recorded (with `keepJobs`, the ones still kept of them). */
	waitForJobs(count: number, timeoutMs = 5_000): Promise<SimulatedJob[]> {
		if (this.printed >= count) return Promise.resolve(this.jobs.filter((j) => j.index <= count));
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.off('job', onJob);
				reject(new Error(`${this.printed} of ${count} jobs within ${timeoutMs} ms`));
			}, timeoutMs);
			const onJob = (): void => {
				if (this.printed < count) return;
				clearTimeout(timer);
				this.off('job', onJob);
				resolve(this.jobs.filter((j) => j.index <= count));
			};
			this.on('job', onJob);
		});
	}

	/** Closes every connection and the server, after the previews are written. */
	async close(): Promise<void> {
		for (const connection of this.connections) connection.socket.destroy();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
		await Promise.allSettled([...this.previews]);
	}

	private track(p: Promise<unknown>): void {
		const settled = p.catch(() => undefined).finally(() => this.previews.delete(settled));
		this.previews.add(settled);
	}

	/** Drops every open connection (a printer switched off), keeps listening. */
	dropConnections(): void {
		for (const connection of this.connections) connection.socket.destroy();
	}

	private accept(socket: Socket): void {
		const connection: Connection = { socket, decoder: new EscPosDecoder(), received: [], receivedBase: 0, jobStart: null, paperEndAt: null, asbMask: 0 };
		this.connections.add(connection);
		socket.setNoDelay(true);
		socket.on('data', (chunk: Buffer) => this.receive(connection, chunk));
		socket.on('error', () => undefined);
		socket.on('close', () => {
			this.connections.delete(connection);
			if (connection.jobStart !== null) this.finishJob(connection, connection.receivedBase + connection.received.length, false);
		});
	}

	private receive(connection: Connection, chunk: Buffer): void {
		for (const byte of chunk) connection.received.push(byte);
		for (const command of connection.decoder.push(chunk)) {
			this.execute(connection, command);
			if (connection.jobStart !== null) this.consumePaper(connection, command);
		}
		if (connection.jobStart === null) {
			connection.receivedBase += connection.received.length;
			connection.received = [];
		}
	}

	/** Counts job bytes against the paper left; marks where the paper ran out. */
	private consumePaper(connection: Connection, command: EscPosCommand): void {
		if (this.paperLeftBytes === null) return;
		if (command.length < this.paperLeftBytes) {
			this.paperLeftBytes -= command.length;
			return;
		}
		connection.paperEndAt = command.offset + this.paperLeftBytes;
		this.paperLeftBytes = null;
		this.setState({ paper: 'out' });
	}

	private execute(connection: Connection, command: EscPosCommand): void {
		switch (command.type) {
			case 'statusRequest': {
				if (this.current.silent || command.n < 1 || command.n > 4) return;
				const reply = repliesForHealth(this.health)[command.n - 1];
				if (reply !== undefined) connection.socket.write(Uint8Array.of(reply));
				return;
			}
			case 'asbEnable':
				connection.asbMask = command.mask;
				this.sendAsb(connection);
				return;
			case 'init':
				if (connection.jobStart !== null) this.finishJob(connection, command.offset, false);
				connection.jobStart = command.offset;
				return;
			case 'cut':
				if (connection.jobStart !== null) this.finishJob(connection, command.offset + command.length, true);
				return;
			default:
				return;
		}
	}

	private sendAsb(connection: Connection): void {
		if (connection.asbMask === 0 || this.current.silent || connection.socket.destroyed) return;
		connection.socket.write(asbForHealth(this.health));
	}

	private finishJob(connection: Connection, end: number, reachedCut: boolean): void {
		const start = connection.jobStart ?? 0;
		const bytes = Uint8Array.from(connection.received.slice(start - connection.receivedBase, end - connection.receivedBase));
		const paperEnd = connection.paperEndAt;
		const printedBytes = paperEnd === null ? bytes.length : Math.max(0, paperEnd - start);
		const commands = decodeEscPos(bytes);
		const job: SimulatedJob = {
			index: ++this.printed,
			bytes,
			commands,
			text: printedText(commands),
			complete: reachedCut && paperEnd === null,
			printedBytes,
			svgPath: null
		};
		connection.jobStart = null;
		connection.paperEndAt = null;
		if (this.outDir) {
			const printed = commands.filter((c) => c.offset + c.length <= printedBytes);
			job.svgPath = join(this.outDir, `ticket-${String(job.index).padStart(4, '0')}${job.complete ? '' : '-incomplete'}.svg`);
			const svg = renderTicketSvg(layoutFromCommands(printed, this.paper));
			const path = job.svgPath;
			const outDir = this.outDir;
			const written = this.cleared.then(() => mkdir(outDir, { recursive: true })).then(() => writeFile(path, svg));
			this.writing.set(path, written);
			this.track(written.finally(() => this.writing.delete(path)));
		}
		this.jobs.push(job);
		if (this.keepJobs !== null && this.jobs.length > this.keepJobs) {
			// After its own write: on a busy machine the write of a job just dropped may not have happened yet.
			for (const old of this.jobs.splice(0, this.jobs.length - this.keepJobs)) {
				const path = old.svgPath;
				if (path) this.track((this.writing.get(path) ?? Promise.resolve()).catch(() => undefined).then(() => rm(path, { force: true })));
			}
		}
		this.emit('job', job);
	}
}

/** Deletes the ticket previews an earlier run left in `dir`. */
async function clearPreviews(dir: string): Promise<void> {
	const names = await readdir(dir).catch(() => [] as string[]);
	await Promise.all(names.filter((n) => /^ticket-\d+(-incomplete)?\.svg$/.test(n)).map((n) => rm(join(dir, n), { force: true })));
}
