import type { Announcement } from './announcement';

/**
 * How an announcement went: `spoken` to the end; `blocked` the browser refused to play sound
 * (autoplay policy: nothing was heard, try again after a tap); `failed` anything else.
 */
export type SpeakResult = 'spoken' | 'blocked' | 'failed';

/** Something that says one announcement at a time (clips through Web Audio, or a speech voice). */
export interface Speaker {
	/** Resolves once the announcement has finished sounding (or could not start). */
	speak(a: Announcement): Promise<SpeakResult>;
	/** Called from a tap or key press: asks the browser to allow sound. True if it now may play. */
	unlock(): Promise<boolean>;
}
