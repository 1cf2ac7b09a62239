/**
 * Follow-up cases of bad ratings (不满意 / 非常不满意): each one is called back and put right within
 * a number of working days (15 by default). A case lives beyond its hall-day, in the case store.
 */
import { localTime } from './clock';
import { fail } from './errors';
import type { TicketRated } from './events';
import type { HallIndex } from './hall-index';
import { addWorkingDays } from './working-days';

/** open → callback done (the citizen was called back) → rectified → closed. */
export const CASE_STATUSES = ['open', 'calledBack', 'rectified', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const DEFAULT_FOLLOW_UP_DAYS = 15;

export interface CaseStep {
	at: number;
	/** Staff id of the supervisor who took the step. */
	by: string;
	status: CaseStatus;
	note: string;
}

export interface FollowUpCase {
	/** "<day>-<ticket>": one case per rated ticket. */
	id: string;
	hall: string;
	day: string;
	ticket: string;
	counter: string;
	staff: string | null;
	overall: number;
	reasons: string[];
	comment: string;
	ratedAt: number;
	/** The last day ("YYYY-MM-DD", hall time) by which it must be closed. */
	due: string;
	status: CaseStatus;
	history: CaseStep[];
}

/** The case store: one record per case, changed only from the status it was read in. */
export interface CaseStore {
	/** Stores a new case; false (and nothing changes) when one with its id exists. */
	open(c: FollowUpCase): Promise<boolean>;
	get(hall: string, id: string): Promise<FollowUpCase | null>;
	/** Every case of the hall, oldest rating first. */
	list(hall: string): Promise<FollowUpCase[]>;
	/** Replaces the case when it is still in status `from`; false when it is not (someone moved it first). */
	update(hall: string, id: string, from: CaseStatus, next: FollowUpCase): Promise<boolean>;
	close(): Promise<void>;
}

export function caseId(day: string, ticket: string): string {
	return `${day}-${ticket}`;
}

export function caseFromRating(index: HallIndex, day: string, e: TicketRated): FollowUpCase {
	const ev = index.config.evaluation;
	const ratedOn = localTime(e.at, index.config.timeZone).date;
	return {
		id: caseId(day, e.ticket),
		hall: index.config.id,
		day,
		ticket: e.ticket,
		counter: e.counter,
		staff: e.staff,
		overall: e.overall,
		reasons: e.reasons,
		comment: e.comment,
		ratedAt: e.at,
		due: addWorkingDays(ratedOn, ev?.followUpWorkingDays ?? DEFAULT_FOLLOW_UP_DAYS, {
			holidays: [...(index.config.calendar?.holidays ?? []), ...(ev?.holidays ?? [])],
			workdays: [...(index.config.calendar?.workdays ?? []), ...(ev?.workdays ?? [])]
		}),
		status: 'open',
		history: []
	};
}

/** The case one step on; CASE.BAD_STATE unless `to` is the next status. */
export function advanceCase(c: FollowUpCase, to: CaseStatus, by: string, note: string, now: number): FollowUpCase {
	const next = CASE_STATUSES[CASE_STATUSES.indexOf(c.status) + 1];
	if (next !== to) fail('CASE.BAD_STATE', next ? `case ${c.id} is ${c.status}: the next step is ${next}` : `case ${c.id} is closed`);
	return { ...c, status: to, history: [...c.history, { at: now, by, status: to, note }] };
}

/** Not closed and past its due day (both in hall time). */
export function isOverdue(c: FollowUpCase, today: string): boolean {
	return c.status !== 'closed' && today > c.due;
}
