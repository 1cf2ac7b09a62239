/**
 * Follow-up cases of bad ratings, kept in the case store beyond the hall-day: every process opens
 * the case of each bad TicketRated it publishes (idempotently: one wins), and looks through today's
 * log once at start for any a crash left unopened. Supervisors move a case on step by step.
 */
import { fail } from '../core/errors';
import type { StoredEvent } from '../core/events';
import { advanceCase, caseFromRating, type CaseStatus, type CaseStore, type FollowUpCase } from '../core/follow-up';
import type { HallDayKey } from '../core/hall-day';
import { isBadRating } from '../core/rating';
import type { HallRunner, RunnerLog } from './hall-runner';

export type CaseListener = (c: FollowUpCase) => void;

export class FollowUps {
	private readonly listeners: CaseListener[] = [];

	constructor(
		private readonly store: CaseStore,
		private readonly runners: Map<string, HallRunner>,
		private readonly now: () => number,
		private readonly log: RunnerLog
	) {}

	/** Called with each case opened or moved on (by this process). */
	onChange(listener: CaseListener): void {
		this.listeners.push(listener);
	}

	private changed(c: FollowUpCase): void {
		for (const l of this.listeners) l(c);
	}

	/** The log listener: a bad rating opens its case. */
	ingest(runner: HallRunner, key: HallDayKey, events: StoredEvent[]): void {
		for (const e of events) {
			if (e.type !== 'TicketRated' || !isBadRating(e.overall)) continue;
			const c = caseFromRating(runner.index, key.day, e);
			this.store.open(c).then(
				(created) => {
					if (created) this.changed(c);
				},
				(err: unknown) => this.log.warn({ hall: key.hall, ticket: e.ticket, err: String(err) }, 'follow-up case not opened yet')
			);
		}
	}

	/** Opens the cases of today's bad ratings that are not in the store (a process stopped between the two). */
	async reconcile(): Promise<void> {
		for (const runner of this.runners.values()) {
			for (let after = 0; ; ) {
				const { key, events } = await runner.eventsAfter(after, 2000);
				for (const e of events) if (e.type === 'TicketRated' && isBadRating(e.overall)) await this.store.open(caseFromRating(runner.index, key.day, e));
				after = events[events.length - 1]?.seq ?? after;
				if (events.length < 2000) break;
			}
		}
	}

	async list(hall: string, includeClosed: boolean): Promise<FollowUpCase[]> {
		const all = await this.store.list(hall);
		return includeClosed ? all : all.filter((c) => c.status !== 'closed');
	}

	/** Moves a case to its next status with a note; CASE.NOT_FOUND, CASE.BAD_STATE (not the next step, or someone moved it first). */
	async advance(hall: string, id: string, to: CaseStatus, by: string, note: string): Promise<FollowUpCase> {
		const c = (await this.store.get(hall, id)) ?? fail('CASE.NOT_FOUND', `no follow-up case ${id}`);
		const next = advanceCase(c, to, by, note, this.now());
		if (!(await this.store.update(hall, id, c.status, next))) fail('CASE.BAD_STATE', `case ${id} was changed meanwhile; look again`);
		this.changed(next);
		return next;
	}
}
