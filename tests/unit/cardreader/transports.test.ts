import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { COMMANDS, encodeRequest, encodeResponse, toHex } from '../../../cardreader/frame';
import { CardReader } from '../../../cardreader/reader';
import { hidTransport, type HidDeviceLike } from '../../../cardreader/transports/hid';
import { SERIAL_SETTINGS, serialTransport, type SerialPortLike } from '../../../cardreader/transports/serial';
import { tcpTransport } from '../../../cardreader/transports/tcp';
import { USB_READER_ID, usbBulkTransport, type UsbBulkDeviceLike } from '../../../cardreader/transports/usb-bulk';
import { fictitiousCard } from '../../../cardreader/simulator/identities';
import { SimulatedSam } from '../../../cardreader/simulator/simulated-sam';
import { startSimulatorServer } from '../../../cardreader/simulator/server';

/** A node-hid lookalike: records output reports, emits input reports (binding-mock style). */
class MockHid extends EventEmitter implements HidDeviceLike {
	readonly written: number[][] = [];
	closed = false;
	write(report: number[]): number {
		this.written.push(report);
		return report.length;
	}
	close(): void {
		this.closed = true;
	}
}

class MockSerial extends EventEmitter implements SerialPortLike {
	readonly written: Uint8Array[] = [];
	isOpen = true;
	write(data: Uint8Array, callback: (error: Error | null | undefined) => void): boolean {
		this.written.push(data);
		callback(null);
		return true;
	}
	close(callback?: (error?: Error | null) => void): void {
		this.isOpen = false;
		callback?.(null);
		this.emit('close', null);
	}
}

const chunksOf = (t: { onData(l: (c: Uint8Array) => void): void }): Uint8Array[] => {
	const got: Uint8Array[] = [];
	t.onData((c) => got.push(c));
	return got;
};

describe('HID transport', () => {
	it('sends a command as one 64-byte report behind the report id', async () => {
		const device = new MockHid();
		const transport = await hidTransport(() => device)();
		await transport.write(encodeRequest(COMMANDS.findCard));
		expect(device.written).toHaveLength(1);
		expect(device.written[0]).toHaveLength(65);
		expect(toHex(Uint8Array.from(device.written[0] ?? []).subarray(0, 11))).toBe('00 AA AA AA 96 69 00 03 20 01 22');
		expect(device.written[0]?.slice(11).every((b) => b === 0)).toBe(true);
	});

	it('splits a long write into reports of the configured size and id', async () => {
		const device = new MockHid();
		const transport = await hidTransport(() => device, { reportId: 2, reportSize: 32 })();
		await transport.write(new Uint8Array(70).fill(1));
		expect(device.written.map((r) => [r[0], r.length])).toEqual([[2, 33], [2, 33], [2, 33]]);
		expect(device.written[2]?.slice(1, 7)).toEqual([1, 1, 1, 1, 1, 1]);
		expect(device.written[2]?.[7]).toBe(0);
	});

	it('hands on input reports, dropping a report id byte when reports are numbered', async () => {
		const device = new MockHid();
		const transport = await hidTransport(() => device, { reportId: 2 })();
		const got = chunksOf(transport);
		device.emit('data', Uint8Array.of(2, 0xaa, 0xaa));
		expect(got.map((c) => toHex(c))).toEqual(['AA AA']);
	});

	it('closes on a device error (unplugged) and closes the device on close()', async () => {
		const device = new MockHid();
		const transport = await hidTransport(() => device)();
		const closes: (Error | undefined)[] = [];
		transport.onClose((e) => closes.push(e));
		device.emit('error', new Error('could not read from HID device'));
		expect(closes.map((e) => e?.message)).toEqual(['could not read from HID device']);
		const otherDevice = new MockHid();
		const other = await hidTransport(() => otherDevice)();
		await other.close();
		await other.close();
		expect(otherDevice.closed).toBe(true);
	});

	it('carries a full card read through a reader driver in 64-byte reports', async () => {
		const sam = new SimulatedSam({ chunking: { kind: 'fixed', size: 64 } });
		const card = fictitiousCard('resident');
		sam.insert(card);
		const device = new MockHid();
		device.write = (report: number[]): number => {
			// The device sees report payloads; it answers with 64-byte reports, zero-padded at the end.
			for (const chunk of sam.receive(Uint8Array.from(report.slice(1)))) {
				const padded = new Uint8Array(64);
				padded.set(chunk);
				queueMicrotask(() => device.emit('data', padded));
			}
			return report.length;
		};
		const reader = new CardReader({ open: hidTransport(() => device) });
		const identity = new Promise((resolve) => reader.on('card', (e) => resolve(e.identity)));
		reader.start();
		expect(await identity).toEqual(card);
		await reader.stop();
		expect(device.closed).toBe(true);
	});
});

