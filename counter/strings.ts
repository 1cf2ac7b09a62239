import type { Text } from '$contract';

const t = (zh: string, en: string): Text => ({ zh, en });

/** Every text of the counter console, zh-CN first. */
export const S = {
	appTitle: t('窗口叫号', 'Counter console'),
	langToggle: t('English', '中文'),

	// Sign in
	signInTitle: t('工作人员登录', 'Staff sign-in'),
	hall: t('服务大厅', 'Service hall'),
	staffId: t('工号', 'Staff ID'),
	password: t('密码', 'Password'),
	signIn: t('登录', 'Sign in'),
	signingIn: t('正在登录…', 'Signing in…'),
	signOut: t('退出登录', 'Sign out'),
	sessionExpired: t('登录已过期，请重新登录', 'Your session has expired, please sign in again'),

	// Counter choice
	chooseCounter: t('请选择窗口', 'Choose your counter'),
	noCounters: t('您没有可使用的窗口，请联系管理员', 'No counter is assigned to you; ask an administrator'),
	inUseBy: t('使用中：', 'In use by '),
	yours: t('您已开启', 'Open by you'),
	actOn: t('代为操作', 'Act on this counter'),
	actingOn: t('代管', 'Acting for'),
	backToMine: t('结束代管', 'Stop acting'),
	statusClosed: t('空闲，可开启', 'Available'),
	statusOpen: t('开放', 'Open'),
	statusPaused: t('暂停', 'Paused'),
	counterNo: t('号窗口', ''),
	counterPrefix: t('', 'Counter '),

	// Console
	staff: t('工作人员', 'Staff'),
	currentTicket: t('当前号', 'Current ticket'),
	noCurrent: t('当前无号', 'No current ticket'),
	noCurrentHint: t('按 空格 或 F1 叫下一位', 'Press Space or F1 to call the next person'),
	pausedHint: t('窗口已暂停，按 P 恢复', 'The counter is paused; press P to resume'),
	ticketCalled: t('已叫号，等候到场', 'Called, waiting for the visitor'),
	ticketServing: t('办理中', 'Being served'),
	recalls: t('重呼', 'Recalls'),
	times: t('次', ''),
	holder: t('申请人', 'Holder'),
	identity: t('证件', 'ID'),
	waited: t('已等候', 'Waited'),
	minutes: t('分钟', 'min'),
	priority: t('绿色通道', 'Green channel'),
	waitingTitle: t('等候人数', 'Waiting'),
	waitingTotal: t('合计', 'Total'),
	people: t('人', ''),
	pausedReason: t('暂停原因：', 'Paused: '),
	working: t('处理中…', 'Working…'),
	retrying: t('系统暂时无响应，正在自动重试，请稍候…', 'The system is not answering; retrying automatically, please wait…'),
	dismiss: t('知道了', 'Dismiss'),

	// Actions
	actions: t('操作', 'Actions'),
	callNext: t('叫号', 'Call next'),
	recall: t('重呼', 'Recall'),
	start: t('开始办理', 'Start'),
	finish: t('办结', 'Finish'),
	noShow: t('未到', 'No-show'),
	transfer: t('转移', 'Transfer'),
	pause: t('暂停', 'Pause'),
	resume: t('恢复', 'Resume'),
	close: t('关闭窗口', 'Close'),
	outcome: t('办结结果', 'Outcome'),
	outcomeDone: t('已办结', 'Done'),
	outcomeMissingDocuments: t('材料不全', 'Missing documents'),
	outcomeRefused: t('不予受理', 'Refused'),
	outcomeReferred: t('转介他处', 'Referred'),
	requeue: t('未到·重排', 'No-show, re-queue'),
	park: t('挂起', 'Park'),
	callBack: t('叫回', 'Call back'),
	reactivate: t('恢复未到', 'Reactivate'),
	callTicket: t('指定叫号', 'Call a number'),
	autoCall: t('办结后自动叫下一位', 'Call the next one after finishing'),
	on: t('开', 'On'),
	off: t('关', 'Off'),
	shortcutsTitle: t('快捷键', 'Shortcuts'),

	// Ticket details and lists
	calledFor: t('叫号后', 'Since called'),
	requeued: t('已重排', 'Re-queued'),
	trailTitle: t('转移记录', 'Transfers'),
	trailAny: t('任一窗口', 'any counter'),
	parkedTitle: t('挂起的号', 'Parked'),
	parkedNone: t('无挂起', 'None parked'),
	parkedSince: t('挂起', 'parked'),
	noShowTitle: t('今日未到', 'No-shows today'),
	noShowNone: t('无未到', 'No no-shows'),
	ago: t('前', 'ago'),
	ticketParked: t('已挂起', 'Parked'),

	// Dialogs
	cancel: t('取消', 'Cancel'),
	confirm: t('确定', 'Confirm'),
	pauseTitle: t('暂停窗口', 'Pause the counter'),
	pauseReason: t('暂停原因', 'Reason'),
	reasonBreak: t('休息', 'Break'),
	reasonMeeting: t('会议', 'Meeting'),
	reasonSystem: t('系统故障', 'System fault'),
	reasonOther: t('其他', 'Other'),
	reasonOtherText: t('请说明原因', 'Please describe'),
	transferTitle: t('转移当前号', 'Transfer the current ticket'),
	transferService: t('转至事项', 'To service'),
	transferFilter: t('输入名称或编码筛选', 'Filter by name or code'),
	transferCounter: t('指定窗口（可选）', 'To counter (optional)'),
	anyCounter: t('不指定，任一窗口', 'Any counter'),
	transferLoading: t('正在读取事项列表…', 'Loading the services…'),
	transferKeeps: t('转移后保留原号和原取号时间', 'The ticket keeps its number and its place in time'),
	callTicketTitle: t('指定叫号', 'Call a specific number'),
	callTicketNumber: t('号码', 'Ticket number'),
	callTicketReason: t('原因（必填，将记录在案）', 'Reason (required, recorded)'),
	reasonAppointment: t('预约到场', 'Appointment'),
	reasonVulnerable: t('老弱病残孕优先', 'Elderly, disabled or pregnant'),
	reasonReturned: t('补齐材料返回', 'Back with documents'),
	callBackTitle: t('叫回挂起的号', 'Call back a parked ticket'),
	reactivateTitle: t('恢复未到的号并叫号', 'Reactivate a no-show and call it'),
	pickHint: t('↑↓ 选择，Enter 确定，或按数字键', '↑↓ to choose, Enter to confirm, or press its digit'),
	closeTitle: t('关闭窗口？', 'Close the counter?'),
	closeText: t('关闭后本窗口不再叫号。', 'The counter stops calling tickets.'),
	closeOthers: t('此窗口由 {name} 开启。代为关闭须填写原因，将记入审计日志。', '{name} opened this counter. Closing it for them needs a reason, kept in the audit log.'),
	closeReason: t('关闭原因', 'Reason'),
	signOutTitle: t('退出登录？', 'Sign out?'),
	signOutOpen: t('窗口仍处于开启状态。', 'Your counter is still open.'),
	closeAndSignOut: t('关闭窗口并退出', 'Close counter and sign out'),
	signOutOnly: t('仅退出登录', 'Sign out only'),

	// Connection
	offlineTitle: t('连接中断', 'Connection lost'),
	offlineText: t('正在自动重连，请稍候…', 'Reconnecting automatically, please wait…'),
	connecting: t('正在连接…', 'Connecting…')
} satisfies Record<string, Text>;

