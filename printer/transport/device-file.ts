import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { PrinterError } from '../errors';
import { ReplyQueue } from './reply-queue';
import { TaskChain } from './task-chain';
import { DEFAULT_STATUS_TIMEOUT_MS, DEFAULT_WRITE_TIMEOUT_MS, type PrinterTransport } from './transport';

const POLL_MS = 10;

export interface DeviceFileOptions {
	/** `auto` (default) opens read-write and falls back to write-only; the kernel's usblp supports reads. */
	read?: 'auto' | boolean;
}

/**
 * A printer device file such as `/dev/usb/lp0` (kernel usblp). Opened non-blocking: a blocking
 * write or read on a printer that does not answer would hold a libuv thread for good, so both
 * retry on EAGAIN until their deadline instead.
 */
export class DeviceFileTransport implements PrinterTransport {
	readonly description: string;
	private readonly replies = new ReplyQueue();
	private readonly chain = new TaskChain();
	private closed = false;

	private constructor(
		private readonly handle: FileHandle,
		readonly path: string,
		readonly canReadStatus: boolean
	) {
		this.description = `file://${path}`;
	}

	static async open(path: string, options: DeviceFileOptions = {}): Promise<DeviceFileTransport> {
		const read = options.read ?? 'auto';
		const fail = (err: unknown): PrinterError => new PrinterError('PRINTER.CONNECT_FAILED', `${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
		if (read !== false) {
			try {
				return new DeviceFileTransport(await open(path, constants.O_RDWR | constants.O_NONBLOCK), path, true);
			} catch (err) {
				if (read === true) throw fail(err);
			}
		}
		try {
			return new DeviceFileTransport(await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NONBLOCK), path, false);
		} catch (err) {
			throw fail(err);
		}
	}

	write(bytes: Uint8Array, timeoutMs = DEFAULT_WRITE_TIMEOUT_MS): Promise<void> {
		return this.chain.run(() => this.send(bytes, Date.now() + timeoutMs));
	}

	requestStatus(request: Uint8Array, replyLength: number, timeoutMs = DEFAULT_STATUS_TIMEOUT_MS): Promise<Uint8Array> {
		if (!this.canReadStatus) return Promise.reject(new PrinterError('PRINTER.STATUS_UNSUPPORTED', `${this.description} is write-only: status unknown`));
		return this.chain.run(async () => {
			const deadline = Date.now() + timeoutMs;
			const reply = this.replies.expect(replyLength, timeoutMs);
			reply.catch(() => undefined);
			await this.send(request, deadline);
			let settled = false;
			reply.then(
				() => (settled = true),
				() => (settled = true)
			);
			const buffer = Buffer.alloc(64);
			while (!settled && !this.closed) {
				const bytesRead = await this.readSome(buffer);
				if (bytesRead > 0) this.replies.push(buffer.subarray(0, bytesRead));
				else await sleep(POLL_MS);
			}
			return reply;
		});
	}

	onAsb(listener: Parameters<PrinterTransport['onAsb']>[0]): () => void {
		return this.replies.onAsb(listener);
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.replies.failAll(new PrinterError('PRINTER.CLOSED', `${this.description}: closed`));
		await this.chain.run(() => this.handle.close());
	}

	private async send(bytes: Uint8Array, deadline: number): Promise<void> {
		let written = 0;
		while (written < bytes.length) {
			if (this.closed) throw new PrinterError('PRINTER.OFFLINE', `${this.description}: closed`);
			try {
				const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written, null);
				written += bytesWritten;
				if (bytesWritten > 0) continue;
			} catch (err) {
				if (!isErrno(err, 'EAGAIN')) throw new PrinterError('PRINTER.WRITE_FAILED', `${this.description}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
			}
			if (Date.now() >= deadline) throw new PrinterError('PRINTER.TIMEOUT', `${this.description}: the printer took ${written} of ${bytes.length} bytes before the deadline`);
			await sleep(POLL_MS);
		}
	}

	private async readSome(buffer: Buffer): Promise<number> {
		try {
			return (await this.handle.read(buffer, 0, buffer.length, null)).bytesRead;
		} catch (err) {
			if (isErrno(err, 'EAGAIN')) return 0;
			throw new PrinterError('PRINTER.OFFLINE', `${this.description}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
		}
	}
}

function isErrno(err: unknown, code: string): boolean {
	return typeof err === 'object' && err !== null && 'code' in err && err.code === code;
}
