/**
 * The live monitor over a real server (issue 19): who may open it (supervisors, admins, a wall
 * screen's device token; not a clerk or a kiosk), pushes coalesced at a burst, a ticket's history
 * for the information desk, a supervisor moving a waiting ticket and closing a counter left open
 * (each with a reason, in the log), and the device panel's truth (a muted board, a kiosk gone).
 * The clock is injected and moved by the test; the rules run every 100 ms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfig } from '../../server/core/model';
import type { DeviceAlert, DeviceStateView, MonitorDelta, MonitorSnapshot, MonitorTicket, MonitorView } from '../../server/realtime/contract';
import { applyDelta } from '../../supervision/monitor/monitor-delta';
import { cmd } from '../fixtures/core/hall';
import { ClientPool, ask, login, must, rid, startTestServer, type Client, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

const MIN = 60_000;
let now = Date.UTC(2026, 11, 7, 2, 0);
const clock = { now: () => now };
const hall: HallConfig = testHall();

let server: TestServer;
const clients = new ClientPool(() => server.url);
let supervisor: Client;
const views: { at: number; view: MonitorView }[] = [];
const deviceAlerts: DeviceAlert[] = [];

async function staff(id: string): Promise<Client> {
	const { session } = await login(server.url, 'test', id, PASSWORD);
	return clients.connect({ session });
}
const codeOf = (a: { ok: boolean; error?: { code: string } }) => (a.ok ? 'ok' : a.error?.code);
const log = async () => {
	const runner = server.running.hallq.runner('test');
	return runner.dayEventsAfter((await runner.current()).key.day, 0, 10_000);
};

beforeAll(async () => {
	server = await startTestServer([hall], { clock, env: { HALLQ_ALERT_INTERVAL_MS: '100' } });
	supervisor = await staff('sup');
	// The view as the page keeps it: the whole view, then each delta applied (a gap would be a bug here).
	supervisor.on('monitor:view', (view: MonitorView) => views.push({ at: Date.now(), view }));
	supervisor.on('monitor:delta', (d: MonitorDelta) => {
		const last = views[views.length - 1]?.view;
		const next = last ? applyDelta(last, d) : null;
		if (!next) throw new Error(`delta on version ${d.base} without that view`);
		views.push({ at: Date.now(), view: next });
	});
	supervisor.on('device:alert', (a: DeviceAlert) => deviceAlerts.push(a));
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

describe('the live monitor', () => {
	it('opens for supervisors and a wall screen, not for a clerk or a kiosk; the wall only watches', async () => {
		const snap = await must<MonitorSnapshot>(supervisor, 'monitor:open', {});
		views.push({ at: Date.now(), view: snap.view });
		expect(snap.viewer).toEqual({ role: 'supervisor', name: '陈主管' });
		expect(snap.view.zones.map((z) => z.id)).toEqual(['za', 'zb']);
		expect(snap.view.counters.map((c) => c.id)).toEqual(['C1', 'C2', 'C3']);
		expect(snap.devices.map((d) => d.device)).toEqual(['K1', 'K2', 'hall', 'zone-zb', 'E1', 'W1']);

		const clerk = await staff('u1');
		const kiosk = await clients.connect({ token: TOKENS.kiosk });
		for (const c of [clerk, kiosk]) expect(codeOf(await ask(c, 'monitor:open', {}))).toBe('AUTH.FORBIDDEN');

		const wall = await clients.connect({ token: TOKENS.wall });
		const wallSnap = await must<MonitorSnapshot>(wall, 'monitor:open', {});
		expect(wallSnap.viewer).toEqual({ role: 'monitor', name: '后台监控屏' });
		expect(codeOf(await ask(wall, 'monitor:ticket', { ticket: 'A001' }))).toBe('AUTH.FORBIDDEN');
		expect(codeOf(await ask(wall, 'monitor:closeCounter', { requestId: rid(), counter: 'C1', reason: '墙屏' }))).toBe('AUTH.FORBIDDEN');
		expect(codeOf(await ask(wall, 'ticket:callNext', { requestId: rid() }))).toBe('AUTH.FORBIDDEN');
		clerk.disconnect();
		kiosk.disconnect();
		wall.disconnect();
	});

	it('a burst of 30 tickets reaches the monitor as a few coalesced views, the last with all 30 waiting', async () => {
		const kiosk = await clients.connect({ token: TOKENS.kiosk2 });
		const before = views.length;
		const started = Date.now();
		await Promise.all(Array.from({ length: 30 }, () => must(kiosk, 'ticket:issue', { requestId: rid(), service: 'S2' })));
		await expect.poll(() => views[views.length - 1]?.view.zones[0]?.services.find((s) => s.code === 'S2')?.waitingNormal, { timeout: 10_000 }).toBe(30);
		const pushes = views.slice(before);
		const seconds = (pushes[pushes.length - 1]!.at - started) / 1000;
		// At most one push a second (plus the one pending when the burst began), never one per ticket.
		expect(pushes.length).toBeLessThanOrEqual(Math.ceil(seconds) + 2);
		expect(pushes.length).toBeLessThan(30);
		kiosk.disconnect();
	});

	it('finds a ticket with its history, moves a waiting one with a reason, and a retry moves it once', async () => {
		const u1 = await staff('u1');
		await must(u1, 'counter:open', { requestId: rid(), counter: 'C1' });
		now += MIN;
		await must(u1, 'ticket:callNext', { requestId: rid() }); // B001: the oldest of the burst at C1 (S1, S2)
		now += MIN;
		await must(u1, 'ticket:transfer', { requestId: rid(), toService: 'S3' });
		const found = await must<MonitorTicket>(supervisor, 'monitor:ticket', { ticket: 'B001' });
		expect(found.ticket).toMatchObject({ id: 'B001', status: 'waiting', service: 'S3' });
		expect(found.ticket).not.toHaveProperty('token');
		expect(found.history.map((s) => [s.kind, s.counterNumber, s.byName])).toEqual([
			['issued', null, '2号取号机'],
			['called', 1, '王晓明'],
			['transferred', 1, '王晓明']
		]);
		expect(codeOf(await ask(supervisor, 'monitor:ticket', { ticket: 'Z999' }))).toBe('TICKET.NOT_FOUND');
		expect(codeOf(await ask(supervisor, 'monitor:ticket', { ticket: 'b001; drop' }))).toBe('VALIDATION.FAILED');

		const requestId = rid();
		const move = { requestId, ticket: 'B002', toService: 'S3', reason: '需到税务窗口办理' };
		const moved = await must<MonitorTicket>(supervisor, 'monitor:moveTicket', move);
		expect(moved.history[moved.history.length - 1]).toMatchObject({ kind: 'transferred', by: 'sup', byName: '陈主管', note: '需到税务窗口办理' });
		await must(supervisor, 'monitor:moveTicket', move);
		expect((await log()).filter((e) => e.type === 'TicketTransferred' && e.ticket === 'B002')).toHaveLength(1);
		// B002 keeps its arrival: it is behind B001 (earlier) in S3's queue, ahead of any later ticket.
		expect(moved.ticket).toMatchObject({ service: 'S3', ahead: 1 });
		expect(codeOf(await ask(u1, 'monitor:moveTicket', { ...move, requestId: rid(), ticket: 'B003' }))).toBe('AUTH.FORBIDDEN');
		expect(codeOf(await ask(supervisor, 'monitor:moveTicket', { ...move, requestId: rid(), reason: '' }))).toBe('VALIDATION.FAILED');
		await must(u1, 'counter:close', { requestId: rid() });
		u1.disconnect();
	});

	it('closes a counter left open, with the reason in the log and the monitor showing it closed', async () => {
		const u2 = await staff('u2');
		await must(u2, 'counter:open', { requestId: rid(), counter: 'C2' });
		u2.disconnect();
		expect(codeOf(await ask(supervisor, 'monitor:closeCounter', { requestId: rid(), counter: 'C2' }))).toBe('VALIDATION.FAILED');
		const view = await must<MonitorView>(supervisor, 'monitor:closeCounter', { requestId: rid(), counter: 'C2', reason: '李红已离岗，窗口未关' });
		expect(view.counters.find((c) => c.id === 'C2')).toMatchObject({ status: 'closed', activity: 'closed', staff: null });
		const closed = (await log()).filter((e) => e.type === 'CounterClosed' && e.counter === 'C2');
		expect(closed[closed.length - 1]).toMatchObject({ by: 'sup', note: '李红已离岗，窗口未关' });
		await expect.poll(() => views[views.length - 1]?.view.counters.find((c) => c.id === 'C2')?.status, { timeout: 10_000 }).toBe('closed');
	});

	it('a muted board and a kiosk gone for a minute are device problems, on the panel and as alerts', async () => {
		const board = await clients.connect({ token: TOKENS.zoneBoardB });
		const day = (await server.running.hallq.runner('test').current()).key.day;
		await must(board, 'board:report', { day, shownSeq: 3, spokenSeq: 0, audio: 'off' });
		await expect.poll(() => deviceAlerts.find((a) => a.device === 'zone-zb' && a.problem === 'BOARD.MUTED'), { timeout: 10_000 }).toBeDefined();
		const devices = await must<DeviceStateView[]>(supervisor, 'devices:state', {});
		expect(devices.find((d) => d.device === 'zone-zb')).toMatchObject({ connections: 1, problem: 'BOARD.MUTED', board: { shownSeq: 3, audio: 'off' } });

		// K1 (gone since the first test) is connected and has no problem, then leaves.
		const kiosk = await clients.connect({ token: TOKENS.kiosk });
		const k1 = async () => (await must<DeviceStateView[]>(supervisor, 'devices:state', {})).find((d) => d.device === 'K1');
		await expect.poll(async () => (await k1())?.problem === null && (await k1())?.connections, { timeout: 10_000 }).toBe(1);
		kiosk.disconnect();
		await expect.poll(async () => (await k1())?.connections, { timeout: 10_000 }).toBe(0);
		// Not yet: a device is offline after a minute without a connection (a reload is not a fault).
		expect(await k1()).toMatchObject({ problem: null, lastSeen: now });
		now += MIN + 1000;
		const gone = deviceAlerts.length;
		await expect.poll(() => deviceAlerts.slice(gone).find((a) => a.device === 'K1' && a.kind === 'kiosk' && a.active), { timeout: 10_000 }).toMatchObject({ problem: 'DEVICE.OFFLINE' });
		await expect.poll(() => views[views.length - 1]?.view.alerts.find((a) => a.id === 'deviceFault:kiosk:K1')?.severity, { timeout: 10_000 }).toBe('critical');

		const returned = deviceAlerts.length;
		const back = await clients.connect({ token: TOKENS.kiosk });
		await expect.poll(() => deviceAlerts.slice(returned).find((a) => a.device === 'K1' && a.kind === 'kiosk' && !a.active), { timeout: 10_000 }).toMatchObject({ previous: 'DEVICE.OFFLINE' });
		back.disconnect();
		board.disconnect();
	});

	it('a wall screen alone on the server hears every change (no device or console of the hall connected)', async () => {
		supervisor.disconnect();
		const wall = await clients.connect({ token: TOKENS.wall });
		let view = (await must<MonitorSnapshot>(wall, 'monitor:open', {})).view;
		let gaps = 0;
		wall.on('monitor:view', (v: MonitorView) => (view = v));
		wall.on('monitor:delta', (d: MonitorDelta) => {
			const next = applyDelta(view, d);
			if (next) view = next;
			else gaps++;
		});
		const s1 = () => view.zones.flatMap((z) => z.services).find((x) => x.code === 'S1');
		const issued = view.totals.issued;
		const waiting = s1()?.waitingNormal ?? 0;
		// Issued straight through the runner: nobody of the hall is in its counts room.
		await server.running.hallq.runner('test').execute(cmd.issue('S1', { kiosk: 'K1' }));
		await expect.poll(() => view.totals.issued, { timeout: 10_000 }).toBe(issued + 1);
		expect(s1()?.waitingNormal).toBe(waiting + 1);
		expect(gaps).toBe(0);
		wall.disconnect();
	});
});
