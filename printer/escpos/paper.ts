/** Thermal roll widths we support, in millimetres. */
export type PaperWidth = 58 | 80;

export interface PaperSpec {
	/** Printable dots per line at 203 dpi. */
	dots: number;
	/** Font A (12 × 24 dots) half-width columns per line. */
	columns: number;
}

export const FONT_A = { cellWidth: 12, cellHeight: 24 } as const;

export function paperSpec(width: PaperWidth): PaperSpec {
	return width === 58 ? { dots: 384, columns: 32 } : { dots: 576, columns: 48 };
}
