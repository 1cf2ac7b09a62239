/**
 * The reader driver: polls find → select → read over an injected transport, reports each card
 * once per insertion and its removal, and reopens the transport with backoff after an unplug.
 */
import { systemClock, type Clock } from './clock';
import { COMMANDS, encodeRequest, parseResponse, toHex, type Command, type Response } from './frame';
import { decodeTextBlock, type CardIdentity } from './layouts/index';
import { parseReadData } from './read-response';
import { FrameReassembler } from './reassembler';
import { CardReaderError, interpretStatus, SW3 } from './status-words';
import type { OpenTransport, ReaderTransport } from './transports/transport';

/** SAM readers need this long between polls; faster polling only makes find fail. */
export const MIN_POLL_INTERVAL_MS = 300;

export interface CardReaderOptions {
	open: OpenTransport;
	clock?: Clock;
	/** Between the starts of two polls; at least MIN_POLL_INTERVAL_MS. */
	pollIntervalMs?: number;
	/** Wait for an answer to find and select. */
	commandTimeoutMs?: number;
	/** Wait for an answer to read (1295 bytes take ~115 ms at 115200 baud, plus the card's own time). */
	readTimeoutMs?: number;
	reconnectInitialMs?: number;
	reconnectMaxMs?: number;
	/** Read with 30 10 (the fingerprint block is dropped unread, but some SAMs only answer this). */
	withFingerprint?: boolean;
	/**
	 * When find fails after a read, ask select before calling the card removed: a card that has been
	 * read may sit in its active state and not answer the next find while it is still on the reader.
	 */
	confirmRemovalWithSelect?: boolean;
}

export interface CardEvent {
	readonly identity: CardIdentity;
	readonly photoLength: number;
	readonly fingerprintLength: number;
	readonly at: number;
}

export interface CardReaderEvents {
	card: (event: CardEvent) => void;
	removed: () => void;
	error: (error: CardReaderError) => void;
	connected: () => void;
	disconnected: () => void;
}

type Listeners = { [K in keyof CardReaderEvents]: CardReaderEvents[K][] };

interface Pending {
	resolve: (response: Response) => void;
	reject: (error: CardReaderError) => void;
}

export class CardReader {
	private readonly open: OpenTransport;
	private readonly clock: Clock;
	private readonly pollIntervalMs: number;
	private readonly commandTimeoutMs: number;
	private readonly readTimeoutMs: number;
	private readonly reconnectInitialMs: number;
	private readonly reconnectMaxMs: number;
	private readonly withFingerprint: boolean;
	private readonly confirmRemovalWithSelect: boolean;

	private readonly listeners: Listeners = { card: [], removed: [], error: [], connected: [], disconnected: [] };
	private readonly reassembler = new FrameReassembler();
	private transport: ReaderTransport | undefined;
	private pending: Pending | undefined;
	private cardPresent = false;
	private lastErrorCode: string | undefined;
	private stopping = false;
	private wake = new AbortController();
	private loop: Promise<void> | undefined;

	constructor(options: CardReaderOptions) {
		this.open = options.open;
		this.clock = options.clock ?? systemClock;
		this.pollIntervalMs = Math.max(MIN_POLL_INTERVAL_MS, options.pollIntervalMs ?? MIN_POLL_INTERVAL_MS);
		this.commandTimeoutMs = options.commandTimeoutMs ?? 1000;
		this.readTimeoutMs = options.readTimeoutMs ?? 3000;
		this.reconnectInitialMs = options.reconnectInitialMs ?? 500;
		this.reconnectMaxMs = options.reconnectMaxMs ?? 10_000;
		this.withFingerprint = options.withFingerprint ?? false;
		this.confirmRemovalWithSelect = options.confirmRemovalWithSelect ?? true;
	}

	on<K extends keyof CardReaderEvents>(event: K, listener: CardReaderEvents[K]): () => void {
		const list = this.listeners[event];
		list.push(listener);
		return () => {
			const i = list.indexOf(listener);
			if (i >= 0) list.splice(i, 1);
		};
	}

	get connected(): boolean {
		return this.transport !== undefined;
	}

	get hasCard(): boolean {
		return this.cardPresent;
	}

	start(): void {
		if (this.loop) return;
		this.stopping = false;
		this.loop = this.run();
	}

	async stop(): Promise<void> {
		this.stopping = true;
		this.wake.abort();
		await this.transport?.close();
		await this.loop;
		this.loop = undefined;
	}

	private async run(): Promise<void> {
		let backoff = this.reconnectInitialMs;
		while (!this.stopping) {
			let transport: ReaderTransport;
			try {
				transport = await this.open();
			} catch (error) {
				// A coded failure (no reader attached, driver missing) keeps its code.
				this.report(error instanceof CardReaderError ? error : new CardReaderError('CARD.DISCONNECTED', `cannot open the reader: ${describe(error)}`));
				await this.pause(backoff);
				backoff = Math.min(backoff * 2, this.reconnectMaxMs);
				continue;
			}
			backoff = this.reconnectInitialMs;
			this.attach(transport);
			while (!this.stopping && this.transport === transport) {
				const started = this.clock.now();
				try {
					await this.poll();
					this.lastErrorCode = undefined;
				} catch (error) {
					if (this.transport !== transport) break;
					this.report(asCardError(error));
				}
				await this.pause(Math.max(0, this.pollIntervalMs - (this.clock.now() - started)));
			}
			this.detach(transport);
			if (!this.stopping) {
				await this.pause(backoff);
				backoff = Math.min(backoff * 2, this.reconnectMaxMs);
			}
		}
	}

