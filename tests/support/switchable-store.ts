import type { EventStore } from '../../server/core/ports';

/**
 * An event store that forwards to whichever store is active: a failover (a late replica taking
 * over, a restored copy) is `switchTo(replica)`. Closing it closes neither store.
 */
export function switchableStore(first: EventStore): { store: EventStore; switchTo(next: EventStore): void } {
	let active = first;
	const store: EventStore = {
		load: (...a) => active.load(...a),
		append: (...a) => active.append(...a),
		readAfter: (...a) => active.readAfter(...a),
		saveSnapshot: (...a) => active.saveSnapshot(...a),
		days: () => active.days(),
		drop: (...a) => active.drop(...a),
		ping: () => active.ping(),
		close: async () => undefined
	};
	return { store, switchTo: (next) => (active = next) };
}
