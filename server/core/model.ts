/** Hall configuration and hall-day state: the plain data the core works on. */

export type Lang = 'zh' | 'en';
export interface Text {
	zh: string;
	en: string;
}

/** "HH:MM" local time in the hall's time zone. */
export type ClockTime = string;

export interface OpeningWindow {
	/** ISO weekdays 1 (Monday) … 7 (Sunday); all days when absent. */
	days?: number[];
	from: ClockTime;
	to: ClockTime;
}

export interface ZoneConfig {
	id: string;
	name: Text;
	/** Floor or area label shown on tickets, e.g. "2F 东区". */
	location?: Text;
	icon?: string;
}

export interface DepartmentConfig {
	id: string;
	name: Text;
}

export interface ServiceConfig {
	code: string;
	name: Text;
	zone: string;
	department: string;
	/** Ticket prefix, one to three capital letters. Services may share a prefix. */
	prefix: string;
	/** Tickets per hall-day; null = unlimited. */
	dailyQuota: number | null;
	/** Issuing hours; empty = the hall's issuing hours. */
	hours: OpeningWindow[];
	avgHandleMinutes: number;
	targetWaitMinutes: number;
	documents: Text[];
	/** Whether the kiosk asks for an ID card before issuing. */
	requiresIdentity?: boolean;
	keywords?: string[];
	/**
	 * No new tickets (kiosks no longer list it); tickets already issued are still called. A service
	 * with tickets today is disabled, not removed (a version removing it is not in force until the next day).
	 */
	disabled?: boolean;
}

export type CallingStrategy = 'strict' | 'longestWait' | 'weightedWait';

export interface CounterService {
	service: string;
	weight: number;
}

export interface CounterConfig {
	id: string;
	/** The number announced: "请到 5 号窗口". */
	number: number;
	name: Text;
	zone: string;
	services: CounterService[];
	strategy: CallingStrategy;
	/** At most this many priority tickets called in a row while others wait. */
	maxPriorityInRow: number;
	/** How often one ticket may be recalled. */
	maxRecalls: number;
	/** How often a no-show ticket may be put back in the queue; default DEFAULT_MAX_REQUEUES. */
	maxRequeues?: number;
}

export type StaffRole = 'staff' | 'supervisor' | 'admin';

/**
 * What a supervisor's or admin's reports cover: `hall`, their own hall; `network`, their hall and
 * every hall below it (`HallConfig.parent`), as central staff of a county see its townships.
 */
export type StaffScope = 'hall' | 'network';

export interface StaffConfig {
	id: string;
	name: string;
	role: StaffRole;
	counters: string[];
	/** Default `hall`; `network` only for a supervisor or admin. */
	scope?: StaffScope;
	/** A disabled account cannot sign in, and its sessions end once the version that disables it is in force. */
	disabled?: boolean;
	/** scrypt$N$r$p$saltB64$hashB64 */
	passwordHash: string;
}

export type DeviceKind = 'kiosk' | 'display' | 'evaluator' | 'agent' | 'monitor';
export type BoardKind = 'hall' | 'zone' | 'counter';

export interface DeviceConfig {
	id: string;
	kind: DeviceKind;
	name: Text;
	/**
	 * sha256 hex of a token given in the hall file (the token itself is never stored); none: the
	 * device signs in only with tokens the server issued (the device registry, keyed hashes).
	 */
	tokenHash?: string;
	board?: BoardKind;
	zone?: string;
	counter?: string;
	/** A kiosk's ticket printer. A kiosk without one gets a simulated printer unless HALLQ_PRINTER_SIM=off. */
	printer?: PrinterConfig;
	/** The kiosk an agent serves (kind `agent`: the process on the kiosk PC that owns its devices). */
	kiosk?: string;
}

/**
 * A kiosk's receipt printer: on the network, driven by the server directly (raw TCP, port 9100), or
 * on USB or serial at the kiosk PC, driven by the kiosk's agent (the server sends it the job).
 */
export type PrinterConfig = ({ kind: 'network'; host: string; port?: number } | { kind: 'agent' }) & {
	/** Paper width in mm. Default 80. */
	paper?: 58 | 80;
	/** `raster` for printers without the `GS ( k` QR command. Default native. */
	qr?: 'native' | 'raster';
};

