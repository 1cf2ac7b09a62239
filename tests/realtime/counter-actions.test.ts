/**
 * Every counter-console action over real sockets, and each of its refusals with its code: call next,
 * recall (bounded), start, finish (outcomes, auto-call), no-show (re-queue), reactivate, call a
 * specific ticket (reason, audited), transfer (arrival kept, trail), park and call back, pause,
 * resume, close, open; supervisors acting on any counter of their hall. Each group has its own hall.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../server/core/events';
import type { CallView, ConsoleState, ErrorCode, TicketStatusView } from '../../server/realtime/contract';
import { ConsoleHallClients, consoleHall } from '../support/console-hall';
import { ClientPool, ask, must, rid, startTestServer, waitFor, type Client, type TestServer } from '../support/server';

const HALLS = ['calls', 'autocall', 'noshow', 'park', 'specific', 'transfer', 'counter', 'super', 'other'];
let server: TestServer;
const pool = new ClientPool(() => server.url);

beforeAll(async () => {
	server = await startTestServer(HALLS.map(consoleHall));
});
afterAll(async () => {
	pool.closeAll();
	await server.close();
});

const hallClients = (hall: string) => new ConsoleHallClients(hall, () => server.url, pool);

/** The error code of a refused action, or 'ok'. */
async function outcome(c: Client, event: Parameters<typeof ask>[1], payload: object): Promise<ErrorCode | 'ok'> {
	const a = await ask<ConsoleState>(c, event, payload);
	return a.ok ? 'ok' : a.error.code;
}

async function eventsOf(hall: string): Promise<StoredEvent[]> {
	return (await server.running.hallq.runner(hall).eventsAfter(0, 10_000)).events;
}

describe('call next, recall, start, finish', () => {
	const h = hallClients('calls');
	it('each works in turn and each refusal has its code', async () => {
		const u1 = await h.at('u1', 'C1');
		expect(await outcome(u1, 'ticket:callNext', { requestId: rid() })).toBe('QUEUE.EMPTY');
		expect(await outcome(u1, 'ticket:recall', { requestId: rid() })).toBe('COUNTER.IDLE');
		expect(await outcome(u1, 'ticket:start', { requestId: rid() })).toBe('COUNTER.IDLE');
		expect(await outcome(u1, 'ticket:finish', { requestId: rid(), outcome: 'done' })).toBe('COUNTER.IDLE');
		const a = await h.issue('S1');
		const b = await h.issue('S2');
		const board = await h.device('hall');

		const callReq = rid();
		const onBoard = waitFor<CallView>(board, 'call', (c) => c.ticket === a.id && !c.recall);
		const called = await must<ConsoleState>(u1, 'ticket:callNext', { requestId: callReq });
		expect(called.current).toMatchObject({ id: a.id, status: 'called', serviceName: { zh: '社保卡申领' } });
		await onBoard;
		// A retry answers again and calls nobody else; the same id for another action is refused.
		expect((await must<ConsoleState>(u1, 'ticket:callNext', { requestId: callReq })).current?.id).toBe(a.id);
		expect(await outcome(u1, 'ticket:recall', { requestId: callReq })).toBe('REQUEST.REUSED');
		expect(await outcome(u1, 'ticket:callNext', { requestId: rid() })).toBe('COUNTER.BUSY');
		expect(await outcome(u1, 'ticket:finish', { requestId: rid(), outcome: 'done' })).toBe('TICKET.BAD_STATE');

		// Recall is bounded by the counter's maxRecalls (2 in the test hall).
		const recalled = waitFor<CallView>(board, 'call', (c) => c.ticket === a.id && c.recall);
		expect(await outcome(u1, 'ticket:recall', { requestId: rid() })).toBe('ok');
		await recalled;
		expect((await must<ConsoleState>(u1, 'ticket:recall', { requestId: rid() })).current?.recalls).toBe(2);
		expect(await outcome(u1, 'ticket:recall', { requestId: rid() })).toBe('TICKET.RECALL_LIMIT');

		expect((await must<ConsoleState>(u1, 'ticket:start', { requestId: rid() })).current?.status).toBe('serving');
		expect(await outcome(u1, 'ticket:start', { requestId: rid() })).toBe('TICKET.BAD_STATE');
		expect(await outcome(u1, 'ticket:recall', { requestId: rid() })).toBe('TICKET.BAD_STATE');
		expect(await outcome(u1, 'ticket:finish', { requestId: rid(), outcome: 'approved' })).toBe('VALIDATION.FAILED');
		expect(await outcome(u1, 'ticket:finish', { requestId: 'short', outcome: 'done' })).toBe('VALIDATION.FAILED');
		// A field the contract does not name is dropped (a newer page's): the command is judged as it is.
		expect(await outcome(u1, 'ticket:callNext', { requestId: rid(), extra: 1 })).toBe('COUNTER.BUSY');
		const finished = await must<ConsoleState>(u1, 'ticket:finish', { requestId: rid(), outcome: 'missingDocuments' });
		expect(finished.current).toBeNull();
		expect(finished.waiting.find((w) => w.service === 'S2')?.count).toBe(1);
		// Every outcome is accepted.
		for (const result of ['done', 'refused', 'referred'] as const) {
			if (result !== 'done') await h.issue('S1');
			await must(u1, 'ticket:callNext', { requestId: rid() });
			await must(u1, 'ticket:start', { requestId: rid() });
			await must(u1, 'ticket:finish', { requestId: rid(), outcome: result });
		}
		const outcomes = (await eventsOf('calls')).flatMap((e) => (e.type === 'TicketFinished' ? [e.outcome] : []));
		expect(outcomes).toEqual(['missingDocuments', 'done', 'refused', 'referred']);
		expect(b.id).toMatch(/^B/);
	});
});

