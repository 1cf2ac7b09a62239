/**
 * The values the sample halls are made with (scripts/make-sample-halls.ts): committed to the
 * repository, so known to anyone. A production start refuses every one of them (production-mode.ts).
 */
import type { KeyMaterial } from '../app/keyring';
import type { DeviceConfig } from '../core/model';

export const DEMO_PASSWORD = 'hallq-demo';

/** Every demo key contains it; a production start refuses any key that does. */
export const DEMO_SECRET_MARK = 'DEMO-ONLY-not-for-production';

/** The keys of a start without HALLQ_SECRETS_FILE or HALLQ_MASTER_KEYS (the demo; refused in production). */
export const DEMO_KEYS: KeyMaterial = {
	masterKeys: [{ id: 'demo', secret: `${DEMO_SECRET_MARK}-hallq-master-key` }],
	idPeppers: [{ id: 'demo', secret: `${DEMO_SECRET_MARK}-hallq-id-number-pepper` }]
};

/** The token of a sample hall's device: `demo-<hall>-kiosk-K01`, `demo-<hall>-board-hall`, `demo-<hall>-<id>`. */
export function demoDeviceToken(hall: string, device: Pick<DeviceConfig, 'id' | 'kind'>): string {
	const suffix = device.kind === 'kiosk' ? `kiosk-${device.id}` : device.kind === 'display' ? `board-${device.id}` : device.id;
	return `demo-${hall}-${suffix}`;
}
