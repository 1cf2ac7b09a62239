/**
 * The evaluation terminal of a counter: told when its counter finishes a ticket, it sends the
 * citizen's rating, which lands in the log bound to ticket, counter and staff; every refusal coded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketRated } from '../../server/core/events';
import type { CaseView, EvaluatorState, RatingPrompt } from '../../server/realtime/contract';
import { EVAL_TOKENS, evaluationHall, PASSWORD, serveOne, TOKENS } from '../support/evaluation-hall';
import { ask, ClientPool, login, must, rid, startTestServer, waitFor, type Client, type TestServer } from '../support/server';

let server: TestServer;
/** The server's clock: tests move it forward to expire a rating window. */
let now = Date.UTC(2026, 8, 30, 2, 0, 0); // Wednesday 30 September 2026, 10:00 in Shanghai
const clients = new ClientPool(() => server.url);
let kiosk: Client;
let clerk: Client;
let clerk2: Client;
let evaluator: Client;
let evaluator2: Client;

beforeAll(async () => {
	server = await startTestServer([evaluationHall()], { clock: { now: () => now }, env: { HALLQ_PRINTER_SIM: 'off' } });
	kiosk = await clients.connect({ token: TOKENS.kiosk });
	clerk = await clients.connect({ session: (await login(server.url, 'test', 'u1', PASSWORD)).session });
	clerk2 = await clients.connect({ session: (await login(server.url, 'test', 'u2', PASSWORD)).session });
	evaluator = await clients.connect({ token: EVAL_TOKENS.counter1 });
	evaluator2 = await clients.connect({ token: EVAL_TOKENS.counter2 });
	await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
	await must(clerk2, 'counter:open', { requestId: rid(), counter: 'C2' });
});
afterAll(async () => {
	clients.closeAll();
	await server?.close();
});

const stars = (overall: number, extra: object = {}) => ({ requestId: rid('rate'), overall, efficiency: overall, level: overall, attitude: overall, ...extra });

async function ratedEvents(): Promise<TicketRated[]> {
	const { events } = await server.running.hallq.runner('test').eventsAfter(0, 10_000);
	return events.filter((e): e is TicketRated & { seq: number } => e.type === 'TicketRated');
}

