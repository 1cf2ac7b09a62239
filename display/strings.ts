import type { CallView, Text } from '$contract';
import { shownChinese, shownEnglish } from './voice/announcement-text';

const t = (zh: string, en: string): Text => ({ zh, en });

/** Board texts. Boards show both languages at once: Chinese large, English beneath. */
export const B = {
	nowCalling: t('正在叫号', 'Now calling'),
	recent: t('最近叫号', 'Recent calls'),
	waiting: t('各区等候人数', 'Waiting by zone'),
	people: t('人', 'waiting'),
	noCalls: t('暂无叫号', 'No calls yet'),
	noCallsHint: t('请留意屏幕和广播叫号', 'Please watch this screen for your number'),
	recall: t('重呼', 'Again'),
	offline: t('网络连接中断，正在重连…显示内容可能不是最新', 'Connection lost, reconnecting… the board may be out of date'),
	connecting: t('正在连接服务器…', 'Connecting to the server…'),
	setupTitle: t('显示屏尚未设置', 'This board is not set up'),
	refusedTitle: t('显示屏令牌无效', 'The board’s token was refused'),
	refusedText: t('请联系管理员重新发放令牌；本屏将自动重试。', 'Ask an administrator for a new token; the board keeps retrying.'),
	audioBlocked: t('点击屏幕开启语音', 'Tap to enable sound'),
	zoneWaiting: t('本区等候', 'Waiting in this zone'),
	nowServing: t('正在办理', 'Now serving'),
	pleaseCome: t('到本窗口办理', 'please come to this counter'),
	counterIdle: t('请留意叫号', 'Please wait for your number'),
	counterPaused: t('暂停服务', 'Paused'),
	counterPausedHint: t('请稍候，马上回来', 'Back shortly, please wait'),
	counterClosed: t('暂未开放', 'Closed'),
	counterClosedHint: t('请留意其他窗口叫号', 'Please watch for calls to the other counters'),
	staff: t('工作人员', 'Staff'),
	staffId: t('工号', 'ID'),
	defaultNotice: t('请保管好您的号票，留意屏幕和广播叫号，过号请到服务台咨询', 'Please keep your ticket and watch for your number; if you missed it, ask at the information desk')
} satisfies Record<string, Text>;

export function counterText(n: number): Text {
	return t(`${n}号窗口`, `Counter ${n}`);
}

/** The sentence of a call as the board shows it (the voice speaks the same, numbers read aloud). */
export function callSentence(c: Pick<CallView, 'ticket' | 'counterNumber'>): Text {
	return t(shownChinese(c), shownEnglish(c));
}

const WEEKDAYS_ZH = ['日', '一', '二', '三', '四', '五', '六'];

export function clockText(d: Date): { date: Text; time: string } {
	const pad = (n: number) => String(n).padStart(2, '0');
	const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
	const date = t(
		`${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日 星期${WEEKDAYS_ZH[d.getDay()]}`,
		d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })
	);
	return { date, time };
}

export function setupText(boardId: string): Text {
	const path = `/display/${boardId}?token=…`;
	return t(
		`请使用带设备令牌的地址打开本页面：${path}（令牌由管理员在大厅配置中发放）。`,
		`Open this page with its device token: ${path} (an administrator issues the token in the hall configuration).`
	);
}
