import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fold, initialState } from '../../server/core/evolve';
import type { TicketView } from '../../server/realtime/contract';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';
import { ask, connect, must, rid, type Client } from '../support/server';
import { killed, spawnServer } from '../support/spawn-server';
import { TOKENS } from '../support/test-hall';

const dir = mkdtempSync(join(tmpdir(), 'hallq-crash-'));
const db = join(dir, 'hallq.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KIOSKS = 20;
const SERVICES = ['S1', 'S2', 'S3'];

describe('a server killed with SIGKILL while 20 kiosks issue tickets', () => {
	it('keeps every acknowledged ticket, and numbers continue with no gap or repeat', async () => {
		const first = await spawnServer({ HALLQ_DB: db, SQLITE_SYNCHRONOUS: 'FULL' });
		const acked = new Map<string, string>(); // ticket id → service
		const clients: Client[] = [];
		for (let i = 0; i < KIOSKS; i++) clients.push(await connect(first.url, { token: i % 2 ? TOKENS.kiosk : TOKENS.kiosk2 }));

		let stop = false;
		const loops = clients.map(async (c, i) => {
			for (let n = 0; !stop; n++) {
				const service = SERVICES[(i + n) % SERVICES.length] ?? 'S1';
				const a = await ask<TicketView>(c, 'ticket:issue', { requestId: rid(`k${i}`), service }).catch(() => null);
				if (!a) return; // the server died under this request: not acknowledged
				if (a.ok) acked.set(a.data.id, service);
			}
		});
		while (acked.size < 400) await new Promise((r) => setTimeout(r, 5));
		first.child.kill('SIGKILL');
		await killed(first.child);
		stop = true;
		for (const c of clients) c.close();
		await Promise.all(loops);
		const ackedAtKill = new Map(acked);

		// The log on disk: every acknowledged ticket is there, once.
		const store = SqliteEventStore.open(db);
		const day = (await import('../../server/core/hall-day')).hallDayOf('test', 'Asia/Shanghai', Date.now());
		const log = await store.load(day);
		const state = fold(log.snapshot?.state ?? initialState('test', day.day), log.events);
		await store.close();
		for (const id of ackedAtKill.keys()) expect(state.tickets[id], `ticket ${id}`).toBeDefined();
		const byPrefix = new Map<string, number[]>();
		for (const t of Object.values(state.tickets)) byPrefix.set(t.prefix, [...(byPrefix.get(t.prefix) ?? []), t.serial]);
		for (const [prefix, seqs] of byPrefix) {
			const sorted = [...seqs].sort((a, b) => a - b);
			expect(sorted, `numbers of ${prefix}`).toEqual(sorted.map((_, i) => i + 1));
		}

		// After a restart, numbering continues right after the last durable number.
		const second = await spawnServer({ HALLQ_DB: db, SQLITE_SYNCHRONOUS: 'FULL' });
		try {
			const kiosk = await connect(second.url, { token: TOKENS.kiosk });
			for (const [service, prefix] of [['S1', 'A'], ['S2', 'B'], ['S3', 'C']] as const) {
				const t = await must<TicketView>(kiosk, 'ticket:issue', { requestId: rid(), service });
				const last = Math.max(...(byPrefix.get(prefix) ?? [0]));
				expect(t.id).toBe(`${prefix}${String(last + 1).padStart(3, '0')}`);
			}
			kiosk.close();
		} finally {
			second.child.kill('SIGTERM');
			await killed(second.child);
		}
		expect(ackedAtKill.size).toBeGreaterThanOrEqual(400);
	}, 60_000);
});

describe('graceful shutdown on SIGTERM', () => {
	it('answers the commands in flight, refuses new ones with a code, and exits 0', async () => {
		const file = join(dir, 'graceful.db');
		const server = await spawnServer({ HALLQ_DB: file });
		const clients: Client[] = [];
		for (let i = 0; i < 5; i++) clients.push(await connect(server.url, { token: TOKENS.kiosk }));
		const acked = new Set<string>();
		const codes = new Set<string>();
		let stop = false;
		const loops = clients.map(async (c, i) => {
			while (!stop) {
				const a = await ask<TicketView>(c, 'ticket:issue', { requestId: rid(`g${i}`), service: 'S1' }).catch(() => null);
				if (!a) return;
				if (a.ok) acked.add(a.data.id);
				else codes.add(a.error.code);
			}
		});
		while (acked.size < 100) await new Promise((r) => setTimeout(r, 5));
		const exit = new Promise<number | null>((r) => server.child.once('exit', (code) => r(code)));
		server.child.kill('SIGTERM');
		expect(await exit).toBe(0);
		stop = true;
		for (const c of clients) c.close();
		await Promise.all(loops);
		for (const code of codes) expect(code).toBe('SERVER.SHUTTING_DOWN');

		const store = SqliteEventStore.open(file);
		const day = (await import('../../server/core/hall-day')).hallDayOf('test', 'Asia/Shanghai', Date.now());
		const log = await store.load(day);
		await store.close();
		const issued = new Set(log.events.flatMap((e) => (e.type === 'TicketIssued' ? [e.ticket] : [])));
		for (const id of acked) expect(issued.has(id), id).toBe(true);
	}, 60_000);
});
