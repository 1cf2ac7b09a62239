import type { CardState, Catalog, CatalogService, CatalogZone, QueueCounts, TicketView } from '$contract';
import { KioskPrinter } from './kiosk-printer.svelte';
import { connectHall, newRequestId, request, RequestError, requestRetrying, RETRYABLE_CODES, type HallSocket } from '$lib/client/socket';
import { weekdayIn, weekdayOfDay } from './hours';
import { ServiceSearch } from './service-search';
import { hallTimeZone } from './time';
import { Visit } from './visit.svelte';

/** One answer takes milliseconds; after this the same request is sent again. */
export const REQUEST_TIMEOUT_MS = 6000;
/** Sends of one press of "取号" (the same request id): the first and up to three retries. */
export const MAX_ISSUE_ATTEMPTS = 4;
/** How long a retry waits for a lost connection to come back before sending again. */
const RECONNECT_WAIT_MS = 20_000;
/**
 * Without a touch for this long, the "还在吗？" countdown begins (on the start screen only when the
 * visitor changed something there). The hall may set another time per kiosk: `?idle=<seconds>`.
 */
export const IDLE_MS = 60_000;
/** The longest "还在吗？" countdown: a sixth of the idle time, between 3 and 10 seconds. */
export const IDLE_COUNTDOWN_MS = 10_000;
/** The ticket screen goes back to the start by itself after this. */
export const TICKET_SCREEN_MS = 30_000;
/** The catalog (estimates, issuing hours, quotas) is fetched again at least this often. */
const CATALOG_REFRESH_MS = 30_000;
/** …and at most this often when something asks for fresh numbers. */
const CATALOG_MIN_INTERVAL_MS = 5_000;
/** After pushed counts, the catalog (estimates, quotas) is fetched again, but not more often than this. */
const CATALOG_AFTER_COUNTS_MS = 10_000;
/** Opening a service fetches the catalog again when it is older than this. */
const OPEN_SERVICE_FRESH_MS = 2_000;
/** An unconfirmed press (timed out) is sent again with its request id if the same service is pressed within this. */
const UNCONFIRMED_REUSE_MS = 5 * 60_000;

/** Where a service was chosen from: "返回" goes back there. */
export type ServiceOrigin = 'zone' | 'search' | 'start';

export type Screen =
	| { name: 'start' }
	| { name: 'search' }
	| { name: 'zone'; zone: string }
	| { name: 'service'; service: string; from: ServiceOrigin }
	| { name: 'ticket'; ticket: TicketView; shownAt: number; reprinted?: boolean };

export interface KioskOptions {
	/** Time without a touch before the "还在吗？" countdown; IDLE_MS by default. */
	idleMs?: number;
}

/** What stops the kiosk from working at all: no token, or a token the server refused. */
export type SetupProblem = 'noToken' | 'badToken' | null;

export interface IssueError {
	code: string;
	service: string;
	/** Increases with every error, so the same code twice is shown as new. */
	id: number;
}

/**
 * The kiosk: the socket, the hall's catalog with live waiting counts, the screen shown, the press of
 * "取号" with its retries, and the idle and auto-return timers. Components only read it and call its
 * methods; everything the server says comes in here.
 */
export class KioskController {
	readonly kioskId: string;
	readonly idleMs: number;
	readonly idleCountdownMs: number;
	/** What the person at the kiosk chose or typed; forgotten when the visit ends. */
	readonly visit = new Visit();

	setup = $state<SetupProblem>(null);
	connected = $state(false);
	catalog = $state.raw<Catalog | null>(null);
	catalogFailed = $state(false);
	/** The latest pushed counts of today; null when the catalog is newer. */
	counts = $state.raw<QueueCounts | null>(null);
	screen = $state.raw<Screen>({ name: 'start' });
	/** The kiosk's ticket printer: its condition and each ticket's print. */
	readonly printer = new KioskPrinter();
	/** The press of "取号" being sent: which service and which attempt. */
	issuing = $state.raw<{ service: string; attempt: number } | null>(null);
	issueError = $state.raw<IssueError | null>(null);
	/** A service that requires identity is waiting for the ID card to be placed on the reader. */
	awaitingCard = $state.raw<string | null>(null);
	/** The card reader's latest failure (`CARD.*`), shown while a card is awaited; null once it reads or is ready again. */
	cardProblem = $state.raw<string | null>(null);
	/** The clock of the page, one tick a second: drives the date shown and every countdown. */
	now = $state(Date.now());
	lastTouch = $state(Date.now());

