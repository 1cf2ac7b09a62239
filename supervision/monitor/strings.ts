import type { CounterActivity, LoggedAlert, Text, TicketStepKind, WaitState } from '$contract';

const t = (zh: string, en: string): Text => ({ zh, en });

/** Every text of the live monitor, zh-CN first. */
export const M = {
	title: t('实时监控', 'Live monitor'),
	subtitle: t('值班长', 'Supervisor'),
	signInTitle: t('实时监控登录', 'Sign in to the live monitor'),
	forbidden: t('您的账号无权打开实时监控（仅限值班长、管理员）', 'Your account may not open the live monitor (supervisors and administrators only)'),
	badToken: t('此监控屏的设备令牌无效或已吊销', 'This screen’s device token is unknown or revoked'),
	offline: t('与服务器的连接已断开，正在重连…', 'Connection to the server lost; reconnecting…'),
	signOut: t('退出登录', 'Sign out'),
	langToggle: t('English', '中文'),
	wall: t('监控大屏', 'Wall screen'),
	updated: t('更新于', 'Updated'),
	waiting: t('等候', 'Waiting'),
	issued: t('今日取号', 'Issued today'),
	served: t('已办结', 'Served'),
	noShow: t('过号', 'No-shows'),
	openCounters: t('开放窗口', 'Open counters'),
	alerts: t('告警', 'Alerts'),
	noAlerts: t('目前没有告警', 'No alerts'),
	allAlerts: t('全部', 'All'),
	critical: t('严重', 'Critical'),
	warning: t('提醒', 'Warning'),
	unacknowledged: t('未处理', 'Not acknowledged'),
	acknowledge: t('处理', 'Acknowledge'),
	acknowledgedBy: t('已处理', 'Acknowledged'),
	ackNote: t('处理说明（必填）', 'What was done (required)'),
	ackTitle: t('处理告警', 'Acknowledge the alert'),
	confirm: t('确定', 'Confirm'),
	cancel: t('取消', 'Cancel'),
	sound: t('告警提示音', 'Alert sound'),
	soundOn: t('开', 'On'),
	soundOff: t('关', 'Off'),
	services: t('事项与等候', 'Services and queues'),
	service: t('事项', 'Service'),
	queue: t('等候（优先/普通）', 'Waiting (priority / normal)'),
	longest: t('最长等候', 'Longest wait'),
	target: t('目标', 'Target'),
	estimate: t('新号预计', 'New ticket waits'),
	arrivals: t('近30分钟到达/小时', 'Arrivals / h (last 30 min)'),
	counters: t('窗口', 'Counters'),
	onlyBusy: t('只看有人等候的事项', 'Only services with people waiting'),
	min: t('分', 'min'),
	noCounter: t('无窗口', 'no counter'),
	counter: (n: number) => t(`${n}号窗口`, `Counter ${n}`),
	limit: t('时限', 'limit'),
	noConsole: t('无人在岗（控制台未连接）', 'No console connected'),
	closeCounter: t('代为关闭', 'Close for them'),
	closeTitle: t('代为关闭窗口', 'Close the counter for its clerk'),
	closeText: t('窗口关闭后不再叫号。原因将记入审计日志。', 'The counter stops calling. The reason is kept in the audit log.'),
	reason: t('原因（必填）', 'Reason (required)'),
	devices: t('设备', 'Devices'),
	noDeviceProblems: t('设备均正常', 'Every device is fine'),
	connected: t('在线', 'Online'),
	notConnected: t('离线', 'Offline'),
	neverSeen: t('今日未连接', 'Not connected today'),
	lastSeen: t('最后在线', 'Last seen'),
	lastShown: t('最近显示', 'Last shown'),
	nothingShown: t('今日尚未显示叫号', 'No call shown today'),
	spoken: t('已播报', 'spoken'),
	desk: t('咨询台查号', 'Information desk'),
	deskHint: t('输入票号，如 A012', 'Ticket number, e.g. A012'),
	find: t('查询', 'Find'),
	notFound: t('今日没有这个号', 'No such ticket today'),
	ahead: t('前面', 'Ahead'),
	people: t('人', ''),
	holder: t('持票人', 'Holder'),
	history: t('经过', 'History'),
	move: t('转到其他事项', 'Move to another service'),
	moveTitle: t('转移等候中的号', 'Move a waiting ticket'),
	toService: t('转到事项', 'To service'),
	toCounter: t('指定窗口（可不选）', 'Only at counter (optional)'),
	anyCounter: t('任一窗口', 'Any counter'),
	moveText: t('保留原取号时间排队。原因将记入审计日志。', 'It keeps its original arrival time. The reason is kept in the audit log.'),
	waitingList: t('等候名单', 'Waiting list'),
	closeDay: t('结束今日', 'Close the day'),
	closeDayTitle: t('结束今日业务', 'Close today’s hall-day'),
	closeDayText: t('所有等候中的号将记为“未办理”，所有窗口关闭，今日不能再取号。', 'Every waiting ticket becomes unserved, every counter closes, no more tickets today.'),
	dayClosed: t('今日业务已结束', 'The hall-day is closed'),
	failed: t('操作未成功：', 'Not done: ')
};

