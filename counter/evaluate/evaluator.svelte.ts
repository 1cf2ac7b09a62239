import type { CounterView, HallInfo, RatingPrompt, RatingReason } from '$contract';
import { deviceToken } from '$lib/client/device-token';
import { connectHall, newRequestId, request, RequestError, requestRetrying, type HallSocket } from '$lib/client/socket';

export type Status = 'setup' | 'refused' | 'connecting' | 'online' | 'offline';
/** idle: counter and staff; overall: five levels; details: efficiency, level, attitude (+ reasons when bad). */
export type Step = 'idle' | 'overall' | 'details' | 'thanks' | 'expired';

const REQUEST_TIMEOUT_MS = 6000;
const MAX_ATTEMPTS = 4;
/** How long "thank you" (or "too late") stays before the idle screen. */
const THANKS_MS = 5000;

/**
 * The evaluation terminal at a counter: idle it shows the counter and who is on duty; when the counter
 * finishes a ticket the server pushes `rating:prompt` and the citizen rates it. Without a touch for
 * `promptSeconds` the question goes away unrated.
 */
export class EvaluatorController {
	status = $state<Status>('connecting');
	hall = $state.raw<HallInfo | null>(null);
	counter = $state.raw<CounterView | null>(null);
	reasonChoices = $state.raw<RatingReason[]>([]);
	step = $state<Step>('idle');
	prompt = $state.raw<RatingPrompt | null>(null);
	overall = $state(0);
	efficiency = $state(0);
	level = $state(0);
	attitude = $state(0);
	reasons = $state<RatingReason[]>([]);
	comment = $state('');
	sending = $state(false);
	error = $state<string | null>(null);
	followUp = $state(false);
	secondsLeft = $state(0);

	bad = $derived(this.overall > 0 && this.overall <= 2);
	reasonGiven = $derived(this.reasons.length > 0 || this.comment.trim() !== '');

	private socket: HallSocket | null = null;
	private promptSeconds = 60;
	private countdown: ReturnType<typeof setInterval> | null = null;
	private stepTimer: ReturnType<typeof setTimeout> | null = null;
	/** Tickets this terminal stopped asking about (timed out): a reconnect does not ask again. */
	private readonly dropped: string[] = [];
	private requestId = '';

	constructor(
		private readonly key: string,
		private readonly timeoutOverride: number | undefined
	) {}

	start(): void {
		const token = deviceToken(this.key);
		if (!token) {
			this.status = 'setup';
			return;
		}
		const socket = connectHall({ token });
		this.socket = socket;
		socket.on('connect', () => void this.sync(socket));
		socket.on('disconnect', (reason) => {
			this.status = 'offline';
			if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 2000);
		});
		socket.on('connect_error', (err) => {
			const code = (err as Error & { data?: { code?: string } }).data?.code;
			if (code === 'AUTH.INVALID' || code === 'AUTH.REQUIRED') this.status = 'refused';
			else if (this.status === 'online') this.status = 'offline';
			if (!socket.active) setTimeout(() => socket.connect(), code ? 30_000 : 2000);
		});
		socket.on('counter:update', (view) => {
			if (view.id === this.counter?.id) this.counter = view;
		});
		socket.on('rating:prompt', (p) => this.ask(p));
		socket.on('rating:closed', ({ ticket }) => {
			if (this.prompt?.ticket === ticket && (this.step === 'overall' || this.step === 'details') && !this.sending) this.toIdle();
		});
	}

	dispose(): void {
		this.clearTimers();
		this.socket?.removeAllListeners();
		this.socket?.disconnect();
		this.socket = null;
	}

	private async sync(socket: HallSocket): Promise<void> {
		try {
			const s = await request(socket, 'evaluator:state', {}, REQUEST_TIMEOUT_MS);
			this.hall = s.hall;
			this.counter = s.counter;
			this.reasonChoices = s.reasons;
			this.promptSeconds = this.timeoutOverride ?? s.promptSeconds;
			this.status = 'online';
			if (s.prompt && this.step === 'idle') this.ask(s.prompt);
		} catch {
			if (socket === this.socket) setTimeout(() => void this.sync(socket), 2000);
		}
	}

	/** A finished ticket to rate: a newer one replaces the one being asked about. */
	private ask(p: RatingPrompt): void {
		if (this.dropped.includes(p.ticket) || this.sending) return;
		if (this.prompt?.ticket === p.ticket && (this.step === 'overall' || this.step === 'details')) return;
		this.clearTimers();
		this.prompt = p;
		this.overall = 0;
		this.efficiency = 0;
		this.level = 0;
		this.attitude = 0;
		this.reasons = [];
		this.comment = '';
		this.error = null;
		this.requestId = newRequestId();
		this.step = 'overall';
		this.touch();
	}

	/** Any touch while asking starts the countdown again. */
	touch(): void {
		if (this.step !== 'overall' && this.step !== 'details') return;
		this.secondsLeft = this.promptSeconds;
		if (this.countdown) return;
		this.countdown = setInterval(() => {
			if (this.sending) return;
			this.secondsLeft -= 1;
			if (this.secondsLeft <= 0) {
				// Nobody rated: the ticket stays unrated.
				if (this.prompt) this.dropped.push(this.prompt.ticket);
				this.toIdle();
			}
		}, 1000);
	}

	chooseOverall(value: number): void {
		this.overall = value;
		// The three aspects start at the overall rating; the citizen changes what differs.
		this.efficiency = value;
		this.level = value;
		this.attitude = value;
		this.step = 'details';
		this.touch();
	}

	back(): void {
		this.step = 'overall';
		this.touch();
	}

	toggleReason(r: RatingReason): void {
		this.reasons = this.reasons.includes(r) ? this.reasons.filter((x) => x !== r) : [...this.reasons, r];
		this.touch();
	}

	async submit(): Promise<void> {
		const socket = this.socket;
		const prompt = this.prompt;
		if (!socket || !prompt || this.sending || this.overall === 0) return;
		if (this.bad && !this.reasonGiven) {
			this.error = 'RATING.REASON_REQUIRED';
			return;
		}
		this.sending = true;
		this.error = null;
		const payload = {
			requestId: this.requestId,
			ticket: prompt.ticket,
			overall: this.overall,
			efficiency: this.efficiency,
			level: this.level,
			attitude: this.attitude,
			reasons: this.bad ? this.reasons : [],
			comment: this.comment.trim()
		};
		try {
			const answer = await requestRetrying(socket, 'rating:submit', payload, { attempts: MAX_ATTEMPTS, timeoutMs: REQUEST_TIMEOUT_MS, reconnectWaitMs: 10_000, backoffMs: 250 });
			this.followUp = answer.followUp;
			this.finish('thanks');
		} catch (err) {
			const code = err instanceof RequestError ? err.code : 'INTERNAL';
			if (code === 'RATING.ALREADY_RATED') this.finish('thanks');
			else if (code === 'RATING.EXPIRED' || code === 'TICKET.NOT_FOUND') this.finish('expired');
			else this.error = code;
		} finally {
			this.sending = false;
		}
	}

	private finish(step: 'thanks' | 'expired'): void {
		this.clearTimers();
		this.step = step;
		this.stepTimer = setTimeout(() => this.toIdle(), THANKS_MS);
	}

	private toIdle(): void {
		this.clearTimers();
		this.step = 'idle';
		this.prompt = null;
		this.error = null;
	}

	private clearTimers(): void {
		if (this.countdown) clearInterval(this.countdown);
		if (this.stepTimer) clearTimeout(this.stepTimer);
		this.countdown = null;
		this.stepTimer = null;
	}
}
