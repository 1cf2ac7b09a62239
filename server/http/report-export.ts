/**
 * Supervisors' report downloads: a table as CSV, tables as an XLSX workbook streamed onto the response,
 * and the Content-Disposition header that carries a Chinese file name.
 *
 * Spreadsheet programs run any cell that looks like a formula, and report cells hold text typed by
 * the public or by staff (service names, remarks). So in CSV such text gets a leading apostrophe, and
 * in XLSX every text is written as a string cell, never as a formula.
 */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';

export type ColumnKind = 'text' | 'int' | 'number' | 'percent' | 'minutes';
export interface ReportColumn {
	key: string;
	label: string;
	kind: ColumnKind;
}
export type ReportCell = string | number | null;
export type ReportRow = Record<string, ReportCell>;
export interface ReportTable {
	title: string;
	columns: ReportColumn[];
	rows: ReportRow[];
	totals?: ReportRow;
}
export interface ExportMeta {
	hallName: string;
	period: { from: string; to: string };
	generatedAt: string;
	definitions: { term: string; definition: string }[];
}

const TOTALS_LABEL = '合计';
const DEFINITIONS_SHEET = '定义 Definitions';
const NUMBER_FORMATS: Record<Exclude<ColumnKind, 'text'>, string> = { int: '0', number: '0.00', percent: '0.0%', minutes: '0.0' };
const FORMULA_START = /^[=+\-@\t\r]/;

function periodText(period: ExportMeta['period']): string {
	return `${period.from} 至 ${period.to}`;
}

/** The totals row shows 合计 in its first column unless the caller put something there. */
function labelledTotals(columns: ReportColumn[], totals: ReportRow): ReportRow {
	const first = columns[0];
	return first && (totals[first.key] ?? null) === null ? { ...totals, [first.key]: TOTALS_LABEL } : totals;
}

// ---------------------------------------------------------------------------------------------- CSV

