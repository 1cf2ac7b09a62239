/**
 * Authorization matrix of the counter console, over real sockets: every role (kiosk, display board,
 * evaluation terminal, kiosk agent, phone, staff, supervisor, admin) × every console action. Roles
 * that may not use the console get AUTH.FORBIDDEN; a staff member naming a counter they may not work
 * at gets STAFF.NOT_ALLOWED, one open by someone else COUNTER.TAKEN; the staff member at the counter,
 * supervisors and admins succeed, each action in a state where it applies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ConsoleState, ErrorCode, TicketView } from '../../server/realtime/contract';
import { ConsoleHallClients, consoleHall } from '../support/console-hall';
import { ClientPool, ask, must, rid, startTestServer, type Client, type TestServer } from '../support/server';

let server: TestServer;
const pool = new ClientPool(() => server.url);
const h = new ConsoleHallClients('authz', () => server.url, pool);

beforeAll(async () => {
	server = await startTestServer([consoleHall('authz')]);
});
afterAll(async () => {
	pool.closeAll();
	await server.close();
});

type Action = keyof ClientToServerEvents;

/** Every console action, in an order where each one applies to the state the previous left. */
const ACTIONS = [
	'console:state',
	'ticket:callNext',
	'ticket:recall',
	'ticket:noShow',
	'ticket:reactivate',
	'ticket:park',
	'ticket:callBack',
	'ticket:transfer',
	'ticket:callTicket',
	'ticket:start',
	'ticket:finish',
	'counter:pause',
	'counter:resume',
	'counter:close',
	'counter:open'
] as const satisfies readonly Action[];

/**
 * A valid payload of each action, naming `counter` when given. In ACTIONS order one ticket goes
 * through them all: called, recalled, absent, reactivated, parked, called back, transferred to S2
 * pinned here, called by number, served, finished with auto-call (nobody left: the counter idles).
 */
function payload(action: (typeof ACTIONS)[number], counter: string | undefined, a: TicketView): object {
	const named = counter === undefined ? {} : { counter };
	const requestId = rid('authz');
	switch (action) {
		case 'console:state':
			return named;
		case 'counter:open':
			return { requestId, counter: counter ?? 'C1' };
		case 'counter:pause':
			return { requestId, reason: '授权测试', ...named };
		case 'ticket:finish':
			return { requestId, outcome: 'done', autoCall: true, ...named };
		case 'ticket:callBack':
			return { requestId, ticket: a.id, ...named };
		case 'ticket:reactivate':
			return { requestId, ticket: a.id, ...named };
		case 'ticket:transfer':
			return { requestId, toService: 'S2', toCounter: counter ?? 'C1', ...named };
		case 'ticket:callTicket':
			return { requestId, ticket: a.id, reason: '授权测试', ...named };
		case 'counter:close':
			// A supervisor or admin closing the counter u1 opened says why (ignored when it is one's own).
			return { requestId, note: '授权测试', ...named };
		default:
			return { requestId, ...named };
	}
}

async function codeOf(c: Client, action: Action, p: object): Promise<ErrorCode | 'ok'> {
	const answer = await ask<ConsoleState>(c, action, p);
	return answer.ok ? 'ok' : answer.error.code;
}

/** The matrix rows: who asks, and which counter they name. */
interface Row {
	role: string;
	connect: () => Promise<Client>;
	/** Counter named in the payload (undefined: the one the person has open). */
	counter?: string;
}

