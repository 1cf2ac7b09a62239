import type { CounterConfig, HallConfig, ServiceConfig, StaffConfig } from './model';

/** A hall's configuration with the look-ups commands need, built once per configuration. */
export interface HallIndex {
	config: HallConfig;
	services: Map<string, ServiceConfig>;
	counters: Map<string, CounterConfig>;
	staff: Map<string, StaffConfig>;
	/** Counters that serve each service. */
	countersOf: Map<string, CounterConfig[]>;
}

export function indexHall(config: HallConfig): HallIndex {
	const countersOf = new Map<string, CounterConfig[]>();
	for (const c of config.counters) {
		for (const s of c.services) {
			const list = countersOf.get(s.service) ?? [];
			list.push(c);
			countersOf.set(s.service, list);
		}
	}
	return {
		config,
		services: new Map(config.services.map((s) => [s.code, s])),
		counters: new Map(config.counters.map((c) => [c.id, c])),
		staff: new Map(config.staff.map((s) => [s.id, s])),
		countersOf
	};
}
