/**
 * The figures supervisors are judged by, derived from the additive sums of servings (ServingSums)
 * and from counter sessions. Each figure has one definition, in docs/statistics.md; this file is
 * that definition in code. Times are milliseconds; shares are fractions 0–1, null when the
 * denominator is 0 (a share of nothing is not 0 %).
 */
import { localTime } from './clock';
import type { CounterSession, ServingSums } from './facts';
import type { FollowUpCase } from './follow-up';
import { histogramPercentile } from './histogram';

export interface ServingKpis {
	/** Tickets issued (first servings), servings that entered the queue (issued or transferred in). */
	issued: number;
	servings: number;
	called: number;
	served: number;
	noShow: number;
	cancelled: number;
	/** Waiting or called, never served, when the day closed. */
	unserved: number;
	/** Being served when the day closed. */
	closedInService: number;
	/** Servings that ended in a transfer to another service. */
	transfers: number;
	waitMeanMs: number | null;
	/** From the one-minute histograms: never below the exact value, less than a minute above. */
	waitMedianMs: number | null;
	waitP90Ms: number | null;
	waitMaxMs: number | null;
	serviceMeanMs: number | null;
	serviceMedianMs: number | null;
	serviceP90Ms: number | null;
	/** Called within the service's target wait ÷ (called + left uncalled after waiting past the target). */
	withinTargetShare: number | null;
	rated: number;
	/** 评价率: rated ÷ served. */
	ratingRate: number | null;
	/** 满意度: (非常满意 + 满意) ÷ rated. */
	satisfaction: number | null;
	/** Ratings by level, index 0 = 1 (非常不满意) … 4 = 5 (非常满意). */
	ratingLevels: number[];
	/** 不满意 + 非常不满意. */
	bad: number;
	ratingMean: number | null;
	efficiencyMean: number | null;
	levelMean: number | null;
	attitudeMean: number | null;
}

function share(part: number, whole: number): number | null {
	return whole > 0 ? part / whole : null;
}

export function servingKpis(s: ServingSums): ServingKpis {
	return {
		issued: s.issued,
		servings: s.servings,
		called: s.called,
		served: s.served,
		noShow: s.noShow,
		cancelled: s.cancelled,
		unserved: s.unserved,
		closedInService: s.closedInService,
		transfers: s.transferredOut,
		waitMeanMs: share(s.waitSumMs, s.waitCount),
		waitMedianMs: histogramPercentile(s.waitHistogram, 0.5),
		waitP90Ms: histogramPercentile(s.waitHistogram, 0.9),
		waitMaxMs: s.waitCount > 0 ? s.waitMaxMs : null,
		serviceMeanMs: share(s.serviceSumMs, s.serviceCount),
		serviceMedianMs: histogramPercentile(s.serviceHistogram, 0.5),
		serviceP90Ms: histogramPercentile(s.serviceHistogram, 0.9),
		withinTargetShare: share(s.withinTarget, s.called + s.uncalledPastTarget),
		rated: s.rated,
		ratingRate: share(s.rated, s.served),
		satisfaction: share((s.ratingLevels[3] ?? 0) + (s.ratingLevels[4] ?? 0), s.rated),
		ratingLevels: [...s.ratingLevels],
		bad: s.bad,
		ratingMean: share(s.ratingSum, s.rated),
		efficiencyMean: share(s.efficiencySum, s.rated),
		levelMean: share(s.levelSum, s.rated),
		attitudeMean: share(s.attitudeSum, s.rated)
	};
}

export interface TimeKpis {
	/** Days with at least one open session. */
	openDays: number;
	/** Sum of open sessions (open, not paused); a session still running counts up to `now`. */
	openMs: number;
	/** Sum of paused sessions, by reason ('' for none given). */
	pausedMs: Record<string, number>;
	/** Time of open sessions with a citizen called or in service. */
	busyMs: number;
	/** 1 − busy ÷ open. */
	idleShare: number | null;
	/** Served servings ÷ open hours. */
	servedPerOpenHour: number | null;
}

const HOUR_MS = 3_600_000;

/** Time figures of sessions (of a counter, a staff member, a hall) with the servings they served. */
export function timeKpis(sessions: Iterable<CounterSession>, served: number, now: number): TimeKpis {
	let openMs = 0;
	let busyMs = 0;
	const pausedMs: Record<string, number> = {};
	const days = new Set<string>();
	for (const s of sessions) {
		const length = Math.max(0, (s.to ?? now) - s.from);
		if (s.kind === 'open') {
			openMs += length;
			busyMs += Math.min(s.busyMs, length);
			days.add(s.day);
		} else {
			const reason = s.reason ?? '';
			pausedMs[reason] = (pausedMs[reason] ?? 0) + length;
		}
	}
	return {
		openDays: days.size,
		openMs,
		pausedMs,
		busyMs,
		idleShare: openMs > 0 ? 1 - busyMs / openMs : null,
		servedPerOpenHour: openMs > 0 ? served / (openMs / HOUR_MS) : null
	};
}

/**
 * Where a bad rating's follow-up stands on `asOf` (a hall-local day): put right (rectified or
 * closed) by its due day or after it, or still open within or past its due day.
 */
export type FollowUpState = 'onTime' | 'late' | 'open' | 'overdue';

export function followUpState(c: FollowUpCase, asOf: string, timeZone: string): FollowUpState {
	const rectified = c.history.find((h) => h.status === 'rectified' || h.status === 'closed');
	if (rectified) return localTime(rectified.at, timeZone).date <= c.due ? 'onTime' : 'late';
	return asOf > c.due ? 'overdue' : 'open';
}

export type FollowUpCounts = Record<FollowUpState, number>;

export function followUpCounts(cases: Iterable<FollowUpCase>, asOf: string, timeZone: string): FollowUpCounts {
	const counts: FollowUpCounts = { onTime: 0, late: 0, open: 0, overdue: 0 };
	for (const c of cases) counts[followUpState(c, asOf, timeZone)] += 1;
	return counts;
}
