import type { ConsoleState, LoginResponse, RequestAnswering, RequestPayload, ServiceChoice } from '$contract';
import { CaseWatch } from './case-watch.svelte';
import { DeviceWatch } from './device-watch.svelte';
import { StaffWatch } from './staff-watch.svelte';
import { connectHall, newRequestId, request, RequestError, requestRetrying, type HallSocket } from '$lib/client/socket';
import type { ActionName } from './keys';
import type { Outcome } from './strings';

const SESSION_KEY = 'hallq.console.session';
const HALL_KEY = 'hallq.console.hall';
/** Whether finishing a ticket calls the next one at once: remembered by this browser. */
const AUTO_CALL_KEY = 'hallq.console.autoCall';
/** One answer should take milliseconds; after this the same request is sent again. */
const REQUEST_TIMEOUT_MS = 6000;
/** Attempts of one press (same request id) before the clerk is told. */
const MAX_ATTEMPTS = 4;
/** How long a retry waits for the connection to come back. */
const RECONNECT_WAIT_MS = 15_000;
/** Pushed counts and changes are followed by one `console:state` at most this often. */
const REFRESH_DEBOUNCE_MS = 300;

export type Phase = 'signedOut' | 'connecting' | 'chooseCounter' | 'console';
export type Legal = Record<ActionName, boolean>;

type ConsoleCommand = RequestAnswering<ConsoleState>;

const EVENTS: Record<ActionName, ConsoleCommand> = {
	callNext: 'ticket:callNext',
	recall: 'ticket:recall',
	start: 'ticket:start',
	finish: 'ticket:finish',
	noShow: 'ticket:noShow',
	transfer: 'ticket:transfer',
	pause: 'counter:pause',
	resume: 'counter:resume',
	close: 'counter:close',
	requeue: 'ticket:noShow',
	park: 'ticket:park',
	callBack: 'ticket:callBack',
	reactivate: 'ticket:reactivate',
	callTicket: 'ticket:callTicket'
};

/** What the counter's state allows; the server decides, this only keeps impossible buttons off. */
export function legalActions(s: ConsoleState | null): Legal {
	const status = s?.counter?.status;
	const open = status === 'open';
	const paused = status === 'paused';
	const ticket = s?.current?.status ?? null;
	const hasTicket = s?.current != null;
	const canCall = open && !hasTicket;
	return {
		callNext: open && !hasTicket,
		recall: ticket === 'called',
		start: ticket === 'called',
		finish: ticket === 'serving',
		noShow: ticket === 'called',
		transfer: ticket === 'called' || ticket === 'serving',
		pause: open,
		resume: paused,
		close: (open || paused) && !hasTicket && (s?.parked.length ?? 0) === 0,
		requeue: ticket === 'called',
		park: ticket === 'called' || ticket === 'serving',
		callBack: canCall && (s?.parked.length ?? 0) > 0,
		reactivate: canCall && (s?.noShows.length ?? 0) > 0,
		callTicket: canCall
	};
}

export interface ConsoleError {
	code: string;
	/** Increases with every error, so the same code twice is shown as new. */
	id: number;
}

function readSession(): LoginResponse | null {
	try {
		const raw = sessionStorage.getItem(SESSION_KEY);
		if (!raw) return null;
		const s = JSON.parse(raw) as LoginResponse;
		// Only who is signed in: the session itself is the httpOnly cookie, which the page never sees.
		if (typeof s.staff?.id !== 'string' || typeof s.expiresAt !== 'number' || s.expiresAt <= Date.now()) return null;
		return s;
	} catch {
		return null;
	}
}

/**
 * The counter console: sign-in, the socket, the server's ConsoleState and the clerk's actions.
 * Every answer of the server is a whole ConsoleState, which replaces the one shown.
 */
function quietPage(): boolean {
	const typing = document.activeElement instanceof HTMLInputElement || document.activeElement instanceof HTMLTextAreaElement;
	return !typing && document.querySelector('dialog[open], [role="dialog"], [role="alertdialog"]') === null;
}

export class ConsoleController {
	session = $state.raw<LoginResponse | null>(null);
	/** Supervisors and admins: the hall's boards and device alerts. */
	readonly devices = new DeviceWatch();
	/** Supervisors and admins: follow-up cases of bad ratings. */
	readonly cases = new CaseWatch();
	/** Admins: the staff accounts of the hall. */
	readonly staffAccounts = new StaffWatch();
	state = $state.raw<ConsoleState | null>(null);
	/** The hall's services, for the transfer dialog: fetched once per sign-in (they change only with the hall file). */
	services = $state.raw<ServiceChoice[] | null>(null);
	connected = $state(false);
	/** The action in flight: all action buttons are off until it is answered. */
	pending = $state<ActionName | 'open' | null>(null);
	/** The action in flight did not get an answer and is being sent again. */
	retrying = $state(false);
	error = $state.raw<ConsoleError | null>(null);
	signingIn = $state(false);
	loginError = $state<string | null>(null);
	expired = $state(false);
	outcome = $state<Outcome>('done');
	/** Finish calls the next ticket in the same action. */
	autoCall = $state(false);
	/** Supervisors and admins: the open counter of someone else they act on; null: their own. */
	target = $state<string | null>(null);
	/** Server clock minus this browser's, from the last state: live waiting times use the server's clock. */
	clockOffset = $state(0);
	lastHall = $state('city');

