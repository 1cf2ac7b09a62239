import iconv from 'iconv-lite';
import type { Alignment, BarcodeHri, CutKind } from './encoder';
import type { QrErrorCorrection } from './qr-matrix';

/** Where a command sits in the byte stream (absolute offset from the first byte pushed). */
interface At {
	offset: number;
	length: number;
}

export type EscPosCommandBody =
	| { type: 'init' }
	| { type: 'text'; text: string; chinese: boolean }
	| { type: 'lf' }
	| { type: 'chineseOn' }
	| { type: 'chineseOff' }
	| { type: 'align'; align: Alignment }
	| { type: 'size'; width: number; height: number }
	| { type: 'bold'; on: boolean }
	| { type: 'feed'; lines: number }
	| { type: 'cut'; kind: CutKind; feedDots?: number }
	| { type: 'qrModel'; model: 1 | 2 | 'micro' }
	| { type: 'qrModuleSize'; size: number }
	| { type: 'qrErrorCorrection'; level: QrErrorCorrection }
	| { type: 'qrStore'; data: string }
	| { type: 'qrPrint' }
	| { type: 'symbol'; cn: number; fn: number; params: Uint8Array }
	| { type: 'raster'; mode: number; widthBytes: number; heightDots: number; data: Uint8Array }
	| { type: 'barcodeHeight'; dots: number }
	| { type: 'barcodeWidth'; dots: number }
	| { type: 'barcodeHri'; position: BarcodeHri }
	| { type: 'barcode'; system: number; data: string }
	| { type: 'statusRequest'; n: number }
	| { type: 'asbEnable'; mask: number }
	/** Bytes the decoder does not know; decoding goes on after them. */
	| { type: 'unknown'; bytes: Uint8Array; reason: string }
	/** The stream ended inside a command or a character. */
	| { type: 'incomplete'; bytes: Uint8Array };

export type EscPosCommand = EscPosCommandBody & At;

export type EscPosCommandOf<T extends EscPosCommand['type']> = Extract<EscPosCommand, { type: T }>;

const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;
const DLE = 0x10;
const LF = 0x0a;

const ALIGNMENTS: readonly Alignment[] = ['left', 'center', 'right'];
const QR_LEVELS: readonly QrErrorCorrection[] = ['L', 'M', 'Q', 'H'];
const HRI_POSITIONS: readonly BarcodeHri[] = ['none', 'above', 'below', 'both'];

/** Result of trying to read one item at the head of the buffer. */
type Step = { command: EscPosCommand | null; length: number } | 'more';

/**
 * A streaming ESC/POS decoder: push chunks as they arrive, get the complete commands back.
 * An incomplete command or multibyte character at the end of a chunk waits for the next one;
 * `end()` reports it. Adjacent text is merged only by `decodeEscPos`.
 */
export class EscPosDecoder {
	private pending: Uint8Array = new Uint8Array(0);
	private pendingOffset = 0;
	private chinese = false;

	get inChineseMode(): boolean {
		return this.chinese;
	}

	push(chunk: Uint8Array): EscPosCommand[] {
		const buffer = new Uint8Array(this.pending.length + chunk.length);
		buffer.set(this.pending);
		buffer.set(chunk, this.pending.length);
		const commands: EscPosCommand[] = [];
		let position = 0;
		while (position < buffer.length) {
			const step = this.step(buffer, position);
			if (step === 'more') break;
			if (step.command) commands.push(step.command);
			position += step.length;
		}
		this.pending = buffer.slice(position);
		this.pendingOffset += position;
		return commands;
	}

	end(): EscPosCommand[] {
		if (this.pending.length === 0) return [];
		const command: EscPosCommand = { type: 'incomplete', bytes: this.pending, offset: this.pendingOffset, length: this.pending.length };
		this.pendingOffset += this.pending.length;
		this.pending = new Uint8Array(0);
		return [command];
	}

