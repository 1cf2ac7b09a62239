/**
 * How a citizen rates a finished service on the 好差评 scale: mostly 非常满意 and 满意, some 基本满意,
 * rarely 不满意 or 非常不满意 — more often after a long wait or a visit that ended without the
 * matter done. A bad rating names its reasons and carries a short comment (made up, no names).
 */
import type { FinishOutcome } from '../../server/core/model';
import { isBadRating, type RatingReason } from '../../server/core/rating';

export interface RatingChoice {
	overall: number;
	efficiency: number;
	level: number;
	attitude: number;
	reasons: RatingReason[];
	comment: string;
}

/** Shares of 5, 4, 3, 2 and 1 stars. */
const USUAL = [0.75, 0.2, 0.047, 0.0025, 0.0005];
const AFTER_LONG_WAIT = [0.56, 0.28, 0.145, 0.011, 0.004];
const NOT_DONE = [0.47, 0.28, 0.215, 0.025, 0.01];

const COMMENTS: Readonly<Record<RatingReason, readonly string[]>> = {
	waitTooLong: ['排队时间太长了', '等了一个多小时', '希望高峰期多开几个窗口'],
	slow: ['办理速度太慢', '一个业务办了很久'],
	attitude: ['工作人员态度不太耐心', '说话有点不耐烦'],
	unskilled: ['工作人员对业务不熟悉', '问了好几个人才弄清楚'],
	unclear: ['材料要求没有一次性讲清楚', '解释得不够清楚'],
	runAgain: ['跑了两趟还没办好', '又让回去补材料'],
	process: ['材料太多，流程繁琐', '手续太复杂'],
	other: ['大厅指引不够清楚', '取号机不太好用']
};

export interface RatingContext {
	waitedMinutes: number;
	targetWaitMinutes: number;
	outcome: FinishOutcome;
}

export function citizenRating(context: RatingContext, random: () => number): RatingChoice {
	const longWait = context.waitedMinutes > 2 * context.targetWaitMinutes;
	const shares = context.outcome !== 'done' ? NOT_DONE : longWait ? AFTER_LONG_WAIT : USUAL;
	let r = random();
	let overall = 1;
	for (let i = 0; i < shares.length; i++) {
		r -= shares[i] as number;
		if (r < 0) {
			overall = 5 - i;
			break;
		}
	}
	const near = () => Math.max(1, Math.min(5, overall + (random() < 0.2 ? (random() < 0.5 ? -1 : 1) : 0)));
	const choice: RatingChoice = { overall, efficiency: near(), level: near(), attitude: near(), reasons: [], comment: '' };
	if (!isBadRating(overall)) return choice;

	const reasons: RatingReason[] = [];
	if (longWait) reasons.push('waitTooLong');
	if (context.outcome === 'missingDocuments') reasons.push(random() < 0.5 ? 'runAgain' : 'unclear');
	if (reasons.length === 0 || random() < 0.3) {
		const others: RatingReason[] = ['slow', 'attitude', 'unskilled', 'unclear', 'process', 'other'];
		const extra = others[Math.floor(random() * others.length)] as RatingReason;
		if (!reasons.includes(extra)) reasons.push(extra);
	}
	const first = reasons[0] as RatingReason;
	const lines = COMMENTS[first];
	choice.reasons = reasons;
	choice.comment = random() < 0.8 ? (lines[Math.floor(random() * lines.length)] as string) : '';
	if (reasons.includes('attitude')) choice.attitude = Math.min(choice.attitude, overall);
	if (reasons.includes('slow') || reasons.includes('waitTooLong')) choice.efficiency = Math.min(choice.efficiency, overall);
	if (reasons.includes('unskilled') || reasons.includes('unclear')) choice.level = Math.min(choice.level, overall);
	return choice;
}
