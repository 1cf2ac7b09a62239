/** The audit log view: the search asked, the entries found so far, the next page. */
import type { AuditEntryView, AuditPageView } from '$auditContract';
import { fetchAudit, type AuditAsk } from './audit-api';

export class AuditController {
	ask = $state<AuditAsk>({ hall: '', from: '', to: '', action: '', actor: '', ticket: '' });
	entries = $state<AuditEntryView[]>([]);
	page = $state<AuditPageView | null>(null);
	loading = $state(false);
	error = $state<string | null>(null);
	/** Answers to an older search are dropped. */
	private asked = 0;

	constructor(hall: string, today: string) {
		this.ask = { hall, from: today, to: today, action: '', actor: '', ticket: '' };
	}

	/** A new search from the first page. */
	async search(change: Partial<AuditAsk> = {}): Promise<void> {
		this.ask = { ...this.ask, ...change };
		if (this.ask.to < this.ask.from) this.ask.to = this.ask.from;
		const n = ++this.asked;
		this.loading = true;
		const a = await fetchAudit(this.ask, null);
		if (n !== this.asked) return;
		this.loading = false;
		if (!a.ok) {
			this.error = a.code;
			this.entries = [];
			this.page = null;
			return;
		}
		this.error = null;
		this.page = a.value;
		this.entries = a.value.entries;
	}

	/** The next page of the same search, added below. */
	async more(): Promise<void> {
		const next = this.page?.next;
		if (!next || this.loading) return;
		const n = this.asked;
		this.loading = true;
		const a = await fetchAudit(this.ask, next);
		if (n !== this.asked) return;
		this.loading = false;
		if (!a.ok) {
			this.error = a.code;
			return;
		}
		this.page = a.value;
		this.entries = [...this.entries, ...a.value.entries];
	}
}
