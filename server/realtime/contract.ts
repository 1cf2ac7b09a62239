/**
 * The Socket.IO contract: every event, its payload schema and its answer. Pages import only
 * types from here; the server validates every payload with these schemas. A payload's fields the
 * schema does not name are dropped, not refused: a page of a newer build may send a field this
 * server does not know yet (docs/protocol.md "Versions and deploys"). The card reader's read is the
 * exception: clear personal data, exactly the fields named.
 */
import { z } from 'zod';
import { CARD_KINDS, type CardHolder } from '../core/card-read';
import type { ErrorCode } from '../core/errors';
import { RATING_COMMENT_MAX, RATING_REASONS } from '../core/rating';
import { CASE_STATUSES, type CaseStatus, type CaseStep, type FollowUpCase } from '../core/follow-up';
import { FINISH_OUTCOMES, PRIORITY_CLASSES, TICKET_STATUSES, type CounterStatus, type DayCloseReason, type HallVoice, type LoggedAlert, type PriorityClass, type StaffRole, type Text } from '../core/model';
import type { CallView, CounterView, TicketStatusView, TicketView } from '../core/views';
import type { MonitorDelta, MonitorView } from '../core/monitor-view';
import type { TicketStep } from '../core/ticket-history';
import type { TicketRated } from '../core/events';
import type { DeviceTokenView, IssuedDeviceToken } from '../core/device-token';
import { CASE_ID_PATTERN, TICKET_NUMBER_PATTERN } from '../core/ticket-number';
import { PRINTER_CONDITIONS, type PrinterCondition } from '../../printer/condition';

export type { CallView, CounterView, ErrorCode, HallVoice, PriorityClass, StaffRole, Text, TicketStatusView, TicketView, CounterStatus };
export type { MonitorDelta, MonitorView, MonitorService, MonitorZone, MonitorCounter, WaitState, CounterActivity } from '../core/monitor-view';
export type { TicketStep, TicketStepKind } from '../core/ticket-history';
export type { LoggedAlert };

export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: ErrorCode; message: string } };
export type AckFn<T> = (answer: Ack<T>) => void;

const requestId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a request id of 8–64 letters, digits, "-" or "_"');
const code = z.string().min(1).max(40);
export const ticketNumber = z.string().regex(TICKET_NUMBER_PATTERN, 'a ticket number such as A012');
const hallDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day such as 2026-03-02');
const reason = z.string().trim().min(1).max(200);

const printerCode = z.string().regex(/^PRINTER\.[A-Z_]{2,30}$/);
const printerState = z.object({
	condition: z.enum(PRINTER_CONDITIONS),
	problem: printerCode.nullable()
});

export const schemas = {
	empty: z.object({}),
	issue: z.object({
		requestId,
		service: code,
		priority: z.enum(PRIORITY_CLASSES).default('none'),
		/** The identity token of a card read (`card:state`); the only way an identity reaches a ticket. */
		identity: z.string().min(20).max(1024).optional()
	}),
	command: z.object({ requestId }),
	/** A counter action: supervisors and admins may name the counter; staff act on the one they have open. */
	counterCommand: z.object({ requestId, counter: code.optional() }),
	/** `note`: why, when a supervisor or admin closes a counter someone else opened (required then). */
	closeCounter: z.object({ requestId, counter: code.optional(), note: reason.optional() }),
	noShow: z.object({ requestId, counter: code.optional(), requeue: z.boolean().default(false) }),
	ticketAction: z.object({ requestId, counter: code.optional(), ticket: ticketNumber }),
	consoleState: z.object({ counter: code.optional() }),
	openCounter: z.object({ requestId, counter: code }),
	pause: z.object({ requestId, reason, counter: code.optional() }),
	finish: z.object({
		requestId,
		outcome: z.enum(FINISH_OUTCOMES),
		counter: code.optional(),
		autoCall: z.boolean().default(false)
	}),
	callTicket: z.object({ requestId, ticket: ticketNumber, reason, counter: code.optional() }),
	transfer: z.object({ requestId, toService: code, toCounter: code.nullable().default(null), counter: code.optional() }),
	cancel: z.object({ requestId, ticket: ticketNumber }),
	boardSync: z.object({
		day: hallDay.nullable(),
		lastSeq: z.number().int().min(0)
	}),
	printerReport: printerState,
	boardReport: z.object({
		day: hallDay,
		shownSeq: z.number().int().min(0),
		spokenSeq: z.number().int().min(0),
		audio: z.enum(['ok', 'blocked', 'off']),
		lastShown: z
			.object({ ticket: ticketNumber, counterNumber: z.number().int().min(0).max(100_000) })
			.nullable()
			.optional(),
		counts: z
			.object({ shown: z.number().int().min(0), spoken: z.number().int().min(0), skipped: z.number().int().min(0) })
			.optional(),
		catchUp: z
			.object({
				from: z.number().int().min(0),
				to: z.number().int().min(0),
				calls: z.number().int().min(0),
				skipped: z.number().int().min(0),
				firstSeq: z.number().int().min(0),
				lastSeq: z.number().int().min(0)
			})
			.refine((c) => c.from <= c.to && c.skipped <= c.calls && c.firstSeq <= c.lastSeq, 'catchUp: from ≤ to, skipped ≤ calls, firstSeq ≤ lastSeq')
			.nullable()
			.optional()
	}),
	rate: z.object({
		requestId,
		ticket: ticketNumber,
		overall: z.number().int().min(1).max(5),
		efficiency: z.number().int().min(1).max(5),
		level: z.number().int().min(1).max(5),
		attitude: z.number().int().min(1).max(5),
		reasons: z.array(z.enum(RATING_REASONS)).max(RATING_REASONS.length).default([]),
		comment: z.string().max(RATING_COMMENT_MAX).default('')
	})
} as const;

