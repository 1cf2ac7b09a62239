/**
 * A printer kept in service over real TCP to the ESC/POS simulator: what its listener hears when
 * the printer is switched off and on, runs out of paper, or goes away for good.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManagedPrinter, type PrinterState } from '../../../printer/managed-printer';
import { PrinterSimulator } from '../../../printer/simulator/simulator';
import { TcpTransport } from '../../../printer/transport/tcp';
import { layoutTicket } from '../../../printer/ticket/layout';
import { renderTicketEscPos } from '../../../printer/ticket/render-escpos';
import { sampleTicket } from './fixtures';

const job = renderTicketEscPos(layoutTicket(sampleTicket, { paper: 80 }), { qr: 'native' });

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const c of cleanups.splice(0).reverse()) await c();
});

/** A managed printer on a simulator; polled only when the test asks (`check`). */
async function printerOnSimulator(): Promise<{ sim: PrinterSimulator; printer: ManagedPrinter; heard: PrinterState[] }> {
	const sim = new PrinterSimulator();
	const port = await sim.listen(0, '127.0.0.1');
	const heard: PrinterState[] = [];
	const printer = new ManagedPrinter({
		open: () => TcpTransport.connect({ host: '127.0.0.1', port, connectTimeoutMs: 2000 }),
		onChange: (s) => heard.push(s),
		statusTimeoutMs: 3000
	});
	cleanups.push(() => sim.close(), () => printer.close());
	return { sim, printer, heard };
}

describe('a managed printer', () => {
	it('switched off and on between two polls goes straight to its new condition, never offline', async () => {
		const { sim, printer, heard } = await printerOnSimulator();
		expect(await printer.check()).toEqual({ condition: 'ready', problem: null });
		sim.dropConnections();
		sim.setState({ paper: 'out' });
		expect(await printer.check()).toEqual({ condition: 'paperOut', problem: 'PRINTER.PAPER_OUT' });
		sim.dropConnections();
		sim.setState({ paper: 'ok' });
		expect(await printer.check()).toEqual({ condition: 'ready', problem: null });
		expect(heard.map((s) => s.condition)).toEqual(['ready', 'paperOut', 'ready']);
	});

	it('prints a job on a new connection when the kept one was dropped, without an offline between', async () => {
		const { sim, printer, heard } = await printerOnSimulator();
		await printer.check();
		sim.dropConnections();
		expect(await printer.print(job)).toMatchObject({ ok: true });
		const [printed] = await sim.waitForJobs(1);
		expect(printed?.complete).toBe(true);
		expect(printed?.text).toContain(sampleTicket.ticketNumber);
		expect(heard.map((s) => s.condition)).toEqual(['ready']);
	});

	it('reports offline when the printer stays away', async () => {
		const { sim, printer, heard } = await printerOnSimulator();
		await printer.check();
		await sim.close();
		expect(await printer.check()).toEqual({ condition: 'offline', problem: 'PRINTER.CONNECT_FAILED' });
		expect(await printer.print(job)).toMatchObject({ ok: false, code: 'PRINTER.CONNECT_FAILED' });
		expect(heard.map((s) => s.problem)).toEqual([null, 'PRINTER.CONNECT_FAILED']);
	});
});
