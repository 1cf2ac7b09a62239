import { SerialPort } from 'serialport';
import { SerialTransport, type SerialPortLike } from './serial';

/** Serial settings of receipt printers and USB-serial adapters: 8N1, no software flow control (ASB bytes would be eaten). */
export const SERIAL_PRINTER_DEFAULTS = { baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1, xon: false, xoff: false } as const;

/** Opens a printer on a serial device (`/dev/ttyUSB0`, `/dev/ttyACM0`, `/dev/ttyS0`) with the `serialport` package. */
export function openSerialPrinter(path: string, baudRate: number = SERIAL_PRINTER_DEFAULTS.baudRate): Promise<SerialTransport> {
	const port = new SerialPort({ ...SERIAL_PRINTER_DEFAULTS, path, baudRate, autoOpen: false });
	return SerialTransport.open(port as unknown as SerialPortLike);
}