	private attach(transport: ReaderTransport): void {
		this.transport = transport;
		this.reassembler.reset();
		this.lastErrorCode = undefined;
		transport.onData((chunk) => {
			if (this.transport === transport) this.receive(chunk);
		});
		transport.onClose(() => {
			if (this.transport !== transport) return;
			this.transport = undefined;
			this.fail(new CardReaderError('CARD.DISCONNECTED', 'the reader connection closed'));
			this.wake.abort();
		});
		this.emit('connected');
	}

	private detach(transport: ReaderTransport): void {
		if (this.transport === transport) this.transport = undefined;
		void transport.close().catch(() => undefined);
		// Whatever was on the reader is no longer known to be there; a reconnect reads it afresh.
		if (this.cardPresent) {
			this.cardPresent = false;
			this.emit('removed');
		}
		this.emit('disconnected');
	}

	private async poll(): Promise<void> {
		const found = await this.request(COMMANDS.findCard, this.commandTimeoutMs);
		if (found.sw3 === SW3.NO_CARD) {
			if (!this.cardPresent) return;
			if (this.confirmRemovalWithSelect) {
				const selected = await this.request(COMMANDS.selectCard, this.commandTimeoutMs);
				if (selected.sw3 === SW3.OK) return;
			}
			this.cardPresent = false;
			this.emit('removed');
			return;
		}
		expectStatus(found, SW3.FOUND);
		if (this.cardPresent) return;
		expectStatus(await this.request(COMMANDS.selectCard, this.commandTimeoutMs), SW3.OK);
		const command = this.withFingerprint ? COMMANDS.readWithFingerprint : COMMANDS.read;
		const read = await this.request(command, this.readTimeoutMs);
		expectStatus(read, SW3.OK);
		const data = parseReadData(read.data, this.withFingerprint);
		const identity = decodeTextBlock(data.textBlock);
		data.textBlock.fill(0);
		this.cardPresent = true;
		this.emit('card', { identity, photoLength: data.photoLength, fingerprintLength: data.fingerprintLength, at: this.clock.now() });
	}

	private request(command: Command, timeoutMs: number): Promise<Response> {
		const transport = this.transport;
		if (!transport) return Promise.reject(new CardReaderError('CARD.DISCONNECTED', 'no reader connection'));
		return new Promise<Response>((resolve, reject) => {
			const timer = new AbortController();
			const settle = (): void => {
				this.pending = undefined;
				timer.abort();
			};
			this.pending = {
				resolve: (r) => (settle(), resolve(r)),
				reject: (e) => (settle(), reject(e))
			};
			const pending = this.pending;
			void this.clock.sleep(timeoutMs, timer.signal).then(() => {
				if (timer.signal.aborted || this.pending !== pending) return;
				// A late answer must not be taken for the next command's.
				this.reassembler.reset();
				pending.reject(new CardReaderError('CARD.TIMEOUT', `no answer to ${toHex(Uint8Array.of(command.cmd, command.para))} within ${timeoutMs} ms`));
			});
			transport.write(encodeRequest(command)).catch((error: unknown) => {
				if (this.pending === pending) pending.reject(new CardReaderError('CARD.DISCONNECTED', `write failed: ${describe(error)}`));
			});
		});
	}

	private receive(chunk: Uint8Array): void {
		for (const item of this.reassembler.push(chunk)) {
			const pending = this.pending;
			if (!pending) continue; // nobody asked: a stale or unsolicited frame
			if (item.kind === 'error') {
				pending.reject(item.error);
				continue;
			}
			const response = parseResponse(item.body);
			if (response) pending.resolve(response);
			else pending.reject(new CardReaderError('CARD.BAD_RESPONSE', `answer of ${item.body.length} bytes has no status words`));
		}
	}

	private fail(error: CardReaderError): void {
		this.pending?.reject(error);
	}

	/** Sleeps, cut short by stop() or a disconnect. */
	private async pause(ms: number): Promise<void> {
		if (this.stopping) return;
		if (this.wake.signal.aborted) this.wake = new AbortController();
		await this.clock.sleep(ms, this.wake.signal);
	}

	/** The same failure poll after poll (a damaged card left on the reader) is reported once. */
	private report(error: CardReaderError): void {
		if (error.code === this.lastErrorCode) return;
		this.lastErrorCode = error.code;
		this.emit('error', error);
	}

	private emit<K extends keyof CardReaderEvents>(event: K, ...args: Parameters<CardReaderEvents[K]>): void {
		for (const listener of [...this.listeners[event]]) (listener as (...a: Parameters<CardReaderEvents[K]>) => void)(...args);
	}
}

function expectStatus(response: Response, expected: number): void {
	if (response.sw3 === expected) return;
	const outcome = interpretStatus(response.sw3);
	throw outcome.ok ? new CardReaderError('CARD.BAD_RESPONSE', `unexpected success status 0x${response.sw3.toString(16)}`, response.sw3) : outcome.error;
}

function asCardError(error: unknown): CardReaderError {
	return error instanceof CardReaderError ? error : new CardReaderError('CARD.BAD_RESPONSE', describe(error));
}

function describe(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