/** Error codes from the server (and CLIENT.* from the page) in plain words. */
const ERRORS: Record<string, Text> = {
	'QUEUE.EMPTY': t('暂无等候', 'No one waiting'),
	'COUNTER.BUSY': t('当前号尚未办结，请先办结或标记未到', 'Finish the current ticket or mark it as no-show first'),
	'COUNTER.PAUSED': t('窗口已暂停，请先恢复', 'The counter is paused; resume it first'),
	'COUNTER.NOT_OPEN': t('窗口未开启', 'The counter is not open'),
	'COUNTER.IDLE': t('当前没有号', 'There is no current ticket'),
	'COUNTER.TAKEN': t('该窗口已由其他人员开启', 'Someone else has this counter open'),
	'COUNTER.ALREADY_OPEN': t('该窗口已开启', 'The counter is already open'),
	'COUNTER.NOT_FOUND': t('没有这个窗口', 'No such counter'),
	'STAFF.NOT_ALLOWED': t('您不能使用该窗口', 'You may not work at this counter'),
	'STAFF.AT_OTHER_COUNTER': t('您已在其他窗口工作，请先关闭那个窗口', 'You are working at another counter; close it first'),
	'TICKET.RECALL_LIMIT': t('已达到重呼次数上限，请标记未到', 'Recall limit reached; mark the ticket as no-show'),
	'TICKET.BAD_STATE': t('当前号的状态不允许此操作', 'Not possible in the ticket’s current state'),
	'TICKET.NOT_FOUND': t('没有这个号', 'No such ticket'),
	'TICKET.REQUEUE_LIMIT': t('该号已重排过，不能再次重排，请标记未到', 'Already re-queued; mark it as no-show'),
	'TICKET.PARKED_ELSEWHERE': t('该号挂起在其他窗口', 'That ticket is parked at another counter'),
	'COUNTER.HAS_PARKED': t('还有挂起的号，请先叫回处理', 'Tickets are still parked here; call them back first'),
	'TICKET.SAME_SERVICE': t('该号已在此事项排队，请选择其他事项或指定窗口', 'Already queued for this service; choose another service or a counter'),
	'SERVICE.NOT_FOUND': t('没有这个事项', 'No such service'),
	'HALL.NOT_FOUND': t('没有这个服务大厅', 'No such hall'),
	'AUTH.INVALID': t('大厅、工号或密码不正确', 'Wrong hall, staff ID or password'),
	'AUTH.RATE_LIMITED': t('尝试次数过多，请几分钟后再试', 'Too many attempts, please wait a few minutes'),
	'RATE.LIMITED': t('操作太频繁，请稍候再试', 'Too many actions in a short time, please wait a moment'),
	'AUTH.REQUIRED': t('请先登录', 'Please sign in'),
	'AUTH.FORBIDDEN': t('您没有此操作的权限', 'You are not allowed to do this'),
	'VALIDATION.FAILED': t('输入有误，请检查', 'Please check your input'),
	'REQUEST.REUSED': t('重复的请求，请重试', 'Duplicate request, please try again'),
	'STORE.CONFLICT': t('系统繁忙，请重试', 'The system is busy, please try again'),
	'STORE.UNAVAILABLE': t('系统暂时不可用，请稍后重试', 'The system is unavailable, try again shortly'),
	'SERVER.SHUTTING_DOWN': t('服务器正在重启，请稍候', 'The server is restarting, please wait'),
	'CLIENT.TIMEOUT': t('服务器无响应，请重试', 'No answer from the server, please try again'),
	'CLIENT.NETWORK': t('无法连接服务器', 'Cannot reach the server'),
	INTERNAL: t('系统错误，请联系管理员', 'System error, please tell an administrator'),
	'AUTH.LOCKED': t('密码错误次数过多，账户已锁定，请15分钟后再试', 'Too many wrong passwords: the account is locked, try again in 15 minutes'),
	'AUTH.CROSS_SITE': t('请从本系统的页面操作', 'Please use HallQ’s own pages'),
	'STAFF.NOT_FOUND': t('没有该工作人员', 'No such staff member'),
	'PASSWORD.WEAK': t('新密码不符合要求：至少10个字符，不能与工号或原密码相同', 'The new password needs 10 characters and may not be your staff ID or the old one')
};

