/**
 * Opens a HID reader with node-hid (hidapi; its Linux binaries need Debian's libusb-1.0-0 and
 * libudev1). The device is then driven by hidTransport (hid.ts), which knows the report framing.
 */
import type { HidDeviceLike } from './hid';
import { loadDriver, noReader } from './device-loader';

type NodeHid = typeof import('node-hid');

export interface NodeHidOptions {
	/** Replaces `import('node-hid')` (tests: a package that fails to load). */
	load?: () => Promise<NodeHid>;
}

export async function openNodeHid(vendorId: number, productId: number, options: NodeHidOptions = {}): Promise<HidDeviceLike> {
	const hid = await loadDriver('node-hid', options.load ?? (() => import('node-hid')));
	try {
		return new hid.HID(vendorId, productId);
	} catch (error) {
		throw noReader('HID', vendorId, productId, error instanceof Error ? error.message : String(error));
	}
}