/** A kiosk agent's answer to `print:job`; validated like any other payload from a device. */
export const printJobResultSchema = z.object({ printed: z.boolean(), code: printerCode.nullable(), printer: printerState });

/**
 * A kiosk agent's card reader: a card read (in clear: it travels only agent → server, the server
 * keeps only a keyed hash and masked forms), the card taken away, or a reader failure (`CARD.*`).
 */
export const cardReadSchema = z.discriminatedUnion('state', [
	z.strictObject({
		state: z.literal('read'),
		card: z.strictObject({
			kind: z.enum(CARD_KINDS),
			idNumber: z.string().regex(/^[0-9A-Za-z]{15,18}$/, '15 to 18 letters or digits'),
			name: z.string().trim().min(1).max(80),
			birthDate: z.iso.date()
		})
	}),
	z.strictObject({ state: z.literal('removed') }),
	z.strictObject({ state: z.literal('error'), code: z.string().regex(/^CARD\.[A-Z_]{2,30}$/) })
]);
export type CardReadPayload = z.input<typeof cardReadSchema>;

/** A demo kiosk without an agent asks for a fictitious card read (HALLQ_READER_SIM=on only). */
export const cardSimulateSchema = z.object({ holder: z.enum(['adult', 'elderly']).default('adult') });
export type CardSimulatePayload = z.input<typeof cardSimulateSchema>;

export type IssuePayload = z.input<typeof schemas.issue>;
export type CommandPayload = z.input<typeof schemas.command>;
export type OpenCounterPayload = z.input<typeof schemas.openCounter>;
export type PausePayload = z.input<typeof schemas.pause>;
export type FinishPayload = z.input<typeof schemas.finish>;
export type CallTicketPayload = z.input<typeof schemas.callTicket>;
export type TransferPayload = z.input<typeof schemas.transfer>;
export type CancelPayload = z.input<typeof schemas.cancel>;
export type CounterCommandPayload = z.input<typeof schemas.counterCommand>;
export type CloseCounterPayload = z.input<typeof schemas.closeCounter>;
export type NoShowPayload = z.input<typeof schemas.noShow>;
export type TicketActionPayload = z.input<typeof schemas.ticketAction>;
export type ConsoleStatePayload = z.input<typeof schemas.consoleState>;
export type BoardSyncPayload = z.input<typeof schemas.boardSync>;
export type BoardReportPayload = z.input<typeof schemas.boardReport>;
export type RatePayload = z.input<typeof schemas.rate>;
export type { CaseStatus, CaseStep };

/** A follow-up case as supervisors see it. */
export interface CaseView extends FollowUpCase {
	/** Not closed and past its due day. */
	overdue: boolean;
	counterNumber: number | null;
	staffName: string | null;
}

export const caseSchemas = {
	list: z.object({ includeClosed: z.boolean().default(false) }),
	update: z.object({ id: z.string().regex(CASE_ID_PATTERN), status: z.enum(CASE_STATUSES), note: z.string().trim().min(1).max(500) })
};
/** Supervisors and admins read a day of their hall: its calls (the log, paged by seq) and its tickets (paged by issue order). */
export const daySchemas = {
	calls: z.object({
		day: hallDay.optional(),
		afterSeq: z.number().int().min(0).default(0),
		limit: z.number().int().min(1).max(1000).default(500)
	}),
	tickets: z.object({
		day: hallDay.optional(),
		after: ticketNumber.nullable().default(null),
		status: z.enum(TICKET_STATUSES).optional(),
		limit: z.number().int().min(1).max(1000).default(500)
	}),
	close: z.object({ requestId, note: z.string().trim().min(1, 'say why the day is closed early').max(200) })
};
export type DayClosePayload = z.input<typeof daySchemas.close>;

