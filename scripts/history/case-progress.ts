/**
 * How far supervisors had taken a follow-up case of a bad rating by now, as in a hall that mostly
 * keeps its deadlines: of the cases already past their due day, most were called back, rectified
 * and closed on time, some only after the due day, some are still overdue; younger cases are spread
 * over open, called back, rectified and closed. Each step falls on a working day during office
 * hours, in order, and before `now`; a step not reached by now is left out (with those after it).
 */
import { seededRandom } from '../../cardreader/simulator/identities';
import { localTime } from '../../server/core/clock';
import { DEFAULT_FOLLOW_UP_DAYS, type CaseStatus, type FollowUpCase } from '../../server/core/follow-up';
import { instantOf } from '../../server/core/hall-calendar';
import type { HallConfig } from '../../server/core/model';
import { addWorkingDays } from '../../server/core/working-days';
import { workCalendarOf } from './history-days';
import { daySeed } from './realistic-day';

export interface CaseStep {
	to: CaseStatus;
	at: number;
	by: string;
	note: string;
}

const NOTES: Readonly<Record<Exclude<CaseStatus, 'open'>, readonly string[]>> = {
	calledBack: ['已电话回访，群众反映情况属实', '已回访，向群众说明办理要求', '已联系群众，了解具体诉求'],
	rectified: ['已对窗口人员开展业务培训', '已优化材料一次性告知清单', '高峰时段增开窗口，加强引导', '已约谈窗口负责人并整改'],
	closed: ['整改完成，回访群众表示满意', '办结归档', '整改到位，予以销号']
};

type Fate = 'open' | 'calledBack' | 'rectified' | 'onTime' | 'late' | 'overdue';

/** Working days after the rating of each step; null: the case stops before it. */
function stepDays(fate: Fate, limit: number, random: () => number): [number | null, number | null, number | null] {
	const callBack = 1 + Math.floor(random() * 2);
	const rectify = Math.min(limit - 1, callBack + 1 + Math.floor(random() * (limit - 4)));
	const close = Math.min(limit, rectify + Math.floor(random() * 2));
	switch (fate) {
		case 'open':
			return [null, null, null];
		case 'calledBack':
			return [callBack, null, null];
		case 'rectified':
			return [callBack, rectify, null];
		case 'onTime':
			return [callBack, rectify, close];
		case 'late': {
			const lateRectify = limit + 1 + Math.floor(random() * 4);
			return [callBack + 1, lateRectify, lateRectify + Math.floor(random() * 2)];
		}
		case 'overdue':
			return [random() < 0.6 ? callBack + 1 : null, null, null];
	}
}

/** The steps of a newly opened case up to `now`, `today` being the hall's local date then. */
export function caseSteps(config: HallConfig, c: FollowUpCase, today: string, now: number): CaseStep[] {
	const random = seededRandom(daySeed(config.id, c.id));
	const pastDue = today > c.due;
	const r = random();
	const fate: Fate = pastDue ? (r < 0.6 ? 'onTime' : r < 0.8 ? 'late' : 'overdue') : r < 0.3 ? 'open' : r < 0.6 ? 'calledBack' : r < 0.85 ? 'rectified' : 'onTime';
	const limit = config.evaluation?.followUpWorkingDays ?? DEFAULT_FOLLOW_UP_DAYS;
	// The hall's own supervisors follow its cases up, not the central office's (scope network).
	const supervisors = config.staff.filter((s) => s.role === 'supervisor' && s.scope !== 'network');
	const deciders = supervisors.length > 0 ? supervisors : config.staff.filter((s) => s.role === 'admin');
	if (deciders.length === 0) return [];
	const calendar = workCalendarOf(config);
	const ratedOn = localTime(c.ratedAt, config.timeZone).date;
	const statuses = ['calledBack', 'rectified', 'closed'] as const;
	const steps: CaseStep[] = [];
	let last = c.ratedAt;
	for (const [i, days] of stepDays(fate, limit, random).entries()) {
		if (days === null) break;
		const to = statuses[i] as (typeof statuses)[number];
		// Office hours, 09:00 to 17:00, and after the step before it.
		const at = Math.max(last + 60_000, instantOf(addWorkingDays(ratedOn, days, calendar), 9 * 60 + Math.floor(random() * 480), config.timeZone));
		if (at >= now) break;
		const notes = NOTES[to];
		steps.push({ to, at, by: (deciders[Math.floor(random() * deciders.length)] as (typeof deciders)[number]).id, note: notes[Math.floor(random() * notes.length)] as string });
		last = at;
	}
	return steps;
}