export const ACTIVITY: Record<CounterActivity, Text> = {
	closed: t('关闭', 'Closed'),
	idle: t('空闲', 'Idle'),
	calling: t('叫号中', 'Calling'),
	serving: t('办理中', 'Serving'),
	paused: t('暂停', 'Paused')
};

export const WAIT_STATE: Record<WaitState, Text> = {
	none: t('无人等候', 'Nobody waiting'),
	ok: t('正常', 'Within target'),
	near: t('接近目标', 'Near target'),
	past: t('超过目标', 'Past target')
};

export const STEP: Record<TicketStepKind, Text> = {
	issued: t('取号', 'Issued'),
	reprinted: t('补打', 'Reprinted'),
	called: t('叫号', 'Called'),
	recalled: t('重呼', 'Recalled'),
	started: t('开始办理', 'Service started'),
	parked: t('暂挂', 'Set aside'),
	calledBack: t('恢复叫号', 'Called back'),
	transferred: t('转移', 'Transferred'),
	finished: t('办结', 'Finished'),
	noShow: t('过号', 'No-show'),
	requeued: t('重新排队', 'Back in queue'),
	reactivated: t('过号恢复', 'Reactivated'),
	rated: t('已评价', 'Rated'),
	cancelled: t('取消', 'Cancelled'),
	dayClosed: t('当日结束', 'Day closed')
};

export const DEVICE_PROBLEM: Record<string, Text> = {
	'PRINTER.PAPER_OUT': t('打印机缺纸', 'Printer out of paper'),
	'PRINTER.PAPER_LOW': t('打印纸将尽', 'Paper low'),
	'PRINTER.COVER_OPEN': t('打印机盖未关', 'Printer cover open'),
	'PRINTER.ERROR': t('打印机故障', 'Printer fault'),
	'PRINTER.OFFLINE': t('打印机离线', 'Printer offline'),
	'PRINTER.TIMEOUT': t('打印机无响应', 'Printer not answering'),
	'PRINTER.CONNECT_FAILED': t('连不上打印机', 'Printer unreachable'),
	'BOARD.AUDIO_BLOCKED': t('叫号屏无法发声，请到屏前点击一下', 'Board cannot play sound: tap it once'),
	'BOARD.MUTED': t('叫号屏已静音', 'Board muted'),
	'DEVICE.OFFLINE': t('设备离线', 'Device offline'),
	'CARD.NO_READER': t('身份证读卡器未连接', 'ID card reader not connected'),
	'CARD.DISCONNECTED': t('身份证读卡器已断开', 'ID card reader disconnected'),
	'CARD.DRIVER_MISSING': t('读卡器驱动未安装', 'Card reader driver missing'),
	'STORE.BEHIND': t('队列存储丢失了已确认的记录（故障切换或恢复备份），请通知运维核对号码', 'The queue store lost confirmed records (a failover or restore): tell operations to check the numbers'),
	'STORE.DIVERGED': t('队列存储的记录与本服务器已确认的不一致（故障切换到旧副本后又有新记录），可能有重号，请立即通知运维核对', "The queue store's records differ from what this server confirmed (a failover to an older copy, then new records): numbers may be doubled, tell operations at once"),
	'STORE.BEHIND_RESTORED': t('队列存储曾丢失记录，本服务器已补回，请通知运维检查', 'The queue store lost records and this server gave them back: tell operations')
};