export interface HallConfig {
	id: string;
	name: Text;
	level: 'city' | 'county' | 'township' | 'village';
	/** The hall above this one in the deployment's network (a township's county hall); none for the top. */
	parent?: string;
	timeZone: string;
	/** Default issuing hours for services without their own. */
	hours: OpeningWindow[];
	zones: ZoneConfig[];
	departments: DepartmentConfig[];
	services: ServiceConfig[];
	counters: CounterConfig[];
	staff: StaffConfig[];
	devices: DeviceConfig[];
	notices?: Text[];
	/** How the hall's boards announce calls; a board's address may override it. */
	voice?: HallVoice;
	/** Per-person rules for tickets taken with an ID card (server/core/identity-rules.ts). */
	identity?: HallIdentityRules;
	/** The evaluation terminals and the follow-up of bad ratings. */
	evaluation?: HallEvaluation;
	/** Public holidays and make-up workdays: when the hall opens at all (server/core/hall-calendar.ts). */
	calendar?: HallCalendar;
	/** When a hall-day closes by itself. */
	dayClose?: HallDayClose;
	/** The monthly red-flag assessment's weights and rules (server/core/assessment.ts); defaults without. */
	assessment?: AssessmentConfig;
	/** The supervisor's alert thresholds (server/core/alert-rules.ts); defaults without. */
	alerts?: AlertConfig;
}

