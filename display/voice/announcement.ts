/** One call to be announced, in both forms a speaker may use: clips, or sentences for a speech voice. */
import { spokenChinese, spokenEnglish, type CallToAnnounce } from './announcement-text';
import { announcementClips } from './clip-sequence';
import type { ClipId } from './clip-catalog';

export interface Announcement {
	/** Identifies the announcement in outcomes (a board uses the call's seq). */
	id: number;
	/** Chime, then the sentence(s) `repeat` times, as clips. */
	clips: ClipId[];
	/** For a speech voice: the chime is played as a clip, then each sentence `repeat` times. */
	sentences: { zh: string; en: string | null };
	repeat: number;
}

export function announcementOf(id: number, call: CallToAnnounce, o: { repeat: number; english: boolean }): Announcement {
	const repeat = Math.max(1, Math.floor(o.repeat));
	return {
		id,
		clips: announcementClips(call, { repeat, english: o.english }),
		sentences: { zh: spokenChinese(call), en: o.english ? spokenEnglish(call) : null },
		repeat
	};
}
