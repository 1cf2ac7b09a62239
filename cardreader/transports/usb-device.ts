/**
 * Opens a vendor-class reader (two bulk endpoints, e.g. 0400:C35A) with the `usb` package (2.x,
 * libusb built in) and wraps it as the UsbBulkDeviceLike that usbBulkTransport (usb-bulk.ts) drives:
 * interface 0 claimed (the kernel driver detached if one holds it), the IN endpoint polled, every
 * OUT packet one bulk transfer. A poll error is how `usb` reports the reader being unplugged.
 */
import { USB_BULK_PACKET_SIZE, type UsbBulkDeviceLike } from './usb-bulk';
import { loadDriver, noReader } from './device-loader';

type UsbPackage = typeof import('usb');

export interface UsbDeviceOptions {
	/** Replaces `import('usb')` (tests: a package that fails to load). */
	load?: () => Promise<UsbPackage>;
	interfaceNumber?: number;
}

export async function openUsbBulk(vendorId: number, productId: number, options: UsbDeviceOptions = {}): Promise<UsbBulkDeviceLike> {
	const usb = await loadDriver('usb', options.load ?? (() => import('usb')));
	const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
	let device: ReturnType<UsbPackage['findByIds']>;
	try {
		device = usb.findByIds(vendorId, productId);
	} catch (error) {
		throw noReader('USB', vendorId, productId, describe(error));
	}
	if (!device) throw noReader('USB', vendorId, productId, 'not attached');
	const found = device;
	try {
		found.open();
		const iface = found.interface(options.interfaceNumber ?? 0);
		if (iface.isKernelDriverActive()) iface.detachKernelDriver();
		iface.claim();
		const bulk = usb.usb.LIBUSB_TRANSFER_TYPE_BULK;
		const inEndpoint = iface.endpoints.find((e) => e.direction === 'in' && e.transferType === bulk);
		const outEndpoint = iface.endpoints.find((e) => e.direction === 'out' && e.transferType === bulk);
		if (!(inEndpoint instanceof usb.InEndpoint) || !(outEndpoint instanceof usb.OutEndpoint)) throw new Error('interface has no bulk IN and OUT endpoints');
		inEndpoint.startPoll(2, USB_BULK_PACKET_SIZE * 32);
		return {
			transferOut: (packet) =>
				new Promise<void>((resolve, reject) => {
					outEndpoint.transfer(Buffer.from(packet), (error) => (error ? reject(error) : resolve()));
				}),
			onData: (listener) => inEndpoint.on('data', (data: Buffer) => listener(data)),
			onError: (listener) => inEndpoint.on('error', (error: Error) => listener(error)),
			close: () =>
				new Promise<void>((resolve) => {
					inEndpoint.stopPoll(() => {
						iface.release(true, () => {
							try {
								found.close();
							} catch {
								// already gone (unplugged)
							}
							resolve();
						});
					});
				})
		};
	} catch (error) {
		try {
			found.close();
		} catch {
			// not opened
		}
		throw noReader('USB', vendorId, productId, describe(error));
	}
}