function csvText(text: string): string {
	const safe = FORMULA_START.test(text) ? `'${text}` : text;
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvNumber(value: number, kind: ColumnKind): string {
	if (!Number.isFinite(value)) return '';
	switch (kind) {
		case 'percent':
			return `${(value * 100).toFixed(1)}%`;
		case 'minutes':
			return value.toFixed(1);
		case 'number':
			return value.toFixed(2);
		default:
			return String(value);
	}
}

function csvCell(value: ReportCell | undefined, kind: ColumnKind): string {
	if (value === null || value === undefined) return '';
	return typeof value === 'number' ? csvNumber(value, kind) : csvText(value);
}

/** The CSV's first lines: title, hall and period above the header. */
function csvHead(title: string, columns: ReportColumn[], meta: ExportMeta): string[] {
	return [csvText(`${title} | ${meta.hallName} | ${periodText(meta.period)}`), columns.map((c) => csvText(c.label)).join(',')];
}

const csvRecord = (columns: ReportColumn[], row: ReportRow) => columns.map((c) => csvCell(row[c.key], c.kind)).join(',');

// The BOM makes Excel read the file as UTF-8 rather than the system code page (GBK on Chinese Windows).
const BOM = '\uFEFF';

/** One table as CSV for Excel: BOM, CRLF, RFC 4180 quoting; a line with title, hall and period above the header. */
export function csvOf(table: ReportTable, meta: ExportMeta): string {
	const { columns } = table;
	const records = [...csvHead(table.title, columns, meta), ...table.rows.map((row) => csvRecord(columns, row))];
	if (table.totals) records.push(csvRecord(columns, labelledTotals(columns, table.totals)));
	return `${BOM}${records.join('\r\n')}\r\n`;
}

const CSV_CHUNK_ROWS = 500;

/**
 * One large table as CSV like `csvOf`, its rows written as they arrive, waiting whenever `out` is
 * behind: memory holds one chunk of rows, not the file. Resolves when `out` has finished; rejects (and
 * stops reading rows) when `out` fails or the client hangs up.
 */
export async function writeCsvRows(out: Writable, title: string, columns: ReportColumn[], rows: AsyncIterable<ReportRow>, meta: ExportMeta): Promise<void> {
	const output = followOutput(out);
	const write = async (text: string) => {
		if (!out.write(text)) await Promise.race([new Promise<void>((resolve) => out.once('drain', resolve)), output.done]);
		// A fast client never makes us wait: let the hall's live traffic in between chunks all the same.
		else await new Promise((resolve) => setImmediate(resolve));
		output.check();
	};
	try {
		await write(`${BOM}${csvHead(title, columns, meta).join('\r\n')}\r\n`);
		let chunk: string[] = [];
		for await (const row of rows) {
			chunk.push(csvRecord(columns, row));
			if (chunk.length < CSV_CHUNK_ROWS) continue;
			await write(`${chunk.join('\r\n')}\r\n`);
			chunk = [];
		}
		if (chunk.length > 0) await write(`${chunk.join('\r\n')}\r\n`);
		out.end();
		await output.done;
	} catch (error) {
		out.destroy(error instanceof Error ? error : new Error(String(error)));
		throw error;
	}
}

// --------------------------------------------------------------------------------------------- XLSX

type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;
type Worksheet = ExcelJS.Worksheet;

const SHEET_NAME_MAX = 31;

function fitSheetName(name: string, max: number): string {
	let cut = Math.min(name.length, max);
	// Do not split a surrogate pair (an emoji in a title).
	if (cut < name.length && /[\uD800-\uDBFF]/.test(name.charAt(cut - 1))) cut -= 1;
	return name.slice(0, cut).replace(/'+$/, '').trimEnd();
}

/** Excel's rules: at most 31 characters, none of []:*?/\, no apostrophe at either end, unique ignoring case, not "History". */
function sheetNamer(reserved: string[]): (title: string) => string {
	const taken = new Set(['history', ...reserved.map((name) => name.toLowerCase())]);
	return (title) => {
		// eslint-disable-next-line no-control-regex
		const cleaned = title.replace(/[[\]:*?/\\\u0000-\u001f\u007f]/g, '_').trim().replace(/^'+/, '');
		const base = fitSheetName(cleaned, SHEET_NAME_MAX) || 'Sheet';
		let name = base;
		for (let n = 2; taken.has(name.toLowerCase()); n++) {
			const suffix = ` (${n})`;
			name = `${fitSheetName(base, SHEET_NAME_MAX - suffix.length)}${suffix}`;
		}
		taken.add(name.toLowerCase());
		return name;
	};
}

/** Display width in Excel's character units: CJK characters take two. */
function textWidth(text: string): number {
	let width = 0;
	for (const char of text) width += /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(char) ? 2 : 1;
	return width;
}

/** exceljs stores strings as string cells whatever they start with; only numbers need a format. */
function xlsxValue(value: ReportCell | undefined): string | number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	return value ?? null;
}

function addRow(sheet: Worksheet, columns: ReportColumn[], row: ReportRow, bold: boolean): void {
	const added = sheet.addRow(columns.map((c) => xlsxValue(row[c.key])));
	columns.forEach((column, i) => {
		const cell = added.getCell(i + 1);
		if (column.kind !== 'text' && typeof cell.value === 'number') cell.numFmt = NUMBER_FORMATS[column.kind];
		if (bold) cell.font = { bold: true };
	});
	added.commit();
}

function addTextRow(sheet: Worksheet, values: string[], bold = false): void {
	const added = sheet.addRow(values);
	if (bold) added.font = { bold: true };
	added.commit();
}

interface Backlogged {
	writableNeedDrain?: boolean;
	_writableState?: { needDrain?: boolean };
	once(event: 'drain', listener: () => void): unknown;
}

/**
 * exceljs 4.4 pushes a sheet's XML into the zip without waiting (its StreamBuf ignores write()'s return
 * value), so when zlib or `out` falls behind, the XML piles up in the zip entry's input stream: about
 * 20 MB per 100,000 rows. This reaches into exceljs to find that stream when it needs to drain; should
 * the internals change, it finds nothing and the export still works, only without that bound.
 */
function zipEntryBacklog(sheet: Worksheet): Backlogged | undefined {
	const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
	if (!Array.isArray(pipes)) return undefined;
	return (pipes as Backlogged[]).find((p) => p && (p.writableNeedDrain ?? p._writableState?.needDrain) === true);
}

const YIELD_EVERY_ROWS = 256;

/**
 * Follows `out` while exceljs writes onto it. exceljs only waits for 'finish': without this, a client
 * that hung up would leave the export waiting for ever, and a slow one would let rows pile up in memory.
 */
function followOutput(out: Writable) {
	let failure: unknown;
	let rowsSinceYield = 0;
	const done = finished(out);
	done.catch((error: unknown) => {
		failure = error;
	});
	return {
		done,
		/** Throws once `out` has failed. */
		check(): void {
			if (failure) throw failure;
		},
		/** Throws once `out` has failed; waits while the zip or `out` is behind. */
		async ready(sheet: Worksheet): Promise<void> {
			if (failure) throw failure;
			const backlog = zipEntryBacklog(sheet) ?? (out.writableNeedDrain ? out : undefined);
			if (backlog) {
				rowsSinceYield = 0;
				await Promise.race([new Promise<void>((resolve) => backlog.once('drain', resolve)), done]);
			} else if (++rowsSinceYield >= YIELD_EVERY_ROWS) {
				// A row source that never waits on I/O would otherwise hold the event loop, and the hall's live traffic with it.
				rowsSinceYield = 0;
				await new Promise((resolve) => setImmediate(resolve));
			}
			if (failure) throw failure;
		}
	};
}

interface WorkbookContext {
	workbook: WorkbookWriter;
	output: ReturnType<typeof followOutput>;
	sheetName: (title: string) => string;
	meta: ExportMeta;
}

interface SheetSource {
	title: string;
	columns: ReportColumn[];
	rows: Iterable<ReportRow> | AsyncIterable<ReportRow>;
	totals?: ReportRow;
}

async function writeTableSheet({ workbook, output, sheetName, meta }: WorkbookContext, { title, columns, rows, totals }: SheetSource): Promise<void> {
	const sheet = workbook.addWorksheet(sheetName(title));
	sheet.columns = columns.map((c) => ({ width: Math.max(10, textWidth(c.label) + 2) }));
	const titleRow = sheet.addRow([title]);
	titleRow.font = { bold: true, size: 14 };
	titleRow.commit();
	addTextRow(sheet, ['大厅', meta.hallName]);
	addTextRow(sheet, ['统计期间', periodText(meta.period)]);
	addTextRow(sheet, ['生成时间', meta.generatedAt]);
	addTextRow(sheet, []);
	addTextRow(sheet, columns.map((c) => c.label), true);
	for await (const row of rows) {
		addRow(sheet, columns, row, false);
		await output.ready(sheet);
	}
	if (totals) addRow(sheet, columns, labelledTotals(columns, totals), true);
	sheet.commit();
}

function writeDefinitionsSheet(workbook: WorkbookWriter, definitions: ExportMeta['definitions']): void {
	const sheet = workbook.addWorksheet(DEFINITIONS_SHEET);
	sheet.columns = [{ width: 24 }, { width: 80 }];
	addTextRow(sheet, ['术语 Term', '定义 Definition'], true);
	for (const { term, definition } of definitions) addTextRow(sheet, [term, definition]);
	sheet.commit();
}

/**
 * Streams the sheets and the definitions onto `out`; on failure `out` is destroyed with the error, so
 * the client sees a broken download rather than a truncated file that looks complete.
 */
async function streamWorkbook(out: Writable, meta: ExportMeta, sheets: SheetSource[]): Promise<void> {
	const output = followOutput(out);
	// Inline strings rather than a shared-string table, which would hold every text until the end.
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
	const context: WorkbookContext = { workbook, output, sheetName: sheetNamer([DEFINITIONS_SHEET]), meta };
	try {
		for (const sheet of sheets) await writeTableSheet(context, sheet);
		writeDefinitionsSheet(workbook, meta.definitions);
		await Promise.all([workbook.commit(), output.done]);
	} catch (error) {
		out.destroy(error instanceof Error ? error : new Error(String(error)));
		throw error;
	}
}

/** The tables as one workbook, a sheet each, plus the definitions sheet; resolves when `out` has finished. */
export async function writeXlsx(out: Writable, tables: ReportTable[], meta: ExportMeta): Promise<void> {
	await streamWorkbook(out, meta, tables);
}

/** One large table whose rows arrive as they are read, written row by row so memory stays flat; no totals. */
export async function writeXlsxRows(out: Writable, title: string, columns: ReportColumn[], rows: AsyncIterable<ReportRow>, meta: ExportMeta): Promise<void> {
	await streamWorkbook(out, meta, [{ title, columns, rows }]);
}

// ------------------------------------------------------------------------------- Content-Disposition

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `attachment` with an ASCII fallback name and the RFC 5987 UTF-8 name. */
export function contentDisposition(fileName: string): string {
	const wellFormed = fileName.replace(LONE_SURROGATE, '\uFFFD');
	// The quoted fallback is for clients without RFC 6266 support: printable ASCII only, and no " or \ to end the quoted string early.
	const fallback = wellFormed.replace(/[^\x20-\x7e]|["\\]/gu, '_');
	// encodeURIComponent leaves ' ( ) * as they are, which RFC 5987 does not allow (' is its delimiter).
	const encoded = encodeURIComponent(wellFormed).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
	return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
