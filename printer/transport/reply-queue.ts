import { PrinterError } from '../errors';
import { parseAsb, StatusStreamParser, type PrinterHealth } from '../status';

interface Waiter {
	count: number;
	bytes: number[];
	resolve: (bytes: Uint8Array) => void;
	reject: (error: PrinterError) => void;
	timer: NodeJS.Timeout;
}

/**
 * Matches the bytes a printer sends back to the status requests waiting for them, and hands ASB
 * messages to their listeners. A reply that arrives when nobody waits (after a timeout) is dropped,
 * so it cannot be taken for the answer to the next request.
 */
export class ReplyQueue {
	private readonly parser = new StatusStreamParser();
	private readonly waiters: Waiter[] = [];
	private readonly asbListeners = new Set<(health: PrinterHealth) => void>();

	push(chunk: Uint8Array): void {
		for (const item of this.parser.push(chunk)) {
			if (item.kind === 'asb') {
				let health: PrinterHealth;
				try {
					health = parseAsb(item.message);
				} catch {
					continue;
				}
				for (const listener of this.asbListeners) listener(health);
				continue;
			}
			if (item.kind !== 'realtime') continue;
			const waiter = this.waiters[0];
			if (!waiter) continue;
			waiter.bytes.push(item.byte);
			if (waiter.bytes.length === waiter.count) {
				this.waiters.shift();
				clearTimeout(waiter.timer);
				waiter.resolve(Uint8Array.from(waiter.bytes));
			}
		}
	}

	expect(count: number, timeoutMs: number): Promise<Uint8Array> {
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {
				count,
				bytes: [],
				resolve,
				reject,
				timer: setTimeout(() => {
					const index = this.waiters.indexOf(waiter);
					if (index >= 0) this.waiters.splice(index, 1);
					reject(new PrinterError('PRINTER.TIMEOUT', `no status reply within ${timeoutMs} ms`));
				}, timeoutMs)
			};
			this.waiters.push(waiter);
		});
	}

	onAsb(listener: (health: PrinterHealth) => void): () => void {
		this.asbListeners.add(listener);
		return () => this.asbListeners.delete(listener);
	}

	failAll(error: PrinterError): void {
		for (const waiter of this.waiters.splice(0)) {
			clearTimeout(waiter.timer);
			waiter.reject(error);
		}
	}
}
