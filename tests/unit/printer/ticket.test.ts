import { describe, expect, it } from 'vitest';
import { commandsOf, decodeEscPos, printedText } from '../../../printer/escpos/decoder';
import { textColumns } from '../../../printer/escpos/columns';
import { qrMatrix } from '../../../printer/escpos/qr-matrix';
import { layoutFromCommands } from '../../../printer/simulator/preview';
import { formatIssuedAt, layoutTicket, type TicketLayout } from '../../../printer/ticket/layout';
import { renderTicketEscPos } from '../../../printer/ticket/render-escpos';
import { renderTicketSvg } from '../../../printer/ticket/render-svg';
import { sampleTicket } from './fixtures';

const layoutLines = (layout: TicketLayout): string[] => layout.blocks.flatMap((b) => (b.kind === 'text' ? b.lines : []));
const svgLines = (svg: string): string[] =>
	[...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => (m[1] ?? '').replace(/&#(\d+);/g, (_all, code: string) => String.fromCharCode(Number(code))));

describe('ticket layout', () => {
	it('holds what a citizen needs, zh-CN first then English', () => {
		const lines = layoutLines(layoutTicket(sampleTicket));
		expect(lines).toContain('A023');
		expect(lines).toContain('前面还有 7 人');
		expect(lines).toContain('预计等候：约 18 分钟');
		expect(lines).toContain('窗口：3、5、12');
		expect(lines).toContain('取号时间：2025-03-14 09:05');
		expect(lines).toContain('本票不含个人信息，凭号码办理');
		expect(lines.indexOf('前面还有 7 人')).toBeLessThan(lines.indexOf('People ahead: 7'));
	});

	it('says 暂无法估算 without an estimate and has no English lines unless asked', () => {
		const lines = layoutLines(layoutTicket({ ...sampleTicket, estimatedWaitMinutes: null, english: undefined }));
		expect(lines).toContain('预计等候：暂无法估算');
		expect(lines.filter((l) => /[a-z]{3}/.test(l))).toEqual([]);
	});

	it('fits every line to the paper at its size, 58 and 80 mm', () => {
		for (const paper of [58, 80] as const) {
			const layout = layoutTicket({ ...sampleTicket, hallName: '青山市某某县某某镇人民政府便民服务中心' }, { paper });
			for (const block of layout.blocks) {
				if (block.kind !== 'text') continue;
				for (const line of block.lines) expect(textColumns(line) * block.width).toBeLessThanOrEqual(paper === 58 ? 32 : 48);
			}
		}
	});

	it('prints the number as large as fits, up to 4 × 4', () => {
		const big = layoutTicket(sampleTicket).blocks.find((b) => b.kind === 'text' && b.lines[0] === 'A023');
		expect(big).toMatchObject({ width: 4, height: 4, bold: true });
		const long = layoutTicket({ ...sampleTicket, ticketNumber: 'VIP-A0023' }, { paper: 58 }).blocks.find((b) => b.kind === 'text' && b.lines[0] === 'VIP-A0023');
		expect(long).toMatchObject({ width: 3 });
	});

	it('formats the issue time in the hall zone', () => {
		expect(formatIssuedAt('2025-03-14T16:30:00Z', 'Asia/Shanghai')).toBe('2025-03-15 00:30');
		expect(formatIssuedAt('2025-03-14T16:30:00Z', 'Asia/Urumqi')).toBe('2025-03-14 22:30');
	});
});

describe('ticket renderers draw the same model', () => {
	const layout = layoutTicket(sampleTicket);

	it('ESC/POS: one job from ESC @ to a partial cut, the same lines, the QR to the status page', () => {
		const bytes = renderTicketEscPos(layout);
		const commands = decodeEscPos(bytes);
		expect(commands[0]?.type).toBe('init');
		expect(commands[commands.length - 1]).toMatchObject({ type: 'cut', kind: 'partial' });
		const printed = printedText(commands).split('\n');
		for (const line of layoutLines(layout)) expect(printed).toContain(line);
		expect(commandsOf(commands, 'qrStore').map((c) => c.data)).toEqual([sampleTicket.statusUrl]);
		expect(commandsOf(commands, 'size')).toContainEqual(expect.objectContaining({ width: 4, height: 4 }));
		expect(commandsOf(commands, 'unknown')).toEqual([]);
	});

	it('ESC/POS raster fallback has no GS ( k', () => {
		const commands = decodeEscPos(renderTicketEscPos(layout, { qr: 'raster' }));
		expect(commandsOf(commands, 'qrStore')).toEqual([]);
		expect(commandsOf(commands, 'raster')).toHaveLength(1);
	});

	it('SVG: paper width in dots, the same lines, one rect per dark QR module', () => {
		for (const paper of [58, 80] as const) {
			const paperLayout = layoutTicket(sampleTicket, { paper });
			const svg = renderTicketSvg(paperLayout);
			expect(svg).toMatch(new RegExp(`^<svg [^>]*width="${paper === 58 ? 384 : 576}"`));
			expect(svgLines(svg)).toEqual(layoutLines(paperLayout).filter(Boolean));
			const matrix = qrMatrix(sampleTicket.statusUrl, 'M');
			let dark = 0;
			for (let r = 0; r < matrix.size; r++) for (let c = 0; c < matrix.size; c++) if (matrix.isDark(r, c)) dark++;
			const qrGroup = /<g class="qr"[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? '';
			expect(qrGroup.match(/<rect /g)?.length).toBe(dark);
		}
	});

	it('SVG escapes markup in data', () => {
		const svg = renderTicketSvg(layoutTicket({ ...sampleTicket, serviceName: '<b>&"服务"' }));
		expect(svg).not.toContain('<b>');
		expect(svgLines(svg)).toContain('<b>&"服务"');
	});

	it('the preview of the decoded bytes shows what the layout shows', () => {
		const fromBytes = layoutFromCommands(decodeEscPos(renderTicketEscPos(layout)), 80);
		expect(layoutLines(fromBytes).filter(Boolean)).toEqual(layoutLines(layout).filter(Boolean));
		expect(svgLines(renderTicketSvg(fromBytes))).toEqual(svgLines(renderTicketSvg(layout)));
	});
});
