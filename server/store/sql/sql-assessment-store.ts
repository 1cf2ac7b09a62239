/**
 * The monthly assessment's records in the relational store (SQLite or PostgreSQL): a month's
 * confirmation, written once, and the supervisors' complaint records, appended as versions. Neither
 * is ever updated: the tables are their own audit trail.
 */
import type { Kysely } from 'kysely';
import type { AssessmentConfirmation, ComplaintRecord, MonthAssessment, SubjectKind } from '../../core/assessment';
import type { AssessmentStore } from '../../core/ports';
import type { ArchiveSchema } from './schema';

export class SqlAssessmentStore implements AssessmentStore {
	constructor(private readonly db: () => Kysely<ArchiveSchema>) {}

	async confirmation(hall: string, month: string): Promise<AssessmentConfirmation | null> {
		const row = await this.db().selectFrom('assessment_confirmations').selectAll().where('hall', '=', hall).where('month', '=', month).executeTakeFirst();
		if (!row) return null;
		return { hall: row.hall, month: row.month, confirmedAt: Number(row.confirmed_at), confirmedBy: row.confirmed_by, note: row.note, result: JSON.parse(row.result) as MonthAssessment };
	}

	async confirm(c: AssessmentConfirmation): Promise<boolean> {
		const r = await this.db()
			.insertInto('assessment_confirmations')
			.values({ hall: c.hall, month: c.month, confirmed_at: c.confirmedAt, confirmed_by: c.confirmedBy, note: c.note, result: JSON.stringify(c.result) })
			.onConflict((oc) => oc.columns(['hall', 'month']).doNothing())
			.executeTakeFirst();
		return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
	}

	async complaints(hall: string, month: string): Promise<ComplaintRecord[]> {
		const rows = await this.db().selectFrom('assessment_complaints').selectAll().where('hall', '=', hall).where('month', '=', month).orderBy('recorded_at').orderBy('kind').orderBy('subject').orderBy('version').execute();
		return rows.map((r) => ({ hall: r.hall, month: r.month, kind: r.kind as SubjectKind, subject: r.subject, version: r.version, count: r.count, reason: r.reason, recordedBy: r.recorded_by, recordedAt: Number(r.recorded_at) }));
	}

	async recordComplaints(r: ComplaintRecord): Promise<boolean> {
		const res = await this.db()
			.insertInto('assessment_complaints')
			.values({ hall: r.hall, month: r.month, kind: r.kind, subject: r.subject, version: r.version, count: r.count, reason: r.reason, recorded_by: r.recordedBy, recorded_at: r.recordedAt })
			.onConflict((oc) => oc.columns(['hall', 'month', 'kind', 'subject', 'version']).doNothing())
			.executeTakeFirst();
		return Number(res.numInsertedOrUpdatedRows ?? 0) === 1;
	}
}
