import type { DeviceAlert, DeviceAlertKind } from './contract';

/**
 * The open device alerts of this process, one per device of a hall (`key` = `kind:device`): a
 * problem opens it, another problem updates it (same `since`), no problem closes it. `update`
 * answers the `device:alert` to send, or null when supervisors need not hear of it (the condition
 * moved, the problem did not).
 */
export class DeviceAlerts {
	private readonly open = new Map<string, DeviceAlert>();

	update(hall: string, kind: DeviceAlertKind, device: string, condition: DeviceAlert['condition'], problem: string | null, now: number): DeviceAlert | null {
		const key = alertKey(kind, device);
		const id = `${hall}\n${key}`;
		const before = this.open.get(id) ?? null;
		if (before && problem === before.problem) {
			this.open.set(id, { ...before, condition });
			return null;
		}
		if (!before && !problem) return null;
		const alert: DeviceAlert = { hall, key, device, kind, active: problem !== null, condition, problem, previous: before?.problem ?? null, since: before?.since ?? now, at: now };
		if (problem) this.open.set(id, alert);
		else this.open.delete(id);
		return alert;
	}

	/** The open problem of a device under `kind`, or null. */
	problemOf(hall: string, kind: DeviceAlertKind, device: string): string | null {
		return this.open.get(`${hall}\n${alertKey(kind, device)}`)?.problem ?? null;
	}

	/** The alerts open now in a hall (sent to a supervisor who signs in). */
	openIn(hall: string): DeviceAlert[] {
		return [...this.open.values()].filter((a) => a.hall === hall);
	}
}

export function alertKey(kind: DeviceAlertKind, device: string): string {
	return `${kind}:${device}`;
}
