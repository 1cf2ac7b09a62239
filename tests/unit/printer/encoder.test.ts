import { describe, expect, it } from 'vitest';
import { EscPosEncoder } from '../../../printer/escpos/encoder';
import { textColumns, wrapText } from '../../../printer/escpos/columns';

/** Expected bytes are written by hand from the Epson ESC/POS reference, never taken from the encoder. */
const bytes = (build: (e: EscPosEncoder) => EscPosEncoder, options?: ConstructorParameters<typeof EscPosEncoder>[0]): number[] =>
	[...build(new EscPosEncoder(options)).encode()];

describe('ESC/POS encoder golden bytes', () => {
	it('ESC @ initialises', () => {
		expect(bytes((e) => e.init())).toEqual([0x1b, 0x40]);
	});

	it('ESC a selects left, centre, right', () => {
		expect(bytes((e) => e.align('left').align('center').align('right'))).toEqual([0x1b, 0x61, 0, 0x1b, 0x61, 1, 0x1b, 0x61, 2]);
	});

	it('GS ! puts width - 1 in the high nibble and height - 1 in the low nibble', () => {
		expect(bytes((e) => e.size(1, 1))).toEqual([0x1d, 0x21, 0x00]);
		expect(bytes((e) => e.size(2, 2))).toEqual([0x1d, 0x21, 0x11]);
		expect(bytes((e) => e.size(3, 5))).toEqual([0x1d, 0x21, 0x24]);
		expect(bytes((e) => e.size(8, 8))).toEqual([0x1d, 0x21, 0x77]);
		expect(() => new EscPosEncoder().size(9, 1)).toThrow(RangeError);
		expect(() => new EscPosEncoder().size(1, 0)).toThrow(RangeError);
	});

	it('ESC E turns bold on and off', () => {
		expect(bytes((e) => e.bold(true).bold(false))).toEqual([0x1b, 0x45, 1, 0x1b, 0x45, 0]);
	});

	it('ASCII text stays outside Chinese mode; LF ends a line', () => {
		expect(bytes((e) => e.line('A1'))).toEqual([0x41, 0x31, 0x0a]);
	});

	it('Chinese text is GB18030 between FS & and FS .', () => {
		// 中 = D6 D0, 文 = CE C4 in GB2312/GB18030.
		expect(bytes((e) => e.line('中文A'))).toEqual([0x1c, 0x26, 0xd6, 0xd0, 0xce, 0xc4, 0x41, 0x1c, 0x2e, 0x0a]);
	});

	it('a character outside the BMP is a four-byte GB18030 sequence', () => {
		// U+20000 𠀀 = 95 32 82 36 (GB18030-2005 four-byte mapping).
		expect(bytes((e) => e.text('𠀀'))).toEqual([0x1c, 0x26, 0x95, 0x32, 0x82, 0x36, 0x1c, 0x2e]);
	});

	it('control characters in data become spaces, so a name cannot inject a command', () => {
		expect(bytes((e) => e.text('A\x1bB\nC'))).toEqual([0x41, 0x20, 0x42, 0x20, 0x43]);
	});

	it('QR code: GS ( k functions 165, 167, 169, 180, 181', () => {
		expect(bytes((e) => e.qr('AB', { moduleSize: 6, errorCorrection: 'Q' }))).toEqual([
			...[0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00], // 165: model 2
			...[0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x06], // 167: module size 6
			...[0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x32], // 169: level Q (50)
			...[0x1d, 0x28, 0x6b, 0x05, 0x00, 0x31, 0x50, 0x30, 0x41, 0x42], // 180: pL = k + 3
			...[0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30] // 181: print
		]);
	});

	it('QR error correction levels L, M, H are 48, 49, 51', () => {
		const level = (errorCorrection: 'L' | 'M' | 'H'): number | undefined => bytes((e) => e.qr('x', { errorCorrection }))[24];
		expect([level('L'), level('M'), level('H')]).toEqual([48, 49, 51]);
	});

	it('QR store length uses pH for data longer than 252 bytes', () => {
		const out = bytes((e) => e.qr('x'.repeat(300)));
		// 300 + 3 = 303 = 0x012F
		expect(out.slice(25, 33)).toEqual([0x1d, 0x28, 0x6b, 0x2f, 0x01, 0x31, 0x50, 0x30]);
	});

	it('GS v 0 raster header: m, xL xH (bytes per row), yL yH (dots)', () => {
		const data = new Uint8Array(2 * 3).fill(0xff);
		expect(bytes((e) => e.raster({ widthBytes: 2, heightDots: 3, data }))).toEqual([0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x03, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
	});

	it('QR raster fallback: a square GS v 0 image with a 4-module quiet zone and no GS ( k', () => {
		const out = bytes((e) => e.qr('HQ', { moduleSize: 2 }), { qr: 'raster' });
		// 'HQ' fits version 1 (21 modules): (21 + 8) * 2 = 58 dots, 8 bytes per row.
		expect(out.slice(0, 8)).toEqual([0x1d, 0x76, 0x30, 0x00, 8, 0, 58, 0]);
		expect(out.length).toBe(8 + 8 * 58);
		expect(out.includes(0x28)).toBe(false);
		// Row 8 (module row 0) starts with the finder pattern: 8 white dots, then 14 black.
		expect(out.slice(8 + 8 * 8, 8 + 8 * 8 + 3)).toEqual([0x00, 0xff, 0xfc]);
	});

	it('CODE128 code set B with GS h, GS w, GS H, GS k 73', () => {
		expect(bytes((e) => e.code128('A-1', { height: 60, moduleWidth: 3, hri: 'below' }))).toEqual([
			...[0x1d, 0x68, 60],
			...[0x1d, 0x77, 3],
			...[0x1d, 0x48, 2],
			...[0x1d, 0x6b, 73, 5, 0x7b, 0x42, 0x41, 0x2d, 0x31]
		]);
	});

	it('CODE128 uses code set C for an even run of digits and escapes {', () => {
		expect(bytes((e) => e.code128('1234', { hri: 'none' })).slice(9)).toEqual([0x1d, 0x6b, 73, 4, 0x7b, 0x43, 12, 34]);
		expect(bytes((e) => e.code128('{', { hri: 'none' })).slice(9)).toEqual([0x1d, 0x6b, 73, 4, 0x7b, 0x42, 0x7b, 0x7b]);
	});

	it('ESC d feeds n lines', () => {
		expect(bytes((e) => e.feed(3))).toEqual([0x1b, 0x64, 3]);
	});

	it('GS V: full 0, partial 1, feed-and-cut 65/66 n', () => {
		expect(bytes((e) => e.cut('full'))).toEqual([0x1d, 0x56, 0]);
		expect(bytes((e) => e.cut('partial'))).toEqual([0x1d, 0x56, 1]);
		expect(bytes((e) => e.cut('full', 10))).toEqual([0x1d, 0x56, 65, 10]);
		expect(bytes((e) => e.cut('partial', 0))).toEqual([0x1d, 0x56, 66, 0]);
	});
});

describe('columns and wrapping', () => {
	it('counts Chinese characters as two columns, ASCII as one', () => {
		expect(textColumns('A1')).toBe(2);
		expect(textColumns('中文')).toBe(4);
		expect(textColumns('𠀀')).toBe(2);
	});

	it('wraps 58 mm (32 columns) and 80 mm (48 columns) lines', () => {
		const e58 = new EscPosEncoder({ paper: 58 });
		const e80 = new EscPosEncoder({ paper: 80 });
		expect([e58.lineColumns, e80.lineColumns]).toEqual([32, 48]);
		e58.size(2, 2);
		expect(e58.lineColumns).toBe(16);
		const text = '政务服务中心'.repeat(5); // 30 characters, 60 columns
		expect(wrapText(text, 32).map(textColumns)).toEqual([32, 28]);
		expect(wrapText(text, 48).map(textColumns)).toEqual([48, 12]);
	});

	it('never splits a wide character across lines and keeps Latin words whole', () => {
		expect(wrapText('A中文字', 4)).toEqual(['A中', '文字']);
		expect(wrapText('counter seven', 8)).toEqual(['counter', 'seven']);
		expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
	});

	it('rejects a data length the QR and CODE128 commands cannot carry', () => {
		expect(() => new EscPosEncoder().qr('')).toThrow(RangeError);
		expect(() => new EscPosEncoder().qr('x'.repeat(7090))).toThrow(RangeError);
		expect(() => new EscPosEncoder().code128('中')).toThrow(RangeError);
	});
});
