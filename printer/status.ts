import { PrinterError } from './errors';

/**
 * Printer status as the Epson ESC/POS reference defines it: the real-time replies to
 * `DLE EOT n` (one byte each, fixed bits 0xx1xx10) and Automatic Status Back (`GS a n`, four bytes:
 * the first 0xx1xx00, the others 0xx0xxxx).
 */

export type StatusRequest = 1 | 2 | 3 | 4;
export type PaperState = 'ok' | 'nearEnd' | 'out';
export type PrinterFault = 'recoverable' | 'autocutter' | 'unrecoverable' | 'autoRecoverable';

export interface PrinterHealth {
	online: boolean;
	paper: PaperState;
	coverOpen: boolean;
	/** Error kinds reported; empty when none. */
	errors: PrinterFault[];
	waitingForOnlineRecovery: boolean;
	/** Paper is being fed by the feed button (the printer is offline meanwhile). */
	feedingByButton: boolean;
	drawerPin3High: boolean;
}

/** DLE EOT n: real-time status transmission. */
export function statusRequestBytes(n: StatusRequest): Uint8Array {
	return Uint8Array.of(0x10, 0x04, n);
}

/** The four requests a full status needs, in the order `healthFromReplies` takes their replies. */
export const FULL_STATUS_REQUESTS: readonly StatusRequest[] = [1, 2, 3, 4];

const bit = (byte: number, n: number): boolean => ((byte >> n) & 1) === 1;

/** Whether `byte` has the fixed bits of a DLE EOT reply (bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0). */
export function isRealtimeReply(byte: number): boolean {
	return (byte & 0b1001_0011) === 0b0001_0010;
}

function checkReply(byte: number, what: string): void {
	if (!Number.isInteger(byte) || byte < 0 || byte > 255 || !isRealtimeReply(byte)) {
		throw new PrinterError('PRINTER.BAD_REPLY', `${what} reply 0x${byte.toString(16).padStart(2, '0')} lacks the fixed bits 0xx1xx10`);
	}
}

/** n = 1: printer status. */
export function parsePrinterStatus(byte: number): { drawerPin3High: boolean; offline: boolean; waitingForOnlineRecovery: boolean; feedButtonPressed: boolean } {
	checkReply(byte, 'DLE EOT 1');
	return { drawerPin3High: bit(byte, 2), offline: bit(byte, 3), waitingForOnlineRecovery: bit(byte, 5), feedButtonPressed: bit(byte, 6) };
}

/** n = 2: offline cause. */
export function parseOfflineCause(byte: number): { coverOpen: boolean; feedingByButton: boolean; stoppedByPaperEnd: boolean; errorOccurred: boolean } {
	checkReply(byte, 'DLE EOT 2');
	return { coverOpen: bit(byte, 2), feedingByButton: bit(byte, 3), stoppedByPaperEnd: bit(byte, 5), errorOccurred: bit(byte, 6) };
}

/** n = 3: error cause. */
export function parseErrorCause(byte: number): { recoverable: boolean; autocutter: boolean; unrecoverable: boolean; autoRecoverable: boolean } {
	checkReply(byte, 'DLE EOT 3');
	return { recoverable: bit(byte, 2), autocutter: bit(byte, 3), unrecoverable: bit(byte, 5), autoRecoverable: bit(byte, 6) };
}

/** n = 4: roll paper sensors; each sensor sets two bits. */
export function parsePaperSensor(byte: number): { nearEnd: boolean; paperEnd: boolean } {
	checkReply(byte, 'DLE EOT 4');
	return { nearEnd: (byte & 0b0000_1100) !== 0, paperEnd: (byte & 0b0110_0000) !== 0 };
}

/** The health from the replies to DLE EOT 1, 2, 3 and 4. */
export function healthFromReplies(replies: readonly [number, number, number, number] | Uint8Array): PrinterHealth {
	if (replies.length !== 4) throw new PrinterError('PRINTER.BAD_REPLY', `expected 4 status replies, got ${replies.length}`);
	const printer = parsePrinterStatus(replies[0] ?? -1);
	const offline = parseOfflineCause(replies[1] ?? -1);
	const error = parseErrorCause(replies[2] ?? -1);
	const paper = parsePaperSensor(replies[3] ?? -1);
	return {
		online: !printer.offline,
		paper: paper.paperEnd || offline.stoppedByPaperEnd ? 'out' : paper.nearEnd ? 'nearEnd' : 'ok',
		coverOpen: offline.coverOpen,
		errors: faults(error.recoverable, error.autocutter, error.unrecoverable, error.autoRecoverable),
		waitingForOnlineRecovery: printer.waitingForOnlineRecovery,
		feedingByButton: offline.feedingByButton,
		drawerPin3High: printer.drawerPin3High
	};
}

function faults(recoverable: boolean, autocutter: boolean, unrecoverable: boolean, autoRecoverable: boolean): PrinterFault[] {
	const kinds: PrinterFault[] = [];
	if (recoverable) kinds.push('recoverable');
	if (autocutter) kinds.push('autocutter');
	if (unrecoverable) kinds.push('unrecoverable');
	if (autoRecoverable) kinds.push('autoRecoverable');
	return kinds;
}

export interface AsbItems {
	drawer?: boolean;
	onlineOffline?: boolean;
	error?: boolean;
	paperSensor?: boolean;
}

