import type { Text } from '$contract';

const t = (zh: string, en: string): Text => ({ zh, en });

/** Every text of the audit log view, zh-CN first. */
export const L = {
	tab: t('操作日志', 'Audit log'),
	title: t('操作日志：谁、何时、做了什么、为什么', 'Audit log: who did what, when and why'),
	from: t('从', 'From'),
	to: t('至', 'to'),
	action: t('操作', 'Action'),
	allActions: t('全部操作', 'All actions'),
	families: t('类别', 'Kinds'),
	codes: t('具体操作', 'Actions'),
	actor: t('工号或设备编号', 'Staff or device id'),
	ticket: t('号码', 'Ticket'),
	search: t('查询', 'Search'),
	clear: t('清除条件', 'Clear'),
	exportCsv: t('导出 CSV', 'Export CSV'),
	time: t('时间', 'Time'),
	who: t('操作人', 'Actor'),
	subject: t('对象', 'Subject'),
	counter: t('窗口', 'Counter'),
	reason: t('原因', 'Reason'),
	detail: t('详情', 'Details'),
	client: t('地址', 'Address'),
	system: t('系统', 'System'),
	more: t('加载更多', 'Load more'),
	shown: t('已显示 {n} 条', '{n} shown'),
	allShown: t('共 {n} 条，已全部显示', 'All {n} shown'),
	none: t('没有符合条件的记录', 'No entry matches'),
	loading: t('正在查询…', 'Searching…'),
	failed: t('查询失败', 'The search failed'),
	badQuery: t('查询条件有误', 'The search is not valid'),
	readOnly: t('日志不可修改或删除；超过保留期后个人信息（手写原因、地址）会被清除', 'Entries cannot be edited or deleted; after the retention period typed reasons and addresses are purged'),
	filterBy: t('按此筛选', 'Filter by this'),
	purged: t('（已清除）', '(purged)')
};

/** The names of the detail keys (`key=value` of an entry). */
export const DETAIL_NAMES: Readonly<Record<string, Text>> = {
	service: t('事项', 'service'),
	priority: t('优先', 'priority'),
	kiosk: t('取号机', 'kiosk'),
	outcome: t('结果', 'outcome'),
	toService: t('转至事项', 'to service'),
	toCounter: t('转至窗口', 'to counter'),
	overall: t('总体评价', 'overall'),
	staff: t('人员', 'staff'),
	reasons: t('差评原因', 'reasons'),
	cause: t('类别', 'cause'),
	alert: t('告警', 'alert'),
	severity: t('级别', 'severity'),
	value: t('值', 'value'),
	limit: t('限值', 'limit'),
	code: t('错误', 'error'),
	minutes: t('分钟', 'minutes'),
	digest: t('配置摘要', 'digest'),
	was: t('原摘要', 'was')
};

/** The names of detail values that are codes, per key. */
export const DETAIL_VALUES: Readonly<Record<string, Readonly<Record<string, Text>>>> = {
	priority: { none: t('普通', 'normal'), elderly: t('老年人', 'elderly'), disabled: t('残疾人', 'disabled'), pregnant: t('孕妇', 'pregnant'), military: t('军人', 'military') },
	outcome: { done: t('办结', 'done'), missingDocuments: t('材料不全', 'missing documents'), refused: t('不予受理', 'refused'), referred: t('转介', 'referred') },
	cause: { schedule: t('按时日结', 'on schedule'), supervisor: t('值班长日结', 'by a supervisor'), midnight: t('午夜自动日结', 'at midnight') },
	severity: { warning: t('提醒', 'warning'), critical: t('严重', 'critical') }
};