	phase: Phase = $derived(
		this.session === null ? 'signedOut' : this.state === null ? 'connecting' : this.state.counter === null ? 'chooseCounter' : 'console'
	);
	can: Legal = $derived(legalActions(this.state));

	private socket: HallSocket | null = null;
	private errorId = 0;
	/** Bumped whenever a state is applied, so an older `console:state` answer is not shown over a newer one. */
	private generation = 0;
	private refreshing = false;
	private refreshAgain = false;
	private refreshTimer: ReturnType<typeof setTimeout> | null = null;
	private reconnectTimer: ReturnType<typeof setTimeout> | null = null;

	/** Picks up a session of this browser tab, if still valid. */
	start(): void {
		this.lastHall = localStorage.getItem(HALL_KEY) ?? 'city';
		this.autoCall = localStorage.getItem(AUTO_CALL_KEY) === 'on';
		const s = readSession();
		if (s) {
			this.session = s;
			this.connect();
		}
	}

	dispose(): void {
		this.dropSocket();
		this.devices.dispose();
		this.cases.dispose();
		this.staffAccounts.dispose();
	}

	async signIn(hall: string, staff: string, password: string): Promise<void> {
		if (this.signingIn) return;
		this.signingIn = true;
		this.loginError = null;
		this.expired = false;
		try {
			const res = await fetch('/api/login', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ hall: hall.trim(), staff: staff.trim(), password })
			});
			const body = (await res.json().catch(() => null)) as (LoginResponse & { error?: { code?: string } }) | null;
			if (!res.ok || !body || typeof body.staff?.id !== 'string') {
				this.loginError = body?.error?.code ?? (res.status === 401 ? 'AUTH.INVALID' : 'INTERNAL');
				return;
			}
			sessionStorage.setItem(SESSION_KEY, JSON.stringify(body));
			localStorage.setItem(HALL_KEY, body.hall.id);
			this.lastHall = body.hall.id;
			this.session = body;
			this.connect();
		} catch {
			this.loginError = 'CLIENT.NETWORK';
		} finally {
			this.signingIn = false;
		}
	}

	/** Signs out; with `closeCounter`, closes the counter first (and stays signed in if that fails). */
	async signOut(closeCounter = false): Promise<void> {
		if (closeCounter && this.can.close) {
			const ok = await this.act('close');
			if (!ok) return;
		}
		sessionStorage.removeItem(SESSION_KEY);
		// The cookie is httpOnly: only the server can clear it.
		void fetch('/api/logout', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).catch(() => undefined);
		this.dropSocket();
		this.session = null;
		this.state = null;
		this.services = null;
		this.error = null;
		this.outcome = 'done';
	}

	openCounter(counter: string): Promise<boolean> {
		this.target = null;
		return this.run('open', 'counter:open', { counter });
	}

	/** Supervisors and admins: act on another person's open counter (null: back to one's own). */
	actOn(counter: string | null): void {
		this.target = counter;
		this.generation++;
		void this.refresh();
	}

	/** One press of an action button or its shortcut. */
	act(name: ActionName, extra: Record<string, unknown> = {}): Promise<boolean> {
		if (!this.can[name]) return Promise.resolve(false);
		const payload =
			name === 'finish' ? { outcome: this.outcome, autoCall: this.autoCall, ...extra } : name === 'requeue' ? { requeue: true, ...extra } : extra;
		return this.run(name, EVENTS[name], payload).then((ok) => {
			if (ok && name === 'finish') this.outcome = 'done';
			return ok;
		});
	}

	toggleAutoCall(): void {
		this.autoCall = !this.autoCall;
		localStorage.setItem(AUTO_CALL_KEY, this.autoCall ? 'on' : 'off');
	}

	dismissError(): void {
		this.error = null;
	}

	/**
	 * Sends a command with a new request id; on a timeout (or a store hiccup) sends it again with the
	 * same id, which the server answers with the first result. Nothing else is sent meanwhile.
	 */
	private async run(name: ActionName | 'open', event: ConsoleCommand, extra: Record<string, unknown>): Promise<boolean> {
		const socket = this.socket;
		if (!socket || this.pending) return false;
		this.pending = name;
		this.error = null;
		const named = this.target !== null && name !== 'open' ? { counter: this.target } : {};
		// Put together per button (EVENTS); the server parses it with the event's schema.
		const payload = { requestId: newRequestId(), ...named, ...extra } as RequestPayload<ConsoleCommand>;
		try {
			const state = await requestRetrying(socket, event, payload, {
				attempts: MAX_ATTEMPTS,
				timeoutMs: REQUEST_TIMEOUT_MS,
				reconnectWaitMs: RECONNECT_WAIT_MS,
				backoffMs: 250,
				onRetry: () => (this.retrying = true),
				wanted: () => socket === this.socket
			});
			this.apply(state);
			return true;
		} catch (err) {
			if (socket !== this.socket) return false;
			this.showError(err instanceof RequestError ? err.code : 'INTERNAL');
			// The screen may be behind the server (another tab, a supervisor): fetch the truth.
			this.refreshAgain = true;
			return false;
		} finally {
			this.pending = null;
			this.retrying = false;
			if (this.refreshAgain) {
				this.refreshAgain = false;
				void this.refresh();
			}
		}
	}

	private showError(code: string): void {
		this.error = { code, id: ++this.errorId };
	}

	private apply(state: ConsoleState): void {
		this.generation++;
		this.state = state;
		this.clockOffset = state.serverNow - Date.now();
		// The counter acted on was closed (by its staff member or by us): back to the counter list.
		if (this.target !== null && state.counter === null) this.target = null;
	}

	private connect(): void {
		const session = this.session;
		if (!session) return;
		this.dropSocket();
		// The browser sends the session cookie with the handshake. After a deploy the console reloads
		// when no action is on its way, no dialog is open and nothing is being typed.
		const socket = connectHall({}, () => !this.pending && quietPage());
		this.socket = socket;
		if (session.staff.role !== 'staff') {
			this.devices.attach(socket);
			this.cases.attach(socket);
		}
		if (session.staff.role === 'admin') this.staffAccounts.attach(socket);
		socket.on('connect', () => {
			this.connected = true;
			void this.refresh();
			void this.loadServices();
		});
		socket.on('disconnect', (reason) => {
			this.connected = false;
			// The server let go of us (restart, deploy): Socket.IO does not come back by itself then.
			if (reason === 'io server disconnect') this.reconnectLater(socket, 1000);
		});
		socket.on('connect_error', (err) => {
			this.connected = false;
			const code = (err as Error & { data?: { code?: string } }).data?.code;
			if (code === 'AUTH.INVALID' || code === 'AUTH.REQUIRED') {
				this.expired = true;
				void this.signOut(false);
				return;
			}
			// A refusal by the server's middleware is not retried by Socket.IO; network errors are.
			if (!socket.active) this.reconnectLater(socket, 2000);
		});
		socket.on('queue:counts', () => this.scheduleRefresh());
		socket.on('console:changed', () => this.scheduleRefresh());
	}

	private reconnectLater(socket: HallSocket, ms: number): void {
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		this.reconnectTimer = setTimeout(() => {
			this.reconnectTimer = null;
			if (socket === this.socket && !socket.connected) socket.connect();
		}, ms);
	}

	private dropSocket(): void {
		if (this.refreshTimer) clearTimeout(this.refreshTimer);
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		this.refreshTimer = null;
		this.reconnectTimer = null;
		const s = this.socket;
		this.socket = null;
		this.connected = false;
		if (s) {
			s.removeAllListeners();
			s.disconnect();
		}
	}

	/** Fetches the hall's services once (again after a failure: the transfer dialog asks when it opens). */
	async loadServices(): Promise<void> {
		const socket = this.socket;
		if (this.services !== null || !socket?.connected) return;
		try {
			const services = await request(socket, 'console:services', {}, REQUEST_TIMEOUT_MS);
			if (socket === this.socket) this.services = services;
		} catch {
			// Offline or slow: the next connect or the transfer dialog asks again.
		}
	}

	/** At most one `console:state` per debounce window, however many pushes arrive. */
	private scheduleRefresh(): void {
		if (this.refreshTimer) return;
		this.refreshTimer = setTimeout(() => {
			this.refreshTimer = null;
			void this.refresh();
		}, REFRESH_DEBOUNCE_MS);
	}

	/** Fetches the whole console state; one at a time, and never over a newer answer of an action. */
	async refresh(): Promise<void> {
		const socket = this.socket;
		if (!socket || !socket.connected) return;
		if (this.refreshing || this.pending) {
			this.refreshAgain = true;
			return;
		}
		this.refreshing = true;
		const generation = this.generation;
		try {
			const state = await request(socket, 'console:state', this.target !== null ? { counter: this.target } : {}, REQUEST_TIMEOUT_MS);
			if (socket !== this.socket) return;
			if (generation === this.generation && !this.pending) this.apply(state);
			else this.refreshAgain = true;
		} catch {
			// Offline or slow: the next push or reconnect asks again.
		} finally {
			this.refreshing = false;
			if (this.refreshAgain && !this.pending && socket === this.socket) {
				this.refreshAgain = false;
				this.scheduleRefresh();
			}
		}
	}
}
