/**
 * How long personal data of closed hall-days is kept (A5; docs/deployment.md "Retention"). Statistics
 * (times, counts, outcomes, ratings' levels) are kept without limit; what identifies a person goes.
 */
import { addDays } from './hall-calendar';
import type { PurgePlan } from './ports';

export interface RetentionPolicy {
	/** ID-number hashes, masked ID numbers and names, rating comments: days after the hall-day. */
	identityDays: number;
	/** The ticket's status-link secret: days after the hall-day. */
	secretsDays: number;
}

/**
 * 180 days: a bad rating's follow-up (15 working days) and its appeal, a complaint about a visit
 * and the monthly and quarterly assessments that may ask who was served are long over by then;
 * PIPL art. 19 asks for no longer than the purpose needs. 7 days: a status link is of use for a few
 * days after the visit at most, and Redis keeps a dropped day that long anyway (its keys' expiry).
 */
export const DEFAULT_RETENTION: RetentionPolicy = { identityDays: 180, secretsDays: 7 };

/** The purge that applies on `today` (a hall-local date): days older than each limit lose those fields. */
export function purgePlanOn(policy: RetentionPolicy, today: string, dryRun: boolean): PurgePlan {
	return { identityBefore: addDays(today, -policy.identityDays), secretsBefore: addDays(today, -policy.secretsDays), dryRun };
}
