import type { CatalogService, CatalogZone, TicketView } from '$contract';
import { closedInfo, estimateText } from './strings';

/** The step the visitor is at, as the spoken guidance tells it (always in Mandarin). */
export type GuidanceStep =
	| { step: 'start' }
	| { step: 'search' }
	| { step: 'zone'; zone: CatalogZone }
	| { step: 'service'; service: CatalogService; today: number }
	| { step: 'ticket'; ticket: TicketView }
	| { step: 'idle' }
	| { step: 'offline' };

const DIGITS = '零一二三四五六七八九';

/** "A012" → "A 零一二": a number said digit by digit, as the boards call it. */
export function numberForSpeech(id: string): string {
	return id.replace(/\d/g, (d) => DIGITS[Number(d)] ?? d).replace(/^([A-Za-z]+)/, '$1 ');
}

/** What is said when the visitor arrives at a step: short, one instruction. */
export function guidanceText(g: GuidanceStep): string {
	switch (g.step) {
		case 'start':
			return '您好！请在屏幕上选择要办理的业务区域，也可以按“搜索业务”查找。';
		case 'search':
			return '请用屏幕下方的字母键输入业务名称的拼音首字母，例如工商登记，输入 G S D J，再选择下面列出的业务。';
		case 'zone':
			return `${g.zone.name.zh}。请选择要办理的业务。`;
		case 'service': {
			const s = g.service;
			const closed = closedInfo(s);
			if (closed) return `${s.name.zh}。${closed.reason.zh}。${closed.next ? `下次取号时间：${closed.next.zh}。` : ''}`;
			return `${s.name.zh}。现在有 ${s.waiting} 人等候，预计等候${estimateText(s.estimateMinutes).zh}。请按屏幕下方的红色取号按钮。`;
		}
		case 'ticket':
			return `取号成功。您的号码是 ${numberForSpeech(g.ticket.id)}。前面还有 ${g.ticket.ahead} 人。请留意叫号屏和广播。`;
		case 'idle':
			return '您还在吗？如需继续办理，请触摸屏幕。';
		case 'offline':
			return '系统正在连接，请稍候。';
	}
}
