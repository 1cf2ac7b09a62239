/**
 * Boards report what they showed and spoke, and whether their browser lets them play sound;
 * supervisors see every board of the hall with its latest report, and get an alert when a board's
 * audio is blocked (someone must tap it) and when it plays again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack, BoardStateView, DeviceAlert } from '../../server/realtime/contract';
import { ask, ClientPool, login, must, startTestServer, waitFor, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

let server: TestServer;
const clients = new ClientPool(() => server.url);

beforeAll(async () => {
	server = await startTestServer([testHall()], { env: { HALLQ_PRINTER_SIM: 'off' } });
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

const open = (auth: object) => clients.connect(auth);

describe('board reports', () => {
	it('shows supervisors each board with its last shown and spoken call and its audio, and alerts on blocked audio', async () => {
		const hallBoard = await open({ token: TOKENS.hallBoard });
		const zoneBoard = await open({ token: TOKENS.zoneBoardB });
		const { session } = await login(server.url, 'test', 'sup', PASSWORD);
		const supervisor = await open({ session });
		const day = '2026-12-01';

		await must(hallBoard, 'board:report', { day, shownSeq: 12, spokenSeq: 12, audio: 'ok' });
		const blocked = waitFor<DeviceAlert>(supervisor, 'device:alert', (a) => a.kind === 'board' && a.active);
		await must(zoneBoard, 'board:report', { day, shownSeq: 9, spokenSeq: 0, audio: 'blocked' });
		const opened = await blocked;
		expect(opened).toMatchObject({ key: 'board:zone-zb', device: 'zone-zb', condition: 'blocked', problem: 'BOARD.AUDIO_BLOCKED', previous: null });
		expect(opened.since).toBe(opened.at);

		const boards = await must<BoardStateView[]>(supervisor, 'boards:state', {});
		expect(boards.map((b) => [b.device, b.kind, b.connections, b.health?.shownSeq ?? null, b.health?.spokenSeq ?? null, b.health?.audio ?? null])).toEqual([
			['hall', 'hall', 1, 12, 12, 'ok'],
			['zone-zb', 'zone', 1, 9, 0, 'blocked']
		]);

		const unblocked = waitFor<DeviceAlert>(supervisor, 'device:alert', (a) => a.kind === 'board' && !a.active);
		await must(zoneBoard, 'board:report', { day, shownSeq: 10, spokenSeq: 10, audio: 'ok' });
		expect(await unblocked).toMatchObject({ key: 'board:zone-zb', condition: 'ok', problem: null, previous: 'BOARD.AUDIO_BLOCKED', since: opened.since });

		zoneBoard.close();
		await expect
			.poll(async () => (await must<BoardStateView[]>(supervisor, 'boards:state', {})).find((b) => b.device === 'zone-zb')?.connections)
			.toBe(0);
	});

	it('refuses reports from others, boards:state to staff, and bad reports', async () => {
		const kiosk = await open({ token: TOKENS.kiosk });
		const report = { day: '2026-12-01', shownSeq: 1, spokenSeq: 1, audio: 'ok' };
		expect(await ask(kiosk, 'board:report', report)).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		const { session } = await login(server.url, 'test', 'u1', PASSWORD);
		const clerk = await open({ session });
		expect(await ask(clerk, 'boards:state', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		const board = await open({ token: TOKENS.hallBoard });
		const bad: Ack<unknown> = await ask(board, 'board:report', { ...report, audio: 'loud', shownSeq: -1 });
		expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
	});
});
