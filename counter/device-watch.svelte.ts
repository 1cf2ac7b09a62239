import type { BoardStateView, DeviceAlert } from '$contract';
import { request, type HallSocket } from '$lib/client/socket';

/** Boards are asked for again this often (alerts are pushed at once). */
const REFRESH_MS = 15_000;

/**
 * What a supervisor sees of the hall's devices: every board with its last report (connected, last
 * call shown and spoken, sound blocked) and the device problems now open (printer out of paper, a
 * board that cannot speak).
 */
export class DeviceWatch {
	boards = $state.raw<BoardStateView[]>([]);
	/** Open alerts, one per device (`key`), the latest changed first. */
	alerts = $state.raw<DeviceAlert[]>([]);
	private timer: ReturnType<typeof setInterval> | null = null;
	private socket: HallSocket | null = null;

	attach(socket: HallSocket): void {
		this.socket = socket;
		socket.on('connect', () => void this.refresh());
		socket.on('device:alert', (a) => {
			const others = this.alerts.filter((x) => x.key !== a.key);
			this.alerts = a.active ? [a, ...others] : others;
			void this.refresh();
		});
		// A board's catch-up after an absence: shown with the board, nothing stays open.
		socket.on('device:notice', () => void this.refresh());
		this.timer ??= setInterval(() => void this.refresh(), REFRESH_MS);
	}

	dispose(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		this.socket = null;
	}

	private async refresh(): Promise<void> {
		const socket = this.socket;
		if (!socket?.connected) return;
		try {
			this.boards = await request(socket, 'boards:state', {}, 8000);
		} catch {
			// Shown as it was; the next refresh tries again.
		}
	}
}