describe('the evaluation terminal', () => {
	it('shows its counter and the staff member on duty when idle', async () => {
		const s = await must<EvaluatorState>(evaluator, 'evaluator:state', {});
		expect(s.counter).toMatchObject({ id: 'C1', number: 1, status: 'open', staff: 'u1', staffName: '王晓明' });
		expect(s.prompt).toBeNull();
		expect(s.promptSeconds).toBe(30);
		expect(s.reasons).toContain('attitude');
	});

	it('is asked when its counter finishes a ticket, rates it once, and the rating is in the log bound to ticket, counter and staff', async () => {
		const prompted = waitFor<RatingPrompt>(evaluator, 'rating:prompt');
		const ticket = await serveOne(kiosk, clerk);
		const prompt = await prompted;
		expect(prompt).toMatchObject({ ticket: ticket.id, counter: 'C1', staffId: 'u1', staffName: '王晓明' });
		expect(prompt.expiresAt - prompt.finishedAt).toBe(10 * 60_000);
		// A terminal that reconnects finds the question again.
		expect((await must<EvaluatorState>(evaluator, 'evaluator:state', {})).prompt?.ticket).toBe(ticket.id);

		const closed = waitFor<{ ticket: string }>(evaluator, 'rating:closed', (c) => c.ticket === ticket.id);
		const answer = await must<{ followUp: boolean }>(evaluator, 'rating:submit', { ...stars(5), ticket: ticket.id, efficiency: 4, comment: '很好' });
		expect(answer.followUp).toBe(false);
		await closed;
		const rated = (await ratedEvents()).filter((e) => e.ticket === ticket.id);
		expect(rated).toHaveLength(1);
		expect(rated[0]).toMatchObject({ ticket: ticket.id, counter: 'C1', staff: 'u1', device: 'E1', overall: 5, efficiency: 4, level: 5, attitude: 5, reasons: [], comment: '很好' });
		expect((await must<EvaluatorState>(evaluator, 'evaluator:state', {})).prompt).toBeNull();

		// A second rating of the same ticket is refused; a retry with the same request id is not a second one.
		const again = await ask(evaluator, 'rating:submit', { ...stars(1, { reasons: ['attitude'] }), ticket: ticket.id });
		expect(again).toMatchObject({ ok: false, error: { code: 'RATING.ALREADY_RATED' } });
		expect((await ratedEvents()).filter((e) => e.ticket === ticket.id)).toHaveLength(1);
	});

	it('a retry of the same request gets the first answer', async () => {
		const ticket = await serveOne(kiosk, clerk);
		const payload = { ...stars(4), ticket: ticket.id };
		await must(evaluator, 'rating:submit', payload);
		expect(await ask(evaluator, 'rating:submit', payload)).toMatchObject({ ok: true, data: { ticket: ticket.id, overall: 4 } });
		expect((await ratedEvents()).filter((e) => e.ticket === ticket.id)).toHaveLength(1);
	});

	it('refuses a ticket of another counter, one not finished, an unknown one, and bad input', async () => {
		const prompted2 = waitFor<RatingPrompt>(evaluator2, 'rating:prompt');
		const other = await serveOne(kiosk, clerk2);
		expect((await prompted2).ticket).toBe(other.id);
		expect(await ask(evaluator, 'rating:submit', { ...stars(5), ticket: other.id })).toMatchObject({ ok: false, error: { code: 'RATING.WRONG_COUNTER' } });

		const waiting = await must<{ id: string }>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S2' });
		expect(await ask(evaluator, 'rating:submit', { ...stars(5), ticket: waiting.id })).toMatchObject({ ok: false, error: { code: 'RATING.WRONG_COUNTER' } });
		await must(clerk, 'ticket:callNext', { requestId: rid() });
		expect(await ask(evaluator, 'rating:submit', { ...stars(5), ticket: waiting.id })).toMatchObject({ ok: false, error: { code: 'TICKET.BAD_STATE' } });
		await must(clerk, 'ticket:start', { requestId: rid() });
		await must(clerk, 'ticket:finish', { requestId: rid(), outcome: 'done' });

		expect(await ask(evaluator, 'rating:submit', { ...stars(5), ticket: 'Z999' })).toMatchObject({ ok: false, error: { code: 'TICKET.NOT_FOUND' } });
		expect(await ask(evaluator, 'rating:submit', { ...stars(6), ticket: waiting.id })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		expect(await ask(evaluator, 'rating:submit', { ...stars(2), ticket: waiting.id, reasons: ['bribe'] })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		expect(await ask(evaluator, 'rating:submit', { ...stars(2), ticket: waiting.id, comment: '长'.repeat(201) })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		// A bad rating needs a reason (a choice or a comment).
		expect(await ask(evaluator, 'rating:submit', { ...stars(2), ticket: waiting.id })).toMatchObject({ ok: false, error: { code: 'RATING.REASON_REQUIRED' } });
		// Only evaluation terminals rate.
		expect(await ask(clerk, 'rating:submit', { ...stars(5), ticket: waiting.id })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		expect(await ask(kiosk, 'evaluator:state', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		expect((await ratedEvents()).some((e) => e.ticket === waiting.id)).toBe(false);
	});

	it('refuses a rating after the window and masks ID numbers in comments', async () => {
		const late = await serveOne(kiosk, clerk);
		now += 10 * 60_000 + 1;
		expect(await ask(evaluator, 'rating:submit', { ...stars(5), ticket: late.id })).toMatchObject({ ok: false, error: { code: 'RATING.EXPIRED' } });
		expect((await must<EvaluatorState>(evaluator, 'evaluator:state', {})).prompt).toBeNull();

		const ticket = await serveOne(kiosk, clerk);
		await must(evaluator, 'rating:submit', { ...stars(1), ticket: ticket.id, reasons: ['attitude', 'waitTooLong'], comment: '我的身份证 11010519491231002X 被问了三遍' });
		const rated = (await ratedEvents()).find((e) => e.ticket === ticket.id);
		expect(rated).toMatchObject({ overall: 1, reasons: ['attitude', 'waitTooLong'], comment: '我的身份证 1101**********002X 被问了三遍' });
		// Nowhere in the stored log in clear.
		const { events } = await server.running.hallq.runner('test').eventsAfter(0, 10_000);
		expect(JSON.stringify(events)).not.toContain('11010519491231002X');
	});
});

describe('follow-up cases of bad ratings', () => {
	it('a bad rating opens a case due in 15 working days that supervisors see and move on; staff may not', async () => {
		const supervisor = await clients.connect({ session: (await login(server.url, 'test', 'sup', PASSWORD)).session });
		const before = await must<CaseView[]>(supervisor, 'cases:list', {});
		const good = await serveOne(kiosk, clerk);
		await must(evaluator, 'rating:submit', { ...stars(3), ticket: good.id });

		const opened = waitFor<CaseView>(supervisor, 'case:changed', (c) => c.status === 'open');
		const bad = await serveOne(kiosk, clerk);
		await must(evaluator, 'rating:submit', { ...stars(2), ticket: bad.id, reasons: ['slow'], comment: '等了很久' });
		const c = await opened;
		// Rated on Wednesday 30 September 2026; 1–7 October are the national-day holidays (with the
		// make-up Saturday 10 October worked): the 15th working day after is Tuesday 27 October.
		expect(c).toMatchObject({ ticket: bad.id, counter: 'C1', counterNumber: 1, staff: 'u1', staffName: '王晓明', overall: 2, reasons: ['slow'], comment: '等了很久', status: 'open', due: '2026-10-27', overdue: false });
		const listed = await must<CaseView[]>(supervisor, 'cases:list', {});
		expect(listed.length - before.length).toBe(1);
		expect(listed.some((x) => x.ticket === good.id)).toBe(false);

		// Staff and devices may not see or touch cases.
		expect(await ask(clerk, 'cases:list', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		expect(await ask(clerk, 'case:update', { id: c.id, status: 'calledBack', note: '已回访' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		expect(await ask(evaluator, 'cases:list', {})).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		// Steps in order only, with a note.
		expect(await ask(supervisor, 'case:update', { id: c.id, status: 'rectified', note: '整改' })).toMatchObject({ ok: false, error: { code: 'CASE.BAD_STATE' } });
		expect(await ask(supervisor, 'case:update', { id: c.id, status: 'calledBack', note: ' ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		expect(await ask(supervisor, 'case:update', { id: '2026-09-30-Z999', status: 'calledBack', note: '回访' })).toMatchObject({ ok: false, error: { code: 'CASE.NOT_FOUND' } });

		const moved = waitFor<CaseView>(supervisor, 'case:changed', (x) => x.id === c.id && x.status === 'calledBack');
		const called = await must<CaseView>(supervisor, 'case:update', { id: c.id, status: 'calledBack', note: '已电话回访，群众反映等候过久' });
		expect(called.history).toEqual([{ at: now, by: 'sup', status: 'calledBack', note: '已电话回访，群众反映等候过久' }]);
		await moved;
		await must(supervisor, 'case:update', { id: c.id, status: 'rectified', note: '增开一个窗口' });

		// A second open case, left open past its due day, is overdue.
		const late = await serveOne(kiosk, clerk);
		await must(evaluator, 'rating:submit', { ...stars(1), ticket: late.id, reasons: ['attitude'] });
		await expect.poll(async () => (await must<CaseView[]>(supervisor, 'cases:list', {})).some((x) => x.ticket === late.id)).toBe(true);
		now = Date.UTC(2026, 9, 27, 15, 0, 0); // 27 October, 23:00 in Shanghai: still due today
		// Weeks later: a new sign-in (sessions last 12 hours).
		const later = await clients.connect({ session: (await login(server.url, 'test', 'sup', PASSWORD)).session });
		expect((await must<CaseView[]>(later, 'cases:list', {})).find((x) => x.ticket === late.id)?.overdue).toBe(false);
		now = Date.UTC(2026, 9, 27, 16, 1, 0); // 28 October, 00:01
		const overdue = (await must<CaseView[]>(later, 'cases:list', {})).find((x) => x.ticket === late.id);
		expect(overdue).toMatchObject({ status: 'open', overdue: true });

		const closed = await must<CaseView>(later, 'case:update', { id: c.id, status: 'closed', note: '群众表示满意' });
		expect(closed).toMatchObject({ status: 'closed', overdue: false });
		expect(closed.history.map((h) => h.status)).toEqual(['calledBack', 'rectified', 'closed']);
		expect(await ask(later, 'case:update', { id: c.id, status: 'closed', note: '再关' })).toMatchObject({ ok: false, error: { code: 'CASE.BAD_STATE' } });
		expect((await must<CaseView[]>(later, 'cases:list', {})).some((x) => x.id === c.id)).toBe(false);
		expect((await must<CaseView[]>(later, 'cases:list', { includeClosed: true })).some((x) => x.id === c.id)).toBe(true);
	});
});
