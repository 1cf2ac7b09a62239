import type { ClipId } from './clip-catalog';

/** A decoded clip: all the scheduler needs to know of it. */
export interface DecodedClip {
	id: ClipId;
	/** Seconds. */
	duration: number;
}

/**
 * The sound output clips are scheduled on: an audio clock and a way to start a decoded clip at a
 * time of that clock. Web Audio in the browser (web-audio-output.ts), a fake clock in the tests.
 */
export interface ClipOutput {
	/** The audio clock, in seconds (AudioContext.currentTime). */
	now(): number;
	/** Resolves once the audio clock has reached `time`. */
	waitUntil(time: number): Promise<void>;
	/** Whether sound can play now, trying to start the output; false if the browser refuses. */
	ensureRunning(): Promise<boolean>;
	/** A tap's chance to allow sound; must be called inside the tap's event handler. */
	unlock(): Promise<boolean>;
	/** The clip decoded (each clip is fetched and decoded once), or null if it cannot be had. */
	load(id: ClipId): Promise<DecodedClip | null>;
	/** Starts a decoded clip at `time` of the audio clock. */
	schedule(clip: DecodedClip, time: number): void;
}
