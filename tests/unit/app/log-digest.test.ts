import { describe, expect, it } from 'vitest';
import { LogDigest } from '../../../server/app/log-digest';
import type { StoredEvent } from '../../../server/core/events';

const opened = (seq: number, over: object = {}): StoredEvent =>
	({ type: 'CounterOpened', at: 1_764_800_000_000 + seq, req: `r${seq}`, counter: 'C1', staff: 'u1', seq, ...over }) as StoredEvent;

function digest(events: StoredEvent[]): string {
	const d = new LogDigest();
	d.add(events);
	return d.hex();
}

describe('LogDigest', () => {
	it('does not depend on the order of an event’s keys, at any level', () => {
		const a = opened(1);
		const { seq, type, ...rest } = a;
		const reordered = { seq, ...rest, type } as StoredEvent;
		expect(digest([reordered])).toBe(digest([a]));
	});

	it('changes with any field, any event, and the order of events', () => {
		const log = [opened(1), opened(2)];
		const base = digest(log);
		expect(digest([opened(1), opened(2, { staff: 'u2' })])).not.toBe(base);
		expect(digest([opened(1)])).not.toBe(base);
		const d = new LogDigest();
		expect(() => d.add([opened(2), opened(1)])).toThrow('event 2 does not follow 0');
	});

	it('gives the same digest added in pages as at once, and counts the events', () => {
		const log = Array.from({ length: 7 }, (_, i) => opened(i + 1));
		const paged = new LogDigest();
		paged.add(log.slice(0, 3));
		paged.add(log.slice(3));
		expect(paged.count).toBe(7);
		expect(paged.hex()).toBe(digest(log));
		// sha256 of nothing: an empty log has the digest of the empty string.
		expect(digest([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
	});
});
