/**
 * GA 467 SAM frames (the serial/USB protocol of second-generation ID-card readers):
 *
 *   AA AA AA 96 69 | LEN (2 bytes, big-endian) | body | XOR
 *
 * Host → SAM body: CMD, PARA, data. SAM → host body: SW1, SW2, SW3, data.
 * LEN counts every byte after itself, the XOR included; XOR is taken over the LEN bytes and the body.
 *
 * Checked against published frames: softs.im "身份证阅读器通信协议" (command table, field meanings),
 * the IDCardDemo README (qiwenming, CSDN 50698927: find/select/read requests and responses, read
 * response layouts) and a public Java reader class (dlrc IdReader: CMD_FIND / CMD_FIND_SUCC /
 * CMD_FIND_FAIL / CMD_SELECT_SUCC / CMD_READ_FAIL constants). The tests hold those bytes.
 */

export const PREAMBLE: readonly number[] = [0xaa, 0xaa, 0xaa, 0x96, 0x69];
/** Preamble + the two LEN bytes. */
export const HEADER_SIZE = PREAMBLE.length + 2;
/** The shortest LEN: a request with no data is CMD PARA XOR. */
export const MIN_LEN = 3;
/** Longer than any real response (read with fingerprint: LEN 0x090A = 2314); a LEN above it is garbage. */
export const MAX_LEN = 4096;

export interface Command {
	readonly cmd: number;
	readonly para: number;
}

/** The commands HallQ sends (softs.im command table; 30 10 from the IDCardDemo README). */
export const COMMANDS = {
	reset: { cmd: 0x10, para: 0xff },
	samStatus: { cmd: 0x11, para: 0xff },
	samId: { cmd: 0x12, para: 0xff },
	findCard: { cmd: 0x20, para: 0x01 },
	selectCard: { cmd: 0x20, para: 0x02 },
	/** 256-byte text block + 1024-byte photo. */
	read: { cmd: 0x30, para: 0x01 },
	/** The latest address appended by the police station (证/卡 追加住址). */
	readAppendedAddress: { cmd: 0x30, para: 0x03 },
	/** Text + photo + fingerprint block (1024, 512 or 0 bytes). */
	readWithFingerprint: { cmd: 0x30, para: 0x10 }
} as const satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;

export function commandName(cmd: number, para: number): CommandName | undefined {
	for (const [name, c] of Object.entries(COMMANDS) as [CommandName, Command][]) {
		if (c.cmd === cmd && c.para === para) return name;
	}
	return undefined;
}

export function xor(bytes: Uint8Array, from = 0, to = bytes.length): number {
	let x = 0;
	for (let i = from; i < to; i++) x ^= bytes[i] ?? 0;
	return x;
}

/** Wraps a body in preamble, LEN and checksum. */
export function encodeFrame(body: Uint8Array): Uint8Array {
	const len = body.length + 1;
	if (len < MIN_LEN || len > MAX_LEN) throw new RangeError(`frame body of ${body.length} bytes is out of range`);
	const frame = new Uint8Array(HEADER_SIZE + len);
	frame.set(PREAMBLE, 0);
	frame[5] = len >> 8;
	frame[6] = len & 0xff;
	frame.set(body, HEADER_SIZE);
	frame[frame.length - 1] = xor(frame, 5, frame.length - 1);
	return frame;
}

export function encodeRequest(command: Command, data: Uint8Array = new Uint8Array(0)): Uint8Array {
	const body = new Uint8Array(2 + data.length);
	body[0] = command.cmd;
	body[1] = command.para;
	body.set(data, 2);
	return encodeFrame(body);
}

export type StatusWords = readonly [sw1: number, sw2: number, sw3: number];

export function encodeResponse(sw: StatusWords, data: Uint8Array = new Uint8Array(0)): Uint8Array {
	const body = new Uint8Array(3 + data.length);
	body.set(sw, 0);
	body.set(data, 3);
	return encodeFrame(body);
}

export interface Request {
	readonly cmd: number;
	readonly para: number;
	readonly data: Uint8Array;
}

export interface Response {
	readonly sw1: number;
	readonly sw2: number;
	readonly sw3: number;
	readonly data: Uint8Array;
}

/** The body of a host → SAM frame (what the simulator receives). */
export function parseRequest(body: Uint8Array): Request | undefined {
	if (body.length < 2) return undefined;
	return { cmd: body[0] ?? 0, para: body[1] ?? 0, data: body.subarray(2) };
}

/** The body of a SAM → host frame. */
export function parseResponse(body: Uint8Array): Response | undefined {
	if (body.length < 3) return undefined;
	return { sw1: body[0] ?? 0, sw2: body[1] ?? 0, sw3: body[2] ?? 0, data: body.subarray(3) };
}

export function toHex(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

export function fromHex(hex: string): Uint8Array {
	const digits = hex.replace(/\s+/g, '');
	if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw new SyntaxError(`not hex bytes: ${hex}`);
	const out = new Uint8Array(digits.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(digits.slice(2 * i, 2 * i + 2), 16);
	return out;
}
