import type { TicketStatusView, Text } from '$contract';

const t = (zh: string, en: string): Text => ({ zh, en });

export const S = {
	title: t('排队进度', 'Queue status'),
	yourNumber: t('您的号码', 'Your number'),
	ahead: t('前面还有', 'Ahead of you'),
	estimate: t('预计等候', 'Estimated wait'),
	noEstimate: t('暂无法估算', 'Not known yet'),
	calledTitle: t('轮到您了！', "It's your turn!"),
	goTo: t('请到', 'Please go to'),
	goToAfter: t('办理', ''),
	recalled: t('已再次呼叫，请尽快前往', 'Called again: please go now'),
	serving: t('正在办理', 'Being served'),
	done: t('已办结，感谢您的耐心等候', 'Done. Thank you for waiting'),
	noShow: t('叫号时您未到，请咨询服务台', 'You were not there when called. Please ask at the service desk'),
	cancelled: t('此号已取消', 'This number was cancelled'),
	unserved: t('今日服务已结束，此号未能办理，请改日再来或咨询服务台', 'The hall has closed for today before this number was served. Please come back another day or ask at the service desk'),
	parked: t('您的号码已暂挂，备齐材料后请回到窗口，工作人员会再次呼叫您', 'Your number is on hold: come back to the counter when ready, you will be called again'),
	waiting: t('请耐心等候，叫到您时本页会提醒您', 'Please wait: this page alerts you when you are called'),
	soundOn: t('开启声音提醒', 'Turn on sound alerts'),
	soundIsOn: t('声音提醒已开启', 'Sound alerts are on'),
	offline: t('网络中断，正在重新连接…', 'Connection lost, reconnecting…'),
	invalid: t('此链接无效或号票已过期（号码只在取号当天有效）', 'This link is not valid or the ticket has expired (numbers are valid on the day they are taken)'),
	loading: t('正在读取…', 'Loading…'),
	updated: t('更新于', 'Updated')
};

export function peopleText(n: number): Text {
	return { zh: `${n} 人`, en: n === 1 ? '1 person' : `${n} people` };
}

export function minutesText(m: number | null): Text {
	if (m === null) return S.noEstimate;
	if (m < 1) return t('马上', 'Any moment');
	return { zh: `约 ${m} 分钟`, en: `About ${m} min` };
}

export function statusText(s: TicketStatusView): Text {
	switch (s.status) {
		case 'serving':
			return S.serving;
		case 'done':
			return S.done;
		case 'noShow':
			return S.noShow;
		case 'cancelled':
			return S.cancelled;
		case 'parked':
			return S.parked;
		case 'unserved':
			return S.unserved;
		default:
			return S.waiting;
	}
}
