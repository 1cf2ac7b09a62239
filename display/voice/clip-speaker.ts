/**
 * Says an announcement by joining pre-rendered clips: every clip is decoded once, then the whole
 * sequence is scheduled back to back on the audio clock (no gaps from timers, no overlap), and the
 * speaker waits until the clock has passed its end.
 */
import type { Announcement } from './announcement';
import { isPause, PAUSES, type ClipId } from './clip-catalog';
import type { ClipOutput, DecodedClip } from './clip-output';
import type { Speaker, SpeakResult } from './speaker';

/** Head room before the first clip, so the start is not clipped while the graph is built. */
const LEAD_SECONDS = 0.05;
/** Between two words. */
const WORD_GAP_SECONDS = 0.02;

export interface ScheduledClip {
	id: ClipId;
	start: number;
	end: number;
}

/** When each clip of `clips` starts and ends from `start` on; pauses take time, clips not loaded are left out. */
export function scheduleClips(clips: readonly ClipId[], decoded: ReadonlyMap<ClipId, DecodedClip | null>, start: number): { plan: ScheduledClip[]; end: number } {
	const plan: ScheduledClip[] = [];
	let t = start;
	for (const id of clips) {
		if (isPause(id)) {
			t += PAUSES[id];
			continue;
		}
		const clip = decoded.get(id);
		if (!clip) continue;
		plan.push({ id, start: t, end: t + clip.duration });
		t += clip.duration + WORD_GAP_SECONDS;
	}
	return { plan, end: t };
}

export class ClipSpeaker implements Speaker {
	constructor(private readonly output: ClipOutput) {}

	async speak(a: Announcement): Promise<SpeakResult> {
		return this.play(a.clips);
	}

	/** Plays a list of clips to the end. */
	async play(clips: readonly ClipId[]): Promise<SpeakResult> {
		if (!(await this.output.ensureRunning())) return 'blocked';
		const ids = [...new Set(clips.filter((id) => !isPause(id)))];
		const decoded = new Map(await Promise.all(ids.map(async (id) => [id, await this.output.load(id)] as const)));
		const { plan, end } = scheduleClips(clips, decoded, this.output.now() + LEAD_SECONDS);
		if (plan.length === 0) return 'failed';
		for (const p of plan) {
			const clip = decoded.get(p.id);
			if (clip) this.output.schedule(clip, p.start);
		}
		await this.output.waitUntil(end);
		return 'spoken';
	}

	unlock(): Promise<boolean> {
		return this.output.unlock();
	}
}
