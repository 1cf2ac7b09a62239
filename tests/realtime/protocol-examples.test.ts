/**
 * The JSON examples of docs/protocol.md cannot drift from the contract: every block marked
 * ```json <event> payload``` passes the event's schema, every ```json <event> refused``` fails it,
 * and every ```json <event> answer``` has the shape of what a real server answers (the same keys at
 * every level it spells out; a value written "…" is left out of the comparison).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { alertSchemas, daySchemas, monitorSchemas, schemas, type ClientToServerEvents } from '../../server/realtime/contract';
import { ClientPool, login, must, rid, startTestServer, type Client, type TestServer } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

type Kind = 'payload' | 'refused' | 'answer';
interface Example {
	event: keyof ClientToServerEvents;
	kind: Kind;
	json: unknown;
	line: number;
}

const PROTOCOL = readFileSync(join(import.meta.dirname, '../../docs/protocol.md'), 'utf8');

function examples(): Example[] {
	const found: Example[] = [];
	for (const m of PROTOCOL.matchAll(/^```json ([a-z]+:[A-Za-z]+) (payload|refused|answer)\n([\s\S]*?)^```$/gm)) {
		const line = PROTOCOL.slice(0, m.index).split('\n').length;
		let json: unknown;
		try {
			json = JSON.parse(m[3] ?? '');
		} catch (err) {
			throw new Error(`docs/protocol.md:${line}: the ${m[1]} ${m[2]} example is not JSON: ${String(err)}`);
		}
		found.push({ event: m[1] as keyof ClientToServerEvents, kind: m[2] as Kind, json, line });
	}
	return found;
}

/** The schema each documented event's payload is checked with (as its handler does). */
const PAYLOADS: Partial<Record<keyof ClientToServerEvents, z.ZodType>> = {
	'ticket:issue': schemas.issue,
	'ticket:finish': schemas.finish,
	'board:sync': schemas.boardSync,
	'board:report': schemas.boardReport,
	'day:calls': daySchemas.calls,
	'day:tickets': daySchemas.tickets,
	'day:close': daySchemas.close,
	'alert:acknowledge': alertSchemas.acknowledge,
	'monitor:moveTicket': monitorSchemas.move,
	'monitor:closeCounter': monitorSchemas.closeCounter
};

/** Where the example and the real answer differ in shape, as paths ("" when they agree). */
function shapeDiff(example: unknown, actual: unknown, path = '$'): string[] {
	if (example === '…') return [];
	if (Array.isArray(example)) {
		if (!Array.isArray(actual)) return [`${path}: an array in the docs, ${typeOf(actual)} in the answer`];
		if (example.length === 0 || actual.length === 0) return [];
		return shapeDiff(example[0], actual[0], `${path}[0]`);
	}
	if (example !== null && typeof example === 'object') {
		if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: an object in the docs, ${typeOf(actual)} in the answer`];
		const a = actual as Record<string, unknown>;
		const e = example as Record<string, unknown>;
		const missing = Object.keys(a).filter((k) => !(k in e)).map((k) => `${path}.${k}: in the answer, not in the docs`);
		const extra = Object.keys(e).filter((k) => !(k in a)).map((k) => `${path}.${k}: in the docs, not in the answer`);
		return [...missing, ...extra, ...Object.keys(e).filter((k) => k in a).flatMap((k) => shapeDiff(e[k], a[k], `${path}.${k}`))];
	}
	return typeOf(example) === typeOf(actual) ? [] : [`${path}: ${typeOf(example)} in the docs, ${typeOf(actual)} in the answer`];
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

describe('the JSON examples of docs/protocol.md', () => {
	const all = examples();

	it('are there: payloads, a refused one and answers', () => {
		expect(all.filter((e) => e.kind === 'payload').length).toBeGreaterThanOrEqual(5);
		expect(all.filter((e) => e.kind === 'refused').length).toBeGreaterThanOrEqual(1);
		expect(all.filter((e) => e.kind === 'answer').length).toBeGreaterThanOrEqual(3);
	});

	it('payloads pass their event schema and refused ones do not', () => {
		for (const e of all.filter((x) => x.kind !== 'answer')) {
			const schema = PAYLOADS[e.event];
			if (!schema) throw new Error(`docs/protocol.md:${e.line}: no schema known for ${e.event}: add it to PAYLOADS`);
			const parsed = schema.safeParse(e.json);
			const where = `docs/protocol.md:${e.line} ${e.event} ${e.kind}`;
			if (e.kind === 'payload') expect(parsed.success ? where : `${where}: ${parsed.error.message}`).toBe(where);
			else expect(parsed.success, `${where} passes the schema`).toBe(false);
		}
	});

	describe('answers have the shape of real answers', () => {
		let server: TestServer;
		const clients = new ClientPool(() => server.url);
		let supervisor: Client;
		let clerk: Client;
		beforeAll(async () => {
			let now = Date.UTC(2026, 11, 4, 2, 0);
			server = await startTestServer([testHall()], { clock: { now: () => (now += 10) }, env: { HALLQ_PRINTER_SIM: 'off' } });
			supervisor = await clients.connect({ session: (await login(server.url, 'test', 'sup', PASSWORD)).session });
			clerk = await clients.connect({ session: (await login(server.url, 'test', 'u1', PASSWORD)).session });
			const kiosk = await clients.connect({ token: TOKENS.kiosk });
			await must(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
			await must(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
			await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
			await must(clerk, 'ticket:callNext', { requestId: rid() });
			await must(clerk, 'ticket:noShow', { requestId: rid() });
			await must(clerk, 'ticket:callNext', { requestId: rid() });
		}, 30_000);
		afterAll(async () => {
			clients.closeAll();
			await server?.close();
		});

		it('every documented answer', async () => {
			const answerOf: Partial<Record<keyof ClientToServerEvents, () => Promise<unknown>>> = {
				'console:state': () => must(clerk, 'console:state', {}),
				'day:calls': () => must(supervisor, 'day:calls', {}),
				'day:tickets': () => must(supervisor, 'day:tickets', {}),
				'monitor:ticket': () => must(supervisor, 'monitor:ticket', { ticket: 'A001' }),
				// Closes the day: the answers above and below read it as well closed as open.
				'day:close': () => must(supervisor, 'day:close', { requestId: rid(), note: '演练' })
			};
			for (const e of all.filter((x) => x.kind === 'answer')) {
				const ask = answerOf[e.event];
				if (!ask) throw new Error(`docs/protocol.md:${e.line}: no way to get a real ${e.event} answer here: add it to answerOf`);
				expect({ at: `docs/protocol.md:${e.line} ${e.event}`, differences: shapeDiff(e.json, await ask()) }).toEqual({ at: `docs/protocol.md:${e.line} ${e.event}`, differences: [] });
			}
		});
	});
});
