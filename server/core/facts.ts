/**
 * The facts a hall-day's log is projected into (projectDay): the shape the archive stores and that
 * reports read. Every figure's definition is in docs/statistics.md; times are epoch ms, durations ms.
 */
import type { FinishOutcome, PriorityClass } from './model';

/** How a ticket came to exist: taken at a kiosk, issued by staff or the API (no kiosk), from a booking. */
export const TICKET_CHANNELS = ['kiosk', 'staff', 'appointment'] as const;
export type TicketChannel = (typeof TICKET_CHANNELS)[number];

/** How a ticket ended. `served`: a counter finished it (see `finishOutcome` for how). */
export const FACT_OUTCOMES = ['served', 'noShow', 'cancelled', 'unserved', 'closedInService'] as const;
export type FactOutcome = (typeof FACT_OUTCOMES)[number];

/** How one serving (a ticket's stay with one service) ended: `transferred` hands it to the next serving. */
export const SERVING_OUTCOMES = ['served', 'transferred', 'noShow', 'cancelled', 'unserved', 'closedInService'] as const;
export type ServingOutcome = (typeof SERVING_OUTCOMES)[number];

/**
 * One visit transaction: a ticket's stay with one service, from entering its queue (issue or transfer)
 * to leaving it. A ticket transferred twice has three servings.
 */
export interface Serving {
	/** 1-based position within the ticket. */
	n: number;
	service: string;
	arrivedBy: 'issue' | 'transfer';
	/** When it entered this service's queue. */
	queuedAt: number;
	/** The last call of this serving (after a requeued no-show called again, the later call); null if never called. */
	calledAt: number | null;
	startedAt: number | null;
	/** When it left this serving (finished, transferred, no-show, cancelled, day closed). */
	endedAt: number | null;
	/** The counter and staff of the last call; null if never called. */
	counter: string | null;
	staff: string | null;
	recalls: number;
	outcome: ServingOutcome | null;
	/** calledAt − queuedAt; null if never called. */
	waitMs: number | null;
	/** endedAt − startedAt for a serving that was started and ended; null otherwise. */
	serviceMs: number | null;
	/** waitMs ≤ the service's target wait; null if never called. */
	withinTarget: boolean | null;
}

export interface TicketRatingFact {
	overall: number;
	efficiency: number;
	level: number;
	attitude: number;
	reasons: string[];
	/** The counter and staff rated. */
	counter: string;
	staff: string | null;
	at: number;
}

export interface TicketFact {
	hall: string;
	day: string;
	ticket: string;
	/** The service it was issued for, and its zone and department. */
	issuedService: string;
	zone: string;
	department: string;
	/** The service it ended in (differs after a transfer). */
	service: string;
	priority: PriorityClass;
	channel: TicketChannel;
	kiosk: string | null;
	issuedAt: number;
	firstCalledAt: number | null;
	/** Of the last serving. */
	startedAt: number | null;
	finishedAt: number | null;
	counter: string | null;
	staff: string | null;
	servings: Serving[];
	transfers: number;
	recalls: number;
	requeues: number;
	/** Null only for a ticket still open (today's live projection). */
	outcome: FactOutcome | null;
	finishOutcome: FinishOutcome | null;
	/** The first serving's wait: firstCalledAt − issuedAt. */
	waitMs: number | null;
	/** The sum of its servings' service times; null when none was started and ended. */
	serviceMs: number | null;
	/** The first serving's withinTarget. */
	withinTarget: boolean | null;
	rating: TicketRatingFact | null;
	/** Personal fields: removed by the retention purge. */
	identityHash: string | null;
	identityMasked: string | null;
	holderMasked: string | null;
}

/** A counter's interval in one state: open with a staff member, or paused (with its reason). */
export interface CounterSession {
	hall: string;
	day: string;
	counter: string;
	/** 1-based order of the counter's sessions in the day. */
	n: number;
	kind: 'open' | 'paused';
	staff: string;
	reason: string | null;
	from: number;
	/** Null while it lasts (today's live projection). */
	to: number | null;
	/** Time within the session the counter had a citizen called, in service or being recalled (not parked). */
	busyMs: number;
}

/**
 * Which measures a reader needs: `all`, or `counts` — every measure but the distributions (wait and
 * service histograms, hourly curves), which are then left as zeros: enough for counts, means and
 * shares (a previous period's comparison, a daily chart), at a fraction of the reading.
 */
export type Measures = 'all' | 'counts';

/** Fixed histogram buckets: bucket i counts durations in [i, i+1) minutes; the last one everything longer. */
export const HISTOGRAM_BUCKET_MS = 60_000;
export const HISTOGRAM_BUCKETS = 241;

/** Hours of a local day in the hourly curves (a day with a DST change still has 24 slots; hour 24+ folds into 23). */
export const HOURS_OF_DAY = 24;

/**
 * The additive measures of servings: everything a report sums over days, counters or halls. Every
 * KPI (server/core/kpis.ts) is derived from these sums; definitions in docs/statistics.md.
 */
export interface ServingSums {
	/** Servings that entered the queue (issued or transferred in). */
	servings: number;
	/** Servings that began with the ticket's issue (not transferred in): tickets issued. */
	issued: number;
	called: number;
	served: number;
	noShow: number;
	cancelled: number;
	unserved: number;
	closedInService: number;
	transferredOut: number;
	/** Called servings with withinTarget true. */
	withinTarget: number;
	/** Servings never called that left the queue (unserved, cancelled) after waiting longer than the target. */
	uncalledPastTarget: number;
	waitCount: number;
	waitSumMs: number;
	waitMaxMs: number;
	serviceCount: number;
	serviceSumMs: number;
	serviceMaxMs: number;
	/** HISTOGRAM_BUCKETS counts each. */
	waitHistogram: number[];
	serviceHistogram: number[];
	rated: number;
	ratingSum: number;
	/** overall ≥ 4 (满意, 非常满意) and overall ≤ 2 (不满意, 非常不满意). */
	good: number;
	bad: number;
	/** Ratings by overall level: index 0 = 1 (非常不满意) … index 4 = 5 (非常满意). */
	ratingLevels: number[];
	/** Sums of the three dimensions (1–5 each) over the ratings. */
	efficiencySum: number;
	levelSum: number;
	attitudeSum: number;
	/** HOURS_OF_DAY counts: issued servings by the local hour of issue, served servings by the local hour they ended. */
	arrivalsByHour: number[];
	servedByHour: number[];
}

/**
 * Daily figures per hall × service × counter × staff, summed over servings. Servings never called
 * (unserved or cancelled while waiting) have counter and staff ''.
 */
export interface DailyRollup extends ServingSums {
	hall: string;
	day: string;
	service: string;
	counter: string;
	staff: string;
}

/** The sums of one hall-day (all its rollups): overviews across halls and years read these. */
export interface DailyTotal extends ServingSums {
	hall: string;
	day: string;
}

/**
 * The version of projectDay's output. Raise it when the projection changes what it writes: days
 * projected by an older version are projected again from their archived events. 3: the day's
 * audit entries (audit.ts) are written with its facts.
 */
export const PROJECTION_VERSION = 3;

export interface DayFacts {
	tickets: TicketFact[];
	sessions: CounterSession[];
	rollups: DailyRollup[];
}
