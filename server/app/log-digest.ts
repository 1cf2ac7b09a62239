/**
 * A digest over a hall-day's events, to check that an archived copy equals the live log: SHA-256
 * over each event's canonical JSON (keys sorted at every level, so two stores that give the same
 * event with its keys in another order agree), one line per event, in seq order.
 */
import { createHash, type Hash } from 'node:crypto';
import type { StoredEvent } from '../core/events';
import { canonicalJson } from './canonical-json';

export class LogDigest {
	private readonly hash: Hash = createHash('sha256');
	/** Events added so far. */
	count = 0;
	private lastSeq = 0;

	/** Adds the next events; they must follow on (seq lastSeq + 1, …): a gap or a repeat is an error. */
	add(events: readonly StoredEvent[]): void {
		for (const e of events) {
			if (e.seq !== this.lastSeq + 1) throw new Error(`event ${e.seq} does not follow ${this.lastSeq}`);
			this.hash.update(canonicalJson(e));
			this.hash.update('\n');
			this.lastSeq = e.seq;
			this.count += 1;
		}
	}

	/** The hex digest; the digest can take no more events after this. */
	hex(): string {
		return this.hash.digest('hex');
	}
}
