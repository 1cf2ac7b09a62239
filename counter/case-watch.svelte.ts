import type { CaseStatus, CaseView } from '$contract';
import { request, RequestError, type HallSocket } from '$lib/client/socket';

/** Asked for again this often: "overdue" changes at midnight without any push. */
const REFRESH_MS = 60_000;
const NEXT: Record<CaseStatus, CaseStatus | null> = { open: 'calledBack', calledBack: 'rectified', rectified: 'closed', closed: null };

export function nextStatus(s: CaseStatus): CaseStatus | null {
	return NEXT[s];
}

/** Supervisors: the hall's open follow-up cases of bad ratings, kept up to date by `case:changed`. */
export class CaseWatch {
	cases = $state.raw<CaseView[]>([]);
	error = $state<string | null>(null);
	private socket: HallSocket | null = null;
	private timer: ReturnType<typeof setInterval> | null = null;

	attach(socket: HallSocket): void {
		this.socket = socket;
		socket.on('connect', () => void this.refresh());
		socket.on('case:changed', (c) => {
			const others = this.cases.filter((x) => x.id !== c.id);
			this.cases = c.status === 'closed' ? others : [...others, c].sort((a, b) => a.ratedAt - b.ratedAt);
		});
		this.timer ??= setInterval(() => void this.refresh(), REFRESH_MS);
	}

	dispose(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.socket = null;
	}

	async refresh(): Promise<void> {
		const socket = this.socket;
		if (!socket?.connected) return;
		try {
			this.cases = await request(socket, 'cases:list', {}, 8000);
		} catch {
			// Shown as it was; the next refresh tries again.
		}
	}

	/** Moves a case to its next step with a note; false (and `error` set) when refused. */
	async advance(c: CaseView, note: string): Promise<boolean> {
		const socket = this.socket;
		const to = nextStatus(c.status);
		if (!socket || !to) return false;
		this.error = null;
		try {
			const moved = await request(socket, 'case:update', { id: c.id, status: to, note }, 8000);
			const others = this.cases.filter((x) => x.id !== moved.id);
			this.cases = moved.status === 'closed' ? others : [...others, moved].sort((a, b) => a.ratedAt - b.ratedAt);
			return true;
		} catch (err) {
			this.error = err instanceof RequestError ? err.code : 'INTERNAL';
			void this.refresh();
			return false;
		}
	}
}
