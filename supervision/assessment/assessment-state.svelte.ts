import type { AssessmentView } from '$assessmentContract';
import { confirmMonth, fetchAssessment, recordComplaints } from './assessment-api';

/** The assessment view: which hall and month, its ranking, and the supervisor's actions on it. */
export class AssessmentController {
	hall = $state('');
	month = $state('');
	view = $state<AssessmentView | null>(null);
	loading = $state(false);
	busy = $state(false);
	error = $state<string | null>(null);
	private asked = 0;

	constructor(hall: string, month: string) {
		this.hall = hall;
		this.month = month;
	}

	choose(hall: string, month: string): void {
		if (!/^\d{4}-\d{2}$/.test(month)) return;
		this.hall = hall;
		this.month = month;
		void this.load();
	}

	async load(): Promise<void> {
		const mine = ++this.asked;
		this.loading = true;
		this.error = null;
		const a = await fetchAssessment(this.hall, this.month);
		if (mine !== this.asked) return;
		this.loading = false;
		if (a.ok) this.view = a.value;
		else this.error = a.code;
	}

	async confirm(note: string): Promise<void> {
		this.busy = true;
		const a = await confirmMonth(this.hall, this.month, note);
		this.busy = false;
		if (a.ok) this.view = a.value;
		else this.error = a.code;
	}

	async complaints(kind: 'counter' | 'staff', subject: string, count: number, reason: string): Promise<boolean> {
		this.busy = true;
		const a = await recordComplaints({ hall: this.hall, month: this.month, kind, subject, count, reason });
		this.busy = false;
		if (!a.ok) {
			this.error = a.code;
			return false;
		}
		await this.load();
		return true;
	}
}
