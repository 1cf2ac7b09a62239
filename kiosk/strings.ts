import type { CatalogService, IssuingState, Text } from '$contract';
import { weekdayName } from './hours';

const t = (zh: string, en: string): Text => ({ zh, en });

/** Every text of the kiosk, zh-CN first. Plain words: the reader may be 75 and here for the first time. */
export const S = {
	appTitle: t('自助取号', 'Take a number'),
	langToggleLabel: t('切换为英文 Switch to English', '切换为中文 Switch to Chinese'),

	// Start
	welcome: t('您好！请选择要办理的业务', 'Welcome! Please choose a service'),
	waitingNow: t('正在等候', 'Waiting'),
	peopleWaiting: t('人等候', 'waiting'),
	people: t('人', ''),
	peopleWord: t('人', 'people'),
	servicesCount: t('项业务', 'services'),
	home: t('返回首页', 'Home'),
	back: t('返回', 'Back'),
	mostUsed: t('今日常办业务', 'Most used today'),
	orChooseZone: t('或按区域选择', 'Or choose an area'),
	chooseZone: t('按区域选择', 'Choose an area'),
	searchOpen: t('搜索业务', 'Find a service'),
	searchOpenHint: t('输入业务名称或拼音首字母，如 gsdj', 'Type a service name or pinyin initials, e.g. gsdj'),
	greenChannelNote: t('老年人、残疾人、孕妇、军人请到服务台走绿色通道', 'Elderly, disabled, pregnant and military visitors: please ask at the service desk for the green channel'),

	// Zone
	chooseService: t('请选择要办理的业务', 'Please choose a service'),
	pageUp: t('上一页', 'Previous page'),
	pageDown: t('下一页', 'Next page'),
	noServices: t('本区域暂无可取号的业务', 'There are no services in this area'),
	numberPrefix: t('号码字头', 'Number prefix'),

	// Search
	searchTitle: t('搜索业务', 'Find a service'),
	searchLabel: t('业务名称或拼音', 'Service name or pinyin'),
	searchPlaceholder: t('如：社保卡 或 sbk 或 shebaoka', 'e.g. 社保卡, sbk or shebaoka'),
	searchHelp: t('可用下方字母键输入拼音首字母，也可用键盘输入汉字', 'Use the letter keys below for pinyin, or type Chinese on a keyboard'),
	searchNoResults: t('没有找到相关业务，请换个说法，或按区域查找', 'Nothing found. Try other words, or choose by area'),
	searchResultsCount: t('找到 {n} 项业务', '{n} services found'),
	searchStartTyping: t('请输入要办理的业务', 'Type the service you need'),
	keyboardLabel: t('屏幕键盘', 'On-screen keyboard'),
	keyBackspace: t('删除', 'Delete'),
	keyClear: t('清空', 'Clear'),
	keySpace: t('空格', 'Space'),

	// Accessibility
	assistLabel: t('辅助功能', 'Accessibility'),
	largeText: t('大字', 'Large text'),
	highContrast: t('高对比', 'High contrast'),
	spoken: t('语音播报', 'Speak'),

	// Service
	hours: t('取号时间', 'Issuing hours'),
	nextOpening: t('下次取号时间', 'Next opening'),
	documents: t('请携带以下材料', 'Please bring these documents'),
	noDocuments: t('无需携带材料', 'No documents needed'),
	counters: t('办理窗口', 'Counters'),
	noCounters: t('暂无办理窗口', 'No counter assigned'),
	noOpenCounter: t('该事项暂无窗口办理，预计等候较长', 'No counter is serving this now: the wait may be long'),
	waiting: t('等候人数', 'People waiting'),
	estimate: t('预计等候', 'Estimated wait'),
	noEstimate: t('暂无法估算', 'Not known yet'),
	noWait: t('无需等候', 'No wait'),
	takeNumber: t('取号', 'Take a number'),
	takeNumberSub: t('Take a number', '取号'),
	identityNote: t('办理本业务需要本人身份证', 'This service needs your own ID card'),
	remaining: t('今日剩余号数', 'Numbers left today'),
	howTitle: t('办理步骤', 'How it works'),
	step1: t('按下方“取号”按钮，记住您的号码', 'Press "Take a number" below and remember your number'),
	step2: t('在等候区休息，留意叫号屏和广播', 'Wait in the seating area; watch the display boards and listen'),
	step3: t('叫到您的号码时，到指定窗口办理', 'When your number is called, go to the counter shown'),

	// Issuing
	issuing: t('正在取号，请稍候…', 'Taking a number, please wait…'),
	issuingRetry: t('网络较慢，正在重试', 'The network is slow, trying again'),
	issuingAttempt: t('第 {n} 次', 'attempt {n}'),
	issueFailed: t('未能取号', 'Could not take a number'),
	ok: t('知道了', 'OK'),

	// Ticket
	yourNumber: t('您的号码', 'Your number'),
	ahead: t('前面还有', 'People ahead'),
	estimatedWait: t('预计等候', 'Estimated wait'),
	goTo: t('请到', 'Please go to'),
	issuedAt: t('取号时间', 'Issued at'),
	watchBoards: t('请留意叫号屏和广播，叫到您的号码时请到窗口办理', 'Watch the display boards and listen for your number'),
	rememberNumber: t('请记住您的号码', 'Please remember your number'),
	done: t('完成', 'Done'),
	returnsIn: t('{n} 秒后自动返回首页', 'Back to the start in {n} s'),
	priority: t('绿色通道', 'Green channel'),
	reprinted: t('您已取过本业务的号，已为您重新打印原号码', 'You already have a number for this service; it has been printed again'),
	holder: t('取号人', 'Holder'),

	// ID card
	hello: t('您好，{name}', 'Hello, {name}'),
	greenBadge: t('绿色通道', 'Green channel'),
	greenHint: t('您可优先办理', 'You will be served first'),
	placeCard: t('请在读卡区放置身份证', 'Please place your ID card on the reader'),
	placeCardHint: t('将身份证平放在读卡区，读取完成前请勿移开', 'Lay the card flat on the reader and keep it there until it is read'),
	placeCardWhy: t('办理本业务需要读取本人身份证', 'This service needs your own ID card'),
	cancel: t('取消', 'Cancel'),
	cardReadFailed: t('没有读到身份证，请重新放置', 'The card could not be read. Please place it again'),
	cardReaderOffline: t('读卡器未连接，请咨询服务台', 'The card reader is not connected. Please ask at the service desk'),
	simulateCard: t('模拟刷卡（演示）', 'Simulate a card (demo)'),
	simulateElderly: t('模拟老年人刷卡（演示）', 'Simulate an elderly holder (demo)'),
	simulateNote: t('演示环境：没有读卡器，可用虚构身份证试用', 'Demo: no card reader here; try it with a fictitious card'),

	// Idle
	stillThere: t('还在吗？', 'Are you still there?'),
	idleText: t('{n} 秒后将返回首页', 'Going back to the start in {n} seconds'),
	continue: t('继续办理', 'Continue'),

	// Connection and setup
	connectingTitle: t('系统连接中，请稍候', 'Connecting, please wait'),
	connectingText: t('连接恢复后将自动继续，无需操作', 'This screen will continue by itself when the connection is back'),
	loading: t('正在加载…', 'Loading…'),
	setupTitle: t('本机尚未设置', 'This kiosk is not set up yet'),
	setupBadTitle: t('本机的设备令牌无效', "This kiosk's device token is not valid"),
	setupText: t(
		'请工作人员用带设备令牌的地址打开本页（只需一次），令牌会保存在本机：',
		'Staff: open this page once with the device token in the address; the kiosk keeps it:'
	),
	setupHelp: t('设备令牌由管理员在大厅配置中发放。', 'Administrators issue device tokens in the hall configuration.'),
	kioskId: t('本机编号', 'Kiosk ID'),
	catalogFailed: t('暂时无法读取业务信息，请稍候', 'The service list cannot be loaded right now, please wait'),
	tryAgain: t('重试', 'Try again'),

	// Units
	minutesApprox: t('约 {n} 分钟', 'about {n} min'),
	peopleCount: t('{n} 人', '{n}'),
	counterList: t('{list} 号窗口', 'Counter {list}'),
	counterListMany: t('{list} 号窗口', 'Counters {list}')
} as const;