	/** Zones with live waiting counts. */
	zones: CatalogZone[] = $derived.by(() => {
		const c = this.catalog;
		if (!c) return [];
		const live = this.liveCounts;
		return c.zones.map((z) => (live ? { ...z, waiting: live.zones[z.id] ?? 0 } : z));
	});

	/** Services with live waiting counts, by code. */
	services: Record<string, CatalogService> = $derived.by(() => {
		const c = this.catalog;
		const live = this.liveCounts;
		return Object.fromEntries((c?.services ?? []).map((s) => [s.code, live ? { ...s, waiting: live.services[s.code] ?? 0 } : s]));
	});

	/** Services of each zone, in catalog order. */
	servicesByZone: Record<string, CatalogService[]> = $derived.by(() => {
		const byZone: Record<string, CatalogService[]> = {};
		for (const s of Object.values(this.services)) (byZone[s.zone] ??= []).push(s);
		return byZone;
	});

	/** The search over today's catalog, with live counts. */
	search: ServiceSearch = $derived(new ServiceSearch(Object.values(this.services)));

	/** The services the search box finds for what is typed. */
	searchResults: CatalogService[] = $derived(this.search.find(this.visit.searchQuery));

	/**
	 * Today's ISO weekday in the hall (1 = Monday), for "明天" and the next opening: from the hall-day
	 * of the catalog (dated in the hall's own zone), else from the clock.
	 */
	today: number = $derived(this.catalog ? weekdayOfDay(this.catalog.hall.day) : weekdayIn(this.now, hallTimeZone(undefined)));

	/** Whether the idle timeout applies now: someone is in the middle of a visit. */
	private get visitInProgress(): boolean {
		if (this.screen.name === 'ticket' || this.issuing || this.setup) return false;
		return this.screen.name !== 'start' || this.visit.personalised;
	}

	/** Seconds left of the "还在吗？" countdown, or null when it is not shown. */
	idleSecondsLeft: number | null = $derived.by(() => {
		if (!this.visitInProgress) return null;
		const idle = this.now - this.lastTouch;
		if (idle < this.idleMs) return null;
		return Math.max(0, Math.ceil((this.idleMs + this.idleCountdownMs - idle) / 1000));
	});

	/** Seconds until the ticket screen goes back to the start. */
	ticketSecondsLeft: number = $derived(
		this.screen.name === 'ticket' ? Math.max(0, Math.ceil((this.screen.shownAt + TICKET_SCREEN_MS - this.now) / 1000)) : 0
	);

	private get liveCounts(): QueueCounts | null {
		const c = this.catalog;
		const counts = this.counts;
		return c && counts && counts.day === c.hall.day ? counts : null;
	}

	private socket: HallSocket | null = null;
	private timer: ReturnType<typeof setInterval> | null = null;
	private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
	private soonTimer: ReturnType<typeof setTimeout> | null = null;
	private fetching = false;
	private fetchAgain = false;
	private lastFetch = 0;
	private errorId = 0;
	/** A press that got no answer: pressing the same service again re-sends it, so one person never gets two numbers. */
	private unconfirmed: { service: string; requestId: string; at: number } | null = null;

	constructor(kioskId: string, options: KioskOptions = {}) {
		this.kioskId = kioskId;
		this.idleMs = options.idleMs && options.idleMs > 0 ? options.idleMs : IDLE_MS;
		this.idleCountdownMs = Math.min(IDLE_COUNTDOWN_MS, Math.max(3000, Math.round(this.idleMs / 6)));
	}