/** The live monitor (issue 19): the view, a ticket's history, and the supervisor's actions. */
export const monitorSchemas = {
	open: z.object({}),
	ticket: z.object({ ticket: ticketNumber }),
	move: z.object({ requestId, ticket: ticketNumber, toService: code, toCounter: code.optional(), reason }),
	closeCounter: z.object({ requestId, counter: code, reason })
};
export type MonitorTicketPayload = z.input<typeof monitorSchemas.ticket>;
export type MonitorMovePayload = z.input<typeof monitorSchemas.move>;
export type MonitorClosePayload = z.input<typeof monitorSchemas.closeCounter>;

/** What `monitor:open` answers: the view now, the alerts open, the devices, and the server's clock. */
export interface MonitorSnapshot {
	/** The hall, with its time zone: the monitor shows the hall's wall-clock times. */
	hall: HallInfo & { timeZone: string };
	view: MonitorView;
	devices: DeviceStateView[];
	/** Who is looking: a wall screen (device) may only watch. */
	viewer: { role: SocketData['role']; name: string };
	serverNow: number;
}

/** A ticket found at the information desk: where it stands, its masked holder, and its history. */
export interface MonitorTicket {
	ticket: Omit<TicketView, 'token'>;
	history: TicketStep[];
}

/** Every configured device of the hall as the monitor shows it. */
export interface DeviceStateView {
	device: string;
	kind: 'kiosk' | 'display' | 'evaluator' | 'agent' | 'monitor';
	name: Text;
	/** Connections to any server process now. */
	connections: number;
	/** When it was last connected, as this server process saw it (now while connected); null if never today. */
	lastSeen: number | null;
	/** Its open problem (`PRINTER.PAPER_OUT`, `BOARD.AUDIO_BLOCKED`, `BOARD.MUTED`, `DEVICE.OFFLINE`, …), or null. */
	problem: string | null;
	/** Kiosks: their printer's condition (null when unknown yet). */
	printer?: PrinterStateView | null;
	/** Boards: their latest report. */
	board?: BoardHealth | null;
}

export const alertSchemas = {
	open: z.object({}),
	acknowledge: z.object({ requestId, id: z.string().min(3).max(200), note: z.string().trim().min(1, 'say what was done').max(500) })
};
export type AlertAcknowledgePayload = z.input<typeof alertSchemas.acknowledge>;

/** An alert's change as the log recorded it: the alert after it (null once cleared). */
export interface AlertChangeView {
	type: 'raised' | 'escalated' | 'acknowledged' | 'cleared';
	id: string;
	at: number;
	alert: LoggedAlert | null;
}

/** The hall-day a supervisor closed (or found closed): what the close did to the tickets still open. */
export interface DayCloseResult {
	day: string;
	closedAt: number;
	reason: DayCloseReason;
	/** Tickets that were waiting, called or parked and are now `unserved`. */
	unserved: number;
	/** Tickets being served that were finished as `closedInService`. */
	closedInService: number;
}
export type DayCallsPayload = z.input<typeof daySchemas.calls>;
export type DayTicketsPayload = z.input<typeof daySchemas.tickets>;

/** A page of a day's calls, oldest first; with `more`, ask again from `lastSeq`. */
export interface DayCalls {
	day: string;
	calls: CallView[];
	more: boolean;
	/** The last call sent with `more`; otherwise the last event of the log read. */
	lastSeq: number;
}

/** A page of a day's tickets in issue order (without their status-link secrets); `next`: pass it as `after`, null at the end. */
export interface DayTickets {
	day: string;
	tickets: Omit<TicketView, 'token'>[];
	next: string | null;
}

export type RatingReason = (typeof RATING_REASONS)[number];

/** A finished ticket the counter's evaluation terminal asks the citizen to rate. */
export interface RatingPrompt {
	ticket: string;
	day: string;
	counter: string;
	serviceName: Text;
	/** The staff member who served it (full name: public servants on duty wear name and badge number). */
	staffName: string | null;
	staffId: string | null;
	finishedAt: number;
	/** After this (server clock) a rating is refused with RATING.EXPIRED. */
	expiresAt: number;
}

/** What an evaluation terminal shows: its counter and who is on duty, and a pending rating if any. */
export interface EvaluatorState {
	hall: HallInfo;
	counter: CounterView;
	prompt: RatingPrompt | null;
	/** How long the terminal waits for a rating before it goes back to idle, unrated. */
	promptSeconds: number;
	reasons: RatingReason[];
	/** Server clock when answered (for the page's countdown against `expiresAt`). */
	now: number;
}

