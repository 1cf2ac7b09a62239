/**
 * Which services citizens come for, and when each one issues. Popularity is built counter by
 * counter, so that the demand of every counter fits its working time: each counter gives most of
 * its time to the services it weighs most (its service list in weight order, each one's share
 * falling away geometrically), and a service's tickets are its time divided by its handling time.
 * Quick services served first at several counters thus take most tickets (a few services take most
 * of the day), slow approvals few, and no counter is planned more work than the others.
 */
import { clockMinutes } from '../../server/core/clock';
import { windowsOn } from '../../server/core/hall-calendar';
import type { HallConfig, ServiceConfig } from '../../server/core/model';

/** How fast a counter's time share falls from one service to the next in its weight order. */
const SHARE_DECAY = 0.4;

/** Tickets per minute of counter time each service draws, relative (see the file comment). */
export function servicePopularity(config: HallConfig): Map<string, number> {
	const handle = new Map(config.services.map((s) => [s.code, Math.max(1, s.avgHandleMinutes)]));
	const popularity = new Map<string, number>();
	for (const counter of config.counters) {
		const ordered = counter.services
			.map((s, i) => ({ ...s, i }))
			.filter((s) => handle.has(s.service))
			.sort((a, b) => b.weight - a.weight || a.i - b.i);
		const shares = ordered.map((s, rank) => s.weight * SHARE_DECAY ** rank);
		const total = shares.reduce((n, x) => n + x, 0);
		ordered.forEach((s, rank) => {
			const timeShare = (shares[rank] as number) / total;
			popularity.set(s.service, (popularity.get(s.service) ?? 0) + timeShare / (handle.get(s.service) as number));
		});
	}
	return popularity;
}

/** A stretch of the day in which the same services issue. */
export interface IssuingSegment {
	from: number;
	to: number;
	services: ServiceConfig[];
	/** Running totals of the services' popularity, for drawing one. */
	cumulative: number[];
	/** The segment's popularity against the hall's whole. */
	share: number;
}

/** The day cut into stretches (local minutes) by the services' issuing windows on `date`; none when nothing issues. */
export function issuingSegments(config: HallConfig, date: string, popularity: ReadonlyMap<string, number>): IssuingSegment[] {
	const windowsOf = new Map<ServiceConfig, [number, number][]>();
	const cuts = new Set<number>();
	for (const s of config.services) {
		if (!popularity.has(s.code)) continue;
		const ws = windowsOn(config, s.hours.length > 0 ? s.hours : config.hours, date).map((w) => [clockMinutes(w.from), clockMinutes(w.to)] as [number, number]);
		windowsOf.set(s, ws);
		for (const [a, b] of ws) cuts.add(a).add(b);
	}
	const whole = [...popularity.values()].reduce((n, x) => n + x, 0);
	const points = [...cuts].sort((a, b) => a - b);
	const segments: IssuingSegment[] = [];
	for (let i = 0; i + 1 < points.length; i++) {
		const from = points[i] as number;
		const to = points[i + 1] as number;
		const services = [...windowsOf].filter(([, ws]) => ws.some(([a, b]) => from >= a && to <= b)).map(([s]) => s);
		if (services.length === 0) continue;
		let sum = 0;
		const cumulative = services.map((s) => (sum += popularity.get(s.code) ?? 0));
		segments.push({ from, to, services, cumulative, share: sum / whole });
	}
	return segments;
}

/** A service of the segment, drawn by popularity. */
export function drawService(segment: IssuingSegment, random: () => number): ServiceConfig {
	const total = segment.cumulative[segment.cumulative.length - 1] as number;
	const r = random() * total;
	let lo = 0;
	let hi = segment.cumulative.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if ((segment.cumulative[mid] as number) > r) hi = mid;
		else lo = mid + 1;
	}
	return segment.services[lo] as ServiceConfig;
}
