/**
 * The audit log's HTTP contract (GET /api/audit, /api/audit.csv): the query and the page it answers.
 * Pages import only the types of this file.
 */
import { z } from 'zod';
import { AUDIT_FAMILIES, LOG_ACTIONS, type AuditEntry } from '../core/audit';
import { SECURITY_ACTIONS } from '../core/security';
import { MAX_RANGE_DAYS } from '../core/report-period';
import { ticketNumber } from '../realtime/contract';
import type { Text } from '../core/model';

export { AUDIT_FAMILIES, LOG_ACTIONS, SECURITY_ACTIONS, MAX_RANGE_DAYS };
export const MAX_AUDIT_PAGE = 500;

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, "-" or "_", at most 40');
const date = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date "YYYY-MM-DD"');

/** GET /api/audit?from=2026-12-01&to=2026-12-07&actor=s07&action=counter&ticket=A012&cursor=…&limit=100 */
export const auditQuerySchema = z
	.strictObject({
		/** Without it: the caller's own hall. */
		hall: id.optional(),
		from: date,
		/** Included; default `from`. */
		to: date.optional(),
		actor: id.optional(),
		/** One action code or a family (`auth`, `counter` …). */
		action: z.enum([...LOG_ACTIONS, ...SECURITY_ACTIONS, ...AUDIT_FAMILIES]).optional(),
		ticket: ticketNumber.optional(),
		/** The `next` of the page before. */
		cursor: z.string().min(1).max(400).optional(),
		limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(100)
	})
	.refine((q) => (q.to ?? q.from) >= q.from, { message: 'to: must not be before from', path: ['to'] })
	.refine((q) => (Date.parse(q.to ?? q.from) - Date.parse(q.from)) / 86_400_000 < MAX_RANGE_DAYS, { message: `at most ${MAX_RANGE_DAYS} days`, path: ['to'] });
export type AuditQuery = z.input<typeof auditQuerySchema>;

/** An entry as the page shows it: names of the staff it names, beside their ids. */
export interface AuditEntryView extends AuditEntry {
	actionName: Text;
	actorName: string | null;
	subjectName: string | null;
	counterName: Text | null;
	/** Names of the codes in `detail`: services (`service`, `toService`), `toCounter`, `staff`. */
	detailNames: Record<string, Text>;
}

export interface AuditPageView {
	hall: { id: string; name: { zh: string; en: string }; timeZone: string };
	from: string;
	to: string;
	entries: AuditEntryView[];
	/** Pass as `cursor` for the next page; null on the last. */
	next: string | null;
	/** What `action` may be, with names: the families first, then every code. */
	actions: { code: string; name: Text }[];
}