	/** Connects with the kiosk's device token (kept from `?token=`) and starts the clock. */
	start(token: string | null): void {
		this.timer = setInterval(() => this.tick(), 1000);
		if (!token) {
			this.setup = 'noToken';
			return;
		}
		// After a deploy: reload at the start screen, between two visitors.
		const socket = connectHall({ token }, () => this.screen.name === 'start' && !this.visit.personalised && !this.issuing);
		this.socket = socket;
		socket.on('connect', () => {
			this.connected = true;
			this.setup = null;
			// Whatever happened while away (calls, new tickets, a new day): fetch it all again.
			void this.refreshCatalog(true);
		});
		socket.on('disconnect', (reason) => {
			this.connected = false;
			// The server let go of us (restart, deploy): Socket.IO does not come back by itself then.
			if (reason === 'io server disconnect') this.reconnectLater(1000);
		});
		socket.on('connect_error', (err) => {
			this.connected = false;
			const code = (err as Error & { data?: { code?: string } }).data?.code;
			if (code === 'AUTH.INVALID' || code === 'AUTH.REQUIRED') {
				this.setup = 'badToken';
				// Refused by the server: Socket.IO stops; try now and then in case the hall file is fixed.
				this.reconnectLater(30_000);
			}
		});
		socket.on('queue:counts', (counts) => this.applyCounts(counts));
		socket.on('catalog:changed', () => void this.refreshCatalog(true));
		socket.on('card:state', (state) => this.applyCard(state));
		this.printer.attach(socket);
	}

	dispose(): void {
		if (this.timer) clearInterval(this.timer);
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		if (this.soonTimer) clearTimeout(this.soonTimer);
		this.soonTimer = null;
		this.timer = null;
		this.reconnectTimer = null;
		this.socket?.removeAllListeners();
		this.socket?.disconnect();
		this.socket = null;
	}

	/** Any touch or key: the person is still here. */
	touch(): void {
		this.lastTouch = Date.now();
		this.now = this.lastTouch;
	}

	zone(id: string): CatalogZone | undefined {
		return this.zones.find((z) => z.id === id);
	}

	service(code: string): CatalogService | undefined {
		return this.services[code];
	}

	openZone(id: string): void {
		this.go({ name: 'zone', zone: id });
	}

	openSearch(): void {
		this.go({ name: 'search' });
	}

	openService(code: string, from: ServiceOrigin = 'zone'): void {
		this.issueError = null;
		this.go({ name: 'service', service: code, from });
		// The estimate and the issuing state shown should be fresh.
		if (Date.now() - this.lastFetch > OPEN_SERVICE_FRESH_MS) void this.refreshCatalog(true);
	}

	/** One step back: service → where it was chosen (its zone, the search, the start) → start. */
	back(): void {
		const s = this.screen;
		if (this.issuing) return;
		if (s.name === 'service') {
			const zone = this.service(s.service)?.zone;
			this.issueError = null;
			if (s.from === 'search') this.go({ name: 'search' });
			else if (s.from === 'zone' && zone) this.go({ name: 'zone', zone });
			else this.go({ name: 'start' });
		} else {
			this.home();
		}
	}

	/** The Home button: the same person, back to the start. */
	home(): void {
		if (this.issuing) return;
		this.issueError = null;
		this.go({ name: 'start' });
	}

	/**
	 * The visit ends (Done on the ticket screen, the ticket timeout, the idle timeout): the next person
	 * starts afresh, in Chinese, with nothing of this visit kept.
	 */
	finish(): void {
		if (this.issuing) return;
		this.issueError = null;
		// An unanswered press stays remembered (not a person's data): the next press of that service
		// gets its ticket, if it was made, instead of leaving it to be called for nobody.
		this.visit.reset();
		this.go({ name: 'start' });
	}

	dismissError(): void {
		this.issueError = null;
	}

	/** "取消" while waiting for the card: back to the service, nothing taken. */
	cancelCard(): void {
		this.awaitingCard = null;
		this.touch();
	}

