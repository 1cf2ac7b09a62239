/**
 * Vendor-class readers on two bulk endpoints (USB id 0400:C35A, the SAM readers seen in public
 * libusb code). Writes go out in 64-byte packets; each IN transfer is a chunk.
 *
 * Plugging in `usb` later: findByIds(USB_READER_ID.vendorId, USB_READER_ID.productId), open(),
 * claim interface 0, startPoll() on the IN endpoint, and wrap it as a UsbBulkDeviceLike.
 */
import { splitInto } from './hid';
import { TransportEvents, type OpenTransport, type ReaderTransport } from './transport';

export const USB_READER_ID = { vendorId: 0x0400, productId: 0xc35a } as const;
export const USB_BULK_PACKET_SIZE = 64;

export interface UsbBulkDeviceLike {
	transferOut(packet: Uint8Array): Promise<void>;
	onData(listener: (data: Uint8Array) => void): void;
	/** An IN poll error, which is how `usb` reports a detached device. */
	onError(listener: (error: Error) => void): void;
	close(): Promise<void>;
}

export function usbBulkTransport(openDevice: () => Promise<UsbBulkDeviceLike>, packetSize = USB_BULK_PACKET_SIZE): OpenTransport {
	return async () => {
		const device = await openDevice();
		const events = new TransportEvents();
		device.onData((data) => events.data(data));
		device.onError((error) => events.close(error));
		const transport: ReaderTransport = {
			write: async (bytes) => {
				for (const packet of splitInto(bytes, packetSize)) await device.transferOut(packet);
			},
			onData: (l) => events.onData(l),
			onClose: (l) => events.onClose(l),
			close: async () => {
				if (events.isClosed) return;
				await device.close();
				events.close();
			}
		};
		return transport;
	};
}
