import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isPrinterError, type PrinterErrorCode } from '../../../printer/errors';
import { ThermalPrinter } from '../../../printer/printer';
import { DeviceFileTransport } from '../../../printer/transport/device-file';
import { SerialTransport, type SerialPortLike } from '../../../printer/transport/serial';

const dir = mkdtempSync(join(tmpdir(), 'hallq-lp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<PrinterErrorCode | 'resolved' | 'other'> {
	try {
		await promise;
		return 'resolved';
	} catch (err) {
		return isPrinterError(err) ? err.code : 'other';
	}
}

type Listener = (arg: never) => void;

/** Like serialport's binding mock: records what is written, answers through `reply`. */
class MockSerialPort implements SerialPortLike {
	readonly path = '/dev/ttyMOCK0';
	isOpen = false;
	readonly writes: Buffer[] = [];
	failOpen: Error | null = null;
	reply: (written: Buffer) => number[] = () => [];
	private readonly listeners = new Map<string, Listener[]>();

	open(callback: (err: Error | null) => void): void {
		this.isOpen = this.failOpen === null;
		setImmediate(() => callback(this.failOpen));
	}
	write(data: Buffer, callback?: (err: Error | null) => void): boolean {
		this.writes.push(Buffer.from(data));
		setImmediate(() => {
			callback?.(null);
			const answer = this.reply(data);
			if (answer.length > 0) this.emit('data', Buffer.from(answer));
		});
		return true;
	}
	drain(callback: (err: Error | null) => void): void {
		setImmediate(() => callback(null));
	}
	close(callback: (err: Error | null) => void): void {
		this.isOpen = false;
		setImmediate(() => {
			callback(null);
			this.emit('close', undefined);
		});
	}
	on(event: string, listener: Listener): this {
		this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
		return this;
	}
	private emit(event: string, arg: unknown): void {
		for (const listener of this.listeners.get(event) ?? []) (listener as (arg: unknown) => void)(arg);
	}
}

describe('serial transport', () => {
	it('writes jobs, answers status through the injected port and closes it', async () => {
		const port = new MockSerialPort();
		// Paper near end on DLE EOT 4, everything else fine.
		port.reply = (written) => (written[0] === 0x10 && written[1] === 0x04 ? [written[2] === 4 ? 0x1e : 0x12] : []);
		const printer = new ThermalPrinter(await SerialTransport.open(port), { statusTimeoutMs: 3000 });
		expect(port.isOpen).toBe(true);
		const { after } = await printer.print(Uint8Array.of(0x1b, 0x40, 0x41, 0x0a, 0x1d, 0x56, 0x01));
		expect(after.condition).toBe('paperNearEnd');
		const sent = Buffer.concat(port.writes);
		expect([...sent.subarray(12, 19)]).toEqual([0x1b, 0x40, 0x41, 0x0a, 0x1d, 0x56, 0x01]);
		expect([...sent.subarray(0, 12)]).toEqual([0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4]);
		await printer.close();
		expect(port.isOpen).toBe(false);
		expect(await rejection(printer.transport.write(Uint8Array.of(0x0a)))).toBe('PRINTER.OFFLINE');
	});

	it('times out a port that never answers', async () => {
		const port = new MockSerialPort();
		const transport = await SerialTransport.open(port);
		expect(await rejection(transport.requestStatus(Uint8Array.of(0x10, 0x04, 0x01), 1, 50))).toBe('PRINTER.TIMEOUT');
		expect((await new ThermalPrinter(transport, { statusTimeoutMs: 50 }).check()).problem).toBe('PRINTER.TIMEOUT');
		await transport.close();
	});

	it('reports a port that cannot be opened', async () => {
		const port = new MockSerialPort();
		port.failOpen = new Error('Permission denied');
		expect(await rejection(SerialTransport.open(port))).toBe('PRINTER.CONNECT_FAILED');
	});
});

describe('device file transport', () => {
	it('writes the job to the file; a write-only device reports status unknown and still prints', async () => {
		const path = join(dir, 'lp0');
		writeFileSync(path, '');
		const transport = await DeviceFileTransport.open(path, { read: false });
		expect(transport.canReadStatus).toBe(false);
		expect(await rejection(transport.requestStatus(Uint8Array.of(0x10, 0x04, 0x01), 1))).toBe('PRINTER.STATUS_UNSUPPORTED');
		const printer = new ThermalPrinter(transport);
		const { before, after } = await printer.print(Uint8Array.of(0x1b, 0x40, 0xd6, 0xd0));
		expect([before.condition, after.condition]).toEqual(['unknown', 'unknown']);
		await transport.write(Uint8Array.of(0x1d, 0x56, 0x00));
		await printer.close();
		expect([...readFileSync(path)]).toEqual([0x1b, 0x40, 0xd6, 0xd0, 0x1d, 0x56, 0x00]);
	});

	it('a readable device that never answers times out', async () => {
		const path = join(dir, 'lp1');
		writeFileSync(path, '');
		const transport = await DeviceFileTransport.open(path);
		expect(transport.canReadStatus).toBe(true);
		expect(await rejection(transport.requestStatus(Uint8Array.of(0x10, 0x04, 0x01), 1, 60))).toBe('PRINTER.TIMEOUT');
		await transport.close();
	});

	it('a missing device cannot be opened', async () => {
		expect(await rejection(DeviceFileTransport.open(join(dir, 'missing', 'lp9')))).toBe('PRINTER.CONNECT_FAILED');
	});
});