	/**
	 * The kiosk's card reader: a read becomes the visit's identity (greeting, green channel) and, when
	 * a service was waiting for it, takes that service's number; failures are shown while waiting.
	 */
	private applyCard(state: CardState): void {
		if (state.state === 'error') {
			this.cardProblem = state.code;
			return;
		}
		this.cardProblem = null;
		if (state.state === 'removed') return;
		this.visit.identity = {
			maskedName: state.holderMasked,
			maskedNumber: state.identityMasked,
			token: state.token,
			// The page's clock may differ from the server's: count the validity from now, with a margin.
			expiresAt: Date.now() + state.validMs - 5000,
			green: state.green
		};
		if (this.screen.name === 'ticket') this.go({ name: 'start' });
		this.touch();
		const waiting = this.awaitingCard;
		if (waiting) {
			this.awaitingCard = null;
			void this.take(waiting);
		}
	}

	/** The demo only (HALLQ_READER_SIM on, no agent at this kiosk): the card prompt offers a fictitious read. */
	get cardSimulation(): boolean {
		return this.catalog?.cardSimulation === true;
	}

	/** The demo's "模拟刷卡": the server reads a fictitious card, which arrives as any `card:state`. */
	async simulateCard(holder: 'adult' | 'elderly'): Promise<void> {
		const socket = this.socket;
		if (!socket) return;
		this.touch();
		try {
			await request(socket, 'card:simulate', { holder }, REQUEST_TIMEOUT_MS);
		} catch (err) {
			this.cardProblem = err instanceof RequestError ? err.code : 'CLIENT.FAILED';
		}
	}

	/** The identity token of this visit while it is still accepted. */
	private get identityToken(): string | undefined {
		const id = this.visit.identity;
		return id && id.expiresAt > Date.now() ? id.token : undefined;
	}

	/**
	 * One press of "取号". The request id is made once for the press; a timeout or a store hiccup sends
	 * the same id again (the server answers a repeat with the first ticket), so a press never makes
	 * two tickets. Presses while one is being sent are ignored.
	 */
	async take(code: string): Promise<void> {
		const socket = this.socket;
		if (!socket || this.issuing) return;
		const service = this.service(code);
		if (!service || !service.issuing.open) return;
		const identity = this.identityToken;
		if (service.requiresIdentity && !identity) {
			// Ask for the card; its read takes the number (applyCard).
			this.issueError = null;
			this.awaitingCard = code;
			this.touch();
			return;
		}
		const u = this.unconfirmed;
		const requestId = u && u.service === code && Date.now() - u.at < UNCONFIRMED_REUSE_MS ? u.requestId : newRequestId();
		this.issueError = null;
		this.issuing = { service: code, attempt: 1 };
		try {
			const ticket = await requestRetrying(
				socket,
				'ticket:issue',
				{ requestId, service: code, priority: 'none', ...(identity ? { identity } : {}) },
				{
					attempts: MAX_ISSUE_ATTEMPTS,
					timeoutMs: REQUEST_TIMEOUT_MS,
					reconnectWaitMs: RECONNECT_WAIT_MS,
					backoffMs: 500,
					onRetry: (attempt) => (this.issuing = { service: code, attempt }),
					wanted: () => socket === this.socket
				}
			);
			this.unconfirmed = null;
			if (socket !== this.socket) return;
			this.touch();
			this.printer.expect(ticket.id);
			this.screen = { name: 'ticket', ticket, shownAt: Date.now(), reprinted: ticket.reprinted };
			// Quotas and estimates moved with this ticket.
			void this.refreshCatalog(true);
		} catch (err) {
			const errCode = err instanceof RequestError ? err.code : 'INTERNAL';
			// Perhaps issued: pressing the same service again soon resends this request id.
			this.unconfirmed = RETRYABLE_CODES.has(errCode) ? { service: code, requestId, at: Date.now() } : null;
			if (socket !== this.socket) return;
			if (!(err instanceof RequestError)) console.error('ticket:issue failed', err);
			this.issueError = { code: errCode, service: code, id: ++this.errorId };
			// A token that expired or belongs elsewhere is of no more use: the next press asks for the card.
			if (errCode === 'IDENTITY.INVALID') this.visit.identity = null;
			// Closed or full since the catalog was read: show the service as it is now.
			if (errCode === 'SERVICE.CLOSED' || errCode === 'SERVICE.QUOTA_EXHAUSTED' || errCode === 'SERVICE.DISABLED' || errCode === 'SERVICE.NOT_FOUND') void this.refreshCatalog(true);
		} finally {
			this.issuing = null;
			this.touch();
		}
	}