/** A rating as supervisors see it (`ratings:today`): the log's TicketRated. */
export type RatingView = Omit<TicketRated, 'type' | 'req'>;

export type IssuingState =
	| { open: true; remaining: number | null }
	| { open: false; reason: 'hours' | 'quota' | 'closed' | 'disabled'; nextOpen: { date: string; weekday: number; at: string; today: boolean; inDays: number } | null };

export interface CatalogService {
	code: string;
	name: Text;
	zone: string;
	prefix: string;
	documents: Text[];
	hours: { days?: number[]; from: string; to: string }[];
	requiresIdentity: boolean;
	keywords: string[];
	counterNumbers: number[];
	/** Counters serving it that are open now (not paused): with none, the kiosk warns before a ticket is taken. */
	openCounters: number;
	issuing: IssuingState;
	waiting: number;
	estimateMinutes: number | null;
	/** Tickets issued today for this service: the kiosk lists the most-used services first. */
	issuedToday?: number;
}

export interface CatalogZone {
	id: string;
	name: Text;
	location: Text | null;
	icon: string | null;
	waiting: number;
}

export interface HallInfo {
	id: string;
	name: Text;
	day: string;
	notices: Text[];
	/** How the hall's boards announce calls (the hall file's `voice`); null: the boards' defaults. */
	voice: HallVoice | null;
}

export interface Catalog {
	hall: HallInfo;
	zones: CatalogZone[];
	services: CatalogService[];
	/** This kiosk may ask for a fictitious card read (`card:simulate`): the demo, never production. */
	cardSimulation?: boolean;
}

export interface QueueCounts {
	day: string;
	/** Log version the counts stand for. */
	version: number;
	services: Record<string, number>;
	zones: Record<string, number>;
}

/** A service a ticket can be transferred to (`console:services`, fetched once: it changes only with the hall file). */
export interface ServiceChoice {
	code: string;
	name: Text;
}

export interface ConsoleState {
	hall: HallInfo;
	staff: { id: string; name: string; role: StaffRole };
	/** Counters this person may open. */
	counters: CounterView[];
	/** The counter this person has open, if any. */
	counter: CounterView | null;
	current: TicketView | null;
	/** Waiting tickets per service of the open counter, in the counter's order. */
	waiting: { service: string; name: Text; count: number }[];
	/** Tickets parked at the counter, oldest first. */
	parked: TicketView[];
	/** Today's no-shows of the counter's services or called at it, latest first (at most 50). */
	noShows: TicketView[];
	/** The server's clock when the state was made (epoch ms): the console shows live waiting times from it. */
	serverNow: number;
}

export interface BoardInfo {
	id: string;
	kind: 'hall' | 'zone' | 'counter';
	name: Text;
	zone: string | null;
	counter: string | null;
}

export interface BoardState {
	hall: HallInfo;
	board: BoardInfo;
	/**
	 * Calls after the board's lastSeq (from today's first when the day changed), oldest first, at
	 * most 500 (`more` says whether the next sync from `lastSeq` has more).
	 */
	calls: CallView[];
	/**
	 * True when `calls` are only the latest ones for a board that never synced (day null) or whose
	 * lastSeq is ahead of the log (store reset): history, not to be announced. False: the calls this
	 * board missed since its last sync, today's from the start when its day was an earlier one.
	 */
	fresh: boolean;
	/** True when this catch-up was cut at 500 calls: sync again from `lastSeq` for the next page. */
	more: boolean;
	/** With `more`, the seq of the last call sent; otherwise the last durable event read. */
	lastSeq: number;
	zones: CatalogZone[];
	counters: CounterView[];
	/** The server's clock when it answered (epoch ms): the board measures call ages with it. */
	serverNow: number;
}


