/**
 * The citizen's rating of a finished ticket (the national 好差评 scheme for service halls): the rules
 * of the `rate` command and what a rating opens. Pure, like the rest of the core.
 */
import type { RateTicket } from './commands';
import { fail } from './errors';
import type { TicketRated } from './events';
import type { HallIndex } from './hall-index';
import type { HallDayState, RequestRecord, Ticket } from './model';
import { maskIdNumber } from './privacy';

/** 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意 (shown as 5 to 1 stars). */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];

/** Why a citizen was not satisfied: the choices the terminal offers (plus free text). */
export const RATING_REASONS = [
	'waitTooLong', // 等候时间过长
	'slow', // 办理效率低
	'attitude', // 服务态度不好
	'unskilled', // 业务不熟练
	'unclear', // 未一次性告知、解释不清
	'runAgain', // 需要多次跑动
	'process', // 材料多、流程繁琐
	'other' // 其他
] as const;
export type RatingReason = (typeof RATING_REASONS)[number];

/** Longest free-text comment kept, in characters. */
export const RATING_COMMENT_MAX = 200;
/** A finished ticket may be rated this long after it was finished, unless the hall file says otherwise. */
export const DEFAULT_RATING_WINDOW_MINUTES = 10;

/** 不满意 and 非常不满意 are bad ratings: they ask for a reason and open a follow-up case. */
export function isBadRating(overall: number): boolean {
	return overall <= 2;
}

export function ratingWindowMs(index: HallIndex): number {
	return (index.config.evaluation?.windowMinutes ?? DEFAULT_RATING_WINDOW_MINUTES) * 60_000;
}

/** Anything that looks like an 18-character resident ID number (17 digits and a digit or X). */
const ID_NUMBER_LIKE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;

/** Free text as it may be stored: ID numbers masked ("3101**********1234"), trimmed, bounded. */
export function safeComment(text: string): string {
	return Array.from(text.trim().replace(ID_NUMBER_LIKE, (m) => maskIdNumber(m)))
		.slice(0, RATING_COMMENT_MAX)
		.join('');
}

/**
 * The one rating of a finished ticket, by the evaluation terminal of the counter that finished it,
 * within the rating window. Bound to ticket, counter and the staff member who served it.
 */
export function decideRating(index: HallIndex, state: HallDayState, cmd: RateTicket, now: number): TicketRated {
	const t = state.tickets[cmd.ticket] ?? fail('TICKET.NOT_FOUND', `no ticket ${cmd.ticket} today`);
	if (t.counter !== cmd.counter) fail('RATING.WRONG_COUNTER', `ticket ${t.id} was not served at counter ${cmd.counter}`);
	if (t.status !== 'done' || t.finishedAt === null) fail('TICKET.BAD_STATE', `ticket ${t.id} is ${t.status}, only a finished ticket is rated`);
	if ((t.ratedAt ?? null) !== null) fail('RATING.ALREADY_RATED', `ticket ${t.id} is already rated`);
	if (now - t.finishedAt > ratingWindowMs(index)) fail('RATING.EXPIRED', `ticket ${t.id} was finished too long ago to be rated`);
	const comment = safeComment(cmd.comment);
	const bad = isBadRating(cmd.overall);
	const reasons = bad ? [...new Set(cmd.reasons)] : [];
	if (bad && reasons.length === 0 && comment === '') fail('RATING.REASON_REQUIRED', 'a bad rating needs a reason');
	return {
		at: now,
		req: cmd.req,
		type: 'TicketRated',
		ticket: t.id,
		counter: cmd.counter,
		staff: t.staff,
		device: cmd.device,
		overall: cmd.overall,
		efficiency: cmd.efficiency,
		level: cmd.level,
		attitude: cmd.attitude,
		reasons,
		comment
	};
}

/**
 * The ticket of this counter that its terminal should ask about now: the latest finished and unrated
 * one still within the rating window, or null.
 */
export function ratingPrompt(index: HallIndex, state: HallDayState, counter: string, now: number): { ticket: string; finishedAt: number; staff: string | null } | null {
	const window = ratingWindowMs(index);
	let best: { ticket: string; finishedAt: number; staff: string | null } | null = null;
	for (let i = state.order.length - 1; i >= 0; i--) {
		const t = state.tickets[state.order[i] as string];
		if (!t || t.counter !== counter || t.status !== 'done' || t.finishedAt === null || (t.ratedAt ?? null) !== null) continue;
		if (now - t.finishedAt > window) continue;
		if (!best || t.finishedAt > best.finishedAt) best = { ticket: t.id, finishedAt: t.finishedAt, staff: t.staff };
	}
	return best;
}

/** evolve's part: the ticket is rated (once). */
export function applyRating(t: Ticket, e: TicketRated): RequestRecord {
	t.ratedAt = e.at;
	return { kind: 'rate', ticket: t.id, counter: e.counter };
}