export function errorText(code: string): Text {
	return ERRORS[code] ?? t(`操作未成功（${code}）`, `The action failed (${code})`);
}

/** Errors that are information, not faults: shown calmly. */
export const INFO_CODES = new Set(['QUEUE.EMPTY']);

export function counterLabel(n: number): Text {
	return t(`${n}号窗口`, `Counter ${n}`);
}

export const OUTCOMES = [
	{ value: 'done', label: S.outcomeDone },
	{ value: 'missingDocuments', label: S.outcomeMissingDocuments },
	{ value: 'refused', label: S.outcomeRefused },
	{ value: 'referred', label: S.outcomeReferred }
] as const;
export type Outcome = (typeof OUTCOMES)[number]['value'];

/**
 * Pause reasons: the server stores the code (stable for statistics and for counter boards, which
 * show it in either language); "other" sends `other: <the clerk's words>`.
 */
export const PAUSE_REASONS = [
	{ value: 'break', label: S.reasonBreak },
	{ value: 'meeting', label: S.reasonMeeting },
	{ value: 'system', label: S.reasonSystem },
	{ value: 'other', label: S.reasonOther }
] as const;
export type PauseReasonCode = (typeof PAUSE_REASONS)[number]['value'];

/** Reasons for calling a specific number, stored like pause reasons (code, or `other: <words>`). */
export const CALL_REASONS = [
	{ value: 'appointment', label: S.reasonAppointment },
	{ value: 'vulnerable', label: S.reasonVulnerable },
	{ value: 'returned', label: S.reasonReturned },
	{ value: 'other', label: S.reasonOther }
] as const;

/** A reason a dialog offers: a stable code and its words. */
export interface ReasonOption {
	value: string;
	label: Text;
}

/** A stored pause reason in words. */
export function pauseReasonText(reason: string | null): Text | null {
	if (!reason) return null;
	const known = PAUSE_REASONS.find((r) => r.value === reason);
	if (known) return known.label;
	const m = /^other:\s*(.*)$/s.exec(reason);
	if (m) return t(`其他：${m[1]}`, `Other: ${m[1]}`);
	return t(reason, reason);
}
