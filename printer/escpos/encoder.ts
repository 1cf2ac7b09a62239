import iconv from 'iconv-lite';
import { paperSpec, type PaperWidth } from './paper';
import { qrMatrix, type QrErrorCorrection } from './qr-matrix';
import { textColumns, wrapText } from './columns';

export type Alignment = 'left' | 'center' | 'right';
export type CutKind = 'full' | 'partial';
export type BarcodeHri = 'none' | 'above' | 'below' | 'both';

const ESC = 0x1b;
const FS = 0x1c;
const GS = 0x1d;
const LF = 0x0a;

const ALIGNMENT: Record<Alignment, number> = { left: 0, center: 1, right: 2 };
const QR_ERROR_CORRECTION: Record<QrErrorCorrection, number> = { L: 48, M: 49, Q: 50, H: 51 };
const HRI: Record<BarcodeHri, number> = { none: 0, above: 1, below: 2, both: 3 };
/** Modules of light margin around a raster QR code (ISO 18004 asks for 4). */
const QR_QUIET_ZONE = 4;
/** Longest data `GS ( k` function 180 accepts for model 2. */
const QR_MAX_DATA = 7089;

export interface QrOptions {
	/** Dots per module, 1–16. */
	moduleSize?: number;
	errorCorrection?: QrErrorCorrection;
}

export interface Code128Options {
	/** Bar height in dots, 1–255. */
	height?: number;
	/** Narrowest bar in dots, 2–6. */
	moduleWidth?: number;
	hri?: BarcodeHri;
}

export interface EncoderOptions {
	paper?: PaperWidth;
	/** `raster` draws QR codes as `GS v 0` images, for printers without `GS ( k`. */
	qr?: 'native' | 'raster';
}

/** A 1-bit image, rows packed MSB first, each row padded to whole bytes; 1 = black. */
export interface RasterImage {
	widthBytes: number;
	heightDots: number;
	data: Uint8Array;
}

/**
 * Builds the ESC/POS bytes of a job. Non-ASCII text is sent in GB18030 between `FS &` and `FS .`
 * (Chinese mode); ASCII-only text stays outside it.
 */
export class EscPosEncoder {
	readonly paper: PaperWidth;
	private readonly qrMode: 'native' | 'raster';
	private readonly chunks: number[] = [];
	private widthMultiplier = 1;

	constructor(options: EncoderOptions = {}) {
		this.paper = options.paper ?? 80;
		this.qrMode = options.qr ?? 'native';
	}

	/** ESC @: clears the buffer and resets modes (size, bold, alignment, Chinese mode). */
	init(): this {
		this.widthMultiplier = 1;
		return this.push(ESC, 0x40);
	}

	align(alignment: Alignment): this {
		return this.push(ESC, 0x61, ALIGNMENT[alignment]);
	}

	/** GS !: character width and height multipliers, 1–8 each. */
	size(width: number, height: number): this {
		checkRange('width', width, 1, 8);
		checkRange('height', height, 1, 8);
		this.widthMultiplier = width;
		return this.push(GS, 0x21, ((width - 1) << 4) | (height - 1));
	}

	bold(on: boolean): this {
		return this.push(ESC, 0x45, on ? 1 : 0);
	}

	/** Text without a line feed. Control characters become spaces so data cannot inject commands. */
	text(text: string): this {
		const clean = text.replace(/\p{Cc}/gu, ' ');
		if (!clean) return this;
		if (isAscii(clean)) return this.pushBytes(Buffer.from(clean, 'latin1'));
		this.push(FS, 0x26);
		this.pushBytes(iconv.encode(clean, 'gb18030'));
		return this.push(FS, 0x2e);
	}

	/** Text and LF (print and feed one line). */
	line(text = ''): this {
		return this.text(text).push(LF);
	}

	/** Columns of one line at the current character width. */
	get lineColumns(): number {
		return Math.floor(paperSpec(this.paper).columns / this.widthMultiplier);
	}

	/** Text wrapped to the paper at the current width, each line ended by LF. */
	wrapped(text: string): this {
		for (const line of wrapText(text, this.lineColumns)) this.line(line);
		return this;
	}

	/** Whether `text` fits one line at the current width. */
	fits(text: string): boolean {
		return textColumns(text) <= this.lineColumns;
	}

	/** A QR code: `GS ( k` functions 165, 167, 169, 180, 181, or a raster image with `qr: 'raster'`. */
	qr(data: string, options: QrOptions = {}): this {
		const moduleSize = options.moduleSize ?? 6;
		const errorCorrection = options.errorCorrection ?? 'M';
		checkRange('QR module size', moduleSize, 1, 16);
		if (this.qrMode === 'raster') return this.qrRaster(data, { moduleSize, errorCorrection });
		const payload = Buffer.from(data, 'utf8');
		if (payload.length < 1 || payload.length > QR_MAX_DATA) throw new RangeError(`QR data must be 1–${QR_MAX_DATA} bytes, got ${payload.length}`);
		this.qrFunction(0x41, 50, 0); // 165: model 2
		this.qrFunction(0x43, moduleSize); // 167
		this.qrFunction(0x45, QR_ERROR_CORRECTION[errorCorrection]); // 169
		this.qrFunction(0x50, 0x30, ...payload); // 180: store in the symbol storage area
		return this.qrFunction(0x51, 0x30); // 181: print the stored symbol
	}