export interface ServerToClientEvents {
	/** First on every connection: the server's protocol version and build (a page of another build reloads). */
	'server:hello': (hello: ServerHello) => void;
	/** A call or recall; boards deduplicate by `seq` within `day`. */
	call: (call: CallView) => void;
	'queue:counts': (counts: QueueCounts) => void;
	/** Another configuration version is in force (a service added, changed or disabled): fetch kiosk:catalog again. */
	'catalog:changed': () => void;
	'counter:update': (counter: CounterView) => void;
	/** The signed-in person's console changed (another tab, a supervisor): fetch console:state. */
	'console:changed': () => void;
	/** To the kiosk that issued a ticket: whether its printer printed it (if not, show it on screen). */
	'ticket:print': (result: TicketPrint) => void;
	/** To a kiosk: its printer's condition, on connecting and whenever it changes. */
	'printer:state': (state: PrinterStateView) => void;
	/** To the hall's supervisors and admins: a device got a problem, or lost it. */
	'device:alert': (alert: DeviceAlert) => void;
	/** To the hall's supervisors and admins: an alert was raised, escalated, acknowledged or cleared (from the log). */
	'alert:changed': (change: AlertChangeView) => void;
	/** To the hall's monitor room: the monitor view, at most once a second after events and on a timer. */
	'monitor:view': (view: MonitorView) => void;
	/** To the hall's monitor room: what changed since the view of version `base` (apply it when the view shown is at least that recent). */
	'monitor:delta': (delta: MonitorDelta) => void;
	/** To the hall's supervisors and admins: a board was offline and caught up (nothing stays open). */
	'device:notice': (notice: DeviceNotice) => void;
	/** To the phones following a ticket: something happened to it (called, recalled, served, …). */
	'ticket:changed': (ticket: TicketStatusView) => void;
	/** To a kiosk: its card reader read a card (masked forms and a token only), lost it, or failed. */
	'card:state': (state: CardState) => void;
	/** To a kiosk's agent: print these ESC/POS bytes (base64) on the kiosk's printer and say how it went. */
	'print:job': (job: PrintJob, ack: (result: PrintJobResult) => void) => void;
	/** To a counter's evaluation terminals: a ticket was finished there, ask for a rating. */
	'rating:prompt': (prompt: RatingPrompt) => void;
	/** To the hall's supervisors and admins: a follow-up case was opened or moved on. */
	'case:changed': (c: CaseView) => void;
	/** To a counter's evaluation terminals: that ticket is rated (by this or another terminal). */
	'rating:closed': (done: { ticket: string }) => void;
}

/**
 * The card on a kiosk's reader as the kiosk page learns it. A read carries an identity token (send
 * it back as `identity` with `ticket:issue`; accepted for `validMs` from now, at this kiosk only),
 * the masked name and number, the card kind and the green channel by age; never the clear values.
 */
export type CardState =
	| ({ state: 'read' } & CardHolder)
	| { state: 'removed' }
	/** A read failed: `CARD.READ_FAILED`, `CARD.DISCONNECTED` (the reader is unplugged), … */
	| { state: 'error'; code: string };

/** `ticket:issue`'s answer: the ticket, and whether it is the holder's existing one printed again. */
export type IssuedTicketView = TicketView & { reprinted: boolean };

export interface PrintJob {
	ticket: string;
	/** ESC/POS, base64. */
	bytes: string;
}

export interface PrintJobResult {
	printed: boolean;
	code: string | null;
	printer: PrinterStateView;
}

export type { PrinterCondition };

export interface PrinterStateView {
	condition: PrinterCondition;
	/** Why it would not print now (`PRINTER.PAPER_OUT`, `PRINTER.COVER_OPEN`, `PRINTER.TIMEOUT`, …); null when it would. */
	problem: string | null;
}

export interface TicketPrint {
	ticket: string;
	printed: boolean;
	/** Why it was not printed (a `PRINTER.*` code); null when printed. */
	code: string | null;
	printer: PrinterStateView;
}

/** A kiosk's card reader as its agent last reported it. */
export type ReaderCondition = 'readerMissing' | 'readerReady';

export type DeviceAlertKind = 'printer' | 'board' | 'kiosk' | 'evaluator' | 'reader';

/**
 * A device's alert: at most one is open per device (`key`). `active: true` opens it or, when the
 * device already had one, updates it to the new `problem` (same `since`); `active: false` closes it
 * (`problem` null, `previous` names what went away).
 */
export interface DeviceAlert {
	hall: string;
	/** `printer:<kiosk>`, `board:<board>`, `kiosk:<kiosk>`, `evaluator:<device>`, `reader:<kiosk>`: a client keeps the latest alert of each key. */
	key: string;
	device: string;
	/** A kiosk's printer; a display board (offline, or its browser refuses to play or was muted); a kiosk or evaluation terminal offline; a kiosk's card reader missing where a service needs it. */
	kind: DeviceAlertKind;
	/** Whether the device's alert is open after this message. */
	active: boolean;
	condition: PrinterCondition | BoardAudio | 'offline' | ReaderCondition;
	/** The device's problem now (a `PRINTER.*`, `BOARD.*`, `CARD.*` or `DEVICE.OFFLINE` code); null when the alert closes. */
	problem: string | null;
	/** The problem before this message: null when the alert opens, the replaced or cleared one otherwise. */
	previous: string | null;
	/** When this alert opened (server clock, epoch ms); it stays while the problem changes. */
	since: number;
	/** When this message's change happened. */
	at: number;
}

