/**
 * The additive measures of servings (ServingSums): how one serving adds to them (the projection's
 * rollups) and how sums add up over days, counters and halls (reports). One place, so a rollup and
 * a report over rollups can never count differently.
 */
import { HOURS_OF_DAY, type Serving, type ServingSums, type TicketRatingFact } from './facts';
import { addHistograms, addToHistogram, emptyHistogram } from './histogram';

export function emptySums(): ServingSums {
	return {
		servings: 0,
		issued: 0,
		called: 0,
		served: 0,
		noShow: 0,
		cancelled: 0,
		unserved: 0,
		closedInService: 0,
		transferredOut: 0,
		withinTarget: 0,
		uncalledPastTarget: 0,
		waitCount: 0,
		waitSumMs: 0,
		waitMaxMs: 0,
		serviceCount: 0,
		serviceSumMs: 0,
		serviceMaxMs: 0,
		waitHistogram: emptyHistogram(),
		serviceHistogram: emptyHistogram(),
		rated: 0,
		ratingSum: 0,
		good: 0,
		bad: 0,
		ratingLevels: [0, 0, 0, 0, 0],
		efficiencySum: 0,
		levelSum: 0,
		attitudeSum: 0,
		arrivalsByHour: new Array<number>(HOURS_OF_DAY).fill(0),
		servedByHour: new Array<number>(HOURS_OF_DAY).fill(0)
	};
}

/** Where the projection learns what adding a serving needs beyond the serving itself. */
export interface ServingContext {
	/** The service's target wait in ms; null for a service the configuration does not know. */
	targetMs: number | null;
	/** The local hour of day (0–23) of an instant. */
	hourOf: (at: number) => number;
}

export function addServing(into: ServingSums, s: Serving, ctx: ServingContext): void {
	into.servings += 1;
	if (s.arrivedBy === 'issue') {
		into.issued += 1;
		bump(into.arrivalsByHour, ctx.hourOf(s.queuedAt));
	}
	if (s.waitMs !== null) {
		into.called += 1;
		into.waitCount += 1;
		into.waitSumMs += s.waitMs;
		into.waitMaxMs = Math.max(into.waitMaxMs, s.waitMs);
		addToHistogram(into.waitHistogram, s.waitMs);
		if (s.withinTarget === true) into.withinTarget += 1;
	} else if ((s.outcome === 'unserved' || s.outcome === 'cancelled') && s.endedAt !== null && ctx.targetMs !== null && s.endedAt - s.queuedAt > ctx.targetMs) {
		into.uncalledPastTarget += 1;
	}
	if (s.serviceMs !== null) {
		into.serviceCount += 1;
		into.serviceSumMs += s.serviceMs;
		into.serviceMaxMs = Math.max(into.serviceMaxMs, s.serviceMs);
		addToHistogram(into.serviceHistogram, s.serviceMs);
	}
	switch (s.outcome) {
		case 'served':
			into.served += 1;
			if (s.endedAt !== null) bump(into.servedByHour, ctx.hourOf(s.endedAt));
			break;
		case 'noShow':
			into.noShow += 1;
			break;
		case 'cancelled':
			into.cancelled += 1;
			break;
		case 'unserved':
			into.unserved += 1;
			break;
		case 'closedInService':
			into.closedInService += 1;
			break;
		case 'transferred':
			into.transferredOut += 1;
			break;
		case null:
			break;
	}
}

export function addRating(into: ServingSums, r: TicketRatingFact): void {
	into.rated += 1;
	into.ratingSum += r.overall;
	if (r.overall >= 4) into.good += 1;
	if (r.overall <= 2) into.bad += 1;
	bump(into.ratingLevels, Math.min(5, Math.max(1, Math.round(r.overall))) - 1);
	into.efficiencySum += r.efficiency;
	into.levelSum += r.level;
	into.attitudeSum += r.attitude;
}

/**
 * Adds every measure of `more` into `into` but the distributions (wait and service histograms,
 * hourly curves): for figures that need none of them (counts, means, shares, the rating levels).
 */
export function addScalarSums(into: ServingSums, more: ServingSums): ServingSums {
	into.servings += more.servings;
	into.issued += more.issued;
	into.called += more.called;
	into.served += more.served;
	into.noShow += more.noShow;
	into.cancelled += more.cancelled;
	into.unserved += more.unserved;
	into.closedInService += more.closedInService;
	into.transferredOut += more.transferredOut;
	into.withinTarget += more.withinTarget;
	into.uncalledPastTarget += more.uncalledPastTarget;
	into.waitCount += more.waitCount;
	into.waitSumMs += more.waitSumMs;
	into.waitMaxMs = Math.max(into.waitMaxMs, more.waitMaxMs);
	into.serviceCount += more.serviceCount;
	into.serviceSumMs += more.serviceSumMs;
	into.serviceMaxMs = Math.max(into.serviceMaxMs, more.serviceMaxMs);
	into.rated += more.rated;
	into.ratingSum += more.ratingSum;
	into.good += more.good;
	into.bad += more.bad;
	addCounts(into.ratingLevels, more.ratingLevels);
	into.efficiencySum += more.efficiencySum;
	into.levelSum += more.levelSum;
	into.attitudeSum += more.attitudeSum;
	return into;
}

/** Adds `more` into `into` (maxima as maxima). */
export function addSums(into: ServingSums, more: ServingSums): ServingSums {
	addScalarSums(into, more);
	addHistograms(into.waitHistogram, more.waitHistogram);
	addHistograms(into.serviceHistogram, more.serviceHistogram);
	addCounts(into.arrivalsByHour, more.arrivalsByHour);
	addCounts(into.servedByHour, more.servedByHour);
	return into;
}

/** Copies only the measures of a row that carries keys too (a rollup), so the sum stays a plain ServingSums. */
export function sumsOf(rows: Iterable<ServingSums>): ServingSums {
	const total = emptySums();
	for (const r of rows) addSums(total, r);
	return total;
}

function addCounts(into: number[], more: readonly number[]): void {
	for (let i = 0; i < into.length; i++) into[i] = (into[i] ?? 0) + (more[i] ?? 0);
}

function bump(counts: number[], i: number): void {
	const at = Math.min(counts.length - 1, Math.max(0, i));
	counts[at] = (counts[at] ?? 0) + 1;
}
