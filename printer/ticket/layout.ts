import { textColumns, wrapText } from '../escpos/columns';
import type { Alignment } from '../escpos/encoder';
import { paperSpec, type PaperWidth } from '../escpos/paper';
import type { QrErrorCorrection } from '../escpos/qr-matrix';
import type { TicketInput, TicketOptions } from './ticket';

export type TicketBlock =
	| { kind: 'text'; lines: string[]; align: Alignment; width: number; height: number; bold: boolean }
	| { kind: 'qr'; data: string; moduleSize: number; errorCorrection: QrErrorCorrection }
	| { kind: 'feed'; lines: number }
	/** A 1-bit raster image (only from a decoded job: the simulator's preview of `GS v 0`). */
	| { kind: 'image'; widthBytes: number; heightDots: number; data: Uint8Array };

/** A ticket laid out for one paper width; both renderers draw exactly these blocks. */
export interface TicketLayout {
	paper: PaperWidth;
	blocks: TicketBlock[];
}

export const DEFAULT_PRIVACY_NOTE = '本票不含个人信息，凭号码办理';
const DEFAULT_PRIVACY_NOTE_EN = 'This ticket holds no personal data.';
const NUMBER_MAX_SIZE = 4;

export function layoutTicket(ticket: TicketInput, options: TicketOptions = {}): TicketLayout {
	const paper = options.paper ?? 80;
	const { columns } = paperSpec(paper);
	const en = ticket.english;
	const blocks: TicketBlock[] = [];
	const text = (content: string, style: Partial<Omit<Extract<TicketBlock, { kind: 'text' }>, 'kind' | 'lines'>> = {}): void => {
		const width = style.width ?? 1;
		blocks.push({ kind: 'text', lines: wrapText(content, Math.floor(columns / width)), align: style.align ?? 'center', width, height: style.height ?? 1, bold: style.bold ?? false });
	};

	// Double width only when the name fits one line: a lone last character looks like a misprint.
	text(ticket.hallName, { width: largestSizeThatFits(ticket.hallName, columns, 2), height: 2, bold: true });
	if (en?.hallName) text(en.hallName);
	text('-'.repeat(columns));
	text(en ? '您的号码 Your number' : '您的号码');
	const numberSize = largestSizeThatFits(ticket.ticketNumber, columns, NUMBER_MAX_SIZE);
	text(ticket.ticketNumber, { width: numberSize, height: numberSize, bold: true });
	text(ticket.serviceName, { width: 1, height: 2, bold: true });
	if (en?.serviceName) text(en.serviceName);
	if (ticket.greenChannel) text(en ? '【绿色通道 Green channel】' : '【绿色通道】', { bold: true });
	if (ticket.reprint) text(en ? '（补打 Reprint）' : '（补打）');
	text('-'.repeat(columns));
	text(`区域：${ticket.zoneName}`, { align: 'left' });
	if (en?.zoneName) text(`Zone: ${en.zoneName}`, { align: 'left' });
	if (ticket.counters.length > 0) {
		text(`窗口：${ticket.counters.join('、')}`, { align: 'left' });
		if (en) text(`Counter${ticket.counters.length > 1 ? 's' : ''}: ${ticket.counters.join(', ')}`, { align: 'left' });
	}
	text(`前面还有 ${ticket.peopleAhead} 人`, { align: 'left' });
	if (en) text(`People ahead: ${ticket.peopleAhead}`, { align: 'left' });
	const wait = ticket.estimatedWaitMinutes;
	text(wait === null ? '预计等候：暂无法估算' : `预计等候：约 ${wait} 分钟`, { align: 'left' });
	if (en) text(wait === null ? 'Estimated wait: not available' : `Estimated wait: about ${wait} min`, { align: 'left' });
	text(`取号时间：${formatIssuedAt(ticket.issuedAt, ticket.timeZone)}`, { align: 'left' });
	blocks.push({ kind: 'feed', lines: 1 });
	blocks.push({ kind: 'qr', data: ticket.statusUrl, moduleSize: paper === 58 ? 5 : 6, errorCorrection: 'M' });
	text('扫码查看排队进度');
	if (en) text('Scan to follow the queue');
	text(ticket.privacyNote ?? DEFAULT_PRIVACY_NOTE);
	if (en) text(en.privacyNote ?? DEFAULT_PRIVACY_NOTE_EN);
	return { paper, blocks };
}

function largestSizeThatFits(text: string, columns: number, max: number): number {
	for (let size = max; size > 1; size--) if (textColumns(text) * size <= columns) return size;
	return 1;
}

/** "2025-03-14 09:05" in the hall's zone. */
export function formatIssuedAt(iso: string, timeZone: string): string {
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) throw new RangeError(`issuedAt is not a date: ${iso}`);
	const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(date);
	const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
	return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}