/** Fills `{n}`-style placeholders. */
export function fill(text: Text, values: Record<string, string | number>): Text {
	const sub = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
	return { zh: sub(text.zh), en: sub(text.en) };
}


export interface ClosedInfo {
	/** Short marker on a service button: "不在取号时间", "今日号已取完". */
	marker: Text;
	/** The reason in a sentence. */
	reason: Text;
	/** When numbers are given out again ("明天（周三）08:30"), when known. */
	next: Text | null;
}

/** The server's next opening in words: "今天 13:30", "明天（周三）08:30", "周一 08:30", and a week or more ahead (a long holiday) with its date: "2月18日（周三）08:30". */
export function nextOpeningText(next: NextOpen): Text {
	const day = weekdayName(next.weekday);
	if (next.inDays === 0) return t(`今天 ${next.at}`, `today at ${next.at}`);
	if (next.inDays === 1) return t(`明天（${day.zh}）${next.at}`, `tomorrow (${day.en}) at ${next.at}`);
	if (next.inDays < 7) return t(`${day.zh} ${next.at}`, `${day.en} at ${next.at}`);
	const [, month, date] = next.date.split('-').map(Number) as [number, number, number];
	const monthEn = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][month - 1] ?? '';
	return t(`${month}月${date}日（${day.zh}）${next.at}`, `${day.en} ${date} ${monthEn} at ${next.at}`);
}