describe('finish with auto-call', () => {
	const h = hallClients('autocall');
	it('finishes and calls the next ticket in one action; an empty queue leaves the counter idle', async () => {
		const u1 = await h.at('u1', 'C1');
		const a = await h.issue('S1');
		const b = await h.issue('S1');
		const board = await h.device('hall');
		await must(u1, 'ticket:callNext', { requestId: rid() });
		await must(u1, 'ticket:start', { requestId: rid() });
		const onBoard = waitFor<CallView>(board, 'call', (c) => c.ticket === b.id);
		const next = await must<ConsoleState>(u1, 'ticket:finish', { requestId: rid(), outcome: 'done', autoCall: true });
		expect(next.current).toMatchObject({ id: b.id, status: 'called' });
		await onBoard;
		await must(u1, 'ticket:start', { requestId: rid() });
		const idle = await must<ConsoleState>(u1, 'ticket:finish', { requestId: rid(), outcome: 'done', autoCall: true });
		expect(idle.current).toBeNull();
		const types = (await eventsOf('autocall')).map((e) => e.type);
		expect(types.filter((t) => t === 'TicketFinished')).toHaveLength(2);
		expect(a.id).not.toBe(b.id);
		expect(await outcome(u1, 'ticket:finish', { requestId: rid(), outcome: 'done', autoCall: 'yes' })).toBe('VALIDATION.FAILED');
	});
});

