import type { BoardAudio, BoardCatchUp, BoardInfo, CallView, CatalogZone, CounterView, HallInfo, QueueCounts } from '$contract';
import { deviceToken } from '$lib/client/device-token';
import { connectHall, request, type HallSocket } from '$lib/client/socket';
import { CallLog, recentCalls } from './call-log';
import type { CallOutcome, CallReport, CallSource } from './call-report';

export type { CallOutcome, CallReport, CallSource };

const SYNC_TIMEOUT_MS = 10_000;
const SYNC_RETRY_MS = 2000;
/** How long a new call is highlighted on the board. */
const FLASH_MS = 6000;
/** Calls listed under the latest one. */
const HISTORY = 8;

export type BoardStatus =
	/** No device token: the board has not been set up. */
	| 'setup'
	/** The server refused the token (unknown or revoked). */
	| 'refused'
	| 'connecting'
	| 'online'
	/** Lost the server after having been online: the board keeps showing what it had. */
	| 'offline';


/** The voice announcer plugs in here (display/voice/board-voice.svelte.ts). */
export type CallListener = (call: CallView, source: CallSource) => void;
/** Reports kept on the board (for the supervisor's view once the server takes them). */
const REPORTS_KEPT = 50;

interface Cursor {
	day: string | null;
	seq: number;
}

/**
 * A display board: connects with its device token, syncs from the last call it saw (kept in
 * localStorage, so a reloaded or restarted board replays only what it missed) and applies the
 * server's pushes. Calls are deduplicated by (day, seq).
 */
export class BoardController {
	status = $state<BoardStatus>('connecting');
	hall = $state.raw<HallInfo | null>(null);
	board = $state.raw<BoardInfo | null>(null);
	calls = $state.raw<CallView[]>([]);
	zones = $state.raw<CatalogZone[]>([]);
	counters = $state.raw<CounterView[]>([]);
	/** The seq of the call being highlighted, or null. */
	flashSeq = $state<number | null>(null);

	/** What became of the latest calls on this board, newest last (see `report`). */
	reports = $state.raw<CallReport[]>([]);

	latest: CallView | null = $derived(this.calls[this.calls.length - 1] ?? null);
	/** A counter board's counter (the server sends a counter board only its own). */
	counter: CounterView | null = $derived(this.board?.kind === 'counter' ? (this.counters.find((c) => c.id === this.board?.counter) ?? null) : null);
	recent: CallView[] = $derived(recentCalls(this.calls, HISTORY));

	/** Called once for every new call, oldest first. Set by the page (voice: a later issue). */
	onCall: CallListener | null = null;

	private socket: HallSocket | null = null;
	private readonly log = new CallLog();
	private cursor: Cursor = { day: null, seq: 0 };
	/** What the board last told the server it showed and spoke (`board:report`). */
	private readonly health: {
		day: string;
		shownSeq: number;
		spokenSeq: number;
		audio: BoardAudio;
		counts: { shown: number; spoken: number; skipped: number };
		catchUp: BoardCatchUp | null;
		/** The call of `shownSeq`: supervisors read "A012 → counter 5", not a log position. */
		lastShown: { ticket: string; counterNumber: number } | null;
	} = { day: '', shownSeq: 0, spokenSeq: 0, audio: 'ok', counts: { shown: 0, spoken: 0, skipped: 0 }, catchUp: null, lastShown: null };
	/** When the board lost the server (board clock), while it is offline. */
	private offlineSince: number | null = null;
	/** The catch-up being taken in (between the first page of a sync and the last). */
	private catching: { calls: number; skipped: number; firstSeq: number; lastSeq: number } | null = null;
	private healthTimer: ReturnType<typeof setTimeout> | null = null;
	private syncing = false;
	/** Live calls that arrive while a sync is answered: applied after it, in order. */
	private buffered: CallView[] = [];
	private countsVersion = -1;
	// Bookkeeping, not shown: a plain Set on purpose.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private timers = new Set<ReturnType<typeof setTimeout>>();
	private flashTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(readonly boardId: string) {}

	private get cursorKey(): string {
		return `hallq.board.${this.boardId}.cursor`;
	}

	start(): void {
		const token = deviceToken(this.boardId);
		if (!token) {
			this.status = 'setup';
			return;
		}
		this.cursor = this.readCursor();
		// A reloaded board was away since it last saved where it was.
		this.offlineSince = this.readSavedAt();
		const socket = connectHall({ token });
		this.socket = socket;
		socket.on('connect', () => void this.sync(socket));
		socket.on('disconnect', (reason) => {
			if (this.status === 'online') this.status = 'offline';
			this.offlineSince ??= Date.now();
			// The server let go of us (restart): Socket.IO does not come back by itself then.
			if (reason === 'io server disconnect') this.later(1000, () => socket.connect());
		});
		socket.on('connect_error', (err) => {
			const code = (err as Error & { data?: { code?: string } }).data?.code;
			if (code === 'AUTH.INVALID' || code === 'AUTH.REQUIRED') this.status = 'refused';
			else if (this.status === 'online') this.status = 'offline';
			// Refusals are not retried by Socket.IO; a board keeps trying (a token may be re-enabled).
			if (!socket.active) this.later(code ? 30_000 : 2000, () => socket.connect());
		});
		socket.on('call', (call) => {
			if (this.syncing) this.buffered.push(call);
			else this.ingest([call], 'live');
		});
		socket.on('queue:counts', (counts) => this.applyCounts(counts));
		socket.on('counter:update', (view) => {
			if (this.counters.some((c) => c.id === view.id)) this.counters = this.counters.map((c) => (c.id === view.id ? view : c));
		});
	}