type NextOpen = NonNullable<Extract<IssuingState, { open: false }>['nextOpen']>;

/** Why a service issues no number now, in plain words, with its next opening; null when it issues. */
export function closedInfo(service: Pick<CatalogService, 'issuing'>): ClosedInfo | null {
	const issuing: IssuingState = service.issuing;
	if (issuing.open) return null;
	const upcoming = issuing.nextOpen ? nextOpeningText(issuing.nextOpen) : null;
	if (issuing.reason === 'closed') {
		return {
			marker: t('今日取号已结束', 'Closed for today'),
			reason: t('今日取号已结束，请下次开放时间再来', 'Numbers for today have ended. Please come back when the hall opens again'),
			next: upcoming
		};
	}
	if (issuing.reason === 'quota') {
		return {
			marker: t('今日号已取完', 'Full today'),
			reason: t('今天的号已经取完了，请改天再来', "Today's numbers are all taken. Please come back another day"),
			next: upcoming
		};
	}
	if (!upcoming) {
		return { marker: t('暂停取号', 'Closed'), reason: t('本业务暂不办理', 'This service is not available at present'), next: null };
	}
	return {
		marker: t('不在取号时间', 'Closed now'),
		reason: t('现在不在本业务的取号时间', 'This service is not giving out numbers at this time'),
		next: upcoming
	};
}

/** "3、4、5" for a few counters; runs of three or more shortened to "3–8" when the list is long. */
export function counterNumbersText(numbers: number[], joiner: string): string {
	const sorted = [...numbers].sort((a, b) => a - b);
	if (sorted.length <= 6) return sorted.join(joiner);
	const parts: string[] = [];
	let i = 0;
	while (i < sorted.length) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
		const first = sorted[i] ?? 0;
		const last = sorted[j] ?? 0;
		if (j - i >= 2) parts.push(`${first}–${last}`);
		else for (let k = i; k <= j; k++) parts.push(String(sorted[k]));
		i = j + 1;
	}
	return parts.join(joiner);
}

/** "请到 3、4、5 号窗口" / "Counters 3, 4, 5". */
export function countersText(numbers: number[]): Text {
	return {
		zh: `${counterNumbersText(numbers, '、')} 号窗口`,
		en: `${numbers.length === 1 ? 'Counter' : 'Counters'} ${counterNumbersText(numbers, ', ')}`
	};
}

/** The counter numbers alone, under a "办理窗口 / Counters" label: "3、4、5 号窗口" / "3, 4, 5". */
export function counterNumbersOnly(numbers: number[]): Text {
	return { zh: `${counterNumbersText(numbers, '、')} 号窗口`, en: counterNumbersText(numbers, ', ') };
}