/** Something supervisors should know that leaves nothing open: a board was offline and caught up (`BOARD.MISSED_CALLS`). */
export interface DeviceNotice {
	hall: string;
	device: string;
	kind: 'board';
	notice: 'BOARD.MISSED_CALLS';
	at: number;
	catchUp: BoardCatchUp;
}

/** Whether a board can speak: `ok`, `blocked` (the browser refuses autoplay until someone taps), `off` (muted by configuration). */
export type BoardAudio = 'ok' | 'blocked' | 'off';

/**
 * A board's last catch-up after an absence: offline from `from` to `to` (server clock, epoch ms),
 * `calls` missed meanwhile (seq `firstSeq`…`lastSeq`), all shown on its return; `skipped` of them
 * too old to be announced (the hall's `voice.maxAgeSeconds`), the others announced.
 */
export interface BoardCatchUp {
	from: number;
	to: number;
	calls: number;
	skipped: number;
	firstSeq: number;
	lastSeq: number;
}

/** What a board last reported (`board:report`): the last call it showed and spoke, and its audio. */
export interface BoardHealth {
	day: string;
	shownSeq: number;
	spokenSeq: number;
	audio: BoardAudio;
	/** Today's calls on this board: shown, spoken, and skipped (too old to announce). */
	counts?: { shown: number; spoken: number; skipped: number };
	/** Its latest catch-up after an absence, or null. */
	catchUp?: BoardCatchUp | null;
	/** The call of `shownSeq` (ticket and counter number), once the board has shown one today. */
	lastShown?: { ticket: string; counterNumber: number } | null;
	/** When the board last reported (server clock, epoch ms). */
	at: number;
}

/** A board as supervisors see it (`boards:state`). */
export interface BoardStateView {
	device: string;
	name: Text;
	kind: 'hall' | 'zone' | 'counter';
	/** Connections to any server process. */
	connections: number;
	/** The latest report of any of its connections; null before the first. */
	health: BoardHealth | null;
}

export interface SocketData {
	role: 'kiosk' | 'display' | 'evaluator' | 'agent' | 'monitor' | 'staff' | 'supervisor' | 'admin' | 'public';
	hall: string;
	/** Device id or staff id. */
	actor: string;
	/** A board's latest report; kept on its socket so supervisors on any process can read it. */
	board?: BoardHealth;
}

/** Handshake `auth`: a device token, or a staff session from POST /api/login. */
/**
 * The socket protocol's version: raised when a change would break clients of the version before.
 * A page says it in its handshake (src/lib/client/protocol.ts declares it with this type, so the two
 * cannot drift apart); a server refuses a version outside [MIN_PROTOCOL_VERSION, PROTOCOL_VERSION]
 * with PROTOCOL.UNSUPPORTED, and the page reloads itself (docs/protocol.md "Versions and deploys").
 */
export type ProtocolVersion = 1;
export const PROTOCOL_VERSION: ProtocolVersion = 1;
export const MIN_PROTOCOL_VERSION = 1;

/** What every handshake may add: the page's protocol version and the build it was loaded from. */
export interface ClientVersion {
	protocol?: number;
	build?: string;
}

/** What the server says first on every connection: its protocol version and build. */
export interface ServerHello {
	protocol: ProtocolVersion;
	build: string;
}

/** A device token, a staff session from POST /api/login, or a ticket's secret (the phone status page). */
/** Staff pages send no `auth`: the browser sends the httpOnly session cookie with the handshake. */
export type HandshakeAuth = ({ token: string } | { session: string } | { ticket: string } | Record<never, never>) & ClientVersion;

export interface LoginRequest {
	hall: string;
	staff: string;
	password: string;
	/** Tools and tests that are not browsers: also return the session token in the body. */
	bearer?: boolean;
}

export interface LoginResponse {
	/** Only when asked for (`bearer: true`); browsers get the httpOnly cookie and never see it. */
	session?: string;
	expiresAt: number;
	staff: { id: string; name: string; role: StaffRole; counters: string[] };
	hall: { id: string; name: Text };
}

export const loginSchema = z.object({
	hall: code,
	staff: code,
	password: z.string().min(1).max(200),
	bearer: z.boolean().optional()
});

export const passwordChangeSchema = z.object({ current: z.string().min(1).max(200), next: z.string().min(1).max(400) });
export const deviceActionSchema = z.object({ device: code });
/** `replace`: a lost or replaced device, every other token of it revoked first. */
export const deviceTokenSchema = z.object({ device: code, replace: z.boolean().default(false) });
export type PasswordChangeRequest = z.input<typeof passwordChangeSchema>;

/** The admin pages' configuration views (`/api/config…`): a version's record, a change between two. */
export type { ConfigVersionInfo } from '../core/config-version';
export type { ConfigChange } from '../core/config-diff';
export type { HallConfig, ServiceConfig, CounterConfig, StaffConfig, DeviceConfig } from '../core/model';

