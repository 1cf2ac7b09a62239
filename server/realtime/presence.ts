/**
 * Who of a hall (staff, devices) this process has seen today, and when each one's last connection
 * here closed. Connections on other processes are counted by `fetchSockets` where they matter;
 * this only adds the times nobody else can know.
 */
export class Presence {
	private readonly seen = new Map<string, { day: string; actors: Set<string> }>();
	private readonly left = new Map<string, Map<string, number>>();

	arrived(hall: string, day: string, actor: string): void {
		let today = this.seen.get(hall);
		if (!today || today.day !== day) this.seen.set(hall, (today = { day, actors: new Set() }));
		today.actors.add(actor);
	}

	departed(hall: string, actor: string, now: number): void {
		let map = this.left.get(hall);
		if (!map) this.left.set(hall, (map = new Map()));
		map.set(actor, now);
	}

	/** Whether the actor connected here during the hall-day `day` (a kiosk switched off overnight was not). */
	hasSeen(hall: string, day: string, actor: string): boolean {
		const today = this.seen.get(hall);
		return today !== undefined && today.day === day && today.actors.has(actor);
	}

	/** When each actor's last connection to this process closed. */
	leftAt(hall: string): ReadonlyMap<string, number> {
		return this.left.get(hall) ?? new Map();
	}
}
