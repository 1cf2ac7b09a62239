/**
 * The monthly red-flag assessment of a hall: computed from the month's rollups, sessions and
 * follow-up cases (through Reports), with the complaints supervisors recorded; confirmed once by a
 * supervisor of the hall and frozen, so a later recalculation shows the confirmed result and where it
 * now differs. Who may read or confirm is decided by the caller (the API).
 */
import { assessmentRules, currentComplaints, rankDifferences, rankSubjects, type AssessmentConfirmation, type ComplaintRecord, type MonthAssessment, type RankDifference, type SubjectFigures, type SubjectKind } from '../core/assessment';
import { fail } from '../core/errors';
import { addDays } from '../core/hall-calendar';
import { servingKpis } from '../core/kpis';
import type { AssessmentStore } from '../core/ports';
import { reportPeriod } from '../core/report-period';
import { reportRows, type HallPeriodFacts } from '../core/report-rows';
import type { HallSummary, Reports } from './reports';

export interface AssessmentView {
	hall: HallSummary;
	month: string;
	/** `open`: the month has not ended (no confirmation yet); `final`: ended, not confirmed; `confirmed`: frozen. */
	status: 'open' | 'final' | 'confirmed';
	current: MonthAssessment;
	confirmed: (Omit<AssessmentConfirmation, 'hall' | 'month'> & { confirmedByName: string }) | null;
	/** Where the current calculation differs from the confirmed one (empty when not confirmed). */
	differences: RankDifference[];
	/** Every complaint record of the month, oldest first. */
	complaints: ComplaintRecord[];
}

export interface ComplaintInput {
	kind: SubjectKind;
	subject: string;
	count: number;
	reason: string;
}

export interface AssessmentsOptions {
	reports: Reports;
	store: AssessmentStore;
	now: () => number;
}

export class Assessments {
	constructor(private readonly o: AssessmentsOptions) {}

	/** The month's assessment as computed now, and the confirmed one if there is. */
	async view(hall: string, month: string): Promise<AssessmentView> {
		const [current, confirmation, complaints] = await Promise.all([this.compute(hall, month), this.o.store.confirmation(hall, month), this.o.store.complaints(hall, month)]);
		const status = confirmation ? 'confirmed' : current.to < this.o.reports.today(hall) ? 'final' : 'open';
		const differences = confirmation ? rankDifferences([...confirmation.result.counters, ...confirmation.result.staff], [...current.counters, ...current.staff]) : [];
		const staffName = (id: string) => this.o.reports.index(hall).staff.get(id)?.name ?? id;
		const confirmed = confirmation ? { confirmedAt: confirmation.confirmedAt, confirmedBy: confirmation.confirmedBy, confirmedByName: staffName(confirmation.confirmedBy), note: confirmation.note, result: confirmation.result } : null;
		return { hall: this.o.reports.summary(hall), month, status, current, confirmed, differences, complaints };
	}

	/** Freezes the month's result as computed now; once per month, and only after the month has ended. */
	async confirm(hall: string, month: string, by: string, note: string): Promise<AssessmentConfirmation> {
		const result = await this.compute(hall, month);
		if (result.to >= this.o.reports.today(hall)) fail('ASSESSMENT.MONTH_OPEN', `${month} has not ended: it can be confirmed from ${addDays(result.to, 1)}`);
		const c: AssessmentConfirmation = { hall, month, confirmedAt: this.o.now(), confirmedBy: by, note, result };
		if (!(await this.o.store.confirm(c))) fail('ASSESSMENT.CONFIRMED', `${month} is confirmed already`);
		return c;
	}

	/** Records the justified complaints of a counter or person for the month (a new version; before confirmation only). */
	async recordComplaints(hall: string, month: string, input: ComplaintInput, by: string): Promise<ComplaintRecord> {
		const index = this.o.reports.index(hall);
		const known = input.kind === 'counter' ? index.counters.has(input.subject) : index.staff.has(input.subject);
		if (!known) fail('VALIDATION.FAILED', `subject: no ${input.kind} "${input.subject}" in hall ${hall}`);
		for (let attempt = 0; attempt < 5; attempt++) {
			if (await this.o.store.confirmation(hall, month)) fail('ASSESSMENT.CONFIRMED', `${month} is confirmed: its complaints are frozen`);
			const previous = (await this.o.store.complaints(hall, month)).filter((r) => r.kind === input.kind && r.subject === input.subject);
			const version = Math.max(0, ...previous.map((r) => r.version)) + 1;
			const record: ComplaintRecord = { hall, month, kind: input.kind, subject: input.subject, version, count: input.count, reason: input.reason, recordedBy: by, recordedAt: this.o.now() };
			if (await this.o.store.recordComplaints(record)) return record;
		}
		return fail('ASSESSMENT.BUSY', 'others are recording complaints of this subject; please try again');
	}

	/** The month's rankings from the archive (and today's live figures while the month runs). */
	async compute(hall: string, month: string): Promise<MonthAssessment> {
		const period = reportPeriod('month', `${month}-01`, undefined, 31);
		const index = this.o.reports.index(hall);
		const rules = assessmentRules(index.config.assessment);
		const facts: HallPeriodFacts = await this.o.reports.periodFacts(hall, period);
		const complaints = currentComplaints(await this.o.store.complaints(hall, month));
		const now = this.o.now();
		const subjects = (kind: SubjectKind): SubjectFigures[] =>
			reportRows([facts], kind, {}, now)
				.filter((r) => r.key !== '')
				.map((r) => ({ id: r.key, label: r.label, kpis: servingKpis(r.sums), time: r.time, cases: facts.cases.filter((c) => (kind === 'counter' ? c.counter : c.staff) === r.key), complaints: complaints.get(`${kind}/${r.key}`) ?? 0 }));
		const tz = index.config.timeZone;
		return {
			hall,
			month,
			from: period.from,
			to: period.to,
			asOf: facts.asOf,
			rules,
			counters: rankSubjects('counter', subjects('counter'), rules, facts.asOf, tz).subjects,
			staff: rankSubjects('staff', subjects('staff'), rules, facts.asOf, tz).subjects
		};
	}
}
