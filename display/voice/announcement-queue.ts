/**
 * Announcements one after another, never two at once, in the order they came. While the browser
 * refuses sound the queue holds (and says so); after a tap it goes on with what is still recent.
 */
import type { Announcement } from './announcement';
import type { Speaker } from './speaker';

/** What became of an announcement; `audio-blocked` may later be followed by `spoken` or `too-old`. */
export type AnnouncementOutcome = 'spoken' | 'audio-blocked' | 'too-old' | 'failed';

export interface QueueEvents {
	outcome(a: Announcement, outcome: AnnouncementOutcome): void;
	/** The browser started or stopped refusing sound. */
	blockedChange(blocked: boolean): void;
}

interface Waiting {
	announcement: Announcement;
	/** Board clock (ms): not spoken after this. */
	expiresAt: number;
	reportedBlocked: boolean;
}

/** Announcements waiting at most: a board that was mute for an hour does not talk for an hour. */
const MAX_WAITING = 30;

export class AnnouncementQueue {
	private readonly waiting: Waiting[] = [];
	private running = false;
	private isBlocked = false;
	private disposed = false;

	constructor(
		private readonly speaker: () => Speaker,
		private readonly now: () => number,
		private readonly events: QueueEvents
	) {}

	get blocked(): boolean {
		return this.isBlocked;
	}

	/** How many announcements wait (the one sounding included). */
	get length(): number {
		return this.waiting.length;
	}

	/** Queues an announcement to be spoken before `expiresAt` (board clock, ms). */
	enqueue(announcement: Announcement, expiresAt: number): void {
		if (this.disposed) return;
		const w: Waiting = { announcement, expiresAt, reportedBlocked: false };
		this.waiting.push(w);
		while (this.waiting.length > MAX_WAITING) {
			// Never the head while it sounds: drop the oldest of those behind it.
			const [dropped] = this.waiting.splice(this.running ? 1 : 0, 1);
			if (dropped) this.events.outcome(dropped.announcement, 'too-old');
		}
		if (this.isBlocked) this.reportBlocked(w);
		void this.drain();
	}

	/** After a tap: ask the speaker to allow sound, and go on if it may. */
	async unlock(): Promise<boolean> {
		const ok = await this.speaker().unlock();
		if (ok && this.isBlocked) {
			this.setBlocked(false);
			void this.drain();
		}
		return ok;
	}

	dispose(): void {
		this.disposed = true;
		this.waiting.length = 0;
	}

	private async drain(): Promise<void> {
		if (this.running || this.isBlocked) return;
		this.running = true;
		try {
			while (!this.disposed && !this.isBlocked) {
				const head = this.waiting[0];
				if (!head) break;
				if (this.now() > head.expiresAt) {
					this.waiting.shift();
					this.events.outcome(head.announcement, 'too-old');
					continue;
				}
				let result: Awaited<ReturnType<Speaker['speak']>>;
				try {
					result = await this.speaker().speak(head.announcement);
				} catch {
					result = 'failed';
				}
				if (this.disposed) break;
				if (result === 'blocked') {
					this.setBlocked(true);
					for (const w of this.waiting) this.reportBlocked(w);
					break;
				}
				this.waiting.shift();
				this.events.outcome(head.announcement, result);
			}
		} finally {
			this.running = false;
		}
	}

	private reportBlocked(w: Waiting): void {
		if (w.reportedBlocked) return;
		w.reportedBlocked = true;
		this.events.outcome(w.announcement, 'audio-blocked');
	}

	private setBlocked(blocked: boolean): void {
		if (this.isBlocked === blocked) return;
		this.isBlocked = blocked;
		this.events.blockedChange(blocked);
	}
}
