/**
 * A board that was away for a while gets every call it missed exactly once, however many: the
 * catch-up pages oldest first (`more`), never keeping only the latest (issue 25: a board away for
 * 611 calls was sent the latest 500 and silently lost 111). On both live stores, for a board away
 * during 600, 2,000 and 20,000 calls, for a hall board (every call) and a zone board (its zone's).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../server/core/commands';
import { DomainError } from '../../server/core/errors';
import { isAlertEvent, type StoredEvent } from '../../server/core/events';
import { indexHall } from '../../server/core/hall-index';
import type { HallConfig } from '../../server/core/model';
import { boardShows, CATCH_UP_PAGE } from '../../server/realtime/handlers';
import { BoardWatcher } from '../support/failover-client';
import { startRedis, type RedisServer } from '../support/redis-server';
import { startTestServer, type TestServer } from '../support/server';
import { testHall, TOKENS } from '../support/test-hall';

/**
 * The test hall with 24 more counters in zone A for S2 (each with its own clerk), so the calls are made by
 * 27 counters at once and their commands share appends, as at a busy hall's opening.
 */
function busyHall(): HallConfig {
	const h = testHall();
	const [c1] = h.counters;
	const [u1] = h.staff;
	if (!c1 || !u1) throw new Error('test hall without counters or staff');
	// S2 (prefix B) is the new counters' own: no counter of another chain takes their tickets.
	c1.services = [{ service: 'S1', weight: 1 }];
	const extra = Array.from({ length: 24 }, (_, i) => ({ id: `X${i + 1}`, number: 10 + i }));
	h.counters.push(...extra.map((x) => ({ ...c1, id: x.id, number: x.number, name: { zh: `${x.number}号窗口`, en: `Counter ${x.number}` }, services: [{ service: 'S2', weight: 1 }] })));
	h.staff.push(...extra.map((x) => ({ ...u1, id: `p${x.id}`, counters: [x.id] })));
	return h;
}

const hall = busyHall();
const index = indexHall(hall);
/** Every counter calls at once, each ticket called and marked a no-show. */
const CHAINS = [
	{ counter: 'C1', staff: 'u1', service: 'S1' },
	{ counter: 'C2', staff: 'u2', service: 'S1' },
	{ counter: 'C3', staff: 'u3', service: 'S3' },
	...hall.counters.filter((c) => c.id.startsWith('X')).map((c) => ({ counter: c.id, staff: `p${c.id}`, service: 'S2' }))
];
/** Answers that mean "not now": a client sends the same request again. */
const RETRY = new Set(['STORE.UNAVAILABLE', 'STORE.CONFLICT']);

let redis: RedisServer;
beforeAll(async () => {
	redis = await startRedis();
}, 30_000);
afterAll(async () => {
	await redis?.stop();
});

let n = 0;
const req = (what: string) => `${what}-${++n}`;

/** `calls` calls spread over the counters, straight through the hall's runner (resent when the store says "not now"). */
async function makeCalls(server: TestServer, calls: number): Promise<void> {
	const hallq = server.running.hallq;
	const execute = async (cmd: Command) => {
		for (let attempt = 1; ; attempt++) {
			try {
				return await hallq.execute(hall.id, cmd);
			} catch (err) {
				if (!(err instanceof DomainError && RETRY.has(err.code)) || attempt >= 20) throw err;
				await new Promise((r) => setTimeout(r, 100));
			}
		}
	};
	const per = Math.ceil(calls / CHAINS.length);
	await Promise.all(
		CHAINS.map(async (c, i) => {
			const mine = Math.max(0, Math.min(per, calls - i * per));
			for (let k = 0; k < mine; k++) {
				await execute({ kind: 'issue', req: req('i'), service: c.service, priority: 'none', kiosk: 'K1', token: req('t'), identity: null });
				await execute({ kind: 'callNext', req: req('c'), counter: c.counter, staff: c.staff });
				await execute({ kind: 'noShow', req: req('n'), counter: c.counter, staff: c.staff });
			}
		})
	);
}

async function logOf(server: TestServer): Promise<StoredEvent[]> {
	const runner = server.running.hallq.runner(hall.id);
	const all: StoredEvent[] = [];
	for (;;) {
		const { events } = await runner.eventsAfter(all.length, 10_000);
		all.push(...events);
		if (events.length < 10_000) return all;
	}
}

function callsFor(device: string, log: StoredEvent[]): number[] {
	const config = hall.devices.find((d) => d.id === device);
	if (!config) throw new Error(`no device ${device}`);
	return log
		.filter((e) => e.type === 'TicketCalled' || e.type === 'TicketRecalled')
		.filter((e) => boardShows(config, { zone: index.counters.get(e.counter)?.zone ?? '', counter: e.counter } as never))
		.map((e) => e.seq);
}

for (const store of ['sqlite', 'redis'] as const) {
	describe(`a board back after a long absence (${store})`, () => {
		let server: TestServer;
		beforeAll(async () => {
			server = await startTestServer([hall], { env: store === 'redis' ? { STORE: 'redis', REDIS_URL: redis.url, HALLQ_PRINTER_SIM: 'off' } : { HALLQ_PRINTER_SIM: 'off' } });
			for (const c of CHAINS) await server.running.hallq.execute(hall.id, { kind: 'openCounter', req: req('o'), counter: c.counter, staff: c.staff });
		}, 30_000);
		afterAll(async () => {
			await server?.close();
		});

		for (const away of [600, 2000, 20_000]) {
			it(`gets each of the ${away} calls made while it was away exactly once, oldest first, page by page`, async () => {
				const boards = [new BoardWatcher(() => [server.url], TOKENS.hallBoard, 0), new BoardWatcher(() => [server.url], TOKENS.zoneBoardB, 0)];
				try {
					await Promise.all(boards.map((b) => b.start()));
					const before = await logOf(server);
					const had = boards.map((b) => new Set(b.seqs));
					const syncsBefore = boards.map((b) => b.syncs);
					// Both boards off the network while the calls are made, then back.
					const made0 = makeCalls(server, away);
					await Promise.all(boards.map((b) => b.away(() => made0)));
					const log = await logOf(server);
					// Three events a call; the supervisor's alerts about the queue may be recorded in between.
					const made = log.filter((e) => !isAlertEvent(e)).length - before.filter((e) => !isAlertEvent(e)).length;
					expect(made).toBe(3 * away);
					for (const [i, b] of boards.entries()) {
						const device = i === 0 ? 'hall' : 'zone-zb';
						const missed = callsFor(device, log).filter((s) => s > (before[before.length - 1]?.seq ?? 0));
						const got = [...b.seqs].filter((s) => !had[i]?.has(s));
						expect({ device, got: got.length, missing: missed.filter((s) => !b.seqs.has(s)).length }).toEqual({ device, got: missed.length, missing: 0 });
						expect(got).toEqual(missed); // oldest first, in the order of the log
						expect(b.syncDuplicates).toBe(0);
						// One page per 500 calls (and one that finds the end).
						expect(b.syncs - (syncsBefore[i] ?? 0)).toBe(Math.floor(missed.length / CATCH_UP_PAGE) + 1);
					}
					expect(boards[0]?.seqs.size).toBeGreaterThanOrEqual(away);
				} finally {
					for (const b of boards) b.close();
				}
			}, 240_000);
		}
	});
}
