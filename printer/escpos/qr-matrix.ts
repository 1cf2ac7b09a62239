import QRCode from 'qrcode';

export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

/** The dark/light modules of a QR symbol, without quiet zone. */
export interface QrMatrix {
	size: number;
	isDark(row: number, column: number): boolean;
}

/** The same symbol for the raster fallback and for the SVG preview (byte mode, UTF-8). */
export function qrMatrix(data: string, errorCorrection: QrErrorCorrection): QrMatrix {
	const { modules } = QRCode.create([{ data: Buffer.from(data, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: errorCorrection });
	return { size: modules.size, isDark: (row, column) => modules.get(row, column) !== 0 };
}
