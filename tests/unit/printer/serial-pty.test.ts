/**
 * A serial printer through the real `serialport` package: socat makes a pseudo-terminal whose other
 * end is the ESC/POS simulator on TCP, so the bytes cross a real tty (termios, 115200 8N1) both ways.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThermalPrinter } from '../../../printer/printer';
import { PrinterSimulator } from '../../../printer/simulator/simulator';
import { layoutTicket } from '../../../printer/ticket/layout';
import { renderTicketEscPos } from '../../../printer/ticket/render-escpos';
import { openSerialPrinter } from '../../../printer/transport/serialport-device';
import { sampleTicket } from './fixtures';

const SOCAT = '/usr/bin/socat';
let sim: PrinterSimulator;
let socat: ChildProcess | undefined;
let dir: string;
let tty: string;

beforeAll(async () => {
	if (!existsSync(SOCAT)) throw new Error(`socat not found at ${SOCAT}: run "sh scripts/install-system-packages.sh" (Debian package socat)`);
	sim = new PrinterSimulator();
	const port = await sim.listen(0);
	dir = mkdtempSync(join(tmpdir(), 'hallq-tty-'));
	tty = join(dir, 'ttyPRN0');
	socat = spawn(SOCAT, [`pty,link=${tty},raw,echo=0`, `tcp:127.0.0.1:${port}`], { stdio: 'ignore' });
	for (let i = 0; i < 100 && !existsSync(tty); i++) await new Promise((r) => setTimeout(r, 50));
	if (!existsSync(tty)) throw new Error('socat did not make the pseudo-terminal');
});
afterAll(async () => {
	socat?.kill();
	await sim?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a serial printer (serialport on a pseudo-terminal)', () => {
	it('prints a ticket and reads the status back over the tty', async () => {
		const printer = new ThermalPrinter(await openSerialPrinter(tty), { statusTimeoutMs: 1500 });
		try {
			expect((await printer.check()).condition).toBe('ready');
			const ticket = sampleTicket;
			await printer.print(renderTicketEscPos(layoutTicket(ticket)));
			const [job] = await sim.waitForJobs(1);
			expect(job?.complete).toBe(true);
			expect(job?.text).toContain(ticket.ticketNumber);
			sim.setState({ paper: 'out' });
			expect(await printer.check()).toMatchObject({ condition: 'paperOut', problem: 'PRINTER.PAPER_OUT' });
		} finally {
			await printer.close();
		}
	});
});