export const ALERT_KINDS = [
	'waitPastTarget',
	'queueLong',
	'servicePastLimit',
	'pauseTooLong',
	'counterWithoutConsole',
	'serviceUnstaffed',
	'deviceFault',
	'followUpDue',
	'waitForecast'
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type AlertSeverity = 'warning' | 'critical';

/** A condition that holds now. `value` against `limit` in the rule's unit (minutes, tickets or days). */
export interface AlertCondition {
	/** `<kind>:<subject>`: one alert per service, counter, device or case. */
	id: string;
	kind: AlertKind;
	severity: AlertSeverity;
	service: string | null;
	counter: string | null;
	ticket: string | null;
	device: string | null;
	value: number;
	limit: number;
	/** waitForecast: minutes until the target is passed, and the counters that could open for it (numbers). */
	forecast?: { passesInMinutes: number; moreCounters: number | null; couldServe: number[] };
	/** deviceFault: the device's kind and its problem code (`PRINTER.PAPER_OUT`, `BOARD.AUDIO_BLOCKED`, …). */
	fault?: { kind: DeviceFaultKind; problem: string };
}

/** `store`: the live store lost events this process had acknowledged (a failover, a restore). */
export type DeviceFaultKind = 'kiosk' | 'printer' | 'reader' | 'board' | 'evaluator' | 'store';

/** An alert as the hall-day log keeps it while open: the condition when raised (or escalated), and its acknowledgement. */
export interface LoggedAlert extends AlertCondition {
	raisedAt: number;
	acknowledged: { by: string; note: string; at: number } | null;
}

/** The hall file's `alerts`: every field optional, the rest from DEFAULT_ALERTS. */
export interface AlertConfig {
	/** A service's queue is long above this many waiting tickets. */
	queueOver?: number;
	/** Minutes a counter may stay paused, per pause reason code (`break`, `meeting`, `system`, `other`). */
	pauseMinutes?: Record<string, number>;
	/** Minutes a counter may stay open or paused with no console connected. */
	consoleMissingMinutes?: number;
	/** Seconds a condition must be gone before its alert clears (hysteresis). */
	clearAfterSeconds?: number;
	/** How far ahead the wait forecast looks, minutes. */
	forecastMinutes?: number;
	/** Days before a bad-rating follow-up's due day when it is flagged. */
	followUpWarnDays?: number;
	/** Per service: its own queue limit, and the minutes one ticket may be in service (default three times its handling time). */
	services?: Record<string, { queueOver?: number; timeLimitMinutes?: number }>;
}

/** The scored parts of the monthly assessment (server/core/assessment.ts). */
export const ASSESSMENT_COMPONENTS = ['volume', 'satisfaction', 'ratingRate', 'withinTarget', 'efficiency'] as const;
export type AssessmentComponent = (typeof ASSESSMENT_COMPONENTS)[number];

/** The hall file's `assessment`: every field optional, the rest from DEFAULT_ASSESSMENT. */
export interface AssessmentConfig {
	/** Points of each component; they add up to 100. */
	weights?: Record<AssessmentComponent, number>;
	/** Points taken off per bad-rating follow-up past its deadline, and per justified complaint. */
	penalties?: { lateFollowUp?: number; complaint?: number };
	minOpenDays?: number;
	minServed?: number;
	disqualifyVeryBadNotFollowedUp?: boolean;
	/** How many counters and people the award list names. */
	awards?: { counters?: number; staff?: number };
}

export interface HallCalendar {
	/** Days ("YYYY-MM-DD") the hall is closed although its hours would open it (法定节假日). */
	holidays?: string[];
	/** Days the hall opens although they fall on a weekend (调休上班日), with the hours of `workdayHoursOf`. */
	workdays?: string[];
	/** The weekday (1 = Monday … 5 = Friday) whose hours a make-up workday keeps. Default 1. */
	workdayHoursOf?: number;
}

export interface HallDayClose {
	/** Minutes after the last issuing hours of the day end; the day closes then, at midnight at the latest. Default 30. */
	graceMinutes?: number;
}

/** A hall file's `identity`: every field has a default (identity-rules.ts). */
export interface HallIdentityRules {
	/** Holders at least this old get the green channel from their card's birth date. Default 60. */
	elderlyAge?: number;
	/** Tickets one person may take per hall-day (reprints not counted). Default 5. */
	dailyCap?: number;
	/** How often one ticket may be reprinted by presenting the card again. Default 3. */
	maxReprints?: number;
	/** Priority classes the hall grants the green channel to ('elderly' also enables it by age). Default all. */
	greenCategories?: PriorityClass[];
}

export interface HallEvaluation {
	/** How long the terminal waits for a rating before it goes back to idle, unrated. Default 60 s. */
	promptSeconds?: number;
	/** A finished ticket may be rated this long after it was finished. Default 10 minutes. */
	windowMinutes?: number;
	/** Working days a bad rating's follow-up case has. Default 15. */
	followUpWorkingDays?: number;
	/** Public holidays ("YYYY-MM-DD") that fall on weekdays: no working days. */
	holidays?: string[];
	/** Weekend days worked in exchange for a holiday (调休上班): working days. */
	workdays?: string[];
}

export interface HallVoice {
	/** `auto`: a local Mandarin speech voice where the browser has one, else the committed clips. */
	engine?: 'auto' | 'clips' | 'speech' | 'off';
	/** Times each call is said after the chime, 1–5. Default 2. */
	repeat?: number;
	/** Say the English sentence after the Chinese one. Default false. */
	english?: boolean;
	/** A call a board missed is still spoken when it is younger than this. Default 120 s. */
	maxAgeSeconds?: number;
}

export const PRIORITY_CLASSES = ['none', 'elderly', 'disabled', 'pregnant', 'military'] as const;
export type PriorityClass = (typeof PRIORITY_CLASSES)[number];

/** `unserved`: still waiting, called or parked when the hall-day closed (not a no-show: nobody failed to come). */
export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'noShow', 'cancelled', 'parked', 'unserved'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const FINISH_OUTCOMES = ['done', 'missingDocuments', 'refused', 'referred'] as const;
export type FinishOutcome = (typeof FINISH_OUTCOMES)[number];
/** How a done ticket ended: a counter's finish, or `closedInService` (being served when the hall-day closed). */
export type TicketOutcome = FinishOutcome | 'closedInService';

export interface Ticket {
	/** The ticket number, unique in its hall-day: "A012". */
	id: string;
	prefix: string;
	/** The number within its prefix: 12 for A012. */
	serial: number;
	/** Its position in the hall-day's issue order (`HallDayState.order`): routing's last tie-breaker. */
	ordinal: number;
	service: string;
	/** The service it was issued for; differs from `service` after a transfer. */
	issuedService: string;
	/** The configuration version in force when it was issued (null: before any was recorded in the day). */
	configVersion: number | null;
	priority: PriorityClass;
	status: TicketStatus;
	issuedAt: number;
	/** Queue position key: the original arrival, kept across transfers. */
	queuedAt: number;
	kiosk: string | null;
	/** Secret for the ticket's status link. */
	token: string;
	/** Only this counter may call it (after a transfer pinned to a counter). */
	pinnedCounter: string | null;
	counter: string | null;
	staff: string | null;
	calledAt: number | null;
	startedAt: number | null;
	finishedAt: number | null;
	recalls: number;
	transfers: number;
	outcome: TicketOutcome | null;
	/** Keyed hash of the holder's ID number, when read at the kiosk. */
	identityHash: string | null;
	/** Masked ID number "3101**********1234". */
	identityMasked: string | null;
	/** Masked holder name "张*". */
	holderMasked: string | null;
	/**
	 * Request ids of the reprints of this ticket (its holder presented the card again). Absent only in
	 * a snapshot saved before reprints existed (snapshots are JSON of the state).
	 */
	reprintedBy?: string[];
	/** When the citizen rated the service (好差评); null until then. */
	ratedAt: number | null;
	/** Times a no-show put it back in the queue. */
	requeues: number;
	/** When it was set aside at its counter (status `parked`). */
	parkedAt: number | null;
	/** Its transfers, oldest first. evolve replaces the array, never changes it (see Savepoint). */
	trail: TransferStep[];
}

/** One transfer of a ticket: from where, to which service (and counter, when pinned), when. */
export interface TransferStep {
	at: number;
	fromService: string;
	fromCounter: string | null;
	toService: string;
	toCounter: string | null;
}

export type CounterStatus = 'closed' | 'open' | 'paused';

export interface CounterState {
	id: string;
	status: CounterStatus;
	staff: string | null;
	current: string | null;
	pauseReason: string | null;
	priorityRun: number;
	since: number;
}

export interface ServiceStats {
	issued: number;
	/** Exponentially weighted mean of handling time, ms; null before the first finish. */
	handleMsEwma: number | null;
	finished: number;
}

/** What a command produced, remembered per request id so a retry gets the first answer. */
export interface RequestRecord {
	kind: CommandKindName;
	ticket: string | null;
	counter: string | null;
}

/**
 * The shape of `HallDayState` (and its tickets and counters). Snapshots are JSON of the state, so
 * a snapshot written before a field existed lacks it: bump this whenever the state's shape changes,
 * and a snapshot of another format is ignored and the hall-day is folded from its whole log.
 */
export const STATE_FORMAT = 6;

export interface HallDayState {
	/** `STATE_FORMAT` when the state was made; absent in snapshots older than the constant. */
	format: number;
	hall: string;
	day: string;
	version: number;
	tickets: Record<string, Ticket>;
	/** Ticket ids in issue order. */
	order: string[];
	/**
	 * Ids of the waiting tickets per queue (server/core/waiting.ts): a service code, or `@` and a
	 * counter id for tickets pinned to that counter. No empty lists. The order within a list is the
	 * order tickets entered it; routing orders them itself.
	 */
	waiting: Record<string, string[]>;
	/** Ids of today's tickets issued to each person (by the HMAC of their ID number), in issue order. */
	byPerson: Record<string, string[]>;
	counters: Record<string, CounterState>;
	lastNumber: Record<string, number>;
	services: Record<string, ServiceStats>;
	requests: Record<string, RequestRecord>;
	/** Sequence number of the latest call or recall. */
	lastCallSeq: number;
	/** Set by `DayClosed`: the hall-day takes no more commands. */
	closed: DayClosure | null;
	/** The supervisor's alerts open now, by id (server/core/alert-rules.ts); the day's close ends them all. */
	alerts: Record<string, LoggedAlert>;
	/** The hall's configuration version in force (`ConfigApplied`); null before the day's first. */
	configVersion: number | null;
}

export const DAY_CLOSE_REASONS = ['schedule', 'midnight', 'supervisor'] as const;
/** `schedule`: closing time plus grace; `midnight`: the latest a day may stay open; `supervisor`: by hand. */
export type DayCloseReason = (typeof DAY_CLOSE_REASONS)[number];

export interface DayClosure {
	at: number;
	reason: DayCloseReason;
	/** The supervisor or admin who closed it; null for the schedule. */
	by: string | null;
	note: string | null;
}

/** Mirrors `Command['kind']`; kept here so the model does not import the command module. */
export type CommandKindName =
	| 'issue'
	| 'callNext'
	| 'callTicket'
	| 'recall'
	| 'start'
	| 'finish'
	| 'noShow'
	| 'transfer'
	| 'moveTicket'
	| 'cancel'
	| 'openCounter'
	| 'pauseCounter'
	| 'resumeCounter'
	| 'closeCounter'
	| 'park'
	| 'callBack'
	| 'reactivate'
	| 'rate'
	| 'closeDay'
	| 'recordAlerts'
	| 'acknowledgeAlert'
	| 'applyConfig';
