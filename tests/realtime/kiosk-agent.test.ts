/**
 * A kiosk whose printer hangs on the kiosk PC (USB or serial): the server sends the ticket to the
 * kiosk's agent, the agent prints it and reports the printer's condition. Here the agent's printer
 * is the ESC/POS simulator on TCP, which stands in for the device file the agent opens on a kiosk.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashDeviceToken } from '../../server/app/passwords';
import type { DeviceAlert, PrinterStateView, TicketPrint, TicketView } from '../../server/realtime/contract';
import { ManagedPrinter } from '../../printer/managed-printer';
import { PrinterSimulator } from '../../printer/simulator/simulator';
import { TcpTransport } from '../../printer/transport/tcp';
import { KioskAgent } from '../../kiosk/agent/kiosk-agent';
import { connect, login, must, rid, startTestServer, waitFor, type Client, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

const AGENT_TOKEN = 'test-agent-token-K1';
let server: TestServer;
let sim: PrinterSimulator;
let agent: KioskAgent;
const clients: Client[] = [];

function hallWithAgent() {
	const hall = testHall();
	hall.devices = hall.devices.map((d) => (d.id === 'K1' ? { ...d, printer: { kind: 'agent' as const, paper: 58 as const } } : d));
	hall.devices.push({ id: 'A1', kind: 'agent', kiosk: 'K1', name: { zh: '1号取号机代理', en: 'Kiosk 1 agent' }, tokenHash: hashDeviceToken(AGENT_TOKEN) });
	return hall;
}

function startAgent(log?: (m: string) => void): KioskAgent {
	let a: KioskAgent | null = null;
	const printer = new ManagedPrinter({ open: () => TcpTransport.connect({ host: '127.0.0.1', port: sim.port }), pollMs: 200, onChange: (s) => a?.report(s) });
	a = new KioskAgent({ server: server.url, token: AGENT_TOKEN, printer, ...(log ? { log } : {}) });
	a.start();
	return a;
}

beforeAll(async () => {
	sim = new PrinterSimulator({ paper: 58 });
	await sim.listen(0);
	server = await startTestServer([hallWithAgent()], { env: { HALLQ_PRINTER_POLL_MS: '200' } });
});
afterAll(async () => {
	for (const c of clients) c.close();
	await agent?.stop();
	await server?.close();
	await sim?.close();
});

async function kioskWithPrints() {
	const kiosk = await connect(server.url, { token: TOKENS.kiosk });
	clients.push(kiosk);
	const results: TicketPrint[] = [];
	kiosk.on('ticket:print', (r) => results.push(r));
	const printOf = async (ticket: string) => {
		await expect.poll(() => results.find((r) => r.ticket === ticket), { timeout: 12_000 }).toBeDefined();
		return results.find((r) => r.ticket === ticket) as TicketPrint;
	};
	return { kiosk, printOf };
}

describe('printing through the kiosk agent', () => {
	it('refuses an agent token of another kind of device, and validates what an agent reports', async () => {
		const kiosk = await connect(server.url, { token: TOKENS.kiosk });
		clients.push(kiosk);
		const reply = await new Promise<unknown>((r) => kiosk.emit('printer:report', { condition: 'ready', problem: null }, r));
		expect(reply).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		const raw = await connect(server.url, { token: AGENT_TOKEN });
		clients.push(raw);
		const bad = await new Promise<unknown>((r) => raw.emit('printer:report', { condition: 'melting', problem: 'rm -rf' } as never, r));
		expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		raw.close();
	});

	it('prints on the agent\'s printer, follows its paper state, and falls back when the agent is gone', async () => {
		const { kiosk, printOf } = await kioskWithPrints();
		const { session } = await login(server.url, 'test', 'sup', PASSWORD);
		const supervisor = await connect(server.url, { session });
		clients.push(supervisor);

		const ready = waitFor<PrinterStateView>(kiosk, 'printer:state', (s) => s.condition === 'ready', 8000);
		agent = startAgent();
		await ready;
		const ticket = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(await printOf(ticket.id)).toMatchObject({ printed: true, code: null });
		const [job] = await sim.waitForJobs(1);
		expect(job?.text).toContain(ticket.id);
		expect(job?.complete).toBe(true);

		const out = waitFor<PrinterStateView>(kiosk, 'printer:state', (s) => s.condition === 'paperOut', 8000);
		const alert = waitFor<DeviceAlert>(supervisor, 'device:alert', (a) => a.active, 8000);
		sim.setState({ paper: 'out' });
		await out;
		expect(await alert).toMatchObject({ device: 'K1', problem: 'PRINTER.PAPER_OUT' });
		const second = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(await printOf(second.id)).toMatchObject({ printed: false, code: 'PRINTER.PAPER_OUT' });
		const back = waitFor<PrinterStateView>(kiosk, 'printer:state', (s) => s.condition === 'ready', 8000);
		sim.setState({ paper: 'ok' });
		await back;

		const gone = waitFor<PrinterStateView>(kiosk, 'printer:state', (s) => s.condition === 'offline', 8000);
		await agent.stop();
		expect(await gone).toEqual({ condition: 'offline', problem: 'PRINTER.OFFLINE' });
		const third = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(await printOf(third.id)).toMatchObject({ printed: false, code: 'PRINTER.OFFLINE' });
		expect(sim.jobs).toHaveLength(1);
	}, 40_000);

	it('prints a ticket once when two connections of the same agent are up (the newest prints)', async () => {
		const { kiosk, printOf } = await kioskWithPrints();
		const logs: string[][] = [[], []];
		const ready = waitFor<PrinterStateView>(kiosk, 'printer:state', (s) => s.condition === 'ready', 8000);
		const older = startAgent((m) => logs[0]?.push(m));
		await ready;
		const newer = startAgent((m) => logs[1]?.push(m));
		try {
			await expect.poll(() => logs.map((l) => l.includes('connected')), { timeout: 8000 }).toEqual([true, true]);
			const before = sim.jobs.length;
			const ticket = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
			// The print result comes once every connection asked has answered: a second print would be in by now.
			expect(await printOf(ticket.id)).toMatchObject({ printed: true });
			expect(sim.jobs.length - before).toBe(1);

			// The newer one gone, the older still prints.
			await newer.stop();
			const next = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
			expect(await printOf(next.id)).toMatchObject({ printed: true });
			expect(sim.jobs.length - before).toBe(2);
		} finally {
			await newer.stop();
			await older.stop();
		}
	}, 40_000);
});