describe('no-show, re-queue and reactivate', () => {
	const h = hallClients('noshow');
	it('re-queues at the original arrival (bounded), lists no-shows, reactivates one with a call on boards and phone', async () => {
		const u1 = await h.at('u1', 'C1');
		expect(await outcome(u1, 'ticket:noShow', { requestId: rid() })).toBe('COUNTER.IDLE');
		const a = await h.issue('S1');
		const b = await h.issue('S1');
		const board = await h.device('hall');
		const phone = await h.phone(a);

		await must(u1, 'ticket:callNext', { requestId: rid() });
		const requeued = await must<ConsoleState>(u1, 'ticket:noShow', { requestId: rid(), requeue: true });
		expect(requeued.current).toBeNull();
		expect(requeued.noShows).toEqual([]);
		expect(requeued.waiting.find((w) => w.service === 'S1')?.count).toBe(2);
		// Its arrival is kept: it is called again before b.
		const again = await must<ConsoleState>(u1, 'ticket:callNext', { requestId: rid() });
		expect(again.current).toMatchObject({ id: a.id, requeues: 1, queuedAt: a.queuedAt });
		expect(await outcome(u1, 'ticket:noShow', { requestId: rid(), requeue: true })).toBe('TICKET.REQUEUE_LIMIT');
		const gone = await must<ConsoleState>(u1, 'ticket:noShow', { requestId: rid() });
		expect(gone.noShows.map((t) => t.id)).toEqual([a.id]);
		expect(gone.noShows[0]?.status).toBe('noShow');

		expect(await outcome(u1, 'ticket:reactivate', { requestId: rid(), ticket: 'A999' })).toBe('TICKET.NOT_FOUND');
		expect(await outcome(u1, 'ticket:reactivate', { requestId: rid(), ticket: b.id })).toBe('TICKET.BAD_STATE');
		expect(await outcome(u1, 'ticket:reactivate', { requestId: rid(), ticket: 'a1' })).toBe('VALIDATION.FAILED');
		await must(u1, 'ticket:callNext', { requestId: rid() }); // b
		expect(await outcome(u1, 'ticket:reactivate', { requestId: rid(), ticket: a.id })).toBe('COUNTER.BUSY');
		await must(u1, 'ticket:start', { requestId: rid() });
		expect(await outcome(u1, 'ticket:noShow', { requestId: rid() })).toBe('TICKET.BAD_STATE');
		await must(u1, 'ticket:finish', { requestId: rid(), outcome: 'done' });
		await must(u1, 'counter:pause', { requestId: rid(), reason: '午休' });
		expect(await outcome(u1, 'ticket:reactivate', { requestId: rid(), ticket: a.id })).toBe('COUNTER.PAUSED');
		await must(u1, 'counter:resume', { requestId: rid() });

		const onBoard = waitFor<CallView>(board, 'call', (c) => c.ticket === a.id && !c.recall);
		const onPhone = waitFor<TicketStatusView>(phone, 'ticket:changed', (t) => t.status === 'called' && t.counterNumber === 1);
		const back = await must<ConsoleState>(u1, 'ticket:reactivate', { requestId: rid(), ticket: a.id });
		expect(back.current).toMatchObject({ id: a.id, status: 'called' });
		expect(back.noShows).toEqual([]);
		await onBoard;
		await onPhone;
		const log = await eventsOf('noshow');
		expect(log.find((e) => e.type === 'TicketReactivated')).toMatchObject({ ticket: a.id, counter: 'C1', staff: 'u1' });
	});
});

