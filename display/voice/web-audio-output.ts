/**
 * The browser's clip output: one AudioContext, each clip fetched and decoded once, clips started
 * at exact times of the context's clock. A context the autoplay policy holds stays `suspended`
 * (Chrome leaves `resume()` pending until a user gesture), so starting it is given a short time.
 */
import { clipUrl, type ClipId } from './clip-catalog';
import type { ClipOutput, DecodedClip } from './clip-output';

/** How long `resume()` may take before the browser counts as refusing sound. */
const RESUME_TIMEOUT_MS = 600;

interface WebClip extends DecodedClip {
	buffer: AudioBuffer;
}

export class WebAudioOutput implements ClipOutput {
	private context: AudioContext | null = null;
	private gain: GainNode | null = null;
	private readonly clips = new Map<ClipId, Promise<WebClip | null>>();

	constructor(
		private readonly base = '/voice',
		private readonly volume = 1
	) {}

	private get ctx(): AudioContext {
		if (!this.context) {
			this.context = new AudioContext({ latencyHint: 'playback' });
			this.gain = this.context.createGain();
			this.gain.gain.value = this.volume;
			this.gain.connect(this.context.destination);
		}
		return this.context;
	}

	/** `running`, `suspended` (held by the autoplay policy, or not started) or `closed`. */
	get state(): AudioContextState {
		return this.ctx.state;
	}

	now(): number {
		return this.ctx.currentTime;
	}

	waitUntil(time: number): Promise<void> {
		return new Promise((resolve) => {
			const check = () => {
				const left = time - this.ctx.currentTime;
				// A suspended or closed context stops its clock: give up rather than wait forever.
				if (left <= 0 || this.ctx.state !== 'running') resolve();
				else setTimeout(check, Math.min(1000, left * 1000 + 20));
			};
			check();
		});
	}

	async ensureRunning(): Promise<boolean> {
		const ctx = this.ctx;
		if (ctx.state === 'running') return true;
		if (ctx.state === 'closed') return false;
		await Promise.race([ctx.resume().catch(() => undefined), new Promise((r) => setTimeout(r, RESUME_TIMEOUT_MS))]);
		return (ctx.state as AudioContextState) === 'running';
	}

	unlock(): Promise<boolean> {
		const ctx = this.ctx;
		// Inside the gesture: a short silent buffer, the surest way to unlock older WebKit too.
		const src = ctx.createBufferSource();
		src.buffer = ctx.createBuffer(1, 1, ctx.sampleRate);
		src.connect(ctx.destination);
		src.start();
		return this.ensureRunning();
	}

	load(id: ClipId): Promise<WebClip | null> {
		let clip = this.clips.get(id);
		if (!clip) {
			clip = this.fetchClip(id);
			this.clips.set(id, clip);
		}
		return clip;
	}

	/** Decodes every clip up front, so the first call is not late; resolves with how many decoded. */
	async preload(ids: Iterable<ClipId>): Promise<number> {
		const got = await Promise.all([...ids].map((id) => this.load(id)));
		return got.filter(Boolean).length;
	}

	schedule(clip: DecodedClip, time: number): void {
		const buffer = (clip as WebClip).buffer;
		if (!buffer || !this.gain) return;
		const src = this.ctx.createBufferSource();
		src.buffer = buffer;
		src.connect(this.gain);
		src.start(Math.max(time, this.ctx.currentTime));
	}

	close(): void {
		void this.context?.close().catch(() => undefined);
		this.context = null;
	}

	private async fetchClip(id: ClipId): Promise<WebClip | null> {
		try {
			const res = await fetch(clipUrl(id, this.base));
			if (!res.ok) throw new Error(`HTTP ${res.status}`);
			const buffer = await this.ctx.decodeAudioData(await res.arrayBuffer());
			return { id, duration: buffer.duration, buffer };
		} catch (err) {
			// Forget the failure, so a later call tries again (the server may have been restarting).
			this.clips.delete(id);
			console.warn(`voice clip ${id} could not be loaded`, err);
			return null;
		}
	}
}
