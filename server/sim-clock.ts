/**
 * An accelerated clock shared by several processes (benchmarks and the chaos run compress a hall's
 * day into minutes): simulated time = `simStart + (Date.now() - realStart) × speed`. Every process
 * given the same three numbers reads the same time, whenever it (re)starts.
 *
 * Passed to a server process as HALLQ_SIM_CLOCK="<simStart>,<realStart>,<speed>" (epoch ms, ms, factor).
 * The production server takes it too (`envClock`), so that browser tests can run a hall at its
 * morning peak whatever the hour; a production mode must refuse it (it is a simulator).
 */
import type { Clock } from './core/ports';

export interface SimClockSpec {
	/** Simulated epoch ms at `realStart`. */
	simStart: number;
	/** Real epoch ms (Date.now()) when the simulated day starts. */
	realStart: number;
	/** Simulated ms per real ms. */
	speed: number;
}

export const SIM_CLOCK_ENV = 'HALLQ_SIM_CLOCK';

export function simClock(spec: SimClockSpec): Clock & { spec: SimClockSpec } {
	return { spec, now: () => Math.floor(spec.simStart + (Date.now() - spec.realStart) * spec.speed) };
}

export function encodeSimClock(spec: SimClockSpec): string {
	return `${spec.simStart},${spec.realStart},${spec.speed}`;
}

export function decodeSimClock(text: string): SimClockSpec {
	const [simStart, realStart, speed] = text.split(',').map(Number);
	if (!Number.isFinite(simStart) || !Number.isFinite(realStart) || !Number.isFinite(speed) || !(speed! > 0)) {
		throw new Error(`${SIM_CLOCK_ENV} must be "<simStart>,<realStart>,<speed>", not ${text}`);
	}
	return { simStart: simStart!, realStart: realStart!, speed: speed! };
}

/** Real milliseconds that `simMs` simulated milliseconds take. */
export function realMs(spec: SimClockSpec, simMs: number): number {
	return simMs / spec.speed;
}

/** The clock HALLQ_SIM_CLOCK sets, or the real one. */
export function envClock(env: NodeJS.ProcessEnv): Clock {
	const text = env[SIM_CLOCK_ENV];
	return text ? simClock(decodeSimClock(text)) : { now: () => Date.now() };
}
