/**
 * Ticket printing through the server: each kiosk of the test hall gets a simulated ESC/POS printer
 * on TCP (as `npm start` does for kiosks without one). A ticket is printed after it is issued; when
 * the printer cannot print (paper out, cover open, not answering) the ticket stays valid, the kiosk
 * is told why, knows it up front for the next visitor, and supervisors get a device alert; when the
 * paper is back it prints again without anyone restarting anything.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceAlert, PrinterStateView, TicketPrint, TicketView } from '../../server/realtime/contract';
import type { PrinterSimulator } from '../../printer/simulator/simulator';
import { ClientPool, login, must, rid, startTestServer, waitFor, type Client, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

let server: TestServer;
let printer: PrinterSimulator;
const clients = new ClientPool(() => server.url);

beforeAll(async () => {
	// Status polled every 200 ms, so a change reaches the kiosk quickly.
	server = await startTestServer([testHall()], { env: { HALLQ_PRINTER_POLL_MS: '200', HALLQ_PUBLIC_URL: 'https://hall.example.test' } });
	const sim = server.running.printing.simulator('test', 'K1');
	if (!sim) throw new Error('kiosk K1 has no simulated printer');
	printer = sim;
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

const open = (auth: object) => clients.connect(auth);

/** A kiosk and every print result it is sent. */
async function kioskWithPrints(): Promise<{ kiosk: Client; printOf: (ticket: string) => Promise<TicketPrint> }> {
	const kiosk = await open({ token: TOKENS.kiosk });
	const results: TicketPrint[] = [];
	kiosk.on('ticket:print', (r) => results.push(r));
	const printOf = async (ticket: string) => {
		await expect.poll(() => results.find((r) => r.ticket === ticket), { timeout: 8000 }).toBeDefined();
		return results.find((r) => r.ticket === ticket) as TicketPrint;
	};
	return { kiosk, printOf };
}