	/** Fetches the catalog: on connecting, on a new day, every 30 s, and when a service is opened. */
	async refreshCatalog(force = false): Promise<void> {
		const socket = this.socket;
		if (!socket || !socket.connected) return;
		if (!force && Date.now() - this.lastFetch < CATALOG_MIN_INTERVAL_MS) return;
		if (this.fetching) {
			this.fetchAgain = true;
			return;
		}
		this.fetching = true;
		this.lastFetch = Date.now();
		try {
			const catalog = await request(socket, 'kiosk:catalog', {}, REQUEST_TIMEOUT_MS);
			if (socket !== this.socket) return;
			this.catalog = catalog;
			// The catalog carries the counts as of now; older pushed counts must not cover them.
			this.counts = null;
			this.catalogFailed = false;
			this.keepScreenValid();
		} catch (err) {
			if (socket !== this.socket) return;
			if (!(err instanceof RequestError)) console.error('kiosk:catalog failed', err);
			this.catalogFailed = this.catalog === null;
		} finally {
			this.fetching = false;
			if (this.fetchAgain && socket === this.socket) {
				this.fetchAgain = false;
				void this.refreshCatalog(true);
			}
		}
	}

	private applyCounts(counts: QueueCounts): void {
		const c = this.catalog;
		if (c && counts.day !== c.hall.day) {
			// A new day: numbering, quotas and hours start again.
			void this.refreshCatalog(true);
			return;
		}
		const prev = this.counts;
		if (prev && prev.day === counts.day && counts.version < prev.version) return;
		this.counts = counts;
		// Counts move with issued and called tickets, and so do estimates and quotas: fetch them soon.
		this.refreshSoon();
	}

	/** One catalog fetch at most CATALOG_AFTER_COUNTS_MS after the last, for any number of asks. */
	private refreshSoon(): void {
		if (this.soonTimer) return;
		const wait = Math.max(0, this.lastFetch + CATALOG_AFTER_COUNTS_MS - Date.now());
		this.soonTimer = setTimeout(() => {
			this.soonTimer = null;
			void this.refreshCatalog(true);
		}, wait);
	}

	private tick(): void {
		this.now = Date.now();
		this.printer.tick(this.now);
		const s = this.screen;
		if (s.name === 'ticket' && this.now - s.shownAt >= TICKET_SCREEN_MS) this.finish();
		else if (this.visitInProgress && this.now - this.lastTouch >= this.idleMs + this.idleCountdownMs) this.finish();
		if (this.connected && this.now - this.lastFetch >= CATALOG_REFRESH_MS) void this.refreshCatalog();
	}

	private go(screen: Screen): void {
		this.screen = screen;
		this.awaitingCard = null;
		this.touch();
	}

	/** After a new catalog: a zone or service that is gone sends the screen back to the start. */
	private keepScreenValid(): void {
		const s = this.screen;
		if (s.name === 'zone' && !this.zone(s.zone)) this.screen = { name: 'start' };
		if (s.name === 'service' && !this.service(s.service) && !this.issuing) this.screen = { name: 'start' };
	}

	private reconnectLater(ms: number): void {
		if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
		this.reconnectTimer = setTimeout(() => {
			this.reconnectTimer = null;
			if (this.socket && !this.socket.connected) this.socket.connect();
		}, ms);
	}
}
