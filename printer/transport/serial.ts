import { PrinterError } from '../errors';
import { DuplexTransport } from './duplex-transport';

type Callback = (err: Error | null | undefined) => void;

/**
 * The part of the `serialport` package's `SerialPort` we use (create it with `autoOpen: false`),
 * so that package can be plugged in later and tests can pass a mock.
 */
export interface SerialPortLike {
	readonly path: string;
	readonly isOpen: boolean;
	open(callback: Callback): void;
	write(data: Buffer, callback?: Callback): boolean;
	/** Calls back once the OS has sent everything written. */
	drain(callback: Callback): void;
	close(callback: Callback): void;
	on(event: 'data', listener: (chunk: Buffer) => void): unknown;
	on(event: 'close', listener: () => void): unknown;
	on(event: 'error', listener: (err: Error) => void): unknown;
}

/** A serial printer (RS-232 or a USB CDC adapter); use hardware or no flow control with ASB. */
export class SerialTransport extends DuplexTransport {
	readonly description: string;
	private closed = false;

	private constructor(private readonly port: SerialPortLike) {
		super();
		this.description = `serial://${port.path}`;
		port.on('data', (chunk) => this.replies.push(chunk));
		port.on('error', () => undefined);
		port.on('close', () => {
			this.closed = true;
			this.replies.failAll(new PrinterError('PRINTER.OFFLINE', `${this.description}: port closed`));
		});
	}

	static async open(port: SerialPortLike): Promise<SerialTransport> {
		if (!port.isOpen) {
			await new Promise<void>((resolve, reject) =>
				port.open((err) => (err ? reject(new PrinterError('PRINTER.CONNECT_FAILED', `serial://${port.path}: ${err.message}`, { cause: err })) : resolve()))
			);
		}
		return new SerialTransport(port);
	}

	async close(): Promise<void> {
		if (this.closed || !this.port.isOpen) return;
		this.closed = true;
		await new Promise<void>((resolve) => this.port.close(() => resolve()));
		this.replies.failAll(new PrinterError('PRINTER.CLOSED', `${this.description}: closed`));
	}

	protected send(bytes: Uint8Array, timeoutMs: number): Promise<void> {
		if (this.closed) return Promise.reject(new PrinterError('PRINTER.OFFLINE', `${this.description}: port closed`));
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new PrinterError('PRINTER.TIMEOUT', `${this.description}: ${bytes.length} bytes not sent within ${timeoutMs} ms`)), timeoutMs);
			const fail = (err: Error): void => {
				clearTimeout(timer);
				reject(new PrinterError('PRINTER.WRITE_FAILED', `${this.description}: ${err.message}`, { cause: err }));
			};
			this.port.write(Buffer.from(bytes), (err) => {
				if (err) return fail(err);
				this.port.drain((drainErr) => {
					if (drainErr) return fail(drainErr);
					clearTimeout(timer);
					resolve();
				});
			});
		});
	}
}