	/** The QR symbol drawn as a `GS v 0` raster image, with a quiet zone. */
	qrRaster(data: string, options: QrOptions = {}): this {
		const moduleSize = options.moduleSize ?? 6;
		checkRange('QR module size', moduleSize, 1, 16);
		const matrix = qrMatrix(data, options.errorCorrection ?? 'M');
		const modules = matrix.size + 2 * QR_QUIET_ZONE;
		const dots = modules * moduleSize;
		const widthBytes = Math.ceil(dots / 8);
		const image = new Uint8Array(widthBytes * dots);
		for (let y = 0; y < dots; y++) {
			const row = Math.floor(y / moduleSize) - QR_QUIET_ZONE;
			for (let x = 0; x < dots; x++) {
				const column = Math.floor(x / moduleSize) - QR_QUIET_ZONE;
				const inside = row >= 0 && column >= 0 && row < matrix.size && column < matrix.size;
				if (inside && matrix.isDark(row, column)) {
					const index = y * widthBytes + (x >> 3);
					image[index] = (image[index] ?? 0) | (0x80 >> (x & 7));
				}
			}
		}
		return this.raster({ widthBytes, heightDots: dots, data: image });
	}

	/** GS v 0, normal density. */
	raster(image: RasterImage): this {
		const { widthBytes, heightDots, data } = image;
		checkRange('raster width (bytes)', widthBytes, 1, 65535);
		checkRange('raster height (dots)', heightDots, 1, 65535);
		if (data.length !== widthBytes * heightDots) throw new RangeError(`raster data must be ${widthBytes * heightDots} bytes, got ${data.length}`);
		if (widthBytes * 8 > paperSpec(this.paper).dots) throw new RangeError(`raster image is ${widthBytes * 8} dots wide, the paper ${paperSpec(this.paper).dots}`);
		this.push(GS, 0x76, 0x30, 0, widthBytes & 0xff, widthBytes >> 8, heightDots & 0xff, heightDots >> 8);
		return this.pushBytes(data);
	}

	/**
	 * CODE128 with `GS k 73` (after `GS h`, `GS w`, `GS H`). Code set C for an even run of digits,
	 * code set B otherwise; `{` is sent as `{{`.
	 */
	code128(data: string, options: Code128Options = {}): this {
		const height = options.height ?? 80;
		const moduleWidth = options.moduleWidth ?? 2;
		checkRange('barcode height', height, 1, 255);
		checkRange('barcode module width', moduleWidth, 2, 6);
		if (!data || !/^[\x20-\x7e]+$/.test(data)) throw new RangeError('CODE128 data must be printable ASCII');
		let body: number[];
		if (/^(\d\d)+$/.test(data)) {
			body = [0x7b, 0x43];
			for (let i = 0; i < data.length; i += 2) body.push(Number(data.slice(i, i + 2)));
		} else {
			body = [0x7b, 0x42, ...Buffer.from(data.replaceAll('{', '{{'), 'latin1')];
		}
		if (body.length > 255) throw new RangeError(`CODE128 data is too long (${body.length} bytes, at most 255)`);
		this.push(GS, 0x68, height);
		this.push(GS, 0x77, moduleWidth);
		this.push(GS, 0x48, HRI[options.hri ?? 'below']);
		return this.push(GS, 0x6b, 73, body.length, ...body);
	}

	/** ESC d n: print and feed n lines. */
	feed(lines: number): this {
		checkRange('feed lines', lines, 0, 255);
		return this.push(ESC, 0x64, lines);
	}

	/**
	 * GS V: `GS V 0|1` cuts where the paper is; with `feedDots`, `GS V 65|66 n` first feeds to the
	 * cutting position plus n dots, so the last line is not cut off.
	 */
	cut(kind: CutKind = 'partial', feedDots?: number): this {
		if (feedDots === undefined) return this.push(GS, 0x56, kind === 'full' ? 0 : 1);
		checkRange('cut feed', feedDots, 0, 255);
		return this.push(GS, 0x56, kind === 'full' ? 65 : 66, feedDots);
	}

	raw(bytes: Iterable<number>): this {
		for (const byte of bytes) {
			checkRange('byte', byte, 0, 255);
			this.chunks.push(byte);
		}
		return this;
	}

	encode(): Uint8Array {
		return Uint8Array.from(this.chunks);
	}

	/** GS ( k for the QR symbol (cn = 49) with function `fn` and its parameters. */
	private qrFunction(fn: number, ...params: number[]): this {
		const length = params.length + 2;
		return this.push(GS, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, fn, ...params);
	}

	private push(...bytes: number[]): this {
		for (const byte of bytes) this.chunks.push(byte);
		return this;
	}

	private pushBytes(bytes: Uint8Array): this {
		for (const byte of bytes) this.chunks.push(byte);
		return this;
	}
}

function isAscii(text: string): boolean {
	for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
	return true;
}

function checkRange(what: string, value: number, min: number, max: number): void {
	if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${what} must be an integer ${min}–${max}, got ${value}`);
}
