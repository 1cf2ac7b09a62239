/**
 * The monthly red-flag ranking (server/core/assessment.ts), worked by hand: the default weights and
 * weights from the hall file, eligibility (open days, served), the disqualifying 非常不满意 left
 * without rectification, penalties for late follow-ups and complaints, the tie rule, and the
 * differences a recalculation shows against a confirmed result.
 */
import { describe, expect, it } from 'vitest';
import { assessmentRules, currentComplaints, DEFAULT_ASSESSMENT, rankDifferences, rankSubjects, type ComplaintRecord, type SubjectFigures } from '../../../server/core/assessment';
import type { FollowUpCase } from '../../../server/core/follow-up';
import type { ServingKpis, TimeKpis } from '../../../server/core/kpis';
import { hallConfigSchema } from '../../../server/config/schema';
import { testHall } from '../../support/test-hall';

const TZ = 'Asia/Shanghai';
/** The day the follow-ups are read on. */
const AS_OF = '2026-12-03';

function kpis(over: Partial<ServingKpis>): ServingKpis {
	return {
		issued: 0, servings: 0, called: 0, served: 0, noShow: 0, cancelled: 0, unserved: 0, closedInService: 0, transfers: 0,
		waitMeanMs: null, waitMedianMs: null, waitP90Ms: null, waitMaxMs: null, serviceMeanMs: null, serviceMedianMs: null, serviceP90Ms: null,
		withinTargetShare: null, rated: 0, ratingRate: null, satisfaction: null, ratingLevels: [0, 0, 0, 0, 0], bad: 0,
		ratingMean: null, efficiencyMean: null, levelMean: null, attitudeMean: null,
		...over
	};
}

function time(openDays: number, servedPerOpenHour: number): TimeKpis {
	return { openDays, openMs: openDays * 8 * 3_600_000, pausedMs: {}, busyMs: 0, idleShare: null, servedPerOpenHour };
}

/** A bad rating's case, due on `due`; `rectifiedOn` a local day (09:00 Shanghai) or still open. */
function badCase(id: string, counter: string, overall: number, due: string, rectifiedOn?: string): FollowUpCase {
	const history = rectifiedOn ? [{ at: Date.parse(`${rectifiedOn}T01:00:00Z`), by: 'sup', status: 'rectified' as const, note: '已整改' }] : [];
	return { id, hall: 'test', day: '2026-11-10', ticket: id, counter, staff: null, overall, reasons: ['slow'], comment: '', ratedAt: Date.parse('2026-11-10T03:00:00Z'), due, status: rectifiedOn ? 'rectified' : 'open', history };
}

function subject(id: string, k: Partial<ServingKpis>, t: TimeKpis, over: Partial<SubjectFigures> = {}): SubjectFigures {
	return { id, label: { zh: `${id}号窗口`, en: `Counter ${id}` }, kpis: kpis(k), time: t, cases: [], complaints: 0, ...over };
}

const MONTH: SubjectFigures[] = [
	subject('C1', { served: 200, satisfaction: 0.95, ratingRate: 0.8, withinTargetShare: 0.9, waitMeanMs: 600_000 }, time(20, 5)),
	// One complaint, and a 不满意 put right two days after its due day.
	subject('C2', { served: 100, satisfaction: 1, ratingRate: 0.5, withinTargetShare: 1, waitMeanMs: 300_000 }, time(20, 4), { complaints: 1, cases: [badCase('c2-late', 'C2', 2, '2026-11-28', '2026-11-30')] }),
	// Too few served.
	subject('C3', { served: 40, satisfaction: 1, ratingRate: 1, withinTargetShare: 1 }, time(20, 6)),
	// The most served, but open on 8 days only: it does not set the bar for the others.
	subject('C4', { served: 300, satisfaction: 1, ratingRate: 1, withinTargetShare: 1 }, time(8, 10)),
	// A 非常不满意 past its due day without rectification; a second one put right in time does not matter.
	subject('C5', { served: 150, satisfaction: 0.99, ratingRate: 0.9, withinTargetShare: 0.95 }, time(20, 5), { cases: [badCase('c5-open', 'C5', 1, '2026-12-01'), badCase('c5-done', 'C5', 1, '2026-12-01', '2026-11-20')] })
];

