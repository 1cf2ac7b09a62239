import type { RatingReason, Text } from '$contract';

const t = (zh: string, en: string): Text => ({ zh, en });

/** Every text of the evaluation terminal, zh-CN first. */
export const E = {
	title: t('服务评价', 'Rate our service'),
	langToggle: t('English', '中文'),
	onDuty: t('当前服务人员', 'Serving you today'),
	staffNo: t('工号', 'Staff no.'),
	noStaff: t('暂无工作人员', 'No one at this counter'),
	paused: t('暂停服务', 'Paused'),
	closed: t('暂未开放', 'Not open'),
	open: t('正在服务', 'Open'),
	idleHint: t('办结后，请您对本次服务进行评价', 'When your business is done, please rate our service'),
	scheme: t('政务服务"好差评"', 'Government service rating (好差评)'),
	ask: t('请您对本次服务进行评价', 'How satisfied are you with our service?'),
	ticket: t('号码', 'Ticket'),
	details: t('请为以下方面评分', 'Please rate each of these'),
	efficiency: t('服务效率', 'Efficiency'),
	level: t('服务水平', 'Competence'),
	attitude: t('服务态度', 'Attitude'),
	reasonTitle: t('请告诉我们不满意的原因（可多选）', 'Please tell us what went wrong (choose any)'),
	commentLabel: t('其他意见（选填）', 'Anything else (optional)'),
	commentHint: t('请勿填写身份证号等个人信息', 'Please do not enter your ID number or other personal data'),
	reasonNeeded: t('请至少选择一项原因或填写意见', 'Please choose a reason or write a comment'),
	back: t('返回', 'Back'),
	submit: t('提交评价', 'Submit'),
	sending: t('正在提交…', 'Sending…'),
	thanks: t('感谢您的评价！', 'Thank you for your rating!'),
	followUp: t('我们将在15个工作日内回访并整改', 'We will call you back and put it right within 15 working days'),
	expired: t('评价已超时，感谢您的配合', 'The time for this rating is over. Thank you'),
	secondsLeft: t('秒后自动返回', 's until this screen closes'),
	setup: t('本评价器尚未配置：请用带 ?token= 的地址打开', 'This terminal is not set up: open it with ?token=…'),
	refused: t('本评价器的令牌无效或已停用，请联系管理员', 'This terminal’s token is unknown or revoked; ask an administrator'),
	connecting: t('正在连接…', 'Connecting…'),
	offline: t('连接中断，正在重连…', 'Connection lost, reconnecting…'),
	retry: t('提交未成功，请再试一次', 'Not sent, please try again')
} satisfies Record<string, Text>;

/** The five levels of the national scheme, best first: 5 stars … 1 star. */
export const LEVELS: { value: number; label: Text }[] = [
	{ value: 5, label: t('非常满意', 'Very satisfied') },
	{ value: 4, label: t('满意', 'Satisfied') },
	{ value: 3, label: t('基本满意', 'Fairly satisfied') },
	{ value: 2, label: t('不满意', 'Dissatisfied') },
	{ value: 1, label: t('非常不满意', 'Very dissatisfied') }
];

export function levelLabel(value: number): Text {
	return LEVELS.find((l) => l.value === value)?.label ?? t('', '');
}

export const REASONS: Record<RatingReason, Text> = {
	waitTooLong: t('等候时间过长', 'Waited too long'),
	slow: t('办理效率低', 'Slow service'),
	attitude: t('服务态度不好', 'Unfriendly staff'),
	unskilled: t('业务不熟练', 'Staff not competent'),
	unclear: t('未一次性告知', 'Not told everything at once'),
	runAgain: t('需要多次跑动', 'Had to come back again'),
	process: t('材料多、流程繁琐', 'Too many documents or steps'),
	other: t('其他', 'Other')
};

export function counterTitle(n: number): Text {
	return t(`${n}号窗口`, `Counter ${n}`);
}