/** An estimate in words: null (no counter open) → "not known", 0 → "no wait". */
export function estimateText(minutes: number | null): Text {
	if (minutes === null) return S.noEstimate;
	if (minutes <= 0) return S.noWait;
	return fill(S.minutesApprox, { n: minutes });
}

/** "5 人" / "5 people". */
export function peopleText(n: number): Text {
	return { zh: `${n} 人`, en: n === 1 ? '1 person' : `${n} people` };
}

const ERRORS: Record<string, Text> = {
	'SERVICE.CLOSED': t('现在不在本业务的取号时间，请在取号时间内再来', 'This service is not issuing numbers at this time. Please come back during its hours'),
	'DAY.CLOSED': t('今日取号已结束，请下次开放时间再来', 'Numbers for today have ended. Please come back when the hall opens again'),
	'SERVICE.QUOTA_EXHAUSTED': t('今天的号已经取完了，请下个工作日再来', "Today's numbers are all taken. Please come back on the next working day"),
	'SERVICE.NOT_FOUND': t('找不到这项业务，请咨询服务台', 'This service was not found. Please ask at the service desk'),
	'RATE.LIMITED': t('取号太频繁，请稍等片刻再试，或咨询服务台', 'Too many numbers in a short time. Please wait a moment and try again, or ask at the service desk'),
	'STORE.UNAVAILABLE': t('系统暂时忙，请稍后再试，或咨询服务台', 'The system is busy. Please try again in a moment or ask at the service desk'),
	'STORE.CONFLICT': t('现在取号的人较多，请稍后再试', 'Many people are taking numbers right now. Please try again'),
	'SERVER.SHUTTING_DOWN': t('系统正在维护，请稍后再试', 'The system is being serviced. Please try again in a moment'),
	'CLIENT.TIMEOUT': t(
		'网络不畅，未能确认是否取到号。请再按一次“取号”，不会重复取号；或咨询服务台',
		'The network is slow and the number could not be confirmed. Press "Take a number" again (you will not get two), or ask at the service desk'
	),
	'AUTH.FORBIDDEN': t('本机不能取号，请咨询服务台', 'This kiosk may not issue numbers. Please ask at the service desk'),
	'AUTH.INVALID': t('本机设备令牌无效，请咨询服务台', "This kiosk's token is not valid. Please ask at the service desk"),
	'VALIDATION.FAILED': t('取号请求有误，请咨询服务台', 'The request was not accepted. Please ask at the service desk'),
	'REQUEST.REUSED': t('取号请求有误，请再按一次“取号”', 'The request was not accepted. Please press "Take a number" again'),
	'IDENTITY.REQUIRED': t('办理本业务需要读取本人身份证，请在读卡区放置身份证', 'This service needs your ID card. Please place it on the reader'),
	'IDENTITY.INVALID': t('身份证信息已过期，请重新放置身份证', 'The card read has expired. Please place your ID card again'),
	'IDENTITY.DAILY_CAP': t('您今天取号次数已达上限，如需帮助请咨询服务台', 'You have taken the most numbers allowed today. Please ask at the service desk'),
	'IDENTITY.REPRINT_LIMIT': t('您的号码已多次补打，请到服务台办理', 'Your number has been printed again several times. Please ask at the service desk'),
	'PRIORITY.NOT_OFFERED': t('本大厅不提供该类绿色通道，请咨询服务台', 'This hall offers no green channel of that kind. Please ask at the service desk')
};

/** A card reader failure while a card is awaited, in plain words. */
export function cardProblemText(code: string): Text {
	return code === 'CARD.DISCONNECTED' || code === 'CARD.NO_READER' || code === 'CARD.DRIVER_MISSING' || code === 'CARD.TIMEOUT' ? S.cardReaderOffline : S.cardReadFailed;
}

const UNKNOWN_ERROR = t('系统出了点问题，请咨询服务台', 'Something went wrong. Please ask at the service desk');

/** An error code as the citizen reads it. */
export function errorText(code: string): Text {
	return ERRORS[code] ?? UNKNOWN_ERROR;
}
