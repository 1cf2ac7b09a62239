import type { Text } from '$contract';
import type { ReportFilter, ReportGroup, ReportPeriod, ReportRow, ReportScope, ReportView } from '$reportContract';
import { fetchReport, fetchScope, signIn, signOut, type ReportAsk } from './report-api';
import { addDays, dayCount, monthStart } from './report-dates';

/** One level of the drill-down: what it shows and the row it was opened from. */
export interface Crumb {
	by: ReportGroup;
	halls: string[];
	filter: ReportFilter;
	label: Text | null;
}

export type Phase = 'starting' | 'signIn' | 'forbidden' | 'noArchive' | 'ready';

/** The reports page: who may read which halls, the period, the drill-down path, and the report shown. */
export class ReportsController {
	phase = $state<Phase>('starting');
	scope = $state<ReportScope | null>(null);
	period = $state<ReportPeriod>('month');
	from = $state('');
	to = $state('');
	crumbs = $state<Crumb[]>([]);
	page = $state(1);
	report = $state<ReportView | null>(null);
	loading = $state(false);
	error = $state<string | null>(null);
	loginError = $state<string | null>(null);
	signingIn = $state(false);
	private asked = 0;

	get here(): Crumb | undefined {
		return this.crumbs[this.crumbs.length - 1];
	}

	get ask(): ReportAsk | null {
		const here = this.here;
		if (!here) return null;
		return { halls: here.halls, period: this.period, from: this.from, to: this.to, by: here.by, filter: here.filter, page: this.page };
	}

	async start(): Promise<void> {
		const scope = await fetchScope();
		if (!scope.ok) {
			this.phase = scope.status === 401 ? 'signIn' : scope.status === 403 ? 'forbidden' : scope.code === 'STORE.UNAVAILABLE' ? 'noArchive' : 'signIn';
			if (scope.status !== 401 && scope.status !== 403 && scope.code !== 'STORE.UNAVAILABLE') this.loginError = scope.code;
			return;
		}
		this.scope = scope.value;
		// The monthly report is the one supervisors read: last month by default.
		this.period = 'month';
		this.from = monthStart(scope.value.today, -1);
		this.to = addDays(monthStart(scope.value.today), -1);
		this.crumbs = [this.rootCrumb(scope.value.halls.length > 1 ? '*' : scope.value.hall)];
		this.phase = 'ready';
		await this.load();
	}

	/** A hall alone by counter; all halls of the network side by side. */
	private rootCrumb(choice: string): Crumb {
		const all = this.scope?.halls.map((h) => h.id) ?? [];
		return choice === '*' ? { by: 'hall', halls: all, filter: {}, label: null } : { by: 'counter', halls: [choice], filter: {}, label: null };
	}

	get hallChoice(): string {
		const root = this.crumbs[0];
		if (!root) return '';
		return root.halls.length > 1 ? '*' : (root.halls[0] ?? '');
	}

	chooseHall(choice: string): void {
		this.crumbs = [this.rootCrumb(choice)];
		void this.reload();
	}

	choosePeriod(period: ReportPeriod): void {
		this.period = period;
		const today = this.scope?.today ?? this.from;
		if (period === 'day') this.from = today;
		else if (period === 'week') this.from = today;
		else if (period === 'month') this.from = monthStart(this.from || today);
		else this.to = this.report?.period.to ?? this.to ?? today;
		void this.reload();
	}

	chooseFrom(day: string): void {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
		this.from = day;
		if (this.period === 'range' && dayCount(this.from, this.to) < 1) this.to = day;
		void this.reload();
	}

	chooseTo(day: string): void {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return;
		this.to = day;
		if (dayCount(this.from, this.to) < 1) this.from = day;
		void this.reload();
	}

	/** The period before (-1) or after (+1) the one shown. */
	shift(step: -1 | 1): void {
		const shown = this.report?.period;
		if (!shown) return;
		if (this.period === 'month') this.from = monthStart(shown.from, step);
		else if (this.period === 'range') {
			this.from = addDays(shown.from, step * shown.days);
			this.to = addDays(shown.to, step * shown.days);
		} else this.from = addDays(shown.from, step * shown.days);
		void this.reload();
	}

	groupBy(by: ReportGroup): void {
		const here = this.here;
		if (!here || here.by === by) return;
		this.crumbs = [...this.crumbs.slice(0, -1), { ...here, by }];
		void this.reload();
	}

	drill(row: ReportRow): void {
		if (!row.drill) return;
		this.crumbs = [...this.crumbs, { by: row.drill.by, halls: row.drill.halls, filter: row.drill.filter, label: row.label }];
		void this.reload();
	}

	/** Back to the level `i` of the breadcrumb. */
	back(i: number): void {
		if (i >= this.crumbs.length - 1) return;
		this.crumbs = this.crumbs.slice(0, i + 1);
		void this.reload();
	}

	goToPage(page: number): void {
		this.page = page;
		void this.load();
	}

	private reload(): Promise<void> {
		this.page = 1;
		return this.load();
	}

	async load(): Promise<void> {
		const ask = this.ask;
		if (!ask) return;
		const mine = ++this.asked;
		this.loading = true;
		this.error = null;
		const answer = await fetchReport(ask);
		if (mine !== this.asked) return;
		this.loading = false;
		if (answer.ok) {
			this.report = answer.value;
			return;
		}
		if (answer.status === 401) this.phase = 'signIn';
		else this.error = answer.code;
	}

	async signIn(hall: string, staff: string, password: string): Promise<void> {
		if (this.signingIn) return;
		this.signingIn = true;
		this.loginError = null;
		const answer = await signIn(hall, staff, password);
		this.signingIn = false;
		if (!answer.ok) {
			this.loginError = answer.code;
			return;
		}
		this.phase = 'starting';
		await this.start();
	}

	async signOut(): Promise<void> {
		await signOut();
		this.report = null;
		this.scope = null;
		this.crumbs = [];
		this.phase = 'signIn';
	}
}
