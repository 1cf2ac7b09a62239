/**
 * Serial and USB CDC readers (serialport): 115200 baud, 8 data bits, no parity, 1 stop bit, the
 * readers' default (IDCardDemo README; softs.im lists 60 00…60 04 to change it).
 *
 * Plugging in serialport later: `open: serialTransport(() => new SerialPort({ path, ...SERIAL_SETTINGS }))`.
 */
import { TransportEvents, type OpenTransport, type ReaderTransport } from './transport';

export const SERIAL_SETTINGS = { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 } as const;

/** The part of serialport's `SerialPort` the adapter uses. */
export interface SerialPortLike {
	write(data: Uint8Array, callback: (error: Error | null | undefined) => void): unknown;
	on(event: 'data', listener: (data: Uint8Array) => void): unknown;
	on(event: 'close', listener: (error?: Error | null) => void): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
	close(callback?: (error?: Error | null) => void): void;
	readonly isOpen: boolean;
}

export function serialTransport(openPort: () => SerialPortLike | Promise<SerialPortLike>): OpenTransport {
	return async () => {
		const port = await openPort();
		const events = new TransportEvents();
		port.on('data', (data) => events.data(data));
		// serialport emits close with a disconnect error when the USB-serial adapter is pulled.
		port.on('close', (error) => events.close(error ?? undefined));
		port.on('error', (error) => events.close(error));
		const transport: ReaderTransport = {
			write: (bytes) =>
				new Promise<void>((resolve, reject) => {
					port.write(bytes, (error) => (error ? reject(error) : resolve()));
				}),
			onData: (l) => events.onData(l),
			onClose: (l) => events.onClose(l),
			close: () =>
				new Promise<void>((resolve) => {
					if (!port.isOpen) return resolve(events.close());
					port.close(() => resolve(events.close()));
				})
		};
		return transport;
	};
}
