/** What a board tells about each call it receives: how it came, and what became of it. */

/**
 * How a call reached the board: `live` as it happened; `replay` missed while offline and sent by
 * `board:sync` after the reconnect. The calls a fresh board is shown on start are not reported.
 */
export type CallSource = 'live' | 'replay';

/**
 * What became of a call on a board: `shown` on screen, then what its voice made of it: `spoken`,
 * `audio-blocked` (the browser refused sound; may later turn `spoken`), `too-old` (a replayed call
 * past the age limit: shown, not spoken), `failed`, `muted` (the board's voice is off).
 */
export type CallOutcome = 'shown' | 'spoken' | 'audio-blocked' | 'too-old' | 'failed' | 'muted';

export interface CallReport {
	seq: number;
	day: string;
	ticket: string;
	outcome: CallOutcome;
	/** Board clock, ms. */
	at: number;
}
