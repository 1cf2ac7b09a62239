import { describe, expect, it } from 'vitest';
import { isPrinterError } from '../../../printer/errors';
import {
	asbEnableBytes,
	asbForHealth,
	healthFromReplies,
	parseAsb,
	parseErrorCause,
	parseOfflineCause,
	parsePaperSensor,
	parsePrinterStatus,
	repliesForHealth,
	statusRequestBytes,
	StatusStreamParser,
	type PrinterHealth
} from '../../../printer/status';

const FIXED = 0b0001_0010; // DLE EOT replies: bit 1 and bit 4 set, bits 0 and 7 clear

const badReply = (fn: () => unknown): boolean => {
	try {
		fn();
		return false;
	} catch (err) {
		return isPrinterError(err, 'PRINTER.BAD_REPLY');
	}
};

describe('DLE EOT status', () => {
	it('requests are DLE EOT n', () => {
		expect([...statusRequestBytes(1)]).toEqual([0x10, 0x04, 0x01]);
		expect([...statusRequestBytes(4)]).toEqual([0x10, 0x04, 0x04]);
	});

	it('n = 1 printer status: bit 2 drawer, 3 offline, 5 waiting for recovery, 6 feed button', () => {
		expect(parsePrinterStatus(FIXED)).toEqual({ drawerPin3High: false, offline: false, waitingForOnlineRecovery: false, feedButtonPressed: false });
		expect(parsePrinterStatus(FIXED | 0x04).drawerPin3High).toBe(true);
		expect(parsePrinterStatus(FIXED | 0x08).offline).toBe(true);
		expect(parsePrinterStatus(FIXED | 0x20).waitingForOnlineRecovery).toBe(true);
		expect(parsePrinterStatus(FIXED | 0x40).feedButtonPressed).toBe(true);
	});

	it('n = 2 offline cause: bit 2 cover, 3 feed button, 5 paper end, 6 error', () => {
		expect(parseOfflineCause(FIXED)).toEqual({ coverOpen: false, feedingByButton: false, stoppedByPaperEnd: false, errorOccurred: false });
		expect(parseOfflineCause(FIXED | 0x04).coverOpen).toBe(true);
		expect(parseOfflineCause(FIXED | 0x08).feedingByButton).toBe(true);
		expect(parseOfflineCause(FIXED | 0x20).stoppedByPaperEnd).toBe(true);
		expect(parseOfflineCause(FIXED | 0x40).errorOccurred).toBe(true);
	});

	it('n = 3 error cause: bit 2 recoverable, 3 autocutter, 5 unrecoverable, 6 auto-recoverable', () => {
		expect(parseErrorCause(FIXED)).toEqual({ recoverable: false, autocutter: false, unrecoverable: false, autoRecoverable: false });
		expect(parseErrorCause(FIXED | 0x04).recoverable).toBe(true);
		expect(parseErrorCause(FIXED | 0x08).autocutter).toBe(true);
		expect(parseErrorCause(FIXED | 0x20).unrecoverable).toBe(true);
		expect(parseErrorCause(FIXED | 0x40).autoRecoverable).toBe(true);
	});

	it('n = 4 paper sensors: bits 2–3 near end, bits 5–6 paper end', () => {
		expect(parsePaperSensor(0x12)).toEqual({ nearEnd: false, paperEnd: false });
		expect(parsePaperSensor(0x1e)).toEqual({ nearEnd: true, paperEnd: false });
		expect(parsePaperSensor(0x72)).toEqual({ nearEnd: false, paperEnd: true });
		expect(parsePaperSensor(0x7e)).toEqual({ nearEnd: true, paperEnd: true });
	});

	it('rejects a reply without the fixed bits 0xx1xx10', () => {
		for (const byte of [0x00, 0x13, 0x02, 0x10, 0x92, 0xff]) {
			expect(badReply(() => parsePrinterStatus(byte))).toBe(true);
			expect(badReply(() => parsePaperSensor(byte))).toBe(true);
		}
		expect(badReply(() => parseOfflineCause(0x12))).toBe(false);
	});

	it('combines the four replies: a printer out of paper (Epson example 0x1A 0x32 0x12 0x7E)', () => {
		expect(healthFromReplies([0x1a, 0x32, 0x12, 0x7e])).toEqual({
			online: false,
			paper: 'out',
			coverOpen: false,
			errors: [],
			waitingForOnlineRecovery: false,
			feedingByButton: false,
			drawerPin3High: false
		});
		expect(healthFromReplies([0x12, 0x12, 0x12, 0x1e]).paper).toBe('nearEnd');
		expect(healthFromReplies([0x1a, 0x16, 0x12, 0x12]).coverOpen).toBe(true);
		expect(healthFromReplies([0x1a, 0x52, 0x7e, 0x12]).errors).toEqual(['recoverable', 'autocutter', 'unrecoverable', 'autoRecoverable']);
	});
});