/** A token the server made for a device (shown this once), and the tokens made as admins see them. */
export type IssuedDeviceTokenView = IssuedDeviceToken;
export type { DeviceTokenView };

/** A revoked device token as admins see it. */
export interface RevokedDeviceView {
	device: string;
	at: number;
	by: string;
}

/** A staff member's account as admins see it (`staff:*` events). */
export interface StaffAccountView {
	id: string;
	name: string;
	role: StaffRole;
	counters: string[];
	/** A password set by the person or an admin overrides the hall file's. */
	passwordOverride: boolean;
	/** When the lock for wrong passwords ends (epoch ms), or null when not locked now. */
	lockedUntil: number | null;
	/** The counter they have open today, or null. */
	openCounter: string | null;
}

/** Payloads of the admins' `staff:*` events. */
export const staffSchemas = {
	action: z.object({ staff: code }),
	resetPassword: z.object({ staff: code, password: z.string().min(1).max(400) })
};

/**
 * Every request a client may send: its event name and the schema its payload must match (the server
 * parses with it; a client's payload type is its input). What each answers is in `RequestResults`.
 * Handlers (`On`) and the pages' `request` take their types from these two maps only.
 */
export const requests = {
	'kiosk:catalog': schemas.empty,
	'ticket:issue': schemas.issue,
	'ticket:cancel': schemas.cancel,

	'console:state': schemas.consoleState,
	'console:services': schemas.empty,
	'counter:open': schemas.openCounter,
	'counter:pause': schemas.pause,
	'counter:resume': schemas.counterCommand,
	'counter:close': schemas.closeCounter,
	'ticket:callNext': schemas.counterCommand,
	'ticket:callTicket': schemas.callTicket,
	'ticket:recall': schemas.counterCommand,
	'ticket:start': schemas.counterCommand,
	'ticket:finish': schemas.finish,
	'ticket:noShow': schemas.noShow,
	'ticket:transfer': schemas.transfer,
	'ticket:park': schemas.counterCommand,
	'ticket:callBack': schemas.ticketAction,
	'ticket:reactivate': schemas.ticketAction,

	'board:sync': schemas.boardSync,
	'board:report': schemas.boardReport,
	'boards:state': schemas.empty,

	'ticket:status': schemas.empty,

	'printer:report': schemas.printerReport,
	'card:read': cardReadSchema,
	'card:simulate': cardSimulateSchema,

	'evaluator:state': schemas.empty,
	'rating:submit': schemas.rate,
	'device:revoke': deviceActionSchema,
	'device:restore': deviceActionSchema,
	'devices:revoked': schemas.empty,
	'device:issueToken': deviceTokenSchema,
	'devices:tokens': schemas.empty,
	'cases:list': caseSchemas.list,
	'day:calls': daySchemas.calls,
	'day:tickets': daySchemas.tickets,
	'day:close': daySchemas.close,
	'alerts:open': alertSchemas.open,
	'monitor:open': schemas.empty,
	'devices:state': schemas.empty,
	'monitor:ticket': monitorSchemas.ticket,
	'monitor:moveTicket': monitorSchemas.move,
	'monitor:closeCounter': monitorSchemas.closeCounter,
	'alert:acknowledge': alertSchemas.acknowledge,
	'case:update': caseSchemas.update,
	'ratings:today': schemas.empty,
	'staff:list': schemas.empty,
	'staff:resetPassword': staffSchemas.resetPassword,
	'staff:unlock': staffSchemas.action,
	'staff:signOut': staffSchemas.action,
} as const satisfies Record<string, z.ZodType>;

export type RequestEvent = keyof typeof requests;
/** What a client sends with `E` (defaults may be left out). */
export type RequestPayload<E extends RequestEvent> = z.input<(typeof requests)[E]>;
/** What the handler of `E` receives: the payload parsed, defaults filled in. */
export type ParsedPayload<E extends RequestEvent> = z.output<(typeof requests)[E]>;

/** The requests that answer a `T` (the console's commands all answer its ConsoleState). */
export type RequestAnswering<T> = { [E in RequestEvent]: RequestResults[E] extends T ? E : never }[RequestEvent];

/** What each request answers (its ack's `data`). */
export interface RequestResults {
	'kiosk:catalog': Catalog;
	'ticket:issue': IssuedTicketView;
	'ticket:cancel': TicketView;

