import type { ClipId } from '../../display/voice/clip-catalog';
import type { ClipOutput, DecodedClip } from '../../display/voice/clip-output';

export interface StartedClip {
	id: ClipId;
	start: number;
	end: number;
}

/**
 * A ClipOutput on a fake audio clock: time moves only by `advance()`, clips "play" by being
 * recorded with their start and end, and the browser may refuse sound (`allowSound = false`).
 */
export class FakeAudioOutput implements ClipOutput {
	time = 0;
	allowSound = true;
	readonly started: StartedClip[] = [];
	/** How often each clip was decoded. */
	readonly decodes = new Map<ClipId, number>();
	private readonly cache = new Map<ClipId, DecodedClip>();
	private waiters: { time: number; resolve: () => void }[] = [];

	constructor(private readonly durationOf: (id: ClipId) => number | null = (id) => (id === 'chime' ? 1.2 : 0.4)) {}

	now(): number {
		return this.time;
	}

	waitUntil(time: number): Promise<void> {
		if (time <= this.time) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push({ time, resolve }));
	}

	async ensureRunning(): Promise<boolean> {
		return this.allowSound;
	}

	async unlock(): Promise<boolean> {
		return this.allowSound;
	}

	async load(id: ClipId): Promise<DecodedClip | null> {
		const had = this.cache.get(id);
		if (had) return had;
		const duration = this.durationOf(id);
		if (duration === null) return null;
		this.decodes.set(id, (this.decodes.get(id) ?? 0) + 1);
		const clip = { id, duration };
		this.cache.set(id, clip);
		return clip;
	}

	schedule(clip: DecodedClip, time: number): void {
		if (time < this.time) throw new Error(`clip ${clip.id} scheduled in the past (${time} < ${this.time})`);
		this.started.push({ id: clip.id, start: time, end: time + clip.duration });
	}

	/** Moves the audio clock on by `seconds` in small steps, letting the waiting code run between them. */
	async advance(seconds: number, step = 0.05): Promise<void> {
		const target = this.time + seconds;
		while (this.time < target - 1e-9) {
			this.time = Math.min(target, this.time + step);
			const due = this.waiters.filter((w) => w.time <= this.time);
			this.waiters = this.waiters.filter((w) => w.time > this.time);
			for (const w of due) w.resolve();
			for (let i = 0; i < 5; i++) await Promise.resolve();
		}
	}
}
