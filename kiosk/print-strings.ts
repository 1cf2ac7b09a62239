import type { PrinterCondition, Text } from '$contract';

const t = (zh: string, en: string): Text => ({ zh, en });

/** What the kiosk says about printing the ticket, Chinese first. */
export const P = {
	printing: t('正在打印号票…', 'Printing your ticket…'),
	printed: t('请取走下方出票口的号票', 'Please take your ticket from the slot below'),
	notPrinted: t('号票未能打印', 'Your ticket could not be printed'),
	screenOnly: t('本机不出纸质号票', 'This kiosk does not print tickets'),
	keepNumber: t('号码已经有效，请记住上面的号码，或用手机扫描二维码随时查看排队情况', 'Your number is valid. Remember it, or scan the code with your phone to follow the queue'),
	scan: t('手机扫码查看排队', 'Scan to follow the queue'),
	noticeTitle: t('打印机暂时无法出票', 'The ticket printer is not working right now'),
	noticeText: t('您仍可正常取号，号码会显示在屏幕上', 'You can still take a number: it will be shown on the screen')
};

const REASONS: Partial<Record<PrinterCondition, Text>> = {
	paperOut: t('打印纸用完了，工作人员已收到通知', 'The printer is out of paper; staff have been told'),
	coverOpen: t('打印机盖没有关好，工作人员已收到通知', 'The printer cover is open; staff have been told'),
	error: t('打印机故障，工作人员已收到通知', 'The printer has a fault; staff have been told'),
	offline: t('打印机没有响应，工作人员已收到通知', 'The printer is not answering; staff have been told')
};

const OTHER_REASON = t('打印机暂时无法使用，工作人员已收到通知', 'The printer cannot be used right now; staff have been told');

/** Why the ticket was not printed, for the citizen. */
export function printProblemText(condition: PrinterCondition | null): Text {
	return (condition && REASONS[condition]) ?? OTHER_REASON;
}