describe('park and call back', () => {
	const h = hallClients('park');
	it('sets the current ticket aside, lists it, keeps the counter from closing, calls it back with a call on boards and phone', async () => {
		const u1 = await h.at('u1', 'C1');
		const u2 = await h.at('u2', 'C2');
		expect(await outcome(u1, 'ticket:park', { requestId: rid() })).toBe('COUNTER.IDLE');
		const a = await h.issue('S1');
		const b = await h.issue('S1');
		const board = await h.device('hall');
		const phone = await h.phone(a);
		await must(u1, 'ticket:callNext', { requestId: rid() });
		await must(u1, 'ticket:start', { requestId: rid() });

		const onHold = waitFor<TicketStatusView>(phone, 'ticket:changed', (t) => t.status === 'parked');
		const parked = await must<ConsoleState>(u1, 'ticket:park', { requestId: rid() });
		expect(parked.current).toBeNull();
		expect(parked.parked.map((t) => [t.id, t.status])).toEqual([[a.id, 'parked']]);
		expect(parked.parked[0]?.parkedAt).toEqual(expect.any(Number));
		await onHold;
		expect(await outcome(u1, 'counter:close', { requestId: rid() })).toBe('COUNTER.HAS_PARKED');
		expect(await outcome(u2, 'ticket:callBack', { requestId: rid(), ticket: a.id })).toBe('TICKET.PARKED_ELSEWHERE');
		expect(await outcome(u1, 'ticket:callBack', { requestId: rid(), ticket: b.id })).toBe('TICKET.BAD_STATE');
		expect(await outcome(u1, 'ticket:callBack', { requestId: rid(), ticket: 'A999' })).toBe('TICKET.NOT_FOUND');
		expect(await outcome(u1, 'ticket:callBack', { requestId: rid() })).toBe('VALIDATION.FAILED');

		await must(u1, 'ticket:callNext', { requestId: rid() }); // b, while a is parked
		expect(await outcome(u1, 'ticket:callBack', { requestId: rid(), ticket: a.id })).toBe('COUNTER.BUSY');
		await must(u1, 'ticket:noShow', { requestId: rid() });
		await must(u1, 'counter:pause', { requestId: rid(), reason: '取材料' });
		expect(await outcome(u1, 'ticket:callBack', { requestId: rid(), ticket: a.id })).toBe('COUNTER.PAUSED');
		await must(u1, 'counter:resume', { requestId: rid() });

		const onBoard = waitFor<CallView>(board, 'call', (c) => c.ticket === a.id && !c.recall && c.counterNumber === 1);
		const onPhone = waitFor<TicketStatusView>(phone, 'ticket:changed', (t) => t.status === 'called');
		const back = await must<ConsoleState>(u1, 'ticket:callBack', { requestId: rid(), ticket: a.id });
		expect(back.current).toMatchObject({ id: a.id, status: 'called' });
		expect(back.parked).toEqual([]);
		await onBoard;
		await onPhone;
		await must(u1, 'ticket:start', { requestId: rid() });
		await must(u1, 'ticket:finish', { requestId: rid(), outcome: 'done' });
		expect((await must<ConsoleState>(u1, 'counter:close', { requestId: rid() })).counter).toBeNull();
	});
});

describe('call a specific ticket', () => {
	const h = hallClients('specific');
	it('needs a reason, records it with the staff member in the log, and refuses what cannot be called', async () => {
		const u1 = await h.at('u1', 'C1');
		const a = await h.issue('S1');
		const b = await h.issue('S1');
		expect(await outcome(u1, 'ticket:callTicket', { requestId: rid(), ticket: b.id })).toBe('VALIDATION.FAILED');
		expect(await outcome(u1, 'ticket:callTicket', { requestId: rid(), ticket: b.id, reason: '   ' })).toBe('VALIDATION.FAILED');
		expect(await outcome(u1, 'ticket:callTicket', { requestId: rid(), ticket: 'A999', reason: '预约' })).toBe('TICKET.NOT_FOUND');
		const called = await must<ConsoleState>(u1, 'ticket:callTicket', { requestId: rid(), ticket: b.id, reason: '孕妇优先' });
		expect(called.current?.id).toBe(b.id);
		const e = (await eventsOf('specific')).find((x) => x.type === 'TicketCalled' && x.ticket === b.id);
		expect(e).toMatchObject({ type: 'TicketCalled', staff: 'u1', counter: 'C1', reason: '孕妇优先' });
		expect(await outcome(u1, 'ticket:callTicket', { requestId: rid(), ticket: a.id, reason: '预约' })).toBe('COUNTER.BUSY');
		await must(u1, 'ticket:noShow', { requestId: rid() });
		expect(await outcome(u1, 'ticket:callTicket', { requestId: rid(), ticket: b.id, reason: '预约' })).toBe('TICKET.BAD_STATE');
		await must(u1, 'counter:pause', { requestId: rid(), reason: '会议' });
		expect(await outcome(u1, 'ticket:callTicket', { requestId: rid(), ticket: a.id, reason: '预约' })).toBe('COUNTER.PAUSED');
	});
});

