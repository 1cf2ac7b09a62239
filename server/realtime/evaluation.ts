/**
 * The evaluation terminal at a counter (role `evaluator`, a device tied to its counter): what it
 * shows, the rating it sends, and the prompt it is pushed when its counter finishes a ticket.
 */
import type { HallQ } from '../app/hallq';
import type { HallRunner } from '../app/hall-runner';
import { fail } from '../core/errors';
import type { StoredEvent } from '../core/events';
import type { HallIndex } from '../core/hall-index';
import type { HallDayState } from '../core/model';
import { isBadRating, RATING_REASONS, ratingPrompt, ratingWindowMs } from '../core/rating';
import { counterView } from '../core/views';
import type { Principal } from './auth';
import type { EvaluatorState, RatingPrompt, RatingView } from './contract';
import { hallInfo } from './projections';
import type { On } from './on';
import { rooms } from './rooms';

/** How long a terminal waits for a rating when the hall file does not say. */
export const DEFAULT_PROMPT_SECONDS = 60;

export function promptView(index: HallIndex, state: HallDayState, ticket: string): RatingPrompt | null {
	const t = state.tickets[ticket];
	if (!t || !t.counter || t.finishedAt === null) return null;
	return {
		ticket: t.id,
		day: state.day,
		counter: t.counter,
		serviceName: index.services.get(t.service)?.name ?? { zh: t.service, en: t.service },
		staffName: t.staff ? (index.staff.get(t.staff)?.name ?? null) : null,
		staffId: t.staff,
		finishedAt: t.finishedAt,
		expiresAt: t.finishedAt + ratingWindowMs(index)
	};
}

export function registerEvaluationHandlers(on: On, principal: Principal, hallq: HallQ, runner: HallRunner, req: (id: string) => string): void {
	const counterOf = () => principal.device?.counter ?? fail('AUTH.FORBIDDEN', 'evaluation terminals only');

	on('evaluator:state', ['evaluator'], async (): Promise<EvaluatorState> => {
		const counter = counterOf();
		const { state } = await runner.current();
		const now = hallq.clock.now();
		const view = counterView(runner.index, state, counter) ?? fail('COUNTER.NOT_FOUND', `no counter ${counter}`);
		const pending = ratingPrompt(runner.index, state, counter, now);
		return {
			hall: hallInfo(runner.index, state),
			counter: view,
			prompt: pending ? promptView(runner.index, state, pending.ticket) : null,
			promptSeconds: runner.index.config.evaluation?.promptSeconds ?? DEFAULT_PROMPT_SECONDS,
			reasons: [...RATING_REASONS],
			now
		};
	});

	on('rating:submit', ['evaluator'], async (p) => {
		const counter = counterOf();
		const out = await runner.execute({
			kind: 'rate',
			req: req(p.requestId),
			ticket: p.ticket,
			counter,
			device: principal.data.actor,
			overall: p.overall,
			efficiency: p.efficiency,
			level: p.level,
			attitude: p.attitude,
			reasons: p.reasons,
			comment: p.comment
		});
		if (out.record.ticket !== p.ticket) fail('REQUEST.REUSED', `request id ${p.requestId} rated another ticket`);
		return { ticket: p.ticket, overall: p.overall, followUp: isBadRating(p.overall) };
	});

	on('ratings:today', ['supervisor', 'admin'], async (): Promise<RatingView[]> => {
		const list: RatingView[] = [];
		for (let after = 0; ; ) {
			const { events } = await runner.eventsAfter(after, 2000);
			for (const e of events) {
				if (e.type !== 'TicketRated') continue;
				const { at, ticket, counter, staff, device, overall, efficiency, level, attitude, reasons, comment } = e;
				list.push({ at, ticket, counter, staff, device, overall, efficiency, level, attitude, reasons, comment });
			}
			after = events[events.length - 1]?.seq ?? after;
			if (events.length < 2000) return list;
		}
	});
}

/** Emits to the sockets of this process (every process publishes the whole log to its own clients). */
interface LocalEmitter {
	local: { to(room: string): { emit(event: 'rating:prompt', p: RatingPrompt): boolean; emit(event: 'rating:closed', p: { ticket: string }): boolean } };
}

/** Pushes of the log to a counter's terminals: a finished ticket asks for a rating, a rating ends the question. */
export function publishEvaluation(io: LocalEmitter, index: HallIndex, events: StoredEvent[], state: HallDayState): void {
	const hall = index.config.id;
	for (const e of events) {
		if (e.type === 'TicketFinished') {
			const prompt = promptView(index, state, e.ticket);
			if (prompt && (state.tickets[e.ticket]?.ratedAt ?? null) === null) io.local.to(rooms.evaluator(hall, e.counter)).emit('rating:prompt', prompt);
		} else if (e.type === 'TicketRated') {
			io.local.to(rooms.evaluator(hall, e.counter)).emit('rating:closed', { ticket: e.ticket });
		}
	}
}
