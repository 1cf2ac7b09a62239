/**
 * The monthly red-flag assessment (红旗窗口 and 优秀个人): counters and staff of one hall ranked by a
 * score whose every part a clerk can see. Weights, penalties and eligibility come from the hall
 * file (`assessment`), with the defaults below; docs/statistics.md "Red-flag assessment" is the
 * written definition, this file the same in code.
 *
 * score = Σ weight × component score (each 0–1, rounded to 0.01 point) − penalties
 *   volume        served ÷ the most served by an eligible subject of the hall
 *   satisfaction  (非常满意 + 满意) ÷ rated
 *   ratingRate    rated ÷ served (at most 1)
 *   withinTarget  called within the service's target wait ÷ (called + left waiting past it)
 *   efficiency    served per open hour ÷ the highest of an eligible subject of the hall
 *   penalties     each bad-rating follow-up past its deadline (overdue, or rectified late) and each
 *                 justified complaint a supervisor recorded
 * Eligible: at least `minOpenDays` days open and `minServed` served; with the disqualifying rule on,
 * one 非常不满意 whose follow-up is overdue (not rectified by its deadline) excludes the subject.
 * Ties: the higher satisfaction, then more served, then the shorter mean wait, then the id.
 */
import type { FollowUpCase } from './follow-up';
import type { ServingKpis, TimeKpis } from './kpis';
import { followUpState } from './kpis';
import { ASSESSMENT_COMPONENTS, type AssessmentComponent, type AssessmentConfig, type Text } from './model';

export const COMPONENTS = ASSESSMENT_COMPONENTS;
export type ComponentId = AssessmentComponent;
export type { AssessmentConfig };

export interface AssessmentRules {
	/** Points of each component; they add up to 100. */
	weights: Record<ComponentId, number>;
	/** Points taken off per bad-rating follow-up past its deadline, and per justified complaint. */
	penalties: { lateFollowUp: number; complaint: number };
	minOpenDays: number;
	minServed: number;
	/** One 非常不满意 whose follow-up is overdue excludes the counter or person from the award. */
	disqualifyVeryBadNotFollowedUp: boolean;
	/** How many counters and people the award list names. */
	awards: { counters: number; staff: number };
}

export const DEFAULT_ASSESSMENT: AssessmentRules = {
	weights: { volume: 25, satisfaction: 30, ratingRate: 10, withinTarget: 20, efficiency: 15 },
	penalties: { lateFollowUp: 5, complaint: 3 },
	minOpenDays: 10,
	minServed: 50,
	disqualifyVeryBadNotFollowedUp: true,
	awards: { counters: 3, staff: 5 }
};

export function assessmentRules(config: AssessmentConfig | undefined): AssessmentRules {
	const d = DEFAULT_ASSESSMENT;
	return {
		weights: { ...(config?.weights ?? d.weights) },
		penalties: { ...d.penalties, ...config?.penalties },
		minOpenDays: config?.minOpenDays ?? d.minOpenDays,
		minServed: config?.minServed ?? d.minServed,
		disqualifyVeryBadNotFollowedUp: config?.disqualifyVeryBadNotFollowedUp ?? d.disqualifyVeryBadNotFollowedUp,
		awards: { ...d.awards, ...config?.awards }
	};
}

export type SubjectKind = 'counter' | 'staff';

/** What the assessment knows of one counter or person in the month. */
export interface SubjectFigures {
	id: string;
	label: Text;
	kpis: ServingKpis;
	time: TimeKpis | null;
	/** Follow-up cases of the bad ratings given to this counter or person in the month. */
	cases: readonly FollowUpCase[];
	/** Justified complaints recorded by a supervisor for the month. */
	complaints: number;
}

export interface ComponentScore {
	id: ComponentId;
	weight: number;
	/** The figure itself (a share, served, served per hour); null when there is none. */
	value: number | null;
	/** 0–1: the value as a share of the best (volume, efficiency) or the share itself. */
	score: number;
	/** weight × score, rounded to 0.01. */
	points: number;
}

export interface PenaltyScore {
	id: 'lateFollowUp' | 'complaint';
	count: number;
	each: number;
	points: number;
}