describe('transfer', () => {
	const h = hallClients('transfer');
	it('keeps the arrival time, optionally pins to a counter, shows the trail, refuses bad targets', async () => {
		const u1 = await h.at('u1', 'C1');
		const u2 = await h.at('u2', 'C2');
		expect(await outcome(u1, 'ticket:transfer', { requestId: rid(), toService: 'S2' })).toBe('COUNTER.IDLE');
		const a = await h.issue('S1');
		await must(u1, 'ticket:callNext', { requestId: rid() });
		expect(await outcome(u1, 'ticket:transfer', { requestId: rid(), toService: 'S9' })).toBe('SERVICE.NOT_FOUND');
		expect(await outcome(u1, 'ticket:transfer', { requestId: rid(), toService: 'S1', toCounter: 'C9' })).toBe('COUNTER.NOT_FOUND');
		expect(await outcome(u1, 'ticket:transfer', { requestId: rid(), toService: 'S1' })).toBe('TICKET.SAME_SERVICE');
		await must(u1, 'ticket:start', { requestId: rid() });
		// To counter 2 (it serves S1 only): pinned there.
		const later = await h.issue('S1');
		const out = await must<ConsoleState>(u1, 'ticket:transfer', { requestId: rid(), toService: 'S1', toCounter: 'C2' });
		expect(out.current).toBeNull();
		const at2 = await must<ConsoleState>(u2, 'ticket:callNext', { requestId: rid() });
		expect(at2.current).toMatchObject({ id: a.id, queuedAt: a.queuedAt, issuedAt: a.issuedAt });
		expect(at2.current?.trail).toEqual([
			{ at: expect.any(Number), fromServiceName: a.serviceName, fromCounterNumber: 1, toServiceName: a.serviceName, toCounterNumber: 2 }
		]);
		expect(later.id).not.toBe(a.id);
	});
});

describe('pause, resume, close, open', () => {
	const h = hallClients('counter');
	it('each works and each refusal has its code', async () => {
		const u1 = await h.staff('u1');
		expect(await outcome(u1, 'ticket:callNext', { requestId: rid() })).toBe('COUNTER.NOT_OPEN');
		expect(await outcome(u1, 'counter:pause', { requestId: rid(), reason: '休息' })).toBe('COUNTER.NOT_OPEN');
		expect(await outcome(u1, 'counter:open', { requestId: rid(), counter: 'C3' })).toBe('STAFF.NOT_ALLOWED');
		expect(await outcome(u1, 'counter:open', { requestId: rid(), counter: 'C9' })).toBe('COUNTER.NOT_FOUND');
		const opened = await must<ConsoleState>(u1, 'counter:open', { requestId: rid(), counter: 'C1' });
		expect(opened.counter).toMatchObject({ id: 'C1', status: 'open', staff: 'u1' });
		expect(await outcome(u1, 'counter:open', { requestId: rid(), counter: 'C1' })).toBe('COUNTER.ALREADY_OPEN');
		expect(await outcome(u1, 'counter:open', { requestId: rid(), counter: 'C2' })).toBe('STAFF.AT_OTHER_COUNTER');
		const u2 = await h.staff('u2');
		expect(await outcome(u2, 'counter:open', { requestId: rid(), counter: 'C1' })).toBe('STAFF.NOT_ALLOWED');
		expect(await outcome(u1, 'counter:resume', { requestId: rid() })).toBe('COUNTER.NOT_PAUSED');
		expect(await outcome(u1, 'counter:pause', { requestId: rid() })).toBe('VALIDATION.FAILED');
		const paused = await must<ConsoleState>(u1, 'counter:pause', { requestId: rid(), reason: '系统故障' });
		expect(paused.counter).toMatchObject({ status: 'paused', pauseReason: '系统故障' });
		expect(await outcome(u1, 'counter:pause', { requestId: rid(), reason: '系统故障' })).toBe('COUNTER.PAUSED');
		await h.issue('S1');
		expect(await outcome(u1, 'ticket:callNext', { requestId: rid() })).toBe('COUNTER.PAUSED');
		expect((await must<ConsoleState>(u1, 'counter:resume', { requestId: rid() })).counter?.status).toBe('open');
		await must(u1, 'ticket:callNext', { requestId: rid() });
		expect(await outcome(u1, 'counter:close', { requestId: rid() })).toBe('COUNTER.BUSY');
		await must(u1, 'ticket:noShow', { requestId: rid() });
		expect((await must<ConsoleState>(u1, 'counter:close', { requestId: rid() })).counter).toBeNull();
		expect(await outcome(u1, 'counter:close', { requestId: rid() })).toBe('COUNTER.NOT_OPEN');
		await must(u2, 'counter:open', { requestId: rid(), counter: 'C2' });
		expect(await outcome(u1, 'counter:open', { requestId: rid(), counter: 'C2' })).toBe('COUNTER.TAKEN');
	});
});

