/**
 * What the reader driver needs from a connection to the reader, whatever carries the bytes (HID
 * reports, a serial port, USB bulk endpoints, TCP to the simulator). Chunks arrive as the device
 * delivers them; the driver reassembles frames. Modelled on serialport's bindings-interface: the
 * transport is injected, so tests and the simulator plug in without hardware.
 */
export interface ReaderTransport {
	write(bytes: Uint8Array): Promise<void>;
	onData(listener: (chunk: Uint8Array) => void): void;
	/** Called once when the connection ends: unplugged, closed by the device or by `close()`. */
	onClose(listener: (error?: Error) => void): void;
	close(): Promise<void>;
}

/** Opens (or reopens, after an unplug) a connection; rejects while the reader is absent. */
export type OpenTransport = () => Promise<ReaderTransport>;

/** Listener bookkeeping shared by the adapters: `close` fires once, whichever side ended it. */
export class TransportEvents {
	private readonly dataListeners: ((chunk: Uint8Array) => void)[] = [];
	private readonly closeListeners: ((error?: Error) => void)[] = [];
	private closed = false;

	get isClosed(): boolean {
		return this.closed;
	}

	onData(listener: (chunk: Uint8Array) => void): void {
		this.dataListeners.push(listener);
	}

	onClose(listener: (error?: Error) => void): void {
		this.closeListeners.push(listener);
	}

	data(chunk: Uint8Array): void {
		if (this.closed) return;
		for (const l of this.dataListeners) l(chunk);
	}

	close(error?: Error): void {
		if (this.closed) return;
		this.closed = true;
		for (const l of this.closeListeners) l(error);
	}
}
