/**
 * The definitions printed with every exported report (the sheet "定义 Definitions"): short forms
 * of docs/statistics.md, so a figure read in Excel carries its meaning.
 */
import { localTime } from '../core/clock';

export const KPI_DEFINITIONS: { term: string; definition: string }[] = [
	{ term: '取号 Issued', definition: '期间取号的号数（转办不重复计）。Tickets issued in the period; a transfer is not a new ticket.' },
	{ term: '办结 Served', definition: '窗口办结的服务次数（含转办后在新事项办结）。Servings a counter finished, after a transfer in the service it ended in.' },
	{ term: '过号 No-show', definition: '叫号未到且未重新排队。Called, did not come, and was not put back in the queue.' },
	{ term: '未办理 Unserved', definition: '闭厅时仍在等候、已叫号或暂存。Still waiting, called or parked when the hall-day closed.' },
	{ term: '等候 Wait', definition: '进入该事项队列到最后一次从队列叫号；中位数和P90取自一分钟直方图，不低于精确值且高出不到一分钟。Queue entry to the last call from the queue; median and P90 from one-minute histograms: never below the exact value, less than a minute above.' },
	{ term: '办理 Service', definition: '开始办理到办结、转办或过号，不含暂存时间。Start of service to its end, parked time excluded.' },
	{ term: '按时叫号率 Within target', definition: '等候不超过事项目标等候时间的叫号数 ÷（叫号数 + 超过目标仍未叫号即离开的数）。Called within the target ÷ (called + left uncalled after waiting past the target).' },
	{ term: '评价率 Rating rate', definition: '评价数 ÷ 办结数。Rated ÷ served.' },
	{ term: '满意度 Satisfaction', definition: '（非常满意 + 满意）÷ 评价数。(Very satisfied + satisfied) ÷ rated.' },
	{ term: '差评逾期 Follow-ups overdue', definition: '差评整改未在期限内完成（已逾期或逾期后整改）。Bad-rating follow-ups not put right by their due day.' },
	{ term: '开窗时长 Open hours', definition: '窗口开启（未暂停）时长之和。Sum of the counters\u2019 open, unpaused time.' },
	{ term: '空闲率 Idle share', definition: '1 − 有群众在窗口（叫号、办理、重呼）的时长 ÷ 开窗时长。1 − time with a citizen called or in service ÷ open time.' },
	{ term: '每开窗小时办结 Served per open hour', definition: '办结数 ÷ 开窗小时。Served ÷ open hours.' }
];

/** The award list's definitions (docs/statistics.md "Red-flag assessment"), the KPIs' after them. */
export const ASSESSMENT_DEFINITIONS: { term: string; definition: string }[] = [
	{ term: '得分 Score', definition: '各项得分之和减扣分；各项 = 权重 × 分值（0–1），保留两位小数。The components\u2019 points minus the penalties; each component = weight × its score 0–1, to 0.01.' },
	{ term: '办件量 volume', definition: '办结数 ÷ 本厅参评者中最多的办结数。Served ÷ the most served by an eligible counter or person of the hall.' },
	{ term: '效率 efficiency', definition: '每开窗小时办结 ÷ 本厅参评者中的最高值。Served per open hour ÷ the highest of the eligible.' },
	{ term: '扣分 Penalties', definition: '每件差评整改逾期（逾期未整改或逾期后整改）扣分；每件经核实的投诉扣分（值班长录入）。Per bad-rating follow-up past its deadline; per justified complaint a supervisor recorded.' },
	{ term: '资格 Eligibility', definition: '开窗天数与办结数不低于门槛；一件“非常不满意”逾期未整改即取消评选资格。At least the minimum open days and served; one 非常不满意 overdue without rectification disqualifies.' },
	{ term: '名次 Rank', definition: '得分高者在前；同分依次比满意度、办结数、平均等候（短者在前）、编号。Higher score first; ties: higher satisfaction, more served, shorter mean wait, then the id.' },
	...KPI_DEFINITIONS
];

/** "2026-11-03 09:05" in the hall's time zone. */
export function dateTimeText(epochMs: number, timeZone: string): string {
	const t = localTime(epochMs, timeZone);
	return `${t.date} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')}`;
}
