/**
 * The 256-byte text block of a card read (GB 13000 UCS-2, little-endian). Each layout is a table of
 * fixed fields; decoding and the simulator's encoding both go through these helpers.
 */
import { CardReaderError } from '../status-words';
import { isoDate } from '../id-number';

export const TEXT_BLOCK_SIZE = 256;
/** Every variant puts its one-character card-type marker here ('J', 'I', 'Y'; blank on a resident card). */
export const TYPE_MARKER_OFFSET = 248;

export interface Field {
	readonly offset: number;
	/** In bytes: two per character. */
	readonly length: number;
}

export type FieldTable<K extends string> = Readonly<Record<K, Field>>;

/** Reads a field, dropping the padding: trailing spaces and NULs. */
export function readText(block: Uint8Array, field: Field): string {
	return trimPadding(readRaw(block, field));
}

/** Drops trailing spaces (the card's padding), other white space and NULs. */
export function trimPadding(text: string): string {
	let end = text.length;
	while (end > 0 && (text.charCodeAt(end - 1) === 0 || /\s/.test(text.charAt(end - 1)))) end--;
	return text.slice(0, end);
}

/** Reads a field as is, padding included (for a value continued in a second field). */
export function readRaw(block: Uint8Array, field: Field): string {
	let out = '';
	for (let i = field.offset; i + 1 < field.offset + field.length; i += 2) {
		out += String.fromCharCode((block[i] ?? 0) | ((block[i + 1] ?? 0) << 8));
	}
	return out;
}

/** Writes `text` into a field, padded with spaces as the card is. */
export function writeText(block: Uint8Array, field: Field, text: string): void {
	const chars = field.length / 2;
	if (text.length > chars) throw new RangeError(`"${text}" does not fit a ${chars}-character field`);
	const padded = text.padEnd(chars, ' ');
	for (let i = 0; i < chars; i++) {
		const code = padded.charCodeAt(i);
		block[field.offset + 2 * i] = code & 0xff;
		block[field.offset + 2 * i + 1] = code >> 8;
	}
}

export function typeMarker(block: Uint8Array): string {
	return readText(block, { offset: TYPE_MARKER_OFFSET, length: 2 });
}

export function badLayout(message: string): CardReaderError {
	return new CardReaderError('CARD.BAD_LAYOUT', message);
}

/** A card date "YYYYMMDD" → "YYYY-MM-DD"; anything else is a bad block. */
export function readDate(block: Uint8Array, field: Field, what: string): string {
	const raw = readText(block, field);
	const iso = isoDate(raw);
	if (!iso) throw badLayout(`${what} is not a date`);
	return iso;
}

export function writeDate(block: Uint8Array, field: Field, iso: string): void {
	writeText(block, field, iso.replaceAll('-', ''));
}

export const LONG_TERM = '长期';

export interface Validity {
	/** YYYY-MM-DD */
	readonly from: string;
	/** YYYY-MM-DD, or 'long-term' where the card says 长期. */
	readonly until: string;
}

export function readValidity(block: Uint8Array, from: Field, until: Field): Validity {
	const end = readText(block, until);
	return { from: readDate(block, from, 'validity start'), until: end === LONG_TERM ? 'long-term' : readDate(block, until, 'validity end') };
}

export function writeValidity(block: Uint8Array, from: Field, until: Field, validity: Validity): void {
	writeDate(block, from, validity.from);
	if (validity.until === 'long-term') writeText(block, until, LONG_TERM);
	else writeDate(block, until, validity.until);
}

export type Gender = 'male' | 'female' | 'unknown' | 'unspecified';

/** GB/T 2261.1 sex codes, as the card stores them (one character). */
const GENDERS: Record<string, Gender> = { '0': 'unknown', '1': 'male', '2': 'female', '9': 'unspecified' };

export function readGender(block: Uint8Array, field: Field): Gender {
	const code = readText(block, field);
	const gender = GENDERS[code];
	if (!gender) throw badLayout(`sex code "${code}" is unknown`);
	return gender;
}

export function writeGender(block: Uint8Array, field: Field, gender: Gender): void {
	const code = Object.entries(GENDERS).find(([, g]) => g === gender)?.[0] ?? '0';
	writeText(block, field, code);
}
