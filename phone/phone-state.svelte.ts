import { io } from 'socket.io-client';
import type { TicketStatusView } from '$contract';
import { request, type HallSocket } from '$lib/client/socket';
import { CLIENT_VERSION, onProtocolRefused, onServerHello } from '$lib/client/protocol';

/** The ticket's place changes as others are served: asked again this often (calls are pushed). */
const REFRESH_MS = 15_000;

export type PhoneStatus = 'loading' | 'online' | 'offline' | 'invalid';

/**
 * The phone status page: follows one ticket by its secret link. Its own events (called, recalled,
 * served) are pushed; its place in the queue is asked for every 15 s and on every reconnect. When
 * the ticket is called the phone vibrates and, once the person allowed it, beeps.
 */
export class PhoneTicket {
	status = $state<PhoneStatus>('loading');
	ticket = $state.raw<TicketStatusView | null>(null);
	updatedAt = $state<number | null>(null);
	soundOn = $state(false);
	private socket: HallSocket | null = null;
	private timer: ReturnType<typeof setInterval> | null = null;
	private audio: AudioContext | null = null;

	constructor(private readonly secret: string) {}

	start(): void {
		// Phones may sit behind networks that block websockets: polling first, then upgrade.
		const socket: HallSocket = io({ auth: { ticket: this.secret, ...CLIENT_VERSION }, reconnectionDelayMax: 10_000 });
		this.socket = socket;
		socket.on('server:hello', (hello) => onServerHello(hello, () => true));
		socket.on('connect', () => void this.refresh());
		socket.on('disconnect', () => {
			if (this.status === 'online') this.status = 'offline';
		});
		socket.on('connect_error', (err) => {
			const code = (err as Error & { data?: { code?: string } }).data?.code;
			if (code === 'PROTOCOL.UNSUPPORTED') onProtocolRefused();
			else if (code === 'AUTH.INVALID' || code === 'AUTH.REQUIRED') {
				this.status = 'invalid';
				socket.close();
			} else if (this.status === 'online') this.status = 'offline';
		});
		socket.on('ticket:changed', (t) => this.apply(t));
		this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
	}

	dispose(): void {
		if (this.timer) clearInterval(this.timer);
		this.socket?.close();
		this.socket = null;
		void this.audio?.close();
	}

	/** Needs a tap: browsers play sound only after the person touched the page. */
	enableSound(): void {
		this.audio ??= new AudioContext();
		void this.audio.resume();
		this.soundOn = true;
		this.beep(0.15);
	}

	private async refresh(): Promise<void> {
		const socket = this.socket;
		if (!socket?.connected) return;
		try {
			this.apply(await request(socket, 'ticket:status', {}, 8000));
		} catch {
			// TICKET.NOT_FOUND: the day is over; anything else: the next refresh tries again.
			if (this.ticket === null) this.status = 'invalid';
		}
	}

	private apply(t: TicketStatusView): void {
		const before = this.ticket;
		this.ticket = t;
		this.status = 'online';
		this.updatedAt = Date.now();
		const calledNow = t.status === 'called' && (before?.status !== 'called' || t.recalls > before.recalls);
		if (calledNow && before !== null) this.alert();
	}

	private alert(): void {
		if (typeof navigator !== 'undefined' && 'vibrate' in navigator) navigator.vibrate([400, 150, 400, 150, 400]);
		if (this.soundOn) {
			this.beep(0.35);
			setTimeout(() => this.beep(0.35), 500);
		}
	}

	private beep(seconds: number): void {
		const ctx = this.audio;
		if (!ctx) return;
		const osc = ctx.createOscillator();
		const gain = ctx.createGain();
		osc.frequency.value = 880;
		gain.gain.setValueAtTime(0.3, ctx.currentTime);
		gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + seconds);
		osc.connect(gain).connect(ctx.destination);
		osc.start();
		osc.stop(ctx.currentTime + seconds);
	}
}
