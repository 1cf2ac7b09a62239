/**
 * The values the sample halls are made with (scripts/make-sample-halls.ts): committed to the
 * repository, so known to anyone. A production start refuses every one of them (production-mode.ts).
 */
import type { DeviceConfig } from '../core/model';

export const DEMO_PASSWORD = 'hallq-demo';

/** A sample hall's secret: `DEMO-ONLY-not-for-production-hallq-<hall>-000…` (48 characters). */
export const DEMO_SECRET_MARK = 'DEMO-ONLY-not-for-production';

/** The token of a sample hall's device: `demo-<hall>-kiosk-K01`, `demo-<hall>-board-hall`, `demo-<hall>-<id>`. */
export function demoDeviceToken(hall: string, device: Pick<DeviceConfig, 'id' | 'kind'>): string {
	const suffix = device.kind === 'kiosk' ? `kiosk-${device.id}` : device.kind === 'display' ? `board-${device.id}` : device.id;
	return `demo-${hall}-${suffix}`;
}
