/**
 * The data of a successful read (after SW1–SW3). From the IDCardDemo README:
 *   30 01: text length (2, BE) | photo length (2, BE) | 256-byte text | 1024-byte photo
 *   30 10: text length | photo length | fingerprint length (1024, 512 or 0) | text | photo | fingerprint
 *
 * Privacy: the photo and fingerprint are never stored (DESIGN "Privacy"). Only their lengths leave
 * the parse, and their bytes are overwritten in the buffer that held them.
 */
import { TEXT_BLOCK_SIZE } from './layouts/text-block';
import { CardReaderError } from './status-words';

export const PHOTO_SIZE = 1024;

export interface ReadData {
	/** A copy of the 256-byte text block. */
	readonly textBlock: Uint8Array;
	readonly photoLength: number;
	readonly fingerprintLength: number;
}

export function parseReadData(data: Uint8Array, withFingerprint: boolean): ReadData {
	const header = withFingerprint ? 6 : 4;
	if (data.length < header) throw badResponse(`read answer of ${data.length} bytes has no length header`);
	const textLength = u16(data, 0);
	const photoLength = u16(data, 2);
	const fingerprintLength = withFingerprint ? u16(data, 4) : 0;
	if (textLength !== TEXT_BLOCK_SIZE) throw badResponse(`text length ${textLength}, expected ${TEXT_BLOCK_SIZE}`);
	if (data.length !== header + textLength + photoLength + fingerprintLength) {
		throw badResponse(`read answer of ${data.length} bytes does not match its lengths ${textLength}/${photoLength}/${fingerprintLength}`);
	}
	const textBlock = data.slice(header, header + textLength);
	data.fill(0, header + textLength);
	return { textBlock, photoLength, fingerprintLength };
}

/** The simulator's side: a read answer with filler where the photo (and fingerprint) would be. */
export function encodeReadData(textBlock: Uint8Array, options: { fingerprintLength?: number; filler?: (length: number) => Uint8Array } = {}): Uint8Array {
	const withFingerprint = options.fingerprintLength !== undefined;
	const fingerprintLength = options.fingerprintLength ?? 0;
	const header = withFingerprint ? 6 : 4;
	const filler = options.filler ?? ((n: number) => new Uint8Array(n));
	const out = new Uint8Array(header + textBlock.length + PHOTO_SIZE + fingerprintLength);
	putU16(out, 0, textBlock.length);
	putU16(out, 2, PHOTO_SIZE);
	if (withFingerprint) putU16(out, 4, fingerprintLength);
	out.set(textBlock, header);
	out.set(filler(PHOTO_SIZE + fingerprintLength), header + textBlock.length);
	return out;
}

function badResponse(message: string): CardReaderError {
	return new CardReaderError('CARD.BAD_RESPONSE', message);
}

function u16(bytes: Uint8Array, at: number): number {
	return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

function putU16(bytes: Uint8Array, at: number, value: number): void {
	bytes[at] = value >> 8;
	bytes[at + 1] = value & 0xff;
}
