import type { HallIndex } from '../core/hall-index';
import type { DeviceConfig } from '../core/model';
import type { BoardHealth, DeviceAlert, DeviceAlertKind, DeviceStateView, PrinterStateView, SocketData } from './contract';
import type { DeviceAlerts } from './device-alerts';

/** A device gone this long (no connection to any process) is offline: a board reloading after a deploy is not. */
export const OFFLINE_AFTER_MS = 60_000;
export const OFFLINE = 'DEVICE.OFFLINE';

/** The device alert kind under which a device's being offline is kept (a board's shares its key with its sound). */
function offlineKind(kind: DeviceConfig['kind']): DeviceAlertKind | null {
	if (kind === 'kiosk') return 'kiosk';
	if (kind === 'display') return 'board';
	if (kind === 'evaluator') return 'evaluator';
	return null;
}

interface Connected {
	data: Pick<SocketData, 'role' | 'actor' | 'board'>;
}

/** A board's latest report among its connections (a reload may leave an old one open a while), or null. */
export function latestReport(connections: readonly Connected[]): BoardHealth | null {
	const reports = connections.map((s) => s.data.board).filter((b): b is BoardHealth => b !== undefined);
	return reports.sort((a, b) => b.at - a.at)[0] ?? null;
}

/** Every configured device of the hall: connections (any process), last seen, its problem, a kiosk's printer, a board's report. */
export function deviceStates(
	index: HallIndex,
	sockets: readonly Connected[],
	open: readonly DeviceAlert[],
	printerOf: (kiosk: string) => PrinterStateView | null,
	leftAt: ReadonlyMap<string, number>,
	now: number
): DeviceStateView[] {
	return index.config.devices.map((d) => {
		const mine = sockets.filter((s) => s.data.actor === d.id && s.data.role === d.kind);
		const problems = open.filter((a) => a.device === d.id && (a.kind !== 'printer' || d.kind === 'kiosk'));
		// Being offline first: it hides every other problem of the device.
		const problem = problems.find((a) => a.problem === OFFLINE)?.problem ?? problems.find((a) => a.problem)?.problem ?? null;
		const view: DeviceStateView = { device: d.id, kind: d.kind, name: d.name, connections: mine.length, lastSeen: mine.length > 0 ? now : (leftAt.get(d.id) ?? null), problem };
		if (d.kind === 'kiosk') view.printer = printerOf(d.id);
		if (d.kind === 'display') view.board = latestReport(mine);
		return view;
	});
}

/**
 * Opens the offline alert of every kiosk, board and evaluation terminal seen today that has had no
 * connection to any process for `OFFLINE_AFTER_MS`, and closes it for those back. Answers the
 * changes to tell supervisors of.
 */
export function updateOffline(
	index: HallIndex,
	hall: string,
	sockets: readonly Connected[],
	alerts: DeviceAlerts,
	seenToday: (device: string) => boolean,
	leftAt: ReadonlyMap<string, number>,
	now: number
): DeviceAlert[] {
	const changes: DeviceAlert[] = [];
	const connected = new Set(sockets.map((s) => s.data.actor));
	for (const d of index.config.devices) {
		const kind = offlineKind(d.kind);
		if (!kind) continue;
		const offline = !connected.has(d.id) && seenToday(d.id) && now - (leftAt.get(d.id) ?? now) >= OFFLINE_AFTER_MS;
		const before = alerts.problemOf(hall, kind, d.id);
		let change: DeviceAlert | null = null;
		if (offline && before !== OFFLINE) change = alerts.update(hall, kind, d.id, 'offline', OFFLINE, now);
		else if (!offline && before === OFFLINE) change = alerts.update(hall, kind, d.id, 'offline', null, now);
		if (change) changes.push(change);
	}
	return changes;
}
