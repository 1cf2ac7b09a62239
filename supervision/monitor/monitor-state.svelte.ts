import type { RequestEvent, RequestPayload, RequestResults, DeviceAlert, DeviceStateView, HallInfo, LoggedAlert, MonitorDelta, MonitorTicket, MonitorView, SocketData } from '$contract';
import { connectHall, newRequestId, request, RequestError, type HallSocket } from '$lib/client/socket';
import { signIn, signOut } from '$supervision/reports/report-api';
import { AlertChime } from './alert-chime';
import { applyDelta } from './monitor-delta';

/** Devices are asked for again this often (their problems are pushed at once). */
const DEVICES_REFRESH_MS = 15_000;
const SOUND_KEY = 'hallq.monitor.sound';

export type Phase = 'starting' | 'signIn' | 'forbidden' | 'badToken' | 'ready';

/**
 * The live monitor page: signs in (a supervisor's session cookie) or uses a wall screen's device
 * token, opens the monitor, and keeps the view as the server pushes it. Waits and durations tick
 * on the page from the server's clock (`clockOffset`) between pushes.
 */
export class MonitorController {
	phase = $state<Phase>('starting');
	hall = $state.raw<(HallInfo & { timeZone: string }) | null>(null);
	view = $state.raw<MonitorView | null>(null);
	devices = $state.raw<DeviceStateView[]>([]);
	viewer = $state.raw<{ role: SocketData['role']; name: string } | null>(null);
	connected = $state(false);
	clockOffset = $state(0);
	loginError = $state<string | null>(null);
	signingIn = $state(false);
	sound = $state(typeof localStorage === 'undefined' || localStorage.getItem(SOUND_KEY) !== 'off');
	/** The last action's refusal code, shown until the next action. */
	actionError = $state<string | null>(null);
	private socket: HallSocket | null = null;
	private timer: ReturnType<typeof setInterval> | null = null;
	private readonly chime = new AlertChime();
	/** Alert ids heard of already: a new one (not acknowledged) chimes once. Not shown: no reactivity needed. */
	private known: ReadonlySet<string> | null = null;

	constructor(private readonly wallToken: string | null) {}

	get canAct(): boolean {
		return this.viewer?.role === 'supervisor' || this.viewer?.role === 'admin';
	}

	start(): void {
		if (this.wallToken) return this.connect({ token: this.wallToken });
		void fetch('/api/session', { headers: { accept: 'application/json' } })
			.then(async (res) => {
				if (!res.ok) return void (this.phase = 'signIn');
				const me = (await res.json()) as { staff?: { role?: string } };
				if (me.staff?.role !== 'supervisor' && me.staff?.role !== 'admin') return void (this.phase = 'forbidden');
				this.connect({});
			})
			.catch(() => {
				this.loginError = 'CLIENT.NETWORK';
				this.phase = 'signIn';
			});
	}

	async signIn(hall: string, staff: string, password: string): Promise<void> {
		this.signingIn = true;
		this.loginError = null;
		const answer = await signIn(hall, staff, password);
		this.signingIn = false;
		if (!answer.ok) {
			this.loginError = answer.code;
			return;
		}
		this.phase = 'starting';
		this.start();
	}

	async signOut(): Promise<void> {
		this.dispose();
		await signOut();
		this.phase = 'signIn';
	}

	toggleSound(): void {
		this.sound = !this.sound;
		localStorage.setItem(SOUND_KEY, this.sound ? 'on' : 'off');
		if (this.sound) this.chime.unlock();
	}