describe('authorization matrix: every role × every console action', () => {
	it('devices and phones are refused every action with AUTH.FORBIDDEN', async () => {
		const ticket = await h.issue('S3'); // not for C1: the rows below do not meet it
		const rows: Row[] = [
			{ role: 'kiosk', connect: () => h.device('K1') },
			{ role: 'display', connect: () => h.device('hall') },
			{ role: 'evaluator', connect: () => h.device('E1') },
			{ role: 'agent', connect: () => h.device('A1') },
			{ role: 'public', connect: () => h.phone(ticket) }
		];
		const before = (await server.running.hallq.runner('authz').current()).state.version;
		const seen: string[] = [];
		for (const row of rows) {
			const client = await row.connect();
			for (const action of ACTIONS) {
				seen.push(`${row.role} ${action} ${await codeOf(client, action, payload(action, 'C1', ticket))}`);
			}
		}
		expect(seen).toEqual(rows.flatMap((r) => ACTIONS.map((a) => `${r.role} ${a} AUTH.FORBIDDEN`)));
		expect((await server.running.hallq.runner('authz').current()).state.version).toBe(before);
	});

	it('staff naming a counter they may not work at: STAFF.NOT_ALLOWED; naming one open by another: COUNTER.TAKEN', async () => {
		const u1 = await h.at('u1', 'C1');
		const u2 = await h.staff('u2'); // may work at C2 only
		const u3 = await h.at('u3', 'C3');
		const a = await h.issue('S1');
		await must(u1, 'ticket:callNext', { requestId: rid() });
		const before = (await server.running.hallq.runner('authz').current()).state.version;
		const seen: string[] = [];
		for (const action of ACTIONS) seen.push(`u2@C1 ${action} ${await codeOf(u2, action, payload(action, 'C1', a))}`);
		// u3 works at C3 and has it open; C1 is open by u1. Opening it or acting on it is refused.
		const u1AtC2 = await h.staff('u1');
		for (const action of ACTIONS) {
			if (action === 'console:state') continue;
			seen.push(`u3@C1 ${action} ${await codeOf(u3, action, payload(action, 'C1', a))}`);
		}
		expect(seen).toEqual([
			...ACTIONS.map((x) => `u2@C1 ${x} STAFF.NOT_ALLOWED`),
			...ACTIONS.filter((x) => x !== 'console:state').map((x) => `u3@C1 ${x} STAFF.NOT_ALLOWED`)
		]);
		// u1 may work at C2: with u2 there, every action naming C2 is COUNTER.TAKEN (viewing is allowed).
		await must(u2, 'counter:open', { requestId: rid(), counter: 'C2' });
		const taken: string[] = [];
		for (const action of ACTIONS) taken.push(`${action} ${await codeOf(u1AtC2, action, payload(action, 'C2', a))}`);
		expect(taken).toEqual(ACTIONS.map((x) => `${x} ${x === 'console:state' ? 'ok' : 'COUNTER.TAKEN'}`));
		expect((await server.running.hallq.runner('authz').current()).state.version).toBe(before + 1); // u2's open only
		// Back to a quiet hall for the next test.
		await must(u1, 'ticket:noShow', { requestId: rid() });
		await must(u1, 'counter:close', { requestId: rid() });
		await must(u2, 'counter:close', { requestId: rid() });
		await must(u3, 'counter:close', { requestId: rid() });
	});

	const allowed: { role: string; staff: string; names: boolean }[] = [
		{ role: 'staff (own counter)', staff: 'u1', names: false },
		{ role: 'staff (own counter, named)', staff: 'u1', names: true },
		{ role: 'supervisor', staff: 'sup', names: true },
		{ role: 'admin', staff: 'adm', names: true }
	];
	for (const row of allowed) {
		it(`${row.role}: every action succeeds on C1`, async () => {
			// u1 opens C1 (for a supervisor or admin too: they act on a counter someone has open).
			const u1 = await h.at('u1', 'C1');
			const actor = row.staff === 'u1' ? u1 : await h.staff(row.staff);
			const a = await h.issue('S1');
			const counter = row.names ? 'C1' : undefined;
			const seen: string[] = [];
			for (const action of ACTIONS) {
				if (action === 'counter:open') continue;
				seen.push(`${action} ${await codeOf(actor, action, payload(action, counter, a))}`);
			}
			// counter:open: staff open their own counter again; supervisors and admins open one for themselves.
			const openCounter = row.staff === 'u1' ? 'C1' : 'C2';
			seen.push(`counter:open ${await codeOf(actor, 'counter:open', payload('counter:open', openCounter, a))}`);
			expect(seen).toEqual(ACTIONS.filter((x) => x !== 'counter:open').map((x) => `${x} ok`).concat('counter:open ok'));
			// Clean up: the counter opened last closes.
			const state = await must<ConsoleState>(actor, 'console:state', {});
			expect(state.counter?.id).toBe(openCounter);
			await must(actor, 'counter:close', { requestId: rid() });
			const log = (await server.running.hallq.runner('authz').eventsAfter(0, 10_000)).events;
			const byActor = log.filter((e) => 'staff' in e && e.staff === row.staff && e.type === 'TicketCalled').length;
			expect(byActor).toBeGreaterThan(0);
		});
	}
});

describe('console:services: the transfer choices, fetched once instead of in every answer', () => {
	it('answers staff, supervisors and admins with every service of the hall; devices and phones get AUTH.FORBIDDEN', async () => {
		const expected = consoleHall('authz').services.map((s) => ({ code: s.code, name: s.name }));
		for (const id of ['u1', 'sup', 'adm']) {
			const answer = await ask<{ code: string }[]>(await h.staff(id), 'console:services', {});
			expect(answer, id).toEqual({ ok: true, data: expected });
		}
		const ticket = await h.issue('S3');
		for (const client of [await h.device('K1'), await h.device('hall'), await h.device('E1'), await h.phone(ticket)]) {
			expect(await codeOf(client, 'console:services', {})).toBe('AUTH.FORBIDDEN');
		}
		// A field the contract does not name (a newer page's) is dropped, not refused.
		expect(await codeOf(await h.staff('u1'), 'console:services', { counter: 'C1' })).toBe('ok');
	});

	it('console answers no longer carry the services', async () => {
		const state = await must<ConsoleState>(await h.staff('u1'), 'console:state', {});
		expect(state.staff.id).toBe('u1');
		expect('services' in state).toBe(false);
	});
});
