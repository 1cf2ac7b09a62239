import type { PrinterHealth } from '../status';
import { ReplyQueue } from './reply-queue';
import { TaskChain } from './task-chain';
import { DEFAULT_STATUS_TIMEOUT_MS, DEFAULT_WRITE_TIMEOUT_MS, type PrinterTransport } from './transport';

/**
 * A connection that carries jobs one way and status replies back on the same stream (TCP, serial):
 * one request at a time, replies matched in order, ASB messages passed on. Subclasses push what they
 * receive into `replies` and say how bytes are sent.
 */
export abstract class DuplexTransport implements PrinterTransport {
	readonly canReadStatus = true;
	abstract readonly description: string;
	protected readonly replies = new ReplyQueue();
	private readonly chain = new TaskChain();

	write(bytes: Uint8Array, timeoutMs = DEFAULT_WRITE_TIMEOUT_MS): Promise<void> {
		return this.chain.run(() => this.send(bytes, timeoutMs));
	}

	requestStatus(request: Uint8Array, replyLength: number, timeoutMs = DEFAULT_STATUS_TIMEOUT_MS): Promise<Uint8Array> {
		return this.chain.run(async () => {
			const reply = this.replies.expect(replyLength, timeoutMs);
			reply.catch(() => undefined);
			await this.send(request, timeoutMs);
			return reply;
		});
	}

	onAsb(listener: (health: PrinterHealth) => void): () => void {
		return this.replies.onAsb(listener);
	}

	abstract close(): Promise<void>;

	/** Sends the bytes, resolving once the OS took them all; rejects with a coded PrinterError. */
	protected abstract send(bytes: Uint8Array, timeoutMs: number): Promise<void>;
}
