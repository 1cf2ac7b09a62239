/**
 * Turns a byte stream cut anywhere (64-byte HID reports, serial bursts, several frames in one chunk,
 * noise before a preamble) into whole frames. Pure: no timers, no I/O; the caller feeds chunks.
 */
import { HEADER_SIZE, MAX_LEN, MIN_LEN, PREAMBLE, xor } from './frame';
import { CardReaderError } from './status-words';

export type ReassembledItem =
	| { readonly kind: 'frame'; readonly body: Uint8Array }
	| { readonly kind: 'error'; readonly error: CardReaderError };

export class FrameReassembler {
	private buffer: Uint8Array = new Uint8Array(0);

	/** Bytes held while waiting for the rest of a frame. */
	get buffered(): number {
		return this.buffer.length;
	}

	push(chunk: Uint8Array): ReassembledItem[] {
		this.buffer = concat(this.buffer, chunk);
		const items: ReassembledItem[] = [];
		for (;;) {
			const start = findPreamble(this.buffer);
			if (start < 0) {
				// Keep a tail that could be the beginning of a preamble split across chunks.
				this.buffer = this.buffer.slice(partialPreambleStart(this.buffer));
				return items;
			}
			if (start > 0) this.buffer = this.buffer.slice(start);
			if (this.buffer.length < HEADER_SIZE) return items;
			const len = ((this.buffer[5] ?? 0) << 8) | (this.buffer[6] ?? 0);
			if (len < MIN_LEN || len > MAX_LEN) {
				items.push({ kind: 'error', error: new CardReaderError('CARD.FRAME_LENGTH', `frame declares LEN ${len}`) });
				this.buffer = this.buffer.slice(1);
				continue;
			}
			const total = HEADER_SIZE + len;
			if (this.buffer.length < total) return items;
			const checksum = this.buffer[total - 1] ?? 0;
			if (xor(this.buffer, 5, total - 1) !== checksum) {
				items.push({ kind: 'error', error: new CardReaderError('CARD.FRAME_CHECKSUM', `frame of LEN ${len} fails its checksum`) });
				// The LEN itself may be the corrupted byte: look for the next preamble right after this one.
				this.buffer = this.buffer.slice(1);
				continue;
			}
			items.push({ kind: 'frame', body: this.buffer.slice(HEADER_SIZE, total - 1) });
			this.buffer = this.buffer.slice(total);
		}
	}

	/** Drops a partial frame, e.g. after a timeout, so the next answer is not glued to stale bytes. */
	reset(): void {
		this.buffer = new Uint8Array(0);
	}
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
	if (a.length === 0) return b.slice();
	const out = new Uint8Array(a.length + b.length);
	out.set(a, 0);
	out.set(b, a.length);
	return out;
}

function findPreamble(buf: Uint8Array): number {
	outer: for (let i = 0; i + PREAMBLE.length <= buf.length; i++) {
		for (let j = 0; j < PREAMBLE.length; j++) if (buf[i + j] !== PREAMBLE[j]) continue outer;
		return i;
	}
	return -1;
}

/** Where a suffix of `buf` that is a proper prefix of the preamble begins (buf.length if none). */
function partialPreambleStart(buf: Uint8Array): number {
	for (let keep = Math.min(PREAMBLE.length - 1, buf.length); keep > 0; keep--) {
		let match = true;
		for (let j = 0; j < keep; j++) if (buf[buf.length - keep + j] !== PREAMBLE[j]) match = false;
		if (match) return buf.length - keep;
	}
	return buf.length;
}