	/**
	 * Notes what became of a call on this board and tells the server (`board:report`: the last call
	 * shown and spoken, and the audio), so supervisors see each board's state.
	 */
	report(call: CallView, outcome: CallOutcome): void {
		this.reports = [...this.reports, { seq: call.seq, day: call.day, ticket: call.ticket, outcome, at: Date.now() }].slice(-REPORTS_KEPT);
		const h = this.health;
		if (call.day !== h.day) Object.assign(h, { day: call.day, shownSeq: 0, spokenSeq: 0, counts: { shown: 0, spoken: 0, skipped: 0 }, catchUp: null, lastShown: null });
		if (outcome === 'shown') {
			if (call.seq >= h.shownSeq) h.lastShown = { ticket: call.ticket, counterNumber: call.counterNumber };
			h.shownSeq = Math.max(h.shownSeq, call.seq);
			h.counts.shown++;
		}
		if (outcome === 'spoken') {
			h.spokenSeq = Math.max(h.spokenSeq, call.seq);
			h.counts.spoken++;
		}
		if (outcome === 'too-old') {
			h.counts.skipped++;
			if (this.catching) this.catching.skipped++;
		}
		this.scheduleHealth();
	}

	/** What the board reports (for tests and the page). */
	get healthReport(): Readonly<typeof this.health> {
		return this.health;
	}

	/** Reports are coalesced: a catch-up of hundreds of calls sends one, not one per call. */
	private scheduleHealth(): void {
		if (this.healthTimer) return;
		this.healthTimer = setTimeout(() => {
			this.healthTimer = null;
			this.sendHealth();
		}, 200);
	}

	/** Whether the board can speak; reported when it changes (a blocked board needs someone to tap it). */
	setAudio(audio: BoardAudio): void {
		if (this.health.audio === audio) return;
		this.health.audio = audio;
		this.sendHealth();
	}

	private sendHealth(): void {
		const socket = this.socket;
		if (!socket?.connected || !this.health.day) return;
		const h = this.health;
		socket.timeout(5000).emit('board:report', { ...h, counts: { ...h.counts }, lastShown: h.lastShown ? { ...h.lastShown } : null }, () => undefined);
	}

	dispose(): void {
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		if (this.flashTimer) clearTimeout(this.flashTimer);
		if (this.healthTimer) clearTimeout(this.healthTimer);
		const s = this.socket;
		this.socket = null;
		if (s) {
			s.removeAllListeners();
			s.disconnect();
		}
	}

	/** On every (re)connect: ask for what happened after the last call this board saw. */
	private async sync(socket: HallSocket): Promise<void> {
		if (socket !== this.socket || this.syncing) return;
		this.syncing = true;
		try {
			const answer = await request(socket, 'board:sync', { day: this.cursor.day, lastSeq: this.cursor.seq }, SYNC_TIMEOUT_MS);
			if (socket !== this.socket) return;
			const { hall } = answer;
			// The server says whether these are missed calls to announce (a board that synced before,
			// also yesterday) or only recent history (a board that never synced, or a store reset).
			const fresh = answer.fresh;
			if (fresh || this.log.day !== hall.day) this.log.startDay(hall.day);
			// Server clock minus board clock: the absence is reported on the server's clock.
			const offset = answer.serverNow - Date.now();
			const offlineFrom = this.offlineSince;
			// Kept across a sync that failed half-way: its retry goes on from the last call taken.
			if (!fresh) this.catching ??= { calls: 0, skipped: 0, firstSeq: 0, lastSeq: 0 };
			this.hall = hall;
			this.board = answer.board;
			this.zones = answer.zones;
			this.counters = answer.counters;
			this.countsVersion = -1;
			this.ingest(answer.calls, fresh ? null : 'replay');
			// A long absence comes in pages of 500, oldest first: take them all, each call once.
			let page = answer;
			while (page.more) {
				page = await request(socket, 'board:sync', { day: hall.day, lastSeq: page.lastSeq }, SYNC_TIMEOUT_MS);
				if (socket !== this.socket) return;
				this.ingest(page.calls, 'replay');
			}
			const lastSeq = page.lastSeq;
			const caught = this.catching;
			this.catching = null;
			this.offlineSince = null;
			if (caught && offlineFrom !== null) {
				// Offline from the disconnect to the first answer: every call missed meanwhile was in the pages.
				this.health.catchUp = { from: Math.min(offlineFrom + offset, answer.serverNow), to: answer.serverNow, ...caught };
			}
			if (!fresh && this.log.calls.length <= HISTORY) {
				// A reloaded board knows where it was but has no history on screen: fetch the latest
				// calls as a fresh board would. They were shown before, so they are not reported again;
				// anything after `answer.lastSeq` reaches the board live.
				const recent = await request(socket, 'board:sync', { day: null, lastSeq: 0 }, SYNC_TIMEOUT_MS);
				if (socket !== this.socket) return;
				if (recent.hall.day === hall.day) this.ingest(recent.calls.filter((c) => c.seq <= lastSeq), null);
			}
			this.cursor = { day: hall.day, seq: fresh ? lastSeq : Math.max(this.cursor.seq, lastSeq) };
			this.saveCursor();
			this.status = 'online';
			// A new connection (maybe to another server process) starts with no report: send it again.
			if (!this.health.day) this.health.day = hall.day;
			this.sendHealth();
		} catch {
			if (socket === this.socket && socket.connected) this.later(SYNC_RETRY_MS, () => void this.sync(socket));
		} finally {
			this.syncing = false;
			const buffered = this.buffered;
			this.buffered = [];
			if (buffered.length > 0 && socket === this.socket) this.ingest(buffered, 'live');
		}
	}

