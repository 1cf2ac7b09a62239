import { EscPosEncoder } from '../escpos/encoder';
import type { TicketLayout } from './layout';

export interface EscPosRenderOptions {
	/** Draw the QR code as a raster image, for printers without `GS ( k`. */
	qr?: 'native' | 'raster';
	/** Dots fed past the cutting position before the partial cut. */
	cutFeedDots?: number;
}

/** One job: `ESC @` … `GS V 66 n`. */
export function renderTicketEscPos(layout: TicketLayout, options: EscPosRenderOptions = {}): Uint8Array {
	const encoder = new EscPosEncoder({ paper: layout.paper, qr: options.qr ?? 'native' }).init();
	for (const block of layout.blocks) {
		if (block.kind === 'feed') {
			encoder.feed(block.lines);
			continue;
		}
		encoder.align('center');
		if (block.kind === 'image') {
			encoder.raster(block);
			continue;
		}
		if (block.kind === 'qr') {
			encoder.qr(block.data, { moduleSize: block.moduleSize, errorCorrection: block.errorCorrection });
			encoder.line();
			continue;
		}
		encoder.align(block.align).size(block.width, block.height).bold(block.bold);
		for (const line of block.lines) encoder.line(line);
		encoder.size(1, 1).bold(false);
	}
	return encoder.feed(2).cut('partial', options.cutFeedDots ?? 0).encode();
}