/** GS a n: enable ASB for the chosen items (all off disables ASB). */
export function asbEnableBytes(items: AsbItems): Uint8Array {
	const n = (items.drawer ? 1 : 0) | (items.onlineOffline ? 2 : 0) | (items.error ? 4 : 0) | (items.paperSensor ? 8 : 0);
	return Uint8Array.of(0x1d, 0x61, n);
}

export function isAsbFirstByte(byte: number): boolean {
	return (byte & 0b1001_0011) === 0b0001_0000;
}

export function isAsbFollowingByte(byte: number): boolean {
	return (byte & 0b1001_0000) === 0;
}

/** The health in a 4-byte ASB message. */
export function parseAsb(message: Uint8Array): PrinterHealth {
	if (message.length !== 4) throw new PrinterError('PRINTER.BAD_REPLY', `an ASB message has 4 bytes, got ${message.length}`);
	const [first = -1, second = -1, third = -1, fourth = -1] = message;
	if (!isAsbFirstByte(first)) throw new PrinterError('PRINTER.BAD_REPLY', `ASB byte 1 (0x${first.toString(16)}) lacks the fixed bits 0xx1xx00`);
	for (const [index, byte] of [second, third, fourth].entries()) {
		if (!isAsbFollowingByte(byte)) throw new PrinterError('PRINTER.BAD_REPLY', `ASB byte ${index + 2} (0x${byte.toString(16)}) lacks the fixed bits 0xx0xxxx`);
	}
	return {
		online: !bit(first, 3),
		paper: (third & 0b1100) !== 0 ? 'out' : (third & 0b0011) !== 0 ? 'nearEnd' : 'ok',
		coverOpen: bit(first, 5),
		errors: faults(bit(second, 2), bit(second, 3), bit(second, 5), bit(second, 6)),
		waitingForOnlineRecovery: bit(second, 0),
		feedingByButton: bit(first, 6),
		drawerPin3High: bit(first, 2)
	};
}

/** The reverse of the parsers, for the simulator: DLE EOT 1–4 replies for a health. */
export function repliesForHealth(health: PrinterHealth): [number, number, number, number] {
	const has = (fault: PrinterFault): boolean => health.errors.includes(fault);
	const errorOccurred = health.errors.length > 0;
	const printer = 0x12 | (health.drawerPin3High ? 0x04 : 0) | (health.online ? 0 : 0x08) | (health.waitingForOnlineRecovery ? 0x20 : 0);
	const offline = 0x12 | (health.coverOpen ? 0x04 : 0) | (health.feedingByButton ? 0x08 : 0) | (health.paper === 'out' ? 0x20 : 0) | (errorOccurred ? 0x40 : 0);
	const error = 0x12 | (has('recoverable') ? 0x04 : 0) | (has('autocutter') ? 0x08 : 0) | (has('unrecoverable') ? 0x20 : 0) | (has('autoRecoverable') ? 0x40 : 0);
	const paper = 0x12 | (health.paper !== 'ok' ? 0x0c : 0) | (health.paper === 'out' ? 0x60 : 0);
	return [printer, offline, error, paper];
}

/** The reverse of `parseAsb`, for the simulator. */
export function asbForHealth(health: PrinterHealth): Uint8Array {
	const has = (fault: PrinterFault): boolean => health.errors.includes(fault);
	const first = 0x10 | (health.drawerPin3High ? 0x04 : 0) | (health.online ? 0 : 0x08) | (health.coverOpen ? 0x20 : 0) | (health.feedingByButton ? 0x40 : 0);
	const second = (health.waitingForOnlineRecovery ? 0x01 : 0) | (has('recoverable') ? 0x04 : 0) | (has('autocutter') ? 0x08 : 0) | (has('unrecoverable') ? 0x20 : 0) | (has('autoRecoverable') ? 0x40 : 0);
	const third = (health.paper !== 'ok' ? 0x03 : 0) | (health.paper === 'out' ? 0x0c : 0);
	return Uint8Array.of(first, second, third, 0);
}

export type StatusStreamItem = { kind: 'realtime'; byte: number } | { kind: 'asb'; message: Uint8Array } | { kind: 'unknown'; byte: number };

/**
 * Splits what a printer sends back into DLE EOT replies and ASB messages by their fixed bits.
 * XON (0x11) and XOFF (0x13) of serial flow control match neither pattern and come out as unknown.
 */
export class StatusStreamParser {
	private asb: number[] | null = null;

	push(chunk: Uint8Array): StatusStreamItem[] {
		const items: StatusStreamItem[] = [];
		for (const byte of chunk) {
			if (this.asb) {
				if (isAsbFollowingByte(byte)) {
					this.asb.push(byte);
					if (this.asb.length === 4) {
						items.push({ kind: 'asb', message: Uint8Array.from(this.asb) });
						this.asb = null;
					}
					continue;
				}
				for (const stray of this.asb) items.push({ kind: 'unknown', byte: stray });
				this.asb = null;
			}
			if (isRealtimeReply(byte)) items.push({ kind: 'realtime', byte });
			else if (isAsbFirstByte(byte)) this.asb = [byte];
			else items.push({ kind: 'unknown', byte });
		}
		return items;
	}
}
