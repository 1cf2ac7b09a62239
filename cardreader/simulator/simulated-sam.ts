/**
 * The SAM side of a reader, in process: takes host bytes, answers with GA 467 frames for whatever
 * fictitious card is on it, and misbehaves on request (bad checksums, read failures, silence,
 * garbage, answers cut into 64-byte reports or random pieces).
 */
import { commandName, encodeResponse, parseRequest, type CommandName, type StatusWords } from '../frame';
import { encodeTextBlock, type CardIdentity } from '../layouts/index';
import { encodeReadData } from '../read-response';
import { FrameReassembler } from '../reassembler';
import { SW3 } from '../status-words';
import { seededRandom } from './identities';

export type Chunking = { kind: 'whole' } | { kind: 'fixed'; size: number } | { kind: 'random'; max: number };

/** Counters: each answer that a fault applies to uses one up. */
export interface Faults {
	/** Corrupt the checksum of the next n answers. */
	badChecksum: number;
	/** Answer the next n reads with 00 00 41. */
	readFailure: number;
	/** Answer the next n selects with 00 00 81. */
	selectFailure: number;
	/** Say nothing to the next n commands. */
	noAnswer: number;
	/** Put n bytes of noise before the next answer. */
	garbage: number;
}

export interface SimulatedSamOptions {
	chunking?: Chunking;
	seed?: number;
	/** Fingerprint bytes in a 30 10 answer: 1024, 512 or 0. */
	fingerprintLength?: number;
	/** Model a card that does not answer find once read until it is lifted (see CardReader). */
	silentFindAfterRead?: boolean;
}

export interface LoggedRequest {
	readonly command: CommandName | 'unknown';
	readonly at: number;
}

const OK: StatusWords = [0, 0, SW3.OK];
const status = (sw3: number): StatusWords => [0, 0, sw3];

export class SimulatedSam {
	readonly faults: Faults = { badChecksum: 0, readFailure: 0, selectFailure: 0, noAnswer: 0, garbage: 0 };
	readonly requests: LoggedRequest[] = [];
	chunking: Chunking;

	private readonly random: () => number;
	private readonly fingerprintLength: number;
	private readonly silentFindAfterRead: boolean;
	private readonly host = new FrameReassembler();
	private card: CardIdentity | undefined;
	private selected = false;
	private readSinceInsert = false;

	constructor(options: SimulatedSamOptions = {}) {
		this.chunking = options.chunking ?? { kind: 'whole' };
		this.random = seededRandom(options.seed ?? 7);
		this.fingerprintLength = options.fingerprintLength ?? 1024;
		this.silentFindAfterRead = options.silentFindAfterRead ?? false;
	}

	get currentCard(): CardIdentity | undefined {
		return this.card;
	}

	insert(card: CardIdentity): void {
		this.card = card;
		this.selected = false;
		this.readSinceInsert = false;
	}

	remove(): void {
		this.card = undefined;
		this.selected = false;
	}

	/** Host bytes in, answer chunks out (in order). `now` stamps the request log. */
	receive(bytes: Uint8Array, now = 0): Uint8Array[] {
		const out: Uint8Array[] = [];
		for (const item of this.host.push(bytes)) {
			if (item.kind === 'error') {
				out.push(...this.send(status(item.error.code === 'CARD.FRAME_LENGTH' ? SW3.LENGTH : SW3.CHECKSUM)));
				continue;
			}
			const request = parseRequest(item.body);
			const name = request ? commandName(request.cmd, request.para) : undefined;
			this.requests.push({ command: name ?? 'unknown', at: now });
			if (this.faults.noAnswer > 0) {
				this.faults.noAnswer--;
				continue;
			}
			out.push(...this.answer(name));
		}
		return out;
	}

	private answer(name: CommandName | undefined): Uint8Array[] {
		switch (name) {
			case 'reset':
			case 'samStatus':
				return this.send(OK);
			case 'samId':
				// A made-up SAM number: 16 bytes.
				return this.send(OK, Uint8Array.from({ length: 16 }, (_, i) => i));
			case 'findCard':
				if (!this.card || (this.silentFindAfterRead && this.readSinceInsert)) return this.send(status(SW3.NO_CARD));
				return this.send([0, 0, SW3.FOUND], new Uint8Array(4));
			case 'selectCard':
				if (this.faults.selectFailure > 0) {
					this.faults.selectFailure--;
					return this.send(status(SW3.SELECT_FAILED));
				}
				if (!this.card) return this.send(status(SW3.SELECT_FAILED));
				this.selected = true;
				return this.send(OK, new Uint8Array(8));
			case 'read':
			case 'readWithFingerprint':
				return this.read(name === 'readWithFingerprint');
			case 'readAppendedAddress':
				return this.send(status(this.card ? SW3.NO_CONTENT : SW3.READ_FAILED));
			case undefined:
				return this.send(status(SW3.UNKNOWN_COMMAND));
		}
	}

	private read(withFingerprint: boolean): Uint8Array[] {
		if (this.faults.readFailure > 0) {
			this.faults.readFailure--;
			return this.send(status(SW3.READ_FAILED));
		}
		if (!this.card || !this.selected) return this.send(status(SW3.READ_FAILED));
		const data = encodeReadData(encodeTextBlock(this.card), {
			...(withFingerprint ? { fingerprintLength: this.fingerprintLength } : {}),
			filler: (n) => this.filler(n)
		});
		this.readSinceInsert = true;
		return this.send(OK, data);
	}

	/** Stands in for the photo: noise salted with preambles, so a reassembler that scans inside a frame is caught. */
	private filler(length: number): Uint8Array {
		const bytes = Uint8Array.from({ length }, () => Math.floor(this.random() * 256));
		for (let at = 100; at + 7 < length; at += 300) bytes.set([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x04], at);
		return bytes;
	}

	private send(sw: StatusWords, data?: Uint8Array): Uint8Array[] {
		let frame = encodeResponse(sw, data);
		if (this.faults.badChecksum > 0) {
			this.faults.badChecksum--;
			frame[frame.length - 1] = (frame[frame.length - 1] ?? 0) ^ 0xff;
		}
		if (this.faults.garbage > 0) {
			const noise = Uint8Array.from({ length: this.faults.garbage }, (_, i) => (i % 2 === 0 ? 0xaa : 0x55));
			this.faults.garbage = 0;
			const joined = new Uint8Array(noise.length + frame.length);
			joined.set(noise, 0);
			joined.set(frame, noise.length);
			frame = joined;
		}
		return this.split(frame);
	}

	private split(bytes: Uint8Array): Uint8Array[] {
		const c = this.chunking;
		if (c.kind === 'whole') return [bytes];
		const chunks: Uint8Array[] = [];
		for (let at = 0; at < bytes.length; ) {
			const size = c.kind === 'fixed' ? c.size : 1 + Math.floor(this.random() * c.max);
			chunks.push(bytes.slice(at, at + size));
			at += size;
		}
		return chunks;
	}
}
