/**
 * Will the wait for a service pass its target soon? A fluid model of the backlog
 * (docs/statistics.md, "Wait forecast"):
 *
 * - servers c (counters serving it now, a shared counter counted by its share), service rate
 *   μ = 1 / handling minutes each, arrivals λ per minute (the last 30 minutes);
 * - backlog after t minutes Q(t) = max(0, Q + (λ − cμ)·t), and a new arrival then waits about
 *   Q(t) / (cμ): the time the counters take to call everyone before it. It rises only while
 *   λ > cμ, linearly, so the crossing of the target is solved, not searched.
 *
 * Beside it, for the monitor, the long-run wait at today's rates by Erlang C,
 * Wq = C(c, λ/μ) / (cμ − λ) when λ < cμ. It does not decide the alert: near capacity it is long,
 * but a morning does not stay long enough at one rate to reach it, and alerts on it came about
 * an hour before the first ticket passed its target in the simulated mornings of the tests,
 * where the backlog alone came about 25 minutes before.
 */

export interface ForecastInput {
	/** Tickets waiting now. */
	waiting: number;
	arrivalsPerMinute: number;
	handleMinutes: number;
	/** Counters serving the service now; may be fractional (a counter shared by several services). */
	servers: number;
	targetMinutes: number;
	horizonMinutes: number;
}

export interface Forecast {
	/** Predicted wait of a ticket taken now, minutes; null with no server. */
	waitNow: number | null;
	/** Predicted wait of a ticket taken at the horizon, minutes; null with no server. */
	waitAtHorizon: number | null;
	/** Minutes from now until the predicted wait passes the target (0: already); null: not within the horizon. */
	passesInMinutes: number | null;
	/** λ / cμ: over 1 the queue grows. Null with no server. */
	utilisation: number | null;
	/** Erlang C's mean wait in the long run at these rates, minutes; null at or over capacity. */
	steadyWait: number | null;
	/**
	 * Counters that keep the predicted wait within the target over the horizon (whole counters, at
	 * least the ones serving now); null when even ten more would not.
	 */
	serversNeeded: number | null;
}

/** Erlang C: the probability that an arrival waits, with `c` servers and offered load `a` = λ/μ < c. */
export function erlangC(c: number, a: number): number {
	if (a <= 0) return 0;
	if (a >= c) return 1;
	// Erlang B by its recursion, stable for any c; a fractional c takes the recursion to its floor and
	// the last step to c (an interpolation, fine for a forecast).
	let b = 1;
	const whole = Math.floor(c);
	for (let k = 1; k <= whole; k++) b = (a * b) / (k + a * b);
	if (c > whole) b = (a * b) / (c + a * b);
	return (c * b) / (c - a * (1 - b));
}

/** Predicted wait, minutes, of a ticket taken `t` minutes from now with `servers` counters. */
export function predictedWait(input: Omit<ForecastInput, 'servers' | 'horizonMinutes' | 'targetMinutes'>, servers: number, t: number): number | null {
	if (servers <= 0 || input.handleMinutes <= 0) return null;
	const capacity = servers / input.handleMinutes;
	const lambda = input.arrivalsPerMinute;
	return Math.max(0, input.waiting + (lambda - capacity) * t) / capacity;
}

/** Erlang C's mean wait, minutes, of an M/M/c queue at these rates; null at or over capacity. */
export function steadyWait(input: Pick<ForecastInput, 'arrivalsPerMinute' | 'handleMinutes'>, servers: number): number | null {
	if (servers <= 0 || input.handleMinutes <= 0) return null;
	const capacity = servers / input.handleMinutes;
	if (input.arrivalsPerMinute >= capacity) return null;
	return erlangC(servers, input.arrivalsPerMinute * input.handleMinutes) / (capacity - input.arrivalsPerMinute);
}

function passesIn(input: ForecastInput, servers: number): number | null {
	const now = predictedWait(input, servers, 0);
	if (now === null) return null;
	if (now > input.targetMinutes) return 0;
	const capacity = servers / input.handleMinutes;
	const growth = input.arrivalsPerMinute - capacity;
	if (growth <= 0) return null;
	// Q + growth·t = target·capacity
	const t = (input.targetMinutes * capacity - input.waiting) / growth;
	return t <= input.horizonMinutes ? Math.max(0, t) : null;
}

const MAX_EXTRA_SERVERS = 10;

export function forecastWait(input: ForecastInput): Forecast {
	const passesInMinutes = input.servers > 0 ? passesIn(input, input.servers) : null;
	let serversNeeded: number | null = null;
	for (let c = Math.max(1, Math.ceil(input.servers)); c <= Math.ceil(input.servers) + MAX_EXTRA_SERVERS; c++)
		if (passesIn(input, c) === null) {
			serversNeeded = c;
			break;
		}
	return {
		utilisation: input.servers > 0 && input.handleMinutes > 0 ? (input.arrivalsPerMinute * input.handleMinutes) / input.servers : null,
		steadyWait: steadyWait(input, input.servers),
		waitNow: predictedWait(input, input.servers, 0),
		waitAtHorizon: predictedWait(input, input.servers, input.horizonMinutes),
		passesInMinutes,
		serversNeeded
	};
}
