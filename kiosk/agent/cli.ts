/**
 * npm run agent -- --server http://hallq.local:3000 --token <agent token> [--printer …] [--reader …]
 *   --printer /dev/usb/lp0   a USB printer through the kernel's usblp driver
 *   --printer serial:/dev/ttyUSB0@115200   a serial printer (8N1; the baud rate defaults to 115200)
 *   --printer tcp://10.0.0.50:9100   a network printer the agent drives instead of the server
 *   --reader hid:0483:5750 | serial:/dev/ttyUSB0[@baud] | usb:0400:C35A | tcp:127.0.0.1:7010   the ID-card reader (reader-target.ts)
 */
import { parseArgs } from 'node:util';
import { CardReader } from '../../cardreader/reader';
import { ManagedPrinter } from '../../printer/managed-printer';
import { DeviceFileTransport } from '../../printer/transport/device-file';
import { openSerialPrinter } from '../../printer/transport/serialport-device';
import { TcpTransport } from '../../printer/transport/tcp';
import type { PrinterTransport } from '../../printer/transport/transport';
import { KioskAgent } from './kiosk-agent';
import { openReader, parseReaderTarget, READER_USAGE } from './reader-target';

const { values } = parseArgs({
	options: { server: { type: 'string' }, token: { type: 'string' }, printer: { type: 'string' }, reader: { type: 'string' } }
});
const usage = `usage: npm run agent -- --server <url> --token <agent token> [--printer </dev/usb/lp0 | serial:/dev/ttyUSB0[@baud] | tcp://host:port>] [--reader <${READER_USAGE}>]`;
if (!values.server || !values.token || (!values.printer && !values.reader)) {
	console.error(usage);
	process.exit(2);
}
const log = (m: string) => process.stdout.write(`${new Date().toISOString()} agent: ${m}\n`);

let reader: CardReader | undefined;
if (values.reader) {
	try {
		reader = new CardReader({ open: openReader(parseReaderTarget(values.reader)) });
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		process.exit(2);
	}
}

const target = values.printer;
const open = (t: string): Promise<PrinterTransport> => {
	const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?$/.exec(t);
	if (tcp) return TcpTransport.connect({ host: tcp[1] ?? '', port: tcp[2] ? Number(tcp[2]) : 9100 });
	const serial = /^serial:([^@]+)(?:@(\d+))?$/.exec(t);
	if (serial) return openSerialPrinter(serial[1] ?? '', serial[2] ? Number(serial[2]) : undefined);
	return DeviceFileTransport.open(t);
};
let agent: KioskAgent | null = null;
const printer = target ? new ManagedPrinter({ open: () => open(target), onChange: (state) => agent?.report(state) }) : undefined;
agent = new KioskAgent({ server: values.server, token: values.token, printer, reader, log });
agent.start();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void agent?.stop().then(() => process.exit(0)));