	/** Adds calls; new ones are highlighted and reported (unless `source` is null: a fresh board's history). */
	private ingest(calls: readonly CallView[], source: CallSource | null): void {
		const added = this.log.add(calls);
		if (added.length === 0) return;
		this.calls = this.log.calls;
		if (this.log.day && (this.log.day !== this.cursor.day || this.log.highest > this.cursor.seq)) {
			this.cursor = { day: this.log.day, seq: Math.max(this.log.day === this.cursor.day ? this.cursor.seq : 0, this.log.highest) };
			this.saveCursor();
		}
		if (source === null) return;
		const c = this.catching;
		if (c && source === 'replay') {
			c.calls += added.length;
			c.firstSeq ||= added[0]?.seq ?? 0;
			c.lastSeq = Math.max(c.lastSeq, added[added.length - 1]?.seq ?? 0);
		}
		const last = added[added.length - 1];
		if (last && last.seq === this.latest?.seq) this.flash(last.seq);
		for (const c of added) {
			try {
				this.onCall?.(c, source);
			} catch (err) {
				console.error('board onCall listener failed', err);
			}
		}
	}

	private applyCounts(counts: QueueCounts): void {
		if (this.hall && counts.day > this.hall.day) {
			// Midnight: a new hall-day, the numbers start again; yesterday's calls leave the board.
			this.hall = { ...this.hall, day: counts.day };
			this.log.startDay(counts.day);
			this.calls = [];
			this.countsVersion = -1;
		}
		if (counts.version < this.countsVersion) return;
		this.countsVersion = counts.version;
		this.zones = this.zones.map((z) => ({ ...z, waiting: counts.zones[z.id] ?? 0 }));
	}

	private flash(seq: number): void {
		this.flashSeq = seq;
		if (this.flashTimer) clearTimeout(this.flashTimer);
		this.flashTimer = setTimeout(() => {
			this.flashTimer = null;
			if (this.flashSeq === seq) this.flashSeq = null;
		}, FLASH_MS);
	}

	private later(ms: number, fn: () => void): void {
		const t = setTimeout(() => {
			this.timers.delete(t);
			if (this.socket) fn();
		}, ms);
		this.timers.add(t);
	}

	private readCursor(): Cursor {
		try {
			const raw = localStorage.getItem(this.cursorKey);
			if (!raw) return { day: null, seq: 0 };
			const c = JSON.parse(raw) as Partial<Cursor>;
			const day = typeof c.day === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(c.day) ? c.day : null;
			const seq = typeof c.seq === 'number' && Number.isInteger(c.seq) && c.seq >= 0 ? c.seq : 0;
			return day ? { day, seq } : { day: null, seq: 0 };
		} catch {
			return { day: null, seq: 0 };
		}
	}

	/** When the cursor was last saved (board clock), or null. */
	private readSavedAt(): number | null {
		try {
			const at = (JSON.parse(localStorage.getItem(this.cursorKey) ?? 'null') as { at?: unknown } | null)?.at;
			return typeof at === 'number' && Number.isFinite(at) ? at : null;
		} catch {
			return null;
		}
	}

	private saveCursor(): void {
		try {
			localStorage.setItem(this.cursorKey, JSON.stringify({ ...this.cursor, at: Date.now() }));
		} catch {
			// Storage full or blocked: the board still works, it just replays more after a reload.
		}
	}
}
