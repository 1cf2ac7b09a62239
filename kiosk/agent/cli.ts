/**
 * npm run agent -- --server http://hallq.local:3000 --token <agent token> --printer /dev/usb/lp0
 *   --printer serial:/dev/ttyUSB0@115200   a serial printer (8N1; the baud rate defaults to 115200)
 *   --printer tcp://10.0.0.50:9100   a network printer the agent drives instead of the server
 */
import { parseArgs } from 'node:util';
import { ManagedPrinter } from '../../printer/managed-printer';
import { DeviceFileTransport } from '../../printer/transport/device-file';
import { openSerialPrinter } from '../../printer/transport/serialport-device';
import { TcpTransport } from '../../printer/transport/tcp';
import type { PrinterTransport } from '../../printer/transport/transport';
import { KioskAgent } from './kiosk-agent';

const { values } = parseArgs({ options: { server: { type: 'string' }, token: { type: 'string' }, printer: { type: 'string' } } });
const usage = 'usage: npm run agent -- --server <url> --token <agent token> --printer </dev/usb/lp0 | serial:/dev/ttyUSB0[@baud] | tcp://host:port>';
if (!values.server || !values.token || !values.printer) {
	console.error(usage);
	process.exit(2);
}
const target = values.printer;
const open = (): Promise<PrinterTransport> => {
	const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?$/.exec(target);
	if (tcp) return TcpTransport.connect({ host: tcp[1] ?? '', port: tcp[2] ? Number(tcp[2]) : 9100 });
	const serial = /^serial:([^@]+)(?:@(\d+))?$/.exec(target);
	if (serial) return openSerialPrinter(serial[1] ?? '', serial[2] ? Number(serial[2]) : undefined);
	return DeviceFileTransport.open(target);
};
const log = (m: string) => process.stdout.write(`${new Date().toISOString()} agent: ${m}\n`);
let agent: KioskAgent | null = null;
const printer = new ManagedPrinter({ open, onChange: (state) => agent?.report(state) });
agent = new KioskAgent({ server: values.server, token: values.token, printer, log });
agent.start();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void agent?.stop().then(() => process.exit(0)));
