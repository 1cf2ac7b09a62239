import { Socket } from 'node:net';
import { PrinterError } from '../errors';
import { DuplexTransport } from './duplex-transport';

export interface TcpOptions {
	host: string;
	/** Raw printing port ("JetDirect"), 9100 on nearly every network printer. */
	port?: number;
	connectTimeoutMs?: number;
}

/** Raw TCP to a network printer: what is written is printed, replies come back on the same socket. */
export class TcpTransport extends DuplexTransport {
	readonly description: string;
	private closedError: PrinterError | null = null;

	private constructor(private readonly socket: Socket, description: string) {
		super();
		this.description = description;
		socket.on('data', (chunk: Buffer) => this.replies.push(chunk));
		socket.on('error', () => undefined); // reported through 'close' and the failing call
		socket.on('close', () => {
			this.closedError ??= new PrinterError('PRINTER.OFFLINE', `${description}: connection closed`);
			this.replies.failAll(this.closedError);
		});
	}

	static connect(options: TcpOptions): Promise<TcpTransport> {
		const port = options.port ?? 9100;
		const description = `tcp://${options.host}:${port}`;
		const timeoutMs = options.connectTimeoutMs ?? 3_000;
		return new Promise((resolve, reject) => {
			const socket = new Socket();
			const timer = setTimeout(() => {
				socket.destroy();
				reject(new PrinterError('PRINTER.TIMEOUT', `${description}: no connection within ${timeoutMs} ms`));
			}, timeoutMs);
			socket.once('error', (err) => {
				clearTimeout(timer);
				reject(new PrinterError('PRINTER.CONNECT_FAILED', `${description}: ${err.message}`, { cause: err }));
			});
			socket.connect(port, options.host, () => {
				clearTimeout(timer);
				socket.removeAllListeners('error');
				socket.setNoDelay(true);
				socket.setKeepAlive(true, 10_000);
				resolve(new TcpTransport(socket, description));
			});
		});
	}

	close(): Promise<void> {
		this.closedError ??= new PrinterError('PRINTER.CLOSED', `${this.description}: closed`);
		if (this.socket.destroyed) return Promise.resolve();
		return new Promise((resolve) => {
			this.socket.once('close', () => resolve());
			this.socket.end();
			setTimeout(() => this.socket.destroy(), 500).unref();
		});
	}

	protected send(bytes: Uint8Array, timeoutMs: number): Promise<void> {
		if (this.closedError || this.socket.destroyed) return Promise.reject(this.closedError ?? new PrinterError('PRINTER.OFFLINE', `${this.description}: not connected`));
		return new Promise((resolve, reject) => {
			// A printer that stops reading fills the socket buffers; the job is then abandoned whole.
			const timer = setTimeout(() => {
				this.socket.destroy();
				reject(new PrinterError('PRINTER.TIMEOUT', `${this.description}: the printer did not take ${bytes.length} bytes within ${timeoutMs} ms`));
			}, timeoutMs);
			this.socket.write(bytes, (err) => {
				clearTimeout(timer);
				if (err) reject(new PrinterError('PRINTER.WRITE_FAILED', `${this.description}: ${err.message}`, { cause: err }));
				else resolve();
			});
		});
	}
}
