import type { StaffAccountView } from '$contract';
import { request, RequestError, type HallSocket } from '$lib/client/socket';

type StaffAction = 'staff:unlock' | 'staff:signOut' | 'staff:resetPassword';

/** Admins: the staff accounts of the hall (asked for on connecting and after each action). */
export class StaffWatch {
	staff = $state.raw<StaffAccountView[]>([]);
	error = $state<string | null>(null);
	/** The staff id an action was last done for, and which: shown as done. */
	done = $state<{ staff: string; action: StaffAction } | null>(null);
	private socket: HallSocket | null = null;

	attach(socket: HallSocket): void {
		this.socket = socket;
		socket.on('connect', () => void this.refresh());
	}

	dispose(): void {
		this.socket = null;
	}

	async refresh(): Promise<void> {
		const socket = this.socket;
		if (!socket?.connected) return;
		try {
			this.staff = await request(socket, 'staff:list', {}, 8000);
		} catch {
			// Shown as it was; the next connection asks again.
		}
	}

	/** Unlocks, signs out or resets the password of one person; false (and `error` set) when refused. */
	async act(action: StaffAction, staff: string, password?: string): Promise<boolean> {
		const socket = this.socket;
		if (!socket) return false;
		this.error = null;
		this.done = null;
		try {
			const payload = action === 'staff:resetPassword' ? { staff, password: password ?? '' } : { staff };
			const updated = await request(socket, action, payload, 8000);
			this.staff = this.staff.map((s) => (s.id === updated.id ? updated : s));
			this.done = { staff, action };
			return true;
		} catch (err) {
			this.error = err instanceof RequestError ? err.code : 'INTERNAL';
			return false;
		}
	}
}
