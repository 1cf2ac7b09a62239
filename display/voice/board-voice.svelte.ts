/**
 * The voice of a board: every new call it is handed becomes an announcement in one queue (never
 * two at once, in order), spoken with the engine the settings and the browser allow. Shows when
 * the browser refuses sound (`audioBlocked`) until a tap allows it, and reports per call what
 * became of it (spoken, audio-blocked, too-old, failed, muted).
 */
import type { CallView } from '$contract';
import type { CallOutcome, CallSource } from '../call-report';
import { announcementOf } from './announcement';
import { AnnouncementQueue } from './announcement-queue';
import { CLIPS } from './clip-catalog';
import type { ClipOutput } from './clip-output';
import { ClipSpeaker } from './clip-speaker';
import { speakDeadline } from './recency';
import type { Speaker } from './speaker';
import { SpeechSpeaker } from './speech-speaker';
import { chooseVoiceEngine, type VoiceEngine } from './voice-choice';
import type { VoiceSettings } from './voice-settings';
import { WebAudioOutput } from './web-audio-output';

export type CallOutcomeListener = (call: CallView, outcome: CallOutcome) => void;

export class BoardVoice {
	/** The browser refuses sound: the board shows "点击屏幕开启语音 / Tap to enable sound". */
	audioBlocked = $state(false);
	engine = $state<VoiceEngine['kind']>('clips');
	/** The seq of the last call spoken to the end, for the page and its tests. */
	lastSpoken = $state<number | null>(null);

	onOutcome: CallOutcomeListener | null = null;

	private readonly output: ClipOutput & { preload?(ids: Iterable<string>): Promise<number>; close?(): void };
	private readonly clips: ClipSpeaker;
	private speech: SpeechSpeaker | null = null;
	private readonly queue: AnnouncementQueue;
	// Bookkeeping, not shown: plain collections on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private readonly pending = new Map<number, CallView>();
	private readonly onVoicesChanged = () => this.chooseEngine();

	private readonly now: () => number;

	/** `output` and `now` are the browser's Web Audio and clock unless a test gives others. */
	constructor(
		private settings: VoiceSettings,
		deps: { output?: ClipOutput; now?: () => number; clipBase?: string } = {}
	) {
		this.output = deps.output ?? new WebAudioOutput(deps.clipBase ?? '/voice');
		this.now = deps.now ?? Date.now;
		this.clips = new ClipSpeaker(this.output);
		this.queue = new AnnouncementQueue(() => this.speaker(), this.now, {
			outcome: (a, outcome) => {
				const call = this.pending.get(a.id);
				if (!call) return;
				if (outcome !== 'audio-blocked') this.pending.delete(a.id);
				if (outcome === 'spoken') {
					this.lastSpoken = a.id;
					// Sound works (the browser may have allowed it since the start-up check).
					this.audioBlocked = false;
				}
				this.report(call, outcome);
			},
			blockedChange: (blocked) => (this.audioBlocked = blocked)
		});
	}

	/** Picks the engine, decodes the clips and finds out at once whether the browser allows sound. */
	start(): void {
		if (this.settings.preference === 'off') {
			this.engine = 'off';
			return;
		}
		this.chooseEngine();
		if (typeof speechSynthesis !== 'undefined') speechSynthesis.addEventListener('voiceschanged', this.onVoicesChanged);
		void this.output.preload?.(CLIPS.filter((c) => c.lang !== 'en' || this.settings.english).map((c) => c.id));
		void this.output.ensureRunning().then((running) => {
			// Before any call: a board set up without sound shows it before it misses one.
			if (!running) this.audioBlocked = true;
		});
	}

	/** New settings (the hall's, once the board has synced): the announcements after it use them. */
	configure(settings: VoiceSettings): void {
		const before = this.settings;
		this.settings = settings;
		if (settings.preference === 'off') {
			this.engine = 'off';
			return;
		}
		if (before.preference === 'off') return this.start();
		if (before.preference !== settings.preference || before.english !== settings.english) this.chooseEngine();
		if (settings.english && !before.english) void this.output.preload?.(CLIPS.filter((c) => c.lang === 'en').map((c) => c.id));
	}

	/** A new call the board shows. */
	announce(call: CallView, source: CallSource): void {
		if (this.engine === 'off') return this.report(call, 'muted');
		const deadline = speakDeadline(call.at, source, this.now(), this.settings.maxAgeMs);
		if (deadline === null) return this.report(call, 'too-old');
		this.pending.set(call.seq, call);
		this.queue.enqueue(announcementOf(call.seq, call, this.settings), deadline);
	}

	/** From a tap or a key press (inside its handler): allow sound, and speak what is still recent. */
	async unlock(): Promise<void> {
		if (this.engine === 'off') return;
		const ok = await this.queue.unlock();
		if (ok) this.audioBlocked = false;
	}

	dispose(): void {
		this.queue.dispose();
		if (typeof speechSynthesis !== 'undefined') {
			speechSynthesis.removeEventListener('voiceschanged', this.onVoicesChanged);
			speechSynthesis.cancel();
		}
		this.output.close?.();
	}

	private speaker(): Speaker {
		return this.engine === 'speech' && this.speech ? this.speech : this.clips;
	}

	private chooseEngine(): void {
		const voices = typeof speechSynthesis === 'undefined' ? [] : speechSynthesis.getVoices();
		const choice = chooseVoiceEngine(this.settings.preference, voices, this.settings.english);
		this.engine = choice.kind;
		this.speech = choice.kind === 'speech' ? new SpeechSpeaker(speechSynthesis, choice, this.clips) : null;
	}

	private report(call: CallView, outcome: CallOutcome): void {
		try {
			this.onOutcome?.(call, outcome);
		} catch (err) {
			console.error('board outcome listener failed', err);
		}
	}
}
