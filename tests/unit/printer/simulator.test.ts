import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { commandsOf } from '../../../printer/escpos/decoder';
import { EscPosEncoder } from '../../../printer/escpos/encoder';
import { isPrinterError, type PrinterErrorCode } from '../../../printer/errors';
import { ThermalPrinter, type PrinterReport } from '../../../printer/printer';
import { PrinterSimulator } from '../../../printer/simulator/simulator';
import { asbEnableBytes, type PrinterHealth } from '../../../printer/status';
import { layoutTicket } from '../../../printer/ticket/layout';
import { renderTicketEscPos } from '../../../printer/ticket/render-escpos';
import { TcpTransport } from '../../../printer/transport/tcp';
import { sampleTicket } from './fixtures';

const out = mkdtempSync(join(tmpdir(), 'hallq-printer-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
	for (const item of open.splice(0).reverse()) await item.close();
});

/**
 * A simulator and a printer on it. `statusTimeoutMs` is long by default: the simulator answers in
 * this same process, and on a busy machine 300 ms was seen to pass before it did (a spurious
 * offline). Tests of a printer that does not answer give a short one.
 */
async function setup(options: ConstructorParameters<typeof PrinterSimulator>[0] = {}, statusTimeoutMs = 3000) {
	const simulator = new PrinterSimulator({ outDir: out, ...options });
	open.push(simulator);
	const port = await simulator.listen(0);
	const transport = await TcpTransport.connect({ host: '127.0.0.1', port });
	const printer = new ThermalPrinter(transport, { statusTimeoutMs, writeTimeoutMs: 2_000 });
	open.push(printer);
	return { simulator, transport, printer };
}

async function rejection(promise: Promise<unknown>): Promise<PrinterErrorCode | 'resolved' | 'other'> {
	try {
		await promise;
		return 'resolved';
	} catch (err) {
		return isPrinterError(err) ? err.code : 'other';
	}
}

const ticketJob = (): Uint8Array => renderTicketEscPos(layoutTicket(sampleTicket));