export const DEVICE_KIND: Record<string, Text> = {
	kiosk: t('取号机', 'Kiosk'),
	display: t('叫号屏', 'Board'),
	evaluator: t('评价器', 'Evaluator'),
	agent: t('取号机外设', 'Kiosk agent'),
	monitor: t('监控屏', 'Monitor')
};

/** An alert in one line: what, where, how far past its limit. */
export function alertText(a: LoggedAlert, serviceName: (code: string) => string, counterNumber: (id: string) => number | null): Text {
	const svc = a.service ? serviceName(a.service) : '';
	const ctr = a.counter ? (counterNumber(a.counter) ?? a.counter) : '';
	switch (a.kind) {
		case 'waitPastTarget':
			return t(`${svc}：最长已等候 ${Math.round(a.value)} 分钟（目标 ${a.limit} 分钟）`, `${svc}: the longest wait is ${Math.round(a.value)} min (target ${a.limit})`);
		case 'queueLong':
			return t(`${svc}：${a.value} 人等候（上限 ${a.limit}）`, `${svc}: ${a.value} waiting (limit ${a.limit})`);
		case 'servicePastLimit':
			return t(`${ctr}号窗口：${a.ticket ?? ''} 已办理 ${Math.round(a.value)} 分钟（时限 ${a.limit} 分钟）`, `Counter ${ctr}: ${a.ticket ?? ''} in service ${Math.round(a.value)} min (limit ${a.limit})`);
		case 'pauseTooLong':
			return t(`${ctr}号窗口暂停 ${Math.round(a.value)} 分钟（允许 ${a.limit} 分钟）`, `Counter ${ctr} paused ${Math.round(a.value)} min (allowed ${a.limit})`);
		case 'counterWithoutConsole':
			return t(`${ctr}号窗口开着但无人在岗 ${Math.round(a.value)} 分钟`, `Counter ${ctr} open with no console for ${Math.round(a.value)} min`);
		case 'serviceUnstaffed':
			return t(`${svc}：${a.value} 人等候，没有开放的窗口办理`, `${svc}: ${a.value} waiting and no open counter serves it`);
		case 'deviceFault': {
			const p = a.fault ? (DEVICE_PROBLEM[a.fault.problem] ?? t(a.fault.problem, a.fault.problem)) : t('', '');
			// The live store is no device of the hall file: it has a name of its own.
			const where = a.fault?.kind === 'store' ? t('队列存储', 'Queue store') : t(a.device ?? '', a.device ?? '');
			return t(`${where.zh}：${p.zh}`, `${where.en}: ${p.en}`);
		}
		case 'followUpDue':
			return t(`差评回访 ${a.ticket ?? ''} 剩 ${a.value} 个工作日到期`, `Bad-rating follow-up ${a.ticket ?? ''} due in ${a.value} working days`);
		case 'waitForecast': {
			const f = a.forecast;
			const could = f && f.couldServe.length > 0 ? f.couldServe.join('、') : '—';
			return t(
				`${svc}：约 ${Math.round(f?.passesInMinutes ?? a.value)} 分钟后等候将超过目标，建议加开窗口（可办理：${could}号）`,
				`${svc}: the wait passes its target in about ${Math.round(f?.passesInMinutes ?? a.value)} min unless a counter opens (could serve: ${could})`
			);
		}
	}
}

export const STATUS: Record<string, Text> = {
	waiting: t('等候中', 'Waiting'),
	called: t('已叫号', 'Called'),
	serving: t('办理中', 'In service'),
	done: t('已办结', 'Done'),
	noShow: t('过号', 'No-show'),
	cancelled: t('已取消', 'Cancelled'),
	parked: t('暂挂', 'Set aside'),
	unserved: t('未办理', 'Unserved')
};