export type Ineligibility = { code: 'OPEN_DAYS'; have: number; need: number } | { code: 'SERVED'; have: number; need: number } | { code: 'VERY_BAD_NOT_FOLLOWED_UP'; cases: string[] };

export interface AssessedSubject {
	kind: SubjectKind;
	id: string;
	label: Text;
	/** 1 = first; null when not eligible. */
	rank: number | null;
	award: boolean;
	/** Components' points minus penalties, rounded to 0.01. */
	score: number;
	components: ComponentScore[];
	penalties: PenaltyScore[];
	reasons: Ineligibility[];
	/** The figures of the tie rule. */
	served: number;
	satisfaction: number | null;
	waitMeanMs: number | null;
}

export interface Ranking {
	/** Eligible subjects by rank, then the others in the order of their score. */
	subjects: AssessedSubject[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Follow-ups past their deadline: rectified late, or still open after it. */
function lateFollowUps(cases: readonly FollowUpCase[], asOf: string, timeZone: string): number {
	return cases.filter((c) => {
		const s = followUpState(c, asOf, timeZone);
		return s === 'late' || s === 'overdue';
	}).length;
}

function reasonsOf(s: SubjectFigures, rules: AssessmentRules, asOf: string, timeZone: string): Ineligibility[] {
	const reasons: Ineligibility[] = [];
	const openDays = s.time?.openDays ?? 0;
	if (openDays < rules.minOpenDays) reasons.push({ code: 'OPEN_DAYS', have: openDays, need: rules.minOpenDays });
	if (s.kpis.served < rules.minServed) reasons.push({ code: 'SERVED', have: s.kpis.served, need: rules.minServed });
	if (rules.disqualifyVeryBadNotFollowedUp) {
		const cases = s.cases.filter((c) => c.overall === 1 && followUpState(c, asOf, timeZone) === 'overdue').map((c) => c.id);
		if (cases.length > 0) reasons.push({ code: 'VERY_BAD_NOT_FOLLOWED_UP', cases });
	}
	return reasons;
}

/** The tie rule: higher score, higher satisfaction, more served, shorter mean wait, then the id. */
export function compareAssessed(a: AssessedSubject, b: AssessedSubject): number {
	return b.score - a.score || (b.satisfaction ?? -1) - (a.satisfaction ?? -1) || b.served - a.served || (a.waitMeanMs ?? Infinity) - (b.waitMeanMs ?? Infinity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Ranks one kind of subject (the counters, or the staff) of a hall for a month. `asOf` is the day
 * ("YYYY-MM-DD", hall time) the follow-ups' states are read on.
 */
export function rankSubjects(kind: SubjectKind, subjects: readonly SubjectFigures[], rules: AssessmentRules, asOf: string, timeZone: string): Ranking {
	const reasons = new Map(subjects.map((s) => [s, reasonsOf(s, rules, asOf, timeZone)]));
	const eligible = subjects.filter((s) => reasons.get(s)?.length === 0);
	// Volume and efficiency are relative to the best eligible subject (all subjects when none is).
	const pool = eligible.length > 0 ? eligible : subjects;
	const mostServed = Math.max(0, ...pool.map((s) => s.kpis.served));
	const bestPerHour = Math.max(0, ...pool.map((s) => s.time?.servedPerOpenHour ?? 0));

	const assessed = subjects.map((s): AssessedSubject => {
		const perHour = s.time?.servedPerOpenHour ?? null;
		const values: Record<ComponentId, { value: number | null; score: number }> = {
			volume: { value: s.kpis.served, score: mostServed > 0 ? Math.min(1, s.kpis.served / mostServed) : 0 },
			satisfaction: { value: s.kpis.satisfaction, score: s.kpis.satisfaction ?? 0 },
			ratingRate: { value: s.kpis.ratingRate, score: Math.min(1, s.kpis.ratingRate ?? 0) },
			withinTarget: { value: s.kpis.withinTargetShare, score: s.kpis.withinTargetShare ?? 0 },
			efficiency: { value: perHour, score: perHour !== null && bestPerHour > 0 ? Math.min(1, perHour / bestPerHour) : 0 }
		};
		const components = COMPONENTS.map((id): ComponentScore => ({ id, weight: rules.weights[id], value: values[id].value, score: values[id].score, points: round2(rules.weights[id] * values[id].score) }));
		const late = lateFollowUps(s.cases, asOf, timeZone);
		const penalties: PenaltyScore[] = [
			{ id: 'lateFollowUp', count: late, each: rules.penalties.lateFollowUp, points: round2(late * rules.penalties.lateFollowUp) },
			{ id: 'complaint', count: s.complaints, each: rules.penalties.complaint, points: round2(s.complaints * rules.penalties.complaint) }
		];
		const score = round2(components.reduce((sum, c) => sum + c.points, 0) - penalties.reduce((sum, p) => sum + p.points, 0));
		return { kind, id: s.id, label: s.label, rank: null, award: false, score, components, penalties, reasons: reasons.get(s) ?? [], served: s.kpis.served, satisfaction: s.kpis.satisfaction, waitMeanMs: s.kpis.waitMeanMs };
	});

	const ranked = assessed.filter((a) => a.reasons.length === 0).sort(compareAssessed);
	const awards = kind === 'staff' ? rules.awards.staff : rules.awards.counters;
	ranked.forEach((a, i) => {
		a.rank = i + 1;
		a.award = i < awards;
	});
	const others = assessed.filter((a) => a.reasons.length > 0).sort(compareAssessed);
	return { subjects: [...ranked, ...others] };
}

export interface RankDifference {
	kind: SubjectKind;
	id: string;
	label: Text;
	confirmed: { rank: number | null; score: number } | null;
	now: { rank: number | null; score: number } | null;
}

/** Where a recalculation differs from the confirmed result: rank or score changed, or a subject came or went. */
export function rankDifferences(confirmed: readonly AssessedSubject[], now: readonly AssessedSubject[]): RankDifference[] {
	const key = (s: AssessedSubject) => `${s.kind}\u0000${s.id}`;
	const before = new Map(confirmed.map((s) => [key(s), s]));
	const after = new Map(now.map((s) => [key(s), s]));
	const out: RankDifference[] = [];
	for (const k of new Set([...before.keys(), ...after.keys()])) {
		const b = before.get(k);
		const a = after.get(k);
		if (b && a && b.rank === a.rank && b.score === a.score) continue;
		const s = (a ?? b) as AssessedSubject;
		out.push({ kind: s.kind, id: s.id, label: s.label, confirmed: b ? { rank: b.rank, score: b.score } : null, now: a ? { rank: a.rank, score: a.score } : null });
	}
	return out;
}

/** One hall's month, assessed: the counters' and the staff's rankings and what they were computed from. */
export interface MonthAssessment {
	hall: string;
	/** "YYYY-MM". */
	month: string;
	from: string;
	to: string;
	/** The day the follow-ups' states were read on. */
	asOf: string;
	rules: AssessmentRules;
	counters: AssessedSubject[];
	staff: AssessedSubject[];
}

/** A supervisor's confirmation of a month: the result as it was then, frozen. */
export interface AssessmentConfirmation {
	hall: string;
	month: string;
	confirmedAt: number;
	confirmedBy: string;
	note: string;
	result: MonthAssessment;
}

/** Justified complaints of one counter or person in a month, as a supervisor recorded them; each change is a new version. */
export interface ComplaintRecord {
	hall: string;
	month: string;
	kind: SubjectKind;
	subject: string;
	/** 1, 2, …: the latest version counts. */
	version: number;
	count: number;
	reason: string;
	recordedBy: string;
	recordedAt: number;
}

/** The latest complaint count of each subject, by "kind/subject". */
export function currentComplaints(records: readonly ComplaintRecord[]): Map<string, number> {
	const latest = new Map<string, ComplaintRecord>();
	for (const r of records) {
		const k = `${r.kind}/${r.subject}`;
		const seen = latest.get(k);
		if (!seen || r.version > seen.version) latest.set(k, r);
	}
	return new Map([...latest].map(([k, r]) => [k, r.count]));
}