describe('printing tickets at the kiosk', () => {
	it('prints the issued ticket in Chinese with its number, service, counters and a QR code to its status page', async () => {
		const { kiosk, printOf } = await kioskWithPrints();
		const ticket = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(await printOf(ticket.id)).toEqual({ ticket: ticket.id, printed: true, code: null, printer: { condition: 'ready', problem: null } });
		const [job] = await printer.waitForJobs(1);
		if (!job) throw new Error('no job');
		expect(job.complete).toBe(true);
		expect(job.text).toContain(ticket.id);
		expect(job.text).toContain('社保卡申领');
		expect(job.text).toContain('测试政务服务中心');
		const qr = job.commands.find((c) => c.type === 'qrStore');
		expect(qr && 'data' in qr ? qr.data : null).toBe(`https://hall.example.test/t/${ticket.token}`);
		// The other kiosk has its own printer: nothing was printed there.
		expect(server.running.printing.simulator('test', 'K2')?.jobs).toHaveLength(0);
	});

	it('tells the kiosk when the paper runs out, keeps the ticket valid, alerts supervisors, and prints again once paper is back', async () => {
		const { kiosk, printOf } = await kioskWithPrints();
		const { session } = await login(server.url, 'test', 'sup', PASSWORD);
		const supervisor = await open({ session });
		const before = printer.jobs.length;

		const warned = waitFor<PrinterStateView>(kiosk, 'printer:state', (s) => s.condition === 'paperOut', 5000);
		const alerted = waitFor<DeviceAlert>(supervisor, 'device:alert', (a) => a.active, 5000);
		printer.setState({ paper: 'out' });
		// The kiosk hears of it before anyone presses "take a number".
		expect(await warned).toEqual({ condition: 'paperOut', problem: 'PRINTER.PAPER_OUT' });
		const opened = await alerted;
		expect(opened).toMatchObject({ hall: 'test', key: 'printer:K1', device: 'K1', kind: 'printer', active: true, problem: 'PRINTER.PAPER_OUT', previous: null });

		// A supervisor who signs in while the paper is out is told at once.
		const late: Client = io(server.url, { auth: { session }, transports: ['websocket'], forceNew: true, reconnection: false });
		clients.add(late);
		expect(await new Promise<DeviceAlert>((resolve) => late.once('device:alert', resolve))).toMatchObject({ key: 'printer:K1', active: true, problem: 'PRINTER.PAPER_OUT', since: opened.since });

		const ticket = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(await printOf(ticket.id)).toMatchObject({ printed: false, code: 'PRINTER.PAPER_OUT' });
		expect(printer.jobs.length).toBe(before);
		// The ticket is in the queue all the same.
		const again = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(again.ahead).toBeGreaterThan(ticket.ahead);
		await printOf(again.id);

		const ready = waitFor<PrinterStateView>(kiosk, 'printer:state', (s) => s.condition === 'ready', 5000);
		const cleared = waitFor<DeviceAlert>(supervisor, 'device:alert', (a) => !a.active, 5000);
		printer.setState({ paper: 'ok' });
		await ready;
		expect(await cleared).toMatchObject({ key: 'printer:K1', active: false, problem: null, previous: 'PRINTER.PAPER_OUT', since: opened.since });
		const third = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(await printOf(third.id)).toMatchObject({ printed: true });
		expect(printer.jobs.length).toBe(before + 1);
	});

	it('keeps one alert per printer: a second fault updates it, the clear closes it', async () => {
		const { session } = await login(server.url, 'test', 'sup', PASSWORD);
		const supervisor = await open({ session });
		const alerts: DeviceAlert[] = [];
		supervisor.on('device:alert', (a) => alerts.push(a));
		printer.setState({ paper: 'out' });
		await expect.poll(() => alerts.map((a) => a.problem), { timeout: 5000 }).toEqual(['PRINTER.PAPER_OUT']);
		printer.setState({ coverOpen: true });
		await expect.poll(() => alerts.map((a) => a.problem), { timeout: 5000 }).toEqual(['PRINTER.PAPER_OUT', 'PRINTER.COVER_OPEN']);
		const [opened, moved] = alerts;
		expect(moved).toMatchObject({ key: 'printer:K1', active: true, previous: 'PRINTER.PAPER_OUT', since: opened?.since });

		// Signing in now: the open alert once, as it stands.
		const late: Client = io(server.url, { auth: { session }, transports: ['websocket'], forceNew: true, reconnection: false });
		clients.add(late);
		const told: DeviceAlert[] = [];
		late.on('device:alert', (a) => told.push(a));
		await expect.poll(() => told.length, { timeout: 5000 }).toBe(1);
		expect(told[0]).toMatchObject({ key: 'printer:K1', active: true, problem: 'PRINTER.COVER_OPEN', since: opened?.since });

		printer.setState({ paper: 'ok', coverOpen: false });
		await expect.poll(() => alerts.length, { timeout: 5000 }).toBe(3);
		expect(alerts[2]).toMatchObject({ key: 'printer:K1', active: false, problem: null, previous: 'PRINTER.COVER_OPEN', since: opened?.since });
	});

	it('reports a printer that runs out of paper in the middle of the ticket', async () => {
		const { kiosk, printOf } = await kioskWithPrints();
		printer.runOutOfPaperAfter(40);
		const ticket = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S3' });
		expect(await printOf(ticket.id)).toMatchObject({ printed: false, code: 'PRINTER.PAPER_OUT' });
		expect(printer.jobs[printer.jobs.length - 1]?.complete).toBe(false);
		const ready = waitFor<PrinterStateView>(kiosk, 'printer:state', (s) => s.condition === 'ready', 5000);
		printer.setState({ paper: 'ok' });
		await ready;
	});

	it('reports the cover open, and a printer that stops answering as offline', async () => {
		const { kiosk, printOf } = await kioskWithPrints();
		const coverOpen = waitFor<PrinterStateView>(kiosk, 'printer:state', (s) => s.condition === 'coverOpen', 5000);
		printer.setState({ coverOpen: true });
		await coverOpen;
		const first = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(await printOf(first.id)).toMatchObject({ printed: false, code: 'PRINTER.COVER_OPEN' });

		const offline = waitFor<PrinterStateView>(kiosk, 'printer:state', (s) => s.condition === 'offline', 8000);
		printer.setState({ coverOpen: false, silent: true });
		expect(await offline).toEqual({ condition: 'offline', problem: 'PRINTER.TIMEOUT' });
		const second = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(await printOf(second.id)).toMatchObject({ printed: false, code: 'PRINTER.TIMEOUT' });

		const ready = waitFor<PrinterStateView>(kiosk, 'printer:state', (s) => s.condition === 'ready', 8000);
		printer.setState({ silent: false });
		await ready;
		// A kiosk that connects now is told the printer's state at once.
		const late: Client = io(server.url, { auth: { token: TOKENS.kiosk }, transports: ['websocket'], forceNew: true, reconnection: false });
		clients.add(late);
		const told = await new Promise<PrinterStateView>((resolve) => late.once('printer:state', resolve));
		expect(told).toEqual({ condition: 'ready', problem: null });
	}, 30_000);

	it('does not print a retried request twice', async () => {
		const { kiosk, printOf } = await kioskWithPrints();
		const before = printer.jobs.length;
		const requestId = rid();
		const first = await must<TicketView>(kiosk, 'ticket:issue', { requestId, service: 'S2' });
		await printOf(first.id);
		const retry = await must<TicketView>(kiosk, 'ticket:issue', { requestId, service: 'S2' });
		expect(retry.id).toBe(first.id);
		await new Promise((r) => setTimeout(r, 300));
		expect(printer.jobs.length).toBe(before + 1);
	});
});