const healths: PrinterHealth[] = [
	{ online: true, paper: 'ok', coverOpen: false, errors: [], waitingForOnlineRecovery: false, feedingByButton: false, drawerPin3High: false },
	{ online: true, paper: 'nearEnd', coverOpen: false, errors: [], waitingForOnlineRecovery: false, feedingByButton: false, drawerPin3High: true },
	{ online: false, paper: 'out', coverOpen: false, errors: [], waitingForOnlineRecovery: true, feedingByButton: false, drawerPin3High: false },
	{ online: false, paper: 'ok', coverOpen: true, errors: [], waitingForOnlineRecovery: false, feedingByButton: true, drawerPin3High: false },
	{ online: false, paper: 'ok', coverOpen: false, errors: ['autocutter', 'unrecoverable'], waitingForOnlineRecovery: false, feedingByButton: false, drawerPin3High: false }
];

describe('Automatic Status Back', () => {
	it('GS a n sets bit 0 drawer, 1 online/offline, 2 error, 3 paper sensor', () => {
		expect([...asbEnableBytes({})]).toEqual([0x1d, 0x61, 0]);
		expect([...asbEnableBytes({ drawer: true })]).toEqual([0x1d, 0x61, 1]);
		expect([...asbEnableBytes({ onlineOffline: true, error: true, paperSensor: true })]).toEqual([0x1d, 0x61, 14]);
	});

	it('parses hand-written ASB messages', () => {
		// byte 1: bit 4 fixed; 0x38 = offline + cover open. byte 3: 0x0f = near end and paper end.
		expect(parseAsb(Uint8Array.of(0x38, 0x00, 0x0f, 0x00))).toMatchObject({ online: false, coverOpen: true, paper: 'out', errors: [] });
		expect(parseAsb(Uint8Array.of(0x10, 0x00, 0x03, 0x00))).toMatchObject({ online: true, paper: 'nearEnd' });
		expect(parseAsb(Uint8Array.of(0x18, 0x69, 0x00, 0x00))).toMatchObject({ waitingForOnlineRecovery: true, errors: ['autocutter', 'unrecoverable', 'autoRecoverable'] });
		expect(parseAsb(Uint8Array.of(0x14, 0x04, 0x00, 0x00))).toMatchObject({ drawerPin3High: true, errors: ['recoverable'] });
		expect(parseAsb(Uint8Array.of(0x50, 0x00, 0x00, 0x00)).feedingByButton).toBe(true);
	});

	it('rejects ASB bytes without their fixed bits', () => {
		expect(badReply(() => parseAsb(Uint8Array.of(0x12, 0, 0, 0)))).toBe(true); // a DLE EOT reply, not ASB
		expect(badReply(() => parseAsb(Uint8Array.of(0x10, 0x10, 0, 0)))).toBe(true);
		expect(badReply(() => parseAsb(Uint8Array.of(0x10, 0, 0x80, 0)))).toBe(true);
		expect(badReply(() => parseAsb(Uint8Array.of(0x10, 0, 0)))).toBe(true);
	});

	it.each(healths.map((h, i) => [i, h] as const))('health %i survives both encodings', (_i, health) => {
		expect(healthFromReplies(repliesForHealth(health))).toEqual(health);
		expect(parseAsb(asbForHealth(health))).toEqual(health);
	});

	it('splits a reply stream into DLE EOT replies and ASB messages, across chunks', () => {
		const parser = new StatusStreamParser();
		const items = [...parser.push(Uint8Array.of(0x12, 0x38, 0x00)), ...parser.push(Uint8Array.of(0x0f, 0x00, 0x1e, 0x13))];
		expect(items.map((item) => item.kind)).toEqual(['realtime', 'asb', 'realtime', 'unknown']);
		expect(items[1]).toEqual({ kind: 'asb', message: Uint8Array.of(0x38, 0x00, 0x0f, 0x00) });
	});
});