describe('printer simulator over TCP', () => {
	it('records a ticket job, decodes it and writes its SVG preview', async () => {
		const { simulator, printer } = await setup();
		const job = ticketJob();
		const result = await printer.print(job);
		expect(result.before.condition).toBe('ready');
		expect(result.after.condition).toBe('ready');
		const [recorded] = await simulator.waitForJobs(1);
		expect(recorded?.bytes).toEqual(job);
		expect(recorded?.complete).toBe(true);
		expect(recorded?.text).toContain('A023');
		expect(recorded?.text).toContain('不动产登记（个人）');
		expect(recorded?.text).toContain('取号时间：2025-03-14 09:05');
		expect(commandsOf(recorded?.commands ?? [], 'qrStore')[0]?.data).toBe(sampleTicket.statusUrl);
		expect(commandsOf(recorded?.commands ?? [], 'unknown')).toEqual([]);
		await simulator.close();
		const svg = readFileSync(recorded?.svgPath ?? '', 'utf8');
		expect(svg).toContain('width="576"');
		expect(svg).toContain('A023');
	});

	it('with keepJobs, keeps the latest jobs in memory and as files, and clears an earlier run’s previews', async () => {
		const dir = mkdtempSync(join(out, 'keep-'));
		writeFileSync(join(dir, 'ticket-0999.svg'), '<svg/>');
		writeFileSync(join(dir, 'notes.txt'), 'not a preview');
		const { simulator, printer } = await setup({ outDir: dir, keepJobs: 3 });
		for (let i = 1; i <= 5; i++) await printer.print(new EscPosEncoder().init().line(`第${i}张`).cut('partial').encode());
		await simulator.waitForJobs(5);
		expect(simulator.jobs.map((j) => j.index)).toEqual([3, 4, 5]);
		expect(simulator.jobs.map((j) => j.text.trim())).toEqual(['第3张', '第4张', '第5张']);
		await simulator.close();
		expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'ticket-0003.svg', 'ticket-0004.svg', 'ticket-0005.svg']);
	});

	it('separates two jobs sent back to back and ignores status requests between them', async () => {
		const { simulator, transport } = await setup();
		const first = new EscPosEncoder().init().line('第一张').cut('partial').encode();
		const second = new EscPosEncoder().init().line('第二张').cut('full', 10).encode();
		await transport.write(Uint8Array.of(...first, 0x10, 0x04, 0x01, ...second));
		const jobs = await simulator.waitForJobs(2);
		expect(jobs.map((j) => j.text)).toEqual(['第一张\n', '第二张\n']);
		expect(jobs[1]?.bytes).toEqual(second);
	});

	it.each([
		[{ paper: 'out' }, 'paperOut', 'PRINTER.PAPER_OUT'],
		[{ coverOpen: true }, 'coverOpen', 'PRINTER.COVER_OPEN'],
		[{ online: false }, 'offline', 'PRINTER.OFFLINE'],
		[{ error: true }, 'error', 'PRINTER.ERROR']
	] as const)('refuses a job when the state is %o', async (state, condition, code) => {
		const { simulator, printer } = await setup({ state });
		expect((await printer.check()).condition).toBe(condition);
		expect(await rejection(printer.print(ticketJob()))).toBe(code);
		expect(simulator.jobs).toEqual([]);
	});

	it('prints with the paper near its end and says so', async () => {
		const { simulator, printer } = await setup({ state: { paper: 'nearEnd' } });
		const { after } = await printer.print(ticketJob());
		expect(after.condition).toBe('paperNearEnd');
		expect(after.problem).toBeNull();
		expect((await simulator.waitForJobs(1))[0]?.complete).toBe(true);
	});

	it('reports paper running out in the middle of a job', async () => {
		const { simulator, printer } = await setup();
		simulator.runOutOfPaperAfter(200);
		expect(await rejection(printer.print(ticketJob()))).toBe('PRINTER.PAPER_OUT');
		const [job] = await simulator.waitForJobs(1);
		expect(job?.complete).toBe(false);
		expect(job?.printedBytes).toBe(200);
		expect(job?.svgPath).toMatch(/-incomplete\.svg$/);
		expect(printer.lastReport?.condition).toBe('paperOut');
		// Paper back: the next job prints.
		simulator.setState({ paper: 'ok', online: true });
		await expect(printer.print(ticketJob())).resolves.toBeDefined();
		expect((await simulator.waitForJobs(2))[1]?.complete).toBe(true);
	});

	it('a printer that never answers times out and is offline', async () => {
		const { simulator, transport, printer } = await setup({ state: { silent: true } }, 150);
		const started = Date.now();
		expect(await rejection(transport.requestStatus(Uint8Array.of(0x10, 0x04, 0x01), 1, 150))).toBe('PRINTER.TIMEOUT');
		expect(Date.now() - started).toBeLessThan(1_000);
		const report = await printer.check();
		expect(report).toEqual({ condition: 'offline', problem: 'PRINTER.TIMEOUT', health: null });
		expect(await rejection(printer.print(ticketJob()))).toBe('PRINTER.TIMEOUT');
		expect(simulator.jobs).toEqual([]);
	});

	it('the poller sees a printer stop answering, then come back', async () => {
		const { simulator, printer } = await setup({}, 600);
		const seen: PrinterReport[] = [];
		printer.onChange((report) => seen.push(report));
		const stop = printer.startPolling(20);
		try {
			await until(() => seen.some((r) => r.condition === 'ready'));
			simulator.setState({ silent: true });
			await until(() => seen.some((r) => r.problem === 'PRINTER.TIMEOUT'));
			simulator.setState({ silent: false });
			await until(() => seen[seen.length - 1]?.condition === 'ready');
		} finally {
			stop();
		}
		expect(seen.map((r) => r.condition)).toEqual(['ready', 'offline', 'ready']);
	});

	it('a dropped connection makes the printer offline', async () => {
		const { simulator, printer } = await setup();
		simulator.dropConnections();
		await until(async () => (await printer.check()).condition === 'offline');
		expect(printer.lastReport?.problem).toBe('PRINTER.OFFLINE');
	});

	it('sends ASB after GS a and whenever the state changes', async () => {
		const { simulator, transport } = await setup();
		const messages: PrinterHealth[] = [];
		transport.onAsb((health) => messages.push(health));
		await transport.write(asbEnableBytes({ onlineOffline: true, error: true, paperSensor: true }));
		await until(() => messages.length === 1);
		simulator.setState({ coverOpen: true });
		await until(() => messages.length === 2);
		simulator.setState({ coverOpen: false, paper: 'nearEnd' });
		await until(() => messages.length === 3);
		expect(messages.map((m) => [m.online, m.coverOpen, m.paper])).toEqual([
			[true, false, 'ok'],
			[false, true, 'ok'],
			[true, false, 'nearEnd']
		]);
		// A status request still gets its own reply with ASB on.
		const [reply] = await transport.requestStatus(Uint8Array.of(0x10, 0x04, 0x04), 1, 500);
		expect(reply).toBe(0x1e);
	});

	it('fails to connect with PRINTER.CONNECT_FAILED when nothing listens', async () => {
		const simulator = new PrinterSimulator();
		const port = await simulator.listen(0);
		await simulator.close();
		expect(await rejection(TcpTransport.connect({ host: '127.0.0.1', port }))).toBe('PRINTER.CONNECT_FAILED');
	});
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}