	/** Supervisors and admins may name any counter of the hall; staff one of theirs. */
	'console:state': ConsoleState;
	'console:services': ServiceChoice[];
	'counter:open': ConsoleState;
	'counter:pause': ConsoleState;
	'counter:resume': ConsoleState;
	'counter:close': ConsoleState;
	'ticket:callNext': ConsoleState;
	'ticket:callTicket': ConsoleState;
	'ticket:recall': ConsoleState;
	'ticket:start': ConsoleState;
	'ticket:finish': ConsoleState;
	'ticket:noShow': ConsoleState;
	'ticket:transfer': ConsoleState;
	/** Sets the current ticket aside at the counter. */
	'ticket:park': ConsoleState;
	/** Calls a ticket parked at the counter again (announced like a call). */
	'ticket:callBack': ConsoleState;
	/** Calls a no-show ticket at the counter at once (the citizen turned up). */
	'ticket:reactivate': ConsoleState;

	'board:sync': BoardState;
	/** A board: the last call it showed and spoke, and whether it can play sound. Sent after each call and on every change. */
	'board:report': null;
	/** Supervisors and admins: every board of the hall with its latest report. */
	'boards:state': BoardStateView[];

	/** A phone holding a ticket's secret: the ticket as it stands now. */
	'ticket:status': TicketStatusView;

	/** A kiosk agent: its printer's condition changed (or on connecting). */
	'printer:report': null;
	/** A kiosk agent: its card reader read a card, lost it, or failed. */
	'card:read': null;
	/** A kiosk without an agent, when the server simulates card readers: read a fictitious card (answered by `card:state`). */
	'card:simulate': null;

	/** An evaluation terminal: its counter, who is on duty, the ticket waiting for a rating. */
	'evaluator:state': EvaluatorState;
	/** An evaluation terminal: the citizen's rating of a ticket its counter finished. */
	'rating:submit': { ticket: string; overall: number; followUp: boolean };
	/** Admins: revoke a device's token (its connections are dropped), take a revocation back, list them. */
	'device:revoke': RevokedDeviceView;
	'device:restore': { device: string; restored: boolean };
	'devices:revoked': RevokedDeviceView[];
	/** Admins: make a token for a device (shown once), list the tokens made. */
	'device:issueToken': IssuedDeviceTokenView;
	'devices:tokens': DeviceTokenView[];
	/** Supervisors and admins: the hall's follow-up cases (open ones, or all). */
	'cases:list': CaseView[];
	/** Supervisors and admins: a day's calls of the hall (today by default), oldest first, paged. */
	'day:calls': DayCalls;
	/** Supervisors and admins: a day's tickets of the hall (today by default), in issue order, paged. */
	'day:tickets': DayTickets;
	/** Supervisors and admins: close today's hall-day now, with the reason (audited in the log). */
	'day:close': DayCloseResult;
	/** Supervisors and admins: the hall's alerts open now, oldest first. */
	'alerts:open': LoggedAlert[];
	/** Supervisors, admins and wall monitors: the monitor now; joins the hall's monitor room (`monitor:view` pushes). */
	'monitor:open': MonitorSnapshot;
	/** Supervisors and admins: every device of the hall with its connection and problem. */
	'devices:state': DeviceStateView[];
	/** Supervisors and admins: a ticket of today by its number, with its history (information desk). */
	'monitor:ticket': MonitorTicket;
	/** Supervisors and admins: move a waiting ticket to another service or counter, with the reason (audited). */
	'monitor:moveTicket': MonitorTicket;
	/** Supervisors and admins: close a counter left open (its clerk gone), with the reason (audited). */
	'monitor:closeCounter': MonitorView;
	/** Supervisors and admins: acknowledge an open alert with what was done (recorded in the log). */
	'alert:acknowledge': LoggedAlert;
	/** Supervisors and admins: move a case to its next status with a note (callback done, rectified, closed). */
	'case:update': CaseView;
	/** Supervisors and admins: today's ratings of the hall, oldest first. */
	'ratings:today': RatingView[];
	/** Admins: every staff member of the hall with their account's condition (no hash ever). */
	'staff:list': StaffAccountView[];
	/** Admins: a new password without the current one (same policy as a change); ends that person's sessions. */
	'staff:resetPassword': StaffAccountView;
	/** Admins: clear the lockout (wrong-password count) of an account. */
	'staff:unlock': StaffAccountView;
	/** Admins: sign that person out everywhere (sessions ended, sockets disconnected). */
	'staff:signOut': StaffAccountView;
}

/** Each request answers, and only requests answer: the two maps name the same events. */
type SameEvents<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : false;
type MustHold<T extends true> = T;
export type RequestsAllAnswer = MustHold<SameEvents<keyof RequestResults, RequestEvent>>;

export type ClientToServerEvents = { [E in RequestEvent]: (payload: RequestPayload<E>, ack: AckFn<RequestResults[E]>) => void };