	private step(b: Uint8Array, p: number): Step {
		const at = (length: number) => ({ offset: this.pendingOffset + p, length });
		const first = b[p] ?? 0;
		const need = (n: number): boolean => p + n <= b.length;
		const byte = (i: number): number => b[p + i] ?? 0;
		const unknown = (length: number, reason: string): Step => ({ command: { type: 'unknown', bytes: b.slice(p, p + length), reason, ...at(length) }, length });
		const done = (command: EscPosCommandBody, length: number): Step => ({ command: { ...command, ...at(length) }, length });

		if (first === LF) return done({ type: 'lf' }, 1);
		if (first === ESC || first === FS || first === GS || first === DLE) {
			if (!need(2)) return 'more';
			const second = byte(1);
			if (first === DLE) {
				if (second !== 0x04) return unknown(1, 'DLE not followed by EOT');
				if (!need(3)) return 'more';
				return done({ type: 'statusRequest', n: byte(2) }, 3);
			}
			if (first === FS) {
				if (second === 0x26) {
					this.chinese = true;
					return done({ type: 'chineseOn' }, 2);
				}
				if (second === 0x2e) {
					this.chinese = false;
					return done({ type: 'chineseOff' }, 2);
				}
				return unknown(2, 'unknown FS command');
			}
			if (first === ESC) {
				if (second === 0x40) {
					this.chinese = false;
					return done({ type: 'init' }, 2);
				}
				if (second !== 0x61 && second !== 0x45 && second !== 0x64) return unknown(2, 'unknown ESC command');
				if (!need(3)) return 'more';
				const n = byte(2);
				if (second === 0x45) return done({ type: 'bold', on: (n & 1) === 1 }, 3);
				if (second === 0x64) return done({ type: 'feed', lines: n }, 3);
				const align = ALIGNMENTS[digitParameter(n)];
				return align ? done({ type: 'align', align }, 3) : unknown(3, 'ESC a out of range');
			}
			return this.gs(b, p, second, need, byte, unknown, done);
		}
		if (first >= 0x20 && first < 0x7f) {
			let end = p;
			while (end < b.length && (b[end] ?? 0) >= 0x20 && (b[end] ?? 0) < 0x7f) end++;
			return done({ type: 'text', text: Buffer.from(b.subarray(p, end)).toString('latin1'), chinese: this.chinese }, end - p);
		}
		if (first >= 0x80 && this.chinese) return this.gb18030(b, p, unknown, done);
		return unknown(1, first >= 0x80 ? 'non-ASCII byte outside Chinese mode' : 'unknown control byte');
	}

	private gs(
		b: Uint8Array,
		p: number,
		second: number,
		need: (n: number) => boolean,
		byte: (i: number) => number,
		unknown: (length: number, reason: string) => Step,
		done: (command: EscPosCommandBody, length: number) => Step
	): Step {
		switch (second) {
			case 0x21:
			case 0x68:
			case 0x77:
			case 0x48:
			case 0x61: {
				if (!need(3)) return 'more';
				const n = byte(2);
				if (second === 0x21) return done({ type: 'size', width: (n >> 4) + 1, height: (n & 0x0f) + 1 }, 3);
				if (second === 0x68) return done({ type: 'barcodeHeight', dots: n }, 3);
				if (second === 0x77) return done({ type: 'barcodeWidth', dots: n }, 3);
				if (second === 0x61) return done({ type: 'asbEnable', mask: n }, 3);
				const position = HRI_POSITIONS[digitParameter(n)];
				return position ? done({ type: 'barcodeHri', position }, 3) : unknown(3, 'GS H out of range');
			}
			case 0x56: {
				if (!need(3)) return 'more';
				const m = byte(2);
				if (m === 0 || m === 48) return done({ type: 'cut', kind: 'full' }, 3);
				if (m === 1 || m === 49) return done({ type: 'cut', kind: 'partial' }, 3);
				if (m === 65 || m === 66) {
					if (!need(4)) return 'more';
					return done({ type: 'cut', kind: m === 65 ? 'full' : 'partial', feedDots: byte(3) }, 4);
				}
				return unknown(3, 'GS V with an unknown mode');
			}
			case 0x28: {
				if (!need(5)) return 'more';
				if (byte(2) !== 0x6b) return unknown(3, 'unknown GS ( command');
				const size = byte(3) + byte(4) * 256;
				if (!need(5 + size)) return 'more';
				return done(symbolCommand(b.slice(p + 5, p + 5 + size)), 5 + size);
			}
			case 0x76: {
				if (!need(8)) return 'more';
				if (byte(2) !== 0x30) return unknown(3, 'unknown GS v command');
				const widthBytes = byte(4) + byte(5) * 256;
				const heightDots = byte(6) + byte(7) * 256;
				const size = widthBytes * heightDots;
				if (!need(8 + size)) return 'more';
				return done({ type: 'raster', mode: byte(3), widthBytes, heightDots, data: b.slice(p + 8, p + 8 + size) }, 8 + size);
			}
			case 0x6b: {
				if (!need(3)) return 'more';
				const system = byte(2);
				if (system <= 6) {
					let end = p + 3;
					while (end < b.length && b[end] !== 0) end++;
					if (end >= b.length) return 'more';
					return done({ type: 'barcode', system, data: Buffer.from(b.subarray(p + 3, end)).toString('latin1') }, end + 1 - p);
				}
				if (system < 65 || system > 79) return unknown(3, 'GS k with an unknown barcode system');
				if (!need(4)) return 'more';
				const n = byte(3);
				if (!need(4 + n)) return 'more';
				const data = b.subarray(p + 4, p + 4 + n);
				return done({ type: 'barcode', system, data: system === 73 ? code128Text(data) : Buffer.from(data).toString('latin1') }, 4 + n);
			}
			default:
				return unknown(2, 'unknown GS command');
		}
	}

