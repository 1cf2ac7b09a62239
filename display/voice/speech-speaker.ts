/**
 * Says an announcement with the browser's speech voice: the chime as a clip, then the sentence(s)
 * `repeat` times. Used only where a suitable Mandarin voice exists (voice-choice.ts). Chrome
 * refuses speech before a user gesture with the `not-allowed` error: that is `blocked`.
 */
import type { Announcement } from './announcement';
import { CHIME } from './clip-catalog';
import type { ClipSpeaker } from './clip-speaker';
import type { Speaker, SpeakResult } from './speaker';

/** The least a sentence may take before a silent speech engine counts as failed. */
const MIN_SENTENCE_MS = 5000;

export class SpeechSpeaker implements Speaker {
	constructor(
		private readonly synth: SpeechSynthesis,
		private readonly voices: { zh: SpeechSynthesisVoice; en: SpeechSynthesisVoice | null },
		private readonly chime: ClipSpeaker
	) {}

	async speak(a: Announcement): Promise<SpeakResult> {
		const chime = await this.chime.play([CHIME]);
		if (chime === 'blocked') return 'blocked';
		for (let i = 0; i < a.repeat; i++) {
			const zh = await this.say(a.sentences.zh, this.voices.zh);
			if (zh !== 'spoken') return zh;
			if (a.sentences.en && this.voices.en) {
				const en = await this.say(a.sentences.en, this.voices.en);
				if (en !== 'spoken') return en;
			}
		}
		return 'spoken';
	}

	unlock(): Promise<boolean> {
		// Inside the gesture: an empty utterance lets later ones through.
		this.synth.speak(new SpeechSynthesisUtterance(''));
		return this.chime.unlock();
	}

	private say(text: string, voice: SpeechSynthesisVoice): Promise<SpeakResult> {
		return new Promise((resolve) => {
			const u = new SpeechSynthesisUtterance(text);
			u.voice = voice;
			u.lang = voice.lang;
			u.rate = 0.9;
			let done = false;
			const finish = (r: SpeakResult) => {
				if (done) return;
				done = true;
				clearTimeout(timer);
				resolve(r);
			};
			// Some engines never fire `end`: never hold the queue for ever.
			const timer = setTimeout(() => {
				this.synth.cancel();
				finish('failed');
			}, Math.max(MIN_SENTENCE_MS, text.length * 600));
			u.onend = () => finish('spoken');
			u.onerror = (e) => finish(e.error === 'not-allowed' ? 'blocked' : 'failed');
			this.synth.speak(u);
		});
	}
}
