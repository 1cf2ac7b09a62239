import { wrapText } from '../escpos/columns';
import type { EscPosCommand } from '../escpos/decoder';
import type { Alignment } from '../escpos/encoder';
import { paperSpec, type PaperWidth } from '../escpos/paper';
import type { QrErrorCorrection } from '../escpos/qr-matrix';
import type { TicketBlock, TicketLayout } from '../ticket/layout';

/**
 * What a printer would print for decoded commands, as a layout the SVG renderer draws: so the
 * simulator previews the bytes it received, not the model they were made from.
 */
export function layoutFromCommands(commands: readonly EscPosCommand[], paper: PaperWidth): TicketLayout {
	const { columns } = paperSpec(paper);
	const blocks: TicketBlock[] = [];
	let align: Alignment = 'left';
	let width = 1;
	let height = 1;
	let bold = false;
	let line = '';
	let lineStyle: { align: Alignment; width: number; height: number; bold: boolean } | null = null;
	const qr: { moduleSize: number; errorCorrection: QrErrorCorrection; data: string | null } = { moduleSize: 3, errorCorrection: 'L', data: null };

	const flush = (force: boolean): void => {
		if (!line && !force) return;
		const style = lineStyle ?? { align, width, height, bold };
		blocks.push({ kind: 'text', lines: line ? wrapText(line, Math.max(2, Math.floor(columns / style.width))) : [''], ...style });
		line = '';
		lineStyle = null;
	};

	for (const command of commands) {
		switch (command.type) {
			case 'init':
				flush(false);
				align = 'left';
				width = 1;
				height = 1;
				bold = false;
				break;
			case 'text':
				lineStyle ??= { align, width, height, bold };
				line += command.text;
				break;
			case 'lf':
				flush(true);
				break;
			case 'align':
				align = command.align;
				break;
			case 'size':
				width = command.width;
				height = command.height;
				break;
			case 'bold':
				bold = command.on;
				break;
			case 'feed':
				flush(false);
				blocks.push({ kind: 'feed', lines: command.lines });
				break;
			case 'qrModuleSize':
				qr.moduleSize = command.size;
				break;
			case 'qrErrorCorrection':
				qr.errorCorrection = command.level;
				break;
			case 'qrStore':
				qr.data = command.data;
				break;
			case 'qrPrint':
				flush(false);
				if (qr.data !== null) blocks.push({ kind: 'qr', data: qr.data, moduleSize: qr.moduleSize, errorCorrection: qr.errorCorrection });
				break;
			case 'raster':
				flush(false);
				blocks.push({ kind: 'image', widthBytes: command.widthBytes, heightDots: command.heightDots, data: command.data });
				break;
			case 'barcode':
				flush(false);
				blocks.push({ kind: 'text', lines: [`||| ${command.data} |||`], align, width: 1, height: 2, bold: false });
				break;
			default:
				break;
		}
	}
	flush(false);
	return { paper, blocks };
}
