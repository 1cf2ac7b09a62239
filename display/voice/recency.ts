/**
 * Which calls a board speaks: a live call always; a call replayed after a reconnect only while it
 * is recent (shown, but not spoken, when older: nobody waits for a two-minute-old call by ear).
 */

import type { CallSource } from '../call-report';

/**
 * Until when (board clock, ms) the call may still be spoken, or null if it is too old already.
 * `calledAt` is the server's clock: a board clock ahead or behind by seconds changes little.
 */
export function speakDeadline(calledAt: number, source: CallSource, boardNow: number, maxAgeMs: number): number | null {
	if (source === 'live') return boardNow + maxAgeMs;
	const deadline = Math.min(calledAt, boardNow) + maxAgeMs;
	return deadline > boardNow ? deadline : null;
}