	private connect(auth: { token: string } | Record<string, never>): void {
		const socket = connectHall(auth);
		this.socket = socket;
		socket.on('connect', () => {
			this.connected = true;
			void this.open();
		});
		socket.on('disconnect', () => (this.connected = false));
		socket.on('connect_error', (err) => {
			const code = (err as Error & { data?: { code?: string } }).data?.code;
			if (code === 'AUTH.INVALID' || code === 'AUTH.REQUIRED') {
				socket.disconnect();
				this.phase = this.wallToken ? 'badToken' : 'signIn';
			}
		});
		socket.on('monitor:view', (v) => this.show(v));
		socket.on('monitor:delta', (d) => this.apply(d));
		socket.on('device:alert', (_a: DeviceAlert) => void this.refreshDevices());
		this.timer ??= setInterval(() => void this.refreshDevices(), DEVICES_REFRESH_MS);
	}

	private async open(): Promise<void> {
		const socket = this.socket;
		if (!socket) return;
		try {
			const snap = await request(socket, 'monitor:open', {});
			this.clockOffset = snap.serverNow - Date.now();
			this.hall = snap.hall;
			this.viewer = snap.viewer;
			this.devices = snap.devices;
			this.show(snap.view);
			this.phase = 'ready';
		} catch (err) {
			if (err instanceof RequestError && err.code === 'AUTH.FORBIDDEN') {
				socket.disconnect();
				this.phase = 'forbidden';
			}
		}
	}

	private show(view: MonitorView): void {
		// Pushes are coalesced by the server; one that arrives late is older than the one shown.
		if (this.view && view.day === this.view.day && view.version < this.view.version) return;
		const fresh = view.alerts.filter((a) => !a.acknowledged && this.known !== null && !this.known.has(a.id));
		this.known = new Set(view.alerts.map((a) => a.id)); // eslint-disable-line svelte/prefer-svelte-reactivity -- a plain record of ids, never rendered
		this.view = view;
		if (fresh.length > 0 && this.sound) this.chime.play(fresh.some((a) => a.severity === 'critical'));
	}

	/** A push of what changed: applied on a view at least as recent as its base; a gap asks for the whole view again. */
	private apply(d: MonitorDelta): void {
		const next = this.view ? applyDelta(this.view, d) : null;
		if (!next) return void this.open();
		if (next !== this.view) this.show(next);
	}

	private async refreshDevices(): Promise<void> {
		const socket = this.socket;
		if (!socket?.connected || this.phase !== 'ready') return;
		try {
			this.devices = await request(socket, 'devices:state', {});
		} catch {
			// Shown as it was; the next refresh tries again.
		}
	}

	/** Runs a supervisor's action; a refusal is kept in `actionError`. Answers the result or null. */
	private async act<E extends RequestEvent>(event: E, payload: RequestPayload<E>): Promise<RequestResults[E] | null> {
		const socket = this.socket;
		if (!socket) return null;
		this.actionError = null;
		try {
			return await request(socket, event, payload);
		} catch (err) {
			this.actionError = err instanceof RequestError ? err.code : 'INTERNAL';
			return null;
		}
	}

	acknowledge(alert: LoggedAlert, note: string): Promise<LoggedAlert | null> {
		return this.act('alert:acknowledge', { requestId: newRequestId(), id: alert.id, note });
	}

	async closeCounter(counter: string, reason: string): Promise<boolean> {
		const view = await this.act('monitor:closeCounter', { requestId: newRequestId(), counter, reason });
		if (view) this.show(view);
		return view !== null;
	}

	findTicket(ticket: string): Promise<MonitorTicket | null> {
		return this.act('monitor:ticket', { ticket });
	}

	moveTicket(ticket: string, toService: string, toCounter: string | null, reason: string): Promise<MonitorTicket | null> {
		return this.act('monitor:moveTicket', { requestId: newRequestId(), ticket, toService, ...(toCounter ? { toCounter } : {}), reason });
	}

	waitingTickets(): Promise<{ tickets: MonitorTicket['ticket'][] } | null> {
		return this.act('day:tickets', { status: 'waiting', limit: 1000 });
	}

	async closeDay(note: string): Promise<boolean> {
		return (await this.act('day:close', { requestId: newRequestId(), note })) !== null;
	}

	dispose(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.socket?.disconnect();
		this.socket = null;
	}
}