describe('supervisors act on any counter of their hall; staff only on their own', () => {
	const h = hallClients('super');
	const other = hallClients('other');
	it('a supervisor names the counter, the staff member there is told; refusals are coded', async () => {
		const u1 = await h.at('u1', 'C1');
		const u2 = await h.at('u2', 'C2');
		const sup = await h.staff('sup');
		const a = await h.issue('S1');
		expect(await outcome(sup, 'ticket:callNext', { requestId: rid() })).toBe('COUNTER.NOT_OPEN');
		expect(await outcome(sup, 'ticket:callNext', { requestId: rid(), counter: 'C9' })).toBe('COUNTER.NOT_FOUND');
		expect(await outcome(sup, 'ticket:callNext', { requestId: rid(), counter: 'C3' })).toBe('COUNTER.NOT_OPEN');
		const told = waitFor(u1, 'console:changed');
		const byBoss = await must<ConsoleState>(sup, 'ticket:callNext', { requestId: rid(), counter: 'C1' });
		expect(byBoss.counter?.id).toBe('C1');
		expect(byBoss.current?.id).toBe(a.id);
		await told;
		expect((await must<ConsoleState>(u1, 'console:state', {})).current?.id).toBe(a.id);
		expect((await must<ConsoleState>(sup, 'console:state', { counter: 'C1' })).current?.id).toBe(a.id);
		const log = await eventsOf('super');
		expect(log.find((e) => e.type === 'TicketCalled')).toMatchObject({ counter: 'C1', staff: 'sup' });

		// Staff: a counter they may not work at, or one open by someone else.
		expect(await outcome(u2, 'ticket:start', { requestId: rid(), counter: 'C1' })).toBe('STAFF.NOT_ALLOWED');
		expect(await outcome(u2, 'console:state', { counter: 'C1' })).toBe('STAFF.NOT_ALLOWED');
		expect(await outcome(u1, 'ticket:callNext', { requestId: rid(), counter: 'C2' })).toBe('COUNTER.TAKEN');
		// Naming one's own counter is the same as naming none.
		expect(await outcome(u1, 'ticket:start', { requestId: rid(), counter: 'C1' })).toBe('ok');

		// A supervisor of another hall reaches only that hall's counters.
		const otherSup = await other.staff('sup');
		expect(await outcome(otherSup, 'ticket:finish', { requestId: rid(), outcome: 'done', counter: 'C1' })).toBe('COUNTER.NOT_OPEN');
		expect((await must<ConsoleState>(u1, 'console:state', {})).current?.status).toBe('serving');
		expect(await outcome(sup, 'ticket:finish', { requestId: rid(), outcome: 'done', counter: 'C1' })).toBe('ok');
		// Closing u2's counter for them needs a reason (代为操作, in the log).
		expect(await outcome(sup, 'counter:close', { requestId: rid(), counter: 'C2' })).toBe('ACTION.REASON_REQUIRED');
		expect(await outcome(sup, 'counter:close', { requestId: rid(), counter: 'C2', note: '下班未关窗口' })).toBe('ok');
		expect((await eventsOf('super')).filter((e) => e.type === 'CounterClosed').pop()).toMatchObject({ counter: 'C2', by: 'sup', note: '下班未关窗口' });
		expect((await must<ConsoleState>(u2, 'console:state', {})).counter).toBeNull();
	});
});
