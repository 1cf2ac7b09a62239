/**
 * The real-device adapters (node-hid, usb) on a machine with no reader attached: they load the
 * native packages and fail with a coded error a kiosk can show; a package that cannot load is a
 * coded error too. The reader driver passes those codes on.
 */
import { describe, expect, it } from 'vitest';
import { CardReader } from '../../../cardreader/reader';
import { CardReaderError } from '../../../cardreader/status-words';
import { openNodeHid } from '../../../cardreader/transports/node-hid-device';
import { USB_READER_ID } from '../../../cardreader/transports/usb-bulk';
import { openUsbBulk } from '../../../cardreader/transports/usb-device';
import { openReader, parseReaderTarget } from '../../../kiosk/agent/reader-target';

async function codeOf(p: Promise<unknown>): Promise<string> {
	try {
		await p;
	} catch (error) {
		expect(error).toBeInstanceOf(CardReaderError);
		return (error as CardReaderError).code;
	}
	throw new Error('expected a failure');
}

describe('node-hid adapter', () => {
	it('loads node-hid and reports CARD.NO_READER when no such reader is attached', async () => {
		const hid = await import('node-hid');
		expect(typeof hid.HID).toBe('function');
		expect(await codeOf(openNodeHid(0x0483, 0x5750))).toBe('CARD.NO_READER');
	});

	it('reports CARD.DRIVER_MISSING with what to install when the package cannot load', async () => {
		const missing = openNodeHid(0x0483, 0x5750, { load: () => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file')) });
		await expect(missing).rejects.toMatchObject({ code: 'CARD.DRIVER_MISSING', message: expect.stringContaining('libusb-1.0-0') });
	});
});

describe('usb (vendor bulk) adapter', () => {
	it('loads usb and reports CARD.NO_READER when no 0400:C35A is attached', async () => {
		const usb = await import('usb');
		expect(typeof usb.findByIds).toBe('function');
		const error = openUsbBulk(USB_READER_ID.vendorId, USB_READER_ID.productId);
		await expect(error).rejects.toMatchObject({ code: 'CARD.NO_READER', message: expect.stringContaining('0400:C35A') });
	});

	it('reports CARD.DRIVER_MISSING when the package cannot load', async () => {
		expect(await codeOf(openUsbBulk(0x0400, 0xc35a, { load: () => Promise.reject(new Error('Cannot find module usb')) }))).toBe('CARD.DRIVER_MISSING');
	});
});

describe('the agent\'s --reader', () => {
	it.each([
		['hid:0483:5750', { kind: 'hid', vendorId: 0x0483, productId: 0x5750, reportId: 0, reportSize: 64 }],
		['hid:0483:5750:2:32', { kind: 'hid', vendorId: 0x0483, productId: 0x5750, reportId: 2, reportSize: 32 }],
		['serial:/dev/ttyUSB0', { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 115200 }],
		['serial:/dev/ttyS0@9600', { kind: 'serial', path: '/dev/ttyS0', baudRate: 9600 }],
		['usb:0400:C35A', { kind: 'usb', vendorId: 0x0400, productId: 0xc35a }],
		['usb', { kind: 'usb', vendorId: 0x0400, productId: 0xc35a }],
		['tcp:127.0.0.1:7010', { kind: 'tcp', host: '127.0.0.1', port: 7010 }]
	])('%s', (value, target) => {
		expect(parseReaderTarget(value)).toEqual(target);
	});

	it.each(['hid:483:5750', 'hid:0483:5750:300', 'usb:0400', 'serial:ttyUSB0', 'serial:/dev/ttyS0@9601', 'serial:/dev/ttyS0@', 'tcp:host', 'tcp:host:0', 'bluetooth:x'])('refuses %s', (value) => {
		expect(() => parseReaderTarget(value)).toThrow(/--reader/);
	});

	it('drives the reader over HID and USB: with nothing attached the driver reports CARD.NO_READER, not a crash', async () => {
		for (const value of ['hid:0483:5750', 'usb:0400:C35A']) {
			const reader = new CardReader({ open: openReader(parseReaderTarget(value)), reconnectInitialMs: 50 });
			const errors: string[] = [];
			reader.on('error', (e) => errors.push(e.code));
			reader.start();
			await expect.poll(() => errors, { timeout: 5000 }).toContain('CARD.NO_READER');
			await reader.stop();
			expect(reader.connected).toBe(false);
		}
	});
});
