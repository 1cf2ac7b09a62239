/**
 * The relational store's tables as Kysely sees them (the archive; bookings and the rest join later).
 * One schema for SQLite and PostgreSQL, created by migrations.ts: text for JSON, bigint for epoch
 * ms and millisecond sums, integer 0/1 for flags (both engines read back the same JS values: the
 * PostgreSQL pool parses BIGINT to number, see database.ts).
 */
import type { Generated } from 'kysely';

/** One archived hall-day: where it is in its life (ArchiveStatus) and its verification. */
export interface ArchiveDaysTable {
	hall: string;
	day: string;
	status: string;
	events: number;
	digest: string | null;
	closed_at: number | null;
	verified_at: number | null;
	projected_at: number | null;
	dropped_at: number | null;
	purged_at: number | null;
	/** PROJECTION_VERSION of the code that projected the day's facts (0002; 1 before). */
	projection: Generated<number>;
}

/** A copied event: `body` is the event's JSON without `seq` (seq is the key). */
export interface ArchiveEventsTable {
	hall: string;
	day: string;
	seq: number;
	type: string;
	at: number;
	body: string;
}

/** One row per TicketFact: scalar columns for what reports filter or sum on, servings as JSON. */
export interface TicketFactsTable {
	hall: string;
	day: string;
	ticket: string;
	issued_service: string;
	zone: string;
	department: string;
	service: string;
	priority: string;
	channel: string;
	kiosk: string | null;
	issued_at: number;
	first_called_at: number | null;
	started_at: number | null;
	finished_at: number | null;
	counter: string | null;
	staff: string | null;
	/** JSON array of Serving. */
	servings: string;
	transfers: number;
	recalls: number;
	requeues: number;
	outcome: string | null;
	finish_outcome: string | null;
	wait_ms: number | null;
	service_ms: number | null;
	/** 1, 0 or null. */
	within_target: number | null;
	/** The rating: all null when the ticket was not rated (rating_overall is never null in a rating). */
	rating_overall: number | null;
	rating_efficiency: number | null;
	rating_level: number | null;
	rating_attitude: number | null;
	/** JSON array of reason codes. */
	rating_reasons: string | null;
	rating_counter: string | null;
	rating_staff: string | null;
	rating_at: number | null;
	identity_hash: string | null;
	identity_masked: string | null;
	holder_masked: string | null;
}

export interface CounterSessionsTable {
	hall: string;
	day: string;
	counter: string;
	n: number;
	kind: string;
	staff: string;
	reason: string | null;
	/** `from` and `to` of CounterSession (both are SQL keywords). */
	from_at: number;
	to_at: number | null;
	busy_ms: number;
}

/** The measures of ServingSums as columns (daily_rollups and daily_totals). */
export interface SumColumns {
	servings: number;
	issued: number;
	called: number;
	served: number;
	no_show: number;
	cancelled: number;
	unserved: number;
	closed_in_service: number;
	transferred_out: number;
	within_target: number;
	uncalled_past_target: number;
	wait_count: number;
	wait_sum_ms: number;
	wait_max_ms: number;
	service_count: number;
	service_sum_ms: number;
	service_max_ms: number;
	/** HISTOGRAM_BUCKETS counts as JSON: a dense array (0001) or a sparse object {"bucket": count} (0002). */
	wait_histogram: string;
	service_histogram: string;
	rated: number;
	rating_sum: number;
	good: number;
	bad: number;
	/** Ratings by overall level 1 (非常不满意) to 5 (非常满意). */
	rating_1: number;
	rating_2: number;
	rating_3: number;
	rating_4: number;
	rating_5: number;
	efficiency_sum: number;
	level_sum: number;
	attitude_sum: number;
	/** JSON arrays of HOURS_OF_DAY counts ('[]' on rows of 0001). */
	arrivals_by_hour: string;
	served_by_hour: string;
}

export interface DailyRollupsTable extends SumColumns {
	hall: string;
	day: string;
	service: string;
	counter: string;
	staff: string;
}

/** One row per projected hall-day: the sum of its rollups. */
export interface DailyTotalsTable extends SumColumns {
	hall: string;
	day: string;
}

/** A hall-month's rollups (0004): its projected days' daily_rollups summed per service, counter and staff. */
export interface MonthlyRollupsTable extends SumColumns {
	hall: string;
	/** "YYYY-MM". */
	month: string;
	service: string;
	counter: string;
	staff: string;
}

/** A hall-month's total (0004): its daily_totals summed; `days` the projected days in it. */
export interface MonthlyTotalsTable extends SumColumns {
	hall: string;
	month: string;
	days: number;
}

/** A hall-day's counter sessions summed by kind and reason (0004); `reason` '' for none. */
export interface DailySessionTotalsTable {
	hall: string;
	day: string;
	kind: string;
	reason: string;
	ms: number;
	busy_ms: number;
}

/** A confirmed month (0003): `result` is the MonthAssessment's JSON as it was confirmed. */
export interface AssessmentConfirmationsTable {
	hall: string;
	month: string;
	confirmed_at: number;
	confirmed_by: string;
	note: string;
	result: string;
}

/** A supervisor's record of justified complaints (0003); a change is a new version, nothing is updated. */
export interface AssessmentComplaintsTable {
	hall: string;
	month: string;
	kind: string;
	subject: string;
	version: number;
	count: number;
	reason: string;
	recorded_by: string;
	recorded_at: number;
}

export interface ArchiveSchema {
	archive_days: ArchiveDaysTable;
	archive_events: ArchiveEventsTable;
	ticket_facts: TicketFactsTable;
	counter_sessions: CounterSessionsTable;
	daily_rollups: DailyRollupsTable;
	daily_totals: DailyTotalsTable;
	assessment_confirmations: AssessmentConfirmationsTable;
	assessment_complaints: AssessmentComplaintsTable;
	monthly_rollups: MonthlyRollupsTable;
	monthly_totals: MonthlyTotalsTable;
	daily_session_totals: DailySessionTotalsTable;
	audit_entries: AuditEntriesTable;
	security_events: SecurityEventsTable;
	config_versions: ConfigVersionsTable;
	device_tokens: DeviceTokensTable;
}

/** One entry of the audit trail from a projected hall-day's log (LogAuditEntry). */
export interface AuditEntriesTable {
	hall: string;
	day: string;
	seq: number;
	at: number;
	action: string;
	actor: string | null;
	ticket: string | null;
	counter: string | null;
	reason: string | null;
	detail: string | null;
}

/** One SecurityEvent. */
export interface SecurityEventsTable {
	id: string;
	hall: string;
	day: string;
	at: number;
	action: string;
	actor: string | null;
	subject: string | null;
	client: string | null;
	detail: string | null;
}

/** One saved configuration version (0006); `body` is the configuration's JSON as saved. */
export interface ConfigVersionsTable {
	hall: string;
	version: number;
	at: number;
	author: string;
	reason: string;
	source: string;
	restores: number | null;
	digest: string;
	body: string;
}

/** A device token's keyed hash under one master key (DeviceTokenRecord). */
export interface DeviceTokensTable {
	hash: string;
	kid: string;
	token_id: string;
	hall: string;
	device: string;
	issued_at: number;
	issued_by: string;
	revoked_at: number | null;
	revoked_by: string | null;
}