describe('the monthly ranking', () => {
	it('scores each component against the best eligible counter, takes the penalties off, and ranks the eligible', () => {
		const { subjects } = rankSubjects('counter', MONTH, DEFAULT_ASSESSMENT, AS_OF, TZ);
		expect(subjects.map((s) => [s.id, s.rank, s.award, s.score])).toEqual([
			// 25 × 200/200 + 30 × 0.95 + 10 × 0.8 + 20 × 0.9 + 15 × 5/5 = 25 + 28.5 + 8 + 18 + 15
			['C1', 1, true, 94.5],
			// 25 × 100/200 + 30 + 10 × 0.5 + 20 + 15 × 4/5 = 12.5 + 30 + 5 + 20 + 12 = 79.5; − 5 (late) − 3 (complaint)
			['C2', 2, true, 71.5],
			// Not eligible, by score: C4 25 + 30 + 10 + 20 + 15 (capped at 1) = 100;
			// C5 25 × 150/200 + 30 × 0.99 + 10 × 0.9 + 20 × 0.95 + 15 = 91.45, − 5 for the overdue case;
			// C3 25 × 40/200 + 30 + 10 + 20 + 15 = 80.
			['C4', null, false, 100],
			['C5', null, false, 86.45],
			['C3', null, false, 80]
		]);
		const c2 = subjects.find((s) => s.id === 'C2');
		expect(c2?.components.map((c) => [c.id, c.weight, c.value, c.score, c.points])).toEqual([
			['volume', 25, 100, 0.5, 12.5],
			['satisfaction', 30, 1, 1, 30],
			['ratingRate', 10, 0.5, 0.5, 5],
			['withinTarget', 20, 1, 1, 20],
			['efficiency', 15, 4, 0.8, 12]
		]);
		expect(c2?.penalties).toEqual([
			{ id: 'lateFollowUp', count: 1, each: 5, points: 5 },
			{ id: 'complaint', count: 1, each: 3, points: 3 }
		]);
		expect(subjects.find((s) => s.id === 'C3')?.reasons).toEqual([{ code: 'SERVED', have: 40, need: 50 }]);
		expect(subjects.find((s) => s.id === 'C4')?.reasons).toEqual([{ code: 'OPEN_DAYS', have: 8, need: 10 }]);
		expect(subjects.find((s) => s.id === 'C5')?.reasons).toEqual([{ code: 'VERY_BAD_NOT_FOLLOWED_UP', cases: ['c5-open'] }]);
	});

	it('reads a case still within its deadline as open: no penalty, no disqualification', () => {
		// On 1 December both C5 cases are within their deadline; C2's late one was put right late all the same.
		const { subjects } = rankSubjects('counter', MONTH, DEFAULT_ASSESSMENT, '2026-12-01', TZ);
		const c5 = subjects.find((s) => s.id === 'C5');
		expect(c5?.reasons).toEqual([]);
		// 150/200 × 25 + 29.7 + 9 + 19 + 15 = 91.45: second after C1, before C2.
		expect(subjects.filter((s) => s.rank !== null).map((s) => [s.id, s.rank, s.score])).toEqual([
			['C1', 1, 94.5],
			['C5', 2, 91.45],
			['C2', 3, 71.5]
		]);
	});

	it('takes weights, thresholds, penalties and the number of awards from the hall file', () => {
		const rules = assessmentRules({ weights: { volume: 50, satisfaction: 50, ratingRate: 0, withinTarget: 0, efficiency: 0 }, minServed: 30, minOpenDays: 5, penalties: { complaint: 10 }, disqualifyVeryBadNotFollowedUp: false, awards: { counters: 2 } });
		expect(rules.penalties).toEqual({ lateFollowUp: 5, complaint: 10 });
		const { subjects } = rankSubjects('counter', MONTH, rules, AS_OF, TZ);
		// Everyone is eligible now; the most served (C4, 300) sets the volume bar.
		expect(subjects.map((s) => [s.id, s.rank, s.award, s.score])).toEqual([
			// 50 × 300/300 + 50 × 1
			['C4', 1, true, 100],
			// 50 × 200/300 = 33.33, + 50 × 0.95
			['C1', 2, true, 80.83],
			// 50 × 150/300 + 50 × 0.99 = 74.5, − 5 for the overdue case (not disqualifying now)
			['C5', 3, false, 69.5],
			// 50 × 40/300 = 6.67, + 50
			['C3', 4, false, 56.67],
			// 50 × 100/300 = 16.67, + 50, − 5 (late) − 10 (a complaint at 10 points)
			['C2', 5, false, 51.67]
		]);
	});

	it('breaks ties by satisfaction, then served, then the shorter mean wait, then the id', () => {
		const rules = assessmentRules({ weights: { volume: 0, satisfaction: 50, ratingRate: 50, withinTarget: 0, efficiency: 0 }, minServed: 0, minOpenDays: 0 });
		const same = { satisfaction: 0.9, ratingRate: 0.7, served: 100, waitMeanMs: 600_000 };
		const tied = [
			subject('T2', { ...same, satisfaction: 0.7, ratingRate: 0.9 }, time(20, 1)),
			subject('T4', same, time(20, 1)),
			subject('T1', same, time(20, 1)),
			subject('T5', { ...same, waitMeanMs: 300_000 }, time(20, 1)),
			subject('T3', { ...same, served: 120 }, time(20, 1))
		];
		const { subjects } = rankSubjects('staff', tied, rules, AS_OF, TZ);
		// All score 80 (50 × 0.9 + 50 × 0.7 = 50 × 0.7 + 50 × 0.9).
		expect(subjects.every((s) => s.score === 80)).toBe(true);
		expect(subjects.map((s) => s.id)).toEqual(['T3', 'T5', 'T1', 'T4', 'T2']);
		// Staff awards: 5 by default.
		expect(subjects.map((s) => s.award)).toEqual([true, true, true, true, true]);
	});

	it('the hall file refuses weights that do not add up to 100 and unknown fields', () => {
		const bad = hallConfigSchema.safeParse({ ...testHall('test'), assessment: { weights: { volume: 50, satisfaction: 30, ratingRate: 10, withinTarget: 20, efficiency: 15 } } });
		expect(bad.success).toBe(false);
		expect(JSON.stringify(bad.error?.issues)).toContain('the weights add up to 100');
		expect(hallConfigSchema.safeParse({ ...testHall('test'), assessment: { votes: 20 } }).success).toBe(false);
		expect(hallConfigSchema.safeParse({ ...testHall('test'), assessment: { weights: DEFAULT_ASSESSMENT.weights, minServed: 20 } }).success).toBe(true);
	});

	it('a recalculation lists where it differs from the confirmed result', () => {
		const confirmed = rankSubjects('counter', MONTH, DEFAULT_ASSESSMENT, '2026-12-01', TZ).subjects;
		const now = rankSubjects('counter', MONTH, DEFAULT_ASSESSMENT, AS_OF, TZ).subjects;
		// C5's case went overdue: it loses 5 points and drops out, and C2 moves up to second.
		expect(rankDifferences(confirmed, now).map((d) => [d.id, d.confirmed, d.now])).toEqual([
			['C5', { rank: 2, score: 91.45 }, { rank: null, score: 86.45 }],
			['C2', { rank: 3, score: 71.5 }, { rank: 2, score: 71.5 }]
		]);
		expect(rankDifferences(now, now)).toEqual([]);
	});

	it('counts the latest version of each subject’s complaint record', () => {
		const r = (subject: string, version: number, count: number): ComplaintRecord => ({ hall: 'test', month: '2026-11', kind: 'counter', subject, version, count, reason: '核实', recordedBy: 'sup', recordedAt: version });
		expect(currentComplaints([r('C1', 1, 2), r('C2', 1, 1), r('C1', 2, 0)])).toEqual(new Map([['counter/C1', 0], ['counter/C2', 1]]));
	});
});