describe('serial transport', () => {
	it('uses 115200 8N1', () => {
		expect(SERIAL_SETTINGS).toEqual({ baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 });
	});

	it('writes bytes as they are, hands on bursts and closes on disconnect', async () => {
		const port = new MockSerial();
		const transport = await serialTransport(() => port)();
		const got = chunksOf(transport);
		const closes: string[] = [];
		transport.onClose((e) => closes.push(e?.message ?? 'closed'));
		await transport.write(encodeRequest(COMMANDS.selectCard));
		expect(port.written.map((w) => toHex(w))).toEqual(['AA AA AA 96 69 00 03 20 02 21']);
		port.emit('data', encodeResponse([0, 0, 0x80]));
		expect(got.map((c) => toHex(c))).toEqual(['AA AA AA 96 69 00 04 00 00 80 84']);
		port.emit('close', new Error('disconnected'));
		port.emit('close', null);
		expect(closes).toEqual(['disconnected']);
	});

	it('rejects a failed write', async () => {
		const port = new MockSerial();
		port.write = (_data, callback) => (callback(new Error('port not open')), false);
		const transport = await serialTransport(() => port)();
		await expect(transport.write(Uint8Array.of(1))).rejects.toThrow('port not open');
	});
});

describe('USB bulk transport', () => {
	it('is for 0400:C35A and sends 64-byte packets', async () => {
		expect(USB_READER_ID).toEqual({ vendorId: 0x0400, productId: 0xc35a });
		const packets: Uint8Array[] = [];
		let onError: (e: Error) => void = () => undefined;
		const device: UsbBulkDeviceLike = {
			transferOut: async (p) => void packets.push(p.slice()),
			onData: () => undefined,
			onError: (l) => (onError = l),
			close: async () => undefined
		};
		const transport = await usbBulkTransport(async () => device)();
		const closed: string[] = [];
		transport.onClose((e) => closed.push(e?.message ?? ''));
		await transport.write(new Uint8Array(130));
		expect(packets.map((p) => p.length)).toEqual([64, 64, 2]);
		onError(new Error('LIBUSB_ERROR_NO_DEVICE'));
		expect(closed).toEqual(['LIBUSB_ERROR_NO_DEVICE']);
	});
});

describe('the simulator over TCP', () => {
	it('serves a reader driver on a TCP port, and the driver reconnects after the connection drops', async () => {
		const sam = new SimulatedSam({ chunking: { kind: 'random', max: 40 } });
		const server = await startSimulatorServer(sam);
		const reader = new CardReader({ open: tcpTransport('127.0.0.1', server.port), reconnectInitialMs: 20 });
		const log: string[] = [];
		reader.on('card', (e) => log.push(`card ${e.identity.kind}`));
		reader.on('removed', () => log.push('removed'));
		reader.on('connected', () => log.push('connected'));
		reader.on('disconnected', () => log.push('disconnected'));
		sam.insert(fictitiousCard('foreign-2017'));
		reader.start();
		try {
			await expect.poll(() => log, { timeout: 5000, interval: 20 }).toEqual(['connected', 'card foreign-2017']);
			server.dropConnection();
			await expect.poll(() => log.length, { timeout: 5000, interval: 20 }).toBe(6);
			expect(log.slice(2)).toEqual(['removed', 'disconnected', 'connected', 'card foreign-2017']);
		} finally {
			await reader.stop();
			await server.close();
		}
	});
});
