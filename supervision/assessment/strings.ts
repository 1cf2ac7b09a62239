import type { Text } from '$contract';

const t = (zh: string, en: string): Text => ({ zh, en });

/** Every text of the monthly assessment view, zh-CN first. */
export const A = {
	tab: t('红旗窗口评选', 'Red-flag assessment'),
	reportsTab: t('统计报表', 'Reports'),
	month: t('月份', 'Month'),
	title: t('红旗窗口和优秀个人月度评选', 'Monthly red-flag counters and outstanding staff'),
	counters: t('窗口排名', 'Counters'),
	staff: t('人员排名', 'Staff'),
	statusOpen: t('本月尚未结束，排名随数据变化', 'The month has not ended: the ranking still changes'),
	statusFinal: t('待确认', 'To be confirmed'),
	statusConfirmed: t('已确认', 'Confirmed'),
	confirmedBy: t('确认人', 'Confirmed by'),
	confirmedAt: t('确认时间', 'at'),
	note: t('备注', 'Note'),
	confirm: t('确认并冻结本月结果', 'Confirm and freeze the month'),
	confirmHint: t('确认后结果不再改变，之后的重新计算只显示差异', 'Once confirmed the result no longer changes; a recalculation shows only the differences'),
	confirmOnlyOwn: t('仅本厅值班长、管理员可确认', 'Only the hall’s own supervisors and admins confirm'),
	differences: t('重新计算与已确认结果的差异', 'Where a recalculation differs from the confirmed result'),
	noDifferences: t('重新计算与已确认结果一致', 'The recalculation equals the confirmed result'),
	confirmedRank: t('确认名次', 'Confirmed rank'),
	nowRank: t('现名次', 'Rank now'),
	rank: t('名次', 'Rank'),
	name: t('名称', 'Name'),
	score: t('得分', 'Score'),
	award: t('评选', 'Award'),
	awardCounter: t('红旗窗口', 'Red flag'),
	awardStaff: t('优秀个人', 'Outstanding'),
	served: t('办结', 'Served'),
	eligibility: t('资格', 'Eligibility'),
	eligible: t('参评', 'Eligible'),
	components: {
		volume: t('办件量', 'Volume'),
		satisfaction: t('满意度', 'Satisfaction'),
		ratingRate: t('评价率', 'Rating rate'),
		withinTarget: t('按时叫号', 'Within target'),
		efficiency: t('效率', 'Efficiency')
	},
	lateFollowUp: t('差评逾期', 'Late follow-ups'),
	complaint: t('投诉', 'Complaints'),
	weightOf: t('满分', 'of'),
	complaintsTitle: t('录入经核实的投诉', 'Record justified complaints'),
	complaintSubject: t('对象', 'Counter or person'),
	complaintCount: t('件数', 'Count'),
	complaintReason: t('依据（必填）', 'Grounds (required)'),
	complaintSave: t('保存', 'Save'),
	complaintsLog: t('录入记录', 'Record'),
	exportCounters: t('导出窗口 CSV', 'Counters CSV'),
	exportStaff: t('导出人员 CSV', 'Staff CSV'),
	exportXlsx: t('导出 Excel', 'Export Excel'),
	print: t('打印获奖名单', 'Print the award list'),
	rulesTitle: t('评分规则', 'How the score is made'),
	rulesText: t(
		'得分 = 各项满分 × 分值 之和 − 扣分。办件量、效率与本厅参评者最高值相比；满意度、评价率、按时叫号率按比例；差评整改逾期每件扣{late}分，经核实投诉每件扣{complaint}分。参评条件：开窗不少于{days}天、办结不少于{served}件；“非常不满意”逾期未整改取消资格。同分依次比满意度、办结数、平均等候、编号。',
		'Score = Σ weight × component score − penalties. Volume and efficiency against the best eligible of the hall; satisfaction, rating rate and within-target as shares; {late} points off per late follow-up, {complaint} per justified complaint. Eligible: at least {days} days open and {served} served; a 非常不满意 left overdue disqualifies. Ties: satisfaction, served, mean wait, id.'
	),
	reasonOpenDays: t('开窗{have}天，不足{need}天', 'open {have} days, fewer than {need}'),
	reasonServed: t('办结{have}件，不足{need}件', '{have} served, fewer than {need}'),
	reasonVeryBad: t('“非常不满意”逾期未整改', 'a 非常不满意 left overdue'),
	signature: t('值班长（签字）：', 'Supervisor (signature):'),
	noSubjects: t('本月没有数据', 'Nothing this month'),
	failed: t('操作未成功', 'The action failed')
} as const;

/** Fills "{name}" placeholders. */
export function fill(text: string, values: Record<string, string | number>): string {
	return text.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
}