	/** One GB18030 character: two bytes (81–FE, 40–FE except 7F) or four (81–FE, 30–39, 81–FE, 30–39). */
	private gb18030(
		b: Uint8Array,
		p: number,
		unknown: (length: number, reason: string) => Step,
		done: (command: EscPosCommandBody, length: number) => Step
	): Step {
		const lead = b[p] ?? 0;
		if (lead === 0x80 || lead === 0xff) return unknown(1, 'not a GB18030 lead byte');
		if (p + 2 > b.length) return 'more';
		const second = b[p + 1] ?? 0;
		let length: number;
		if (second >= 0x30 && second <= 0x39) {
			if (p + 4 > b.length) return 'more';
			const third = b[p + 2] ?? 0;
			const fourth = b[p + 3] ?? 0;
			if (third < 0x81 || third > 0xfe || fourth < 0x30 || fourth > 0x39) return unknown(1, 'broken four-byte GB18030 sequence');
			length = 4;
		} else if (second >= 0x40 && second <= 0xfe && second !== 0x7f) {
			length = 2;
		} else {
			return unknown(1, 'broken two-byte GB18030 sequence');
		}
		const text = iconv.decode(Buffer.from(b.subarray(p, p + length)), 'gb18030');
		return done({ type: 'text', text, chinese: true }, length);
	}
}

/** Many ESC/POS parameters accept both n and the ASCII digit '0' + n. */
function digitParameter(n: number): number {
	return n >= 48 ? n - 48 : n;
}

function symbolCommand(body: Uint8Array): EscPosCommandBody {
	const cn = body[0] ?? -1;
	const fn = body[1] ?? -1;
	const params = body.slice(2);
	const generic = { type: 'symbol', cn, fn, params } as const;
	if (cn !== 0x31) return generic;
	const n = params[0] ?? -1;
	if (fn === 0x41 && params.length === 2) {
		const model = n === 49 ? 1 : n === 50 ? 2 : n === 51 ? 'micro' : null;
		return model === null ? generic : { type: 'qrModel', model };
	}
	if (fn === 0x43 && params.length === 1) return { type: 'qrModuleSize', size: n };
	if (fn === 0x45 && params.length === 1) {
		const level = QR_LEVELS[n - 48];
		return level ? { type: 'qrErrorCorrection', level } : generic;
	}
	if (fn === 0x50 && n === 0x30) return { type: 'qrStore', data: Buffer.from(params.subarray(1)).toString('utf8') };
	if (fn === 0x51 && n === 0x30 && params.length === 1) return { type: 'qrPrint' };
	return generic;
}

/** The characters a `GS k 73` body prints: `{A`/`{B`/`{C` switch code sets, `{{` is `{`. */
function code128Text(data: Uint8Array): string {
	let text = '';
	let set = 'B';
	for (let i = 0; i < data.length; i++) {
		const byte = data[i] ?? 0;
		if (byte === 0x7b && i + 1 < data.length) {
			const next = data[i + 1] ?? 0;
			i++;
			if (next === 0x7b) text += '{';
			else if (next >= 0x41 && next <= 0x43) set = String.fromCharCode(next);
			continue;
		}
		text += set === 'C' ? String(byte).padStart(2, '0') : String.fromCharCode(byte);
	}
	return text;
}

/** Decodes a whole byte string; adjacent text of the same mode is merged into one command. */
export function decodeEscPos(bytes: Uint8Array): EscPosCommand[] {
	const decoder = new EscPosDecoder();
	return mergeText([...decoder.push(bytes), ...decoder.end()]);
}

export function mergeText(commands: EscPosCommand[]): EscPosCommand[] {
	const merged: EscPosCommand[] = [];
	for (const command of commands) {
		const last = merged[merged.length - 1];
		if (command.type === 'text' && last?.type === 'text' && last.chinese === command.chinese && last.offset + last.length === command.offset) {
			merged[merged.length - 1] = { ...last, text: last.text + command.text, length: last.length + command.length };
		} else {
			merged.push(command);
		}
	}
	return merged;
}

/** The printed text: text commands joined, LF as a newline. */
export function printedText(commands: readonly EscPosCommand[]): string {
	let text = '';
	for (const command of commands) {
		if (command.type === 'text') text += command.text;
		else if (command.type === 'lf') text += '\n';
	}
	return text;
}

export function commandsOf<T extends EscPosCommand['type']>(commands: readonly EscPosCommand[], type: T): EscPosCommandOf<T>[] {
	return commands.filter((command): command is EscPosCommandOf<T> => command.type === type);
}
