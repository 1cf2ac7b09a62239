import { describe, expect, it } from 'vitest';
import { EscPosEncoder } from '../../../printer/escpos/encoder';
import { EscPosDecoder, commandsOf, decodeEscPos, printedText, type EscPosCommand } from '../../../printer/escpos/decoder';

const types = (commands: EscPosCommand[]): string[] => commands.map((c) => c.type);

describe('ESC/POS decoder', () => {
	it('decodes hand-written bytes into typed commands', () => {
		const commands = decodeEscPos(
			Uint8Array.from([0x1b, 0x40, 0x1b, 0x61, 1, 0x1d, 0x21, 0x11, 0x1b, 0x45, 1, 0x41, 0x0a, 0x1b, 0x64, 2, 0x1d, 0x56, 66, 5])
		);
		expect(commands.map(({ offset: _o, length: _l, ...rest }) => rest)).toEqual([
			{ type: 'init' },
			{ type: 'align', align: 'center' },
			{ type: 'size', width: 2, height: 2 },
			{ type: 'bold', on: true },
			{ type: 'text', text: 'A', chinese: false },
			{ type: 'lf' },
			{ type: 'feed', lines: 2 },
			{ type: 'cut', kind: 'partial', feedDots: 5 }
		]);
	});

	it.each([
		['common characters', '政务服务中心 A001 号'],
		['a four-byte GB18030 character (U+20000)', '𠀀'],
		['rare name characters', '王㛃 李䶮 张鿍'],
		['full-width punctuation', '请到３号窗口：谢谢！']
	])('round-trips %s in Chinese mode', (_label, text) => {
		const commands = decodeEscPos(new EscPosEncoder().init().line(text).encode());
		expect(printedText(commands)).toBe(`${text}\n`);
		expect(types(commands)).toEqual(['init', 'chineseOn', 'text', 'chineseOff', 'lf']);
		expect(commandsOf(commands, 'unknown')).toEqual([]);
	});

	it('round-trips every size 1–8 × 1–8', () => {
		const encoder = new EscPosEncoder();
		const expected: { width: number; height: number }[] = [];
		for (let width = 1; width <= 8; width++) {
			for (let height = 1; height <= 8; height++) {
				encoder.size(width, height);
				expected.push({ width, height });
			}
		}
		const sizes = commandsOf(decodeEscPos(encoder.encode()), 'size').map(({ width, height }) => ({ width, height }));
		expect(sizes).toEqual(expected);
	});

	it.each([
		['a status URL', 'https://hallq.example.cn/t/city/2025-03-14/A001?k=3f9a'],
		['Chinese text (UTF-8 bytes)', '票号A001 请到3号窗口'],
		['a 1000-byte payload', 'Z'.repeat(1000)]
	])('round-trips a QR payload: %s', (_label, data) => {
		const commands = decodeEscPos(new EscPosEncoder().qr(data, { moduleSize: 5, errorCorrection: 'H' }).encode());
		expect(types(commands)).toEqual(['qrModel', 'qrModuleSize', 'qrErrorCorrection', 'qrStore', 'qrPrint']);
		expect(commandsOf(commands, 'qrModel')[0]?.model).toBe(2);
		expect(commandsOf(commands, 'qrModuleSize')[0]?.size).toBe(5);
		expect(commandsOf(commands, 'qrErrorCorrection')[0]?.level).toBe('H');
		expect(commandsOf(commands, 'qrStore')[0]?.data).toBe(data);
	});

	it('round-trips CODE128 in code sets B and C and the raster QR fallback', () => {
		const commands = decodeEscPos(new EscPosEncoder({ qr: 'raster' }).code128('A{1').code128('20250314').qr('HQ').encode());
		expect(commandsOf(commands, 'barcode').map((c) => [c.system, c.data])).toEqual([
			[73, 'A{1'],
			[73, '20250314']
		]);
		const [raster] = commandsOf(commands, 'raster');
		expect(raster?.heightDots).toBe((21 + 8) * 6);
		expect(raster?.data.length).toBe((raster?.widthBytes ?? 0) * (raster?.heightDots ?? 0));
	});

	it('reports unknown bytes and goes on decoding', () => {
		const commands = decodeEscPos(Uint8Array.from([0x41, 0x07, 0x1b, 0x7a, 0x42, 0xc8, 0x43]));
		expect(types(commands)).toEqual(['text', 'unknown', 'unknown', 'text', 'unknown', 'text']);
		expect(commandsOf(commands, 'unknown').map((c) => [...c.bytes])).toEqual([[0x07], [0x1b, 0x7a], [0xc8]]);
		expect(printedText(commands)).toBe('ABC');
	});

	it('reports a broken GB18030 sequence in Chinese mode without throwing', () => {
		const commands = decodeEscPos(Uint8Array.from([0x1c, 0x26, 0xd6, 0x0a, 0xd6, 0xd0, 0x1c, 0x2e]));
		expect(types(commands)).toEqual(['chineseOn', 'unknown', 'lf', 'text', 'chineseOff']);
		expect(printedText(commands)).toBe('\n中');
	});

	it('reports an incomplete trailing command', () => {
		const bytes = new EscPosEncoder().init().qr('HALLQ').encode().slice(0, -3);
		const commands = decodeEscPos(bytes);
		const last = commands[commands.length - 1];
		expect(last?.type).toBe('incomplete');
		expect(last?.offset).toBe(bytes.length - 5);
		expect(last?.length).toBe(5);
	});

	it('reports a four-byte character cut at the end', () => {
		const commands = decodeEscPos(Uint8Array.from([0x1c, 0x26, 0x95, 0x32, 0x82]));
		expect(types(commands)).toEqual(['chineseOn', 'incomplete']);
	});

	it('decodes the same commands whatever the chunking, four-byte characters included', () => {
		const bytes = new EscPosEncoder().init().line('𠀀号A001').qr('https://hallq.example.cn/t/1').cut('partial', 3).encode();
		const whole = printedText(decodeEscPos(bytes));
		for (const size of [1, 2, 3, 5, 7]) {
			const decoder = new EscPosDecoder();
			const commands: EscPosCommand[] = [];
			for (let i = 0; i < bytes.length; i += size) commands.push(...decoder.push(bytes.subarray(i, i + size)));
			commands.push(...decoder.end());
			expect(printedText(commands)).toBe(whole);
			expect(commandsOf(commands, 'qrStore')[0]?.data).toBe('https://hallq.example.cn/t/1');
			expect(commands[commands.length - 1]?.type).toBe('cut');
		}
	});
});
