/**
 * Setup file of every test: a promise rejected with nobody listening (a loop started and awaited
 * too late, a forgotten `void`) fails the test during which it happened, by name, instead of
 * surfacing as a stray error after the run.
 */
import { afterEach } from 'vitest';

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => {
	unhandled.push(reason);
});

/** The unhandled rejections recorded since the last call (taken: they no longer fail the test). */
export function takeUnhandled(): unknown[] {
	return unhandled.splice(0);
}

/** Throws when the test that just ended left an unhandled rejection. */
export function failOnUnhandled(): void {
	const reasons = takeUnhandled().map((r) => (r instanceof Error ? (r.stack ?? r.message) : String(r)));
	if (reasons.length > 0) throw new Error(`${reasons.length} unhandled rejection(s) during this test:\n${reasons.join('\n')}`);
}

afterEach(failOnUnhandled);
