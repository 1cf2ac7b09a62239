/**
 * The monthly assessment's HTTP contract: queries, bodies and the JSON answered. Pages import only
 * the types of this file.
 */
import { z } from 'zod';
import type { AssessmentView } from '../app/assessments';
import type { AssessedSubject, AssessmentRules, ComplaintRecord, ComponentId, Ineligibility, MonthAssessment, RankDifference } from '../core/assessment';

export type { AssessedSubject, AssessmentRules, AssessmentView, ComplaintRecord, ComponentId, Ineligibility, MonthAssessment, RankDifference };

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/, 'letters, digits, "-" or "_", at most 40');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month "YYYY-MM"');

/** GET /api/assessment?hall=city&month=2026-11 (without `hall`: the caller's own hall). */
export const assessmentQuerySchema = z.strictObject({ hall: id.optional(), month });

/** GET /api/assessment/export.csv|xlsx: the award list; CSV holds one kind, XLSX both. */
export const assessmentExportSchema = z.strictObject({ hall: id.optional(), month, kind: z.enum(['counter', 'staff']).default('counter') });

/** POST /api/assessment/confirm: freezes the month's result. */
export const assessmentConfirmSchema = z.strictObject({ hall: id, month, note: z.string().trim().max(500).default('') });

/** POST /api/assessment/complaints: the justified complaints of one counter or person for the month. */
export const complaintsSchema = z.strictObject({
	hall: id,
	month,
	kind: z.enum(['counter', 'staff']),
	subject: id,
	count: z.number().int().min(0).max(100),
	reason: z.string().trim().min(2, 'reason: say why (at least 2 characters)').max(500)
});
