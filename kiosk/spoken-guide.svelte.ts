/**
 * Spoken guidance in Mandarin through the browser's speechSynthesis. Offered only when the browser
 * has a Chinese voice; without one (or without speechSynthesis at all) it is simply not available,
 * and saying something does nothing.
 */
export class SpokenGuide {
	/** A Mandarin voice exists: the kiosk offers the "语音播报" toggle. */
	available = $state(false);
	private voice: SpeechSynthesisVoice | null = null;

	/** Looks for a voice now and whenever the browser's voice list changes; returns the cleanup. */
	start(): () => void {
		const synth = typeof window !== 'undefined' ? window.speechSynthesis : undefined;
		if (!synth) return () => {};
		const pick = () => {
			try {
				this.voice = mandarinVoice(synth.getVoices());
			} catch {
				this.voice = null;
			}
			this.available = this.voice !== null;
		};
		pick();
		synth.addEventListener?.('voiceschanged', pick);
		return () => {
			synth.removeEventListener?.('voiceschanged', pick);
			this.stop();
		};
	}

	/** Says `text`, cutting off whatever was being said. */
	say(text: string): void {
		const voice = this.voice;
		if (!voice || text === '') return;
		try {
			speechSynthesis.cancel();
			const utterance = new SpeechSynthesisUtterance(text);
			utterance.voice = voice;
			utterance.lang = voice.lang;
			utterance.rate = 0.9;
			speechSynthesis.speak(utterance);
		} catch (err) {
			console.warn('spoken guidance failed', err);
		}
	}

	stop(): void {
		try {
			window.speechSynthesis?.cancel();
		} catch {
			/* nothing was being said */
		}
	}
}

/** Mainland Mandarin first (zh-CN, cmn), then any other Chinese voice but Cantonese. */
function mandarinVoice(voices: SpeechSynthesisVoice[]): SpeechSynthesisVoice | null {
	const langOf = (v: SpeechSynthesisVoice) => v.lang.toLowerCase().replace('_', '-');
	return (
		voices.find((v) => /^(zh-cn|zh-hans|cmn)/.test(langOf(v))) ??
		voices.find((v) => /^zh/.test(langOf(v)) && !/^zh-(hk|yue)/.test(langOf(v))) ??
		null
	);
}
