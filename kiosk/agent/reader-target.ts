/**
 * `--reader` of the agent: which ID-card reader the kiosk PC has and how to reach it.
 *
 *   hid:VID:PID[:reportId[:reportSize]]   a HID reader (node-hid), e.g. hid:0483:5750 (report id 0, 64-byte reports)
 *   serial:/dev/ttyUSB0[@baud]            a serial or USB CDC reader (serialport, 8N1; 115200 baud unless given,
 *                                         e.g. serial:/dev/ttyS0@9600 for readers set to 9600)
 *   usb[:VID:PID]                         a vendor-class reader on bulk endpoints (usb), default 0400:C35A
 *   tcp:host:port                         the reader simulator (npm run reader:sim) or a serial-to-network bridge
 */
import { hidTransport } from '../../cardreader/transports/hid';
import { openNodeHid } from '../../cardreader/transports/node-hid-device';
import { serialTransport, SERIAL_SETTINGS } from '../../cardreader/transports/serial';
import { tcpTransport } from '../../cardreader/transports/tcp';
import type { OpenTransport } from '../../cardreader/transports/transport';
import { usbBulkTransport, USB_READER_ID } from '../../cardreader/transports/usb-bulk';
import { openUsbBulk } from '../../cardreader/transports/usb-device';

export type ReaderTarget =
	| { kind: 'hid'; vendorId: number; productId: number; reportId: number; reportSize: number }
	| { kind: 'serial'; path: string; baudRate: number }
	| { kind: 'usb'; vendorId: number; productId: number }
	| { kind: 'tcp'; host: string; port: number };

export const READER_USAGE = 'hid:VID:PID[:reportId[:reportSize]] | serial:/dev/ttyUSB0[@baud] | usb[:0400:C35A] | tcp:host:port';

/** The standard rates; ID-card readers ship at 115200 and can be set to 9600…57600 (command 60 0x). */
export const READER_BAUD_RATES: readonly number[] = [9600, 19200, 38400, 57600, 115200];

const HEX4 = '([0-9A-Fa-f]{4})';

/** The target a `--reader` value names; throws with the accepted forms when it names none. */
export function parseReaderTarget(value: string): ReaderTarget {
	const hid = new RegExp(`^hid:${HEX4}:${HEX4}(?::(\\d{1,3}))?(?::(\\d{1,4}))?$`).exec(value);
	if (hid) {
		const reportId = Number(hid[3] ?? 0);
		const reportSize = Number(hid[4] ?? 64);
		if (reportId > 255 || reportSize < 8 || reportSize > 1024) throw new Error(`--reader ${value}: report id 0–255, report size 8–1024`);
		return { kind: 'hid', vendorId: parseInt(hid[1] ?? '', 16), productId: parseInt(hid[2] ?? '', 16), reportId, reportSize };
	}
	const serial = /^serial:(\/[^@]+)(?:@(\d+))?$/.exec(value);
	if (serial) {
		const baudRate = serial[2] ? Number(serial[2]) : SERIAL_SETTINGS.baudRate;
		if (!READER_BAUD_RATES.includes(baudRate)) throw new Error(`--reader ${value}: baud rate one of ${READER_BAUD_RATES.join(', ')}`);
		return { kind: 'serial', path: serial[1] ?? '', baudRate };
	}
	const usb = new RegExp(`^usb(?::${HEX4}:${HEX4})?$`).exec(value);
	if (usb) {
		if (!usb[1]) return { kind: 'usb', ...USB_READER_ID };
		return { kind: 'usb', vendorId: parseInt(usb[1], 16), productId: parseInt(usb[2] ?? '', 16) };
	}
	const tcp = /^tcp:(?:\/\/)?([^:/]+):(\d{1,5})$/.exec(value);
	if (tcp && Number(tcp[2]) > 0 && Number(tcp[2]) < 65536) return { kind: 'tcp', host: tcp[1] ?? '', port: Number(tcp[2]) };
	throw new Error(`--reader ${value}: expected ${READER_USAGE}`);
}

/** How the reader driver (re)opens the target; the native packages load only on the first open. */
export function openReader(target: ReaderTarget): OpenTransport {
	switch (target.kind) {
		case 'hid':
			return hidTransport(() => openNodeHid(target.vendorId, target.productId), { reportId: target.reportId, reportSize: target.reportSize });
		case 'usb':
			return usbBulkTransport(() => openUsbBulk(target.vendorId, target.productId));
		case 'tcp':
			return tcpTransport(target.host, target.port);
		case 'serial':
			return serialTransport(async () => {
				const { SerialPort } = await import('serialport');
				return new Promise((resolve, reject) => {
					const port = new SerialPort({ path: target.path, ...SERIAL_SETTINGS, baudRate: target.baudRate }, (error) => (error ? reject(error) : resolve(port)));
				});
			});
	}
}
