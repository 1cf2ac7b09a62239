import { fold, initialState } from '../../server/core/evolve';
import type { StoredEvent } from '../../server/core/events';
import type { HallDayKey } from '../../server/core/hall-day';
import type { EventStore } from '../../server/core/ports';

/** A hall-day's whole log, and the state the store loads (snapshot + tail) folded to its end. */
export async function readLog(store: EventStore, key: HallDayKey) {
	const events: StoredEvent[] = [];
	for (;;) {
		const page = await store.readAfter(key, events.length, 5000);
		events.push(...page);
		if (page.length < 5000) break;
	}
	const loaded = await store.load(key);
	const state = fold(loaded.snapshot ? loaded.snapshot.state : initialState(key.hall, key.day), loaded.events);
	return { events, state, snapshotAt: loaded.snapshot?.version ?? 0 };
}
