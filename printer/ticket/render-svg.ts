import { textColumns } from '../escpos/columns';
import { FONT_A, paperSpec } from '../escpos/paper';
import { qrMatrix } from '../escpos/qr-matrix';
import type { TicketLayout } from './layout';

/** ESC/POS default line spacing (1/6 inch) in dots; a taller character makes its line taller. */
const LINE_SPACING = 30;
const QR_QUIET_ZONE = 4;
const MARGIN = 16;
const FONT = "'Noto Sans Mono CJK SC', 'Noto Sans CJK SC', 'WenQuanYi Zen Hei Mono', monospace";

/**
 * The ticket as the printer would print it, one SVG pixel per printer dot: Font A cells of
 * 12 × 24 dots times the size multipliers, QR modules as rects, and a margin of torn paper.
 */
export function renderTicketSvg(layout: TicketLayout): string {
	const { dots } = paperSpec(layout.paper);
	const body: string[] = [];
	let y = MARGIN;
	for (const block of layout.blocks) {
		if (block.kind === 'feed') {
			y += block.lines * LINE_SPACING;
			continue;
		}
		if (block.kind === 'image') {
			const left = Math.floor((dots - block.widthBytes * 8) / 2);
			body.push(`<g class="image" fill="#000">${imageRects(block, left, y).join('')}</g>`);
			y += block.heightDots;
			continue;
		}
		if (block.kind === 'qr') {
			const matrix = qrMatrix(block.data, block.errorCorrection);
			const size = (matrix.size + 2 * QR_QUIET_ZONE) * block.moduleSize;
			const left = Math.floor((dots - size) / 2);
			const rects: string[] = [];
			for (let row = 0; row < matrix.size; row++) {
				for (let column = 0; column < matrix.size; column++) {
					if (!matrix.isDark(row, column)) continue;
					const x = left + (column + QR_QUIET_ZONE) * block.moduleSize;
					const top = y + (row + QR_QUIET_ZONE) * block.moduleSize;
					rects.push(`<rect x="${x}" y="${top}" width="${block.moduleSize}" height="${block.moduleSize}"/>`);
				}
			}
			body.push(`<g class="qr" fill="#000" data-modules="${matrix.size}">${rects.join('')}</g>`);
			y += size + LINE_SPACING;
			continue;
		}
		const cellWidth = FONT_A.cellWidth * block.width;
		const charHeight = FONT_A.cellHeight * block.height;
		for (const line of block.lines) {
			const width = textColumns(line) * cellWidth;
			const x = block.align === 'left' ? 0 : block.align === 'right' ? dots - width : Math.floor((dots - width) / 2);
			if (line) {
				const weight = block.bold ? ' font-weight="bold"' : '';
				body.push(
					`<text x="${x}" y="${y + Math.round(charHeight * 0.86)}" font-size="${charHeight}"${weight} textLength="${width}" lengthAdjust="spacingAndGlyphs" data-size="${block.width}x${block.height}">${escapeXml(line)}</text>`
				);
			}
			y += Math.max(LINE_SPACING, charHeight);
		}
	}
	const height = y + MARGIN;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${dots}" height="${height}" viewBox="0 0 ${dots} ${height}" data-paper="${layout.paper}mm">`,
		`<rect width="${dots}" height="${height}" fill="#fff"/>`,
		`<g font-family="${FONT}" fill="#000">`,
		...body,
		'</g>',
		`<line x1="0" y1="${height - 1}" x2="${dots}" y2="${height - 1}" stroke="#999" stroke-dasharray="6 4"/>`,
		'</svg>'
	].join('\n');
}

/** One rect per horizontal run of black dots. */
function imageRects(image: { widthBytes: number; heightDots: number; data: Uint8Array }, left: number, top: number): string[] {
	const rects: string[] = [];
	const width = image.widthBytes * 8;
	const black = (x: number, y: number): boolean => (((image.data[y * image.widthBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1) === 1;
	for (let y = 0; y < image.heightDots; y++) {
		let x = 0;
		while (x < width) {
			if (!black(x, y)) {
				x++;
				continue;
			}
			const start = x;
			while (x < width && black(x, y)) x++;
			rects.push(`<rect x="${left + start}" y="${top + y}" width="${x - start}" height="1"/>`);
		}
	}
	return rects;
}

function escapeXml(text: string): string {
	return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
