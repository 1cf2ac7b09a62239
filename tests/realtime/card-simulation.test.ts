/**
 * The demo's simulated card reader (HALLQ_READER_SIM) through a real server: a kiosk without an
 * agent asks for a fictitious read and gets an ordinary `card:state`; with the setting off, or at a
 * kiosk that has an agent, the ask is refused and nothing is pushed.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { readerSimulation } from '../../server/realtime/card-simulation';
import type { CardState, Catalog, IssuedTicketView } from '../../server/realtime/contract';
import { CARD_HALL_START, cardHallConfig } from '../support/card-hall';
import { ask, connect, must, rid, startTestServer, waitFor, type Client, type TestServer } from '../support/server';
import { TOKENS } from '../support/test-hall';

const servers: TestServer[] = [];
const clients: Client[] = [];
afterEach(() => {
	for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
	for (const s of servers) await s.close();
});

/** The card hall (K1 has an agent, K2 none; S3 requires identity) with the reader simulation as given. */
async function hallWith(env: Record<string, string>): Promise<TestServer> {
	const startedAt = Date.now();
	const server = await startTestServer([cardHallConfig()], { clock: { now: () => CARD_HALL_START + (Date.now() - startedAt) }, env });
	servers.push(server);
	return server;
}

async function kiosk(server: TestServer, token: string): Promise<{ client: Client; states: CardState[] }> {
	const client = await connect(server.url, { token });
	clients.push(client);
	const states: CardState[] = [];
	client.on('card:state', (s) => states.push(s));
	return { client, states };
}

const onServer = hallWith({ HALLQ_READER_SIM: 'on' });
const offServer = hallWith({});

describe('the simulated card reader (HALLQ_READER_SIM)', () => {
	it('on: a kiosk without an agent is offered it and gets a masked read that takes a number for an ID-only service', async () => {
		const server = await onServer;
		const k2 = await kiosk(server, TOKENS.kiosk2);
		const catalog = await must<Catalog>(k2.client, 'kiosk:catalog', {});
		expect(catalog.cardSimulation).toBe(true);
		expect(catalog.services.find((s) => s.code === 'S3')?.requiresIdentity).toBe(true);

		const pushed = waitFor<CardState>(k2.client, 'card:state', (s) => s.state === 'read');
		expect(await ask(k2.client, 'card:simulate', { holder: 'adult' })).toEqual({ ok: true, data: null });
		const read = (await pushed) as Extract<CardState, { state: 'read' }>;
		expect(read).toMatchObject({ state: 'read', cardKind: 'resident', green: false });
		expect(read.identityMasked).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
		// A compound surname (欧阳) keeps two characters.
		expect(read.holderMasked).toMatch(/^\p{Script=Han}{1,2}\*+$/u);
		// Masked forms and a token only: no clear ID number (18 characters with a check digit) anywhere.
		const sent = JSON.stringify(k2.states);
		expect(sent).not.toMatch(/\d{17}[\dX]/);
		// The token's body: the keyed hash (hex, which may hold a run of 18 decimal digits by chance) and masked forms.
		const { hash, ...body } = JSON.parse(Buffer.from(read.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { hash: string };
		expect(hash).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(body)).not.toMatch(/\d{17}[\dX]/);

		const ticket = await must<IssuedTicketView>(k2.client, 'ticket:issue', { requestId: rid(), service: 'S3', identity: read.token });
		expect(ticket).toMatchObject({ service: 'S3', reprinted: false, holderMasked: read.holderMasked });
		expect(ticket.id).toMatch(/^C/);
	});

	it('on: an elderly holder gets the green channel', async () => {
		const server = await onServer;
		const k2 = await kiosk(server, TOKENS.kiosk2);
		const pushed = waitFor<CardState>(k2.client, 'card:state', (s) => s.state === 'read');
		await must(k2.client, 'card:simulate', { holder: 'elderly' });
		const read = (await pushed) as Extract<CardState, { state: 'read' }>;
		expect(read.green).toBe(true);
		const ticket = await must<IssuedTicketView>(k2.client, 'ticket:issue', { requestId: rid(), service: 'S1', identity: read.token });
		expect(ticket.priority).toBe('elderly');
	});

	it('on: a kiosk with an agent is refused, and a bad payload too; nothing is pushed', async () => {
		const server = await onServer;
		const k1 = await kiosk(server, TOKENS.kiosk);
		const catalog = await must<Catalog>(k1.client, 'kiosk:catalog', {});
		expect(catalog.cardSimulation).toBe(false);
		expect(await ask(k1.client, 'card:simulate', { holder: 'adult' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		const k2 = await kiosk(server, TOKENS.kiosk2);
		expect(await ask(k2.client, 'card:simulate', { holder: 'child' })).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		// A round trip after the refusals: anything they had pushed would have arrived by now.
		await must(k1.client, 'kiosk:catalog', {});
		await must(k2.client, 'kiosk:catalog', {});
		expect(k1.states).toEqual([]);
		expect(k2.states).toEqual([]);
	});

	it('off (the default): not offered, refused with a code, nothing pushed', async () => {
		const server = await offServer;
		const k2 = await kiosk(server, TOKENS.kiosk2);
		const catalog = await must<Catalog>(k2.client, 'kiosk:catalog', {});
		expect(catalog.cardSimulation).toBe(false);
		expect(await ask(k2.client, 'card:simulate', { holder: 'adult' })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		await must(k2.client, 'kiosk:catalog', {});
		expect(k2.states).toEqual([]);
	});

	it('the setting is on or off, nothing else', () => {
		expect(readerSimulation({})).toBe(false);
		expect(readerSimulation({ HALLQ_READER_SIM: 'on' })).toBe(true);
		expect(readerSimulation({ HALLQ_READER_SIM: 'off' })).toBe(false);
		expect(() => readerSimulation({ HALLQ_READER_SIM: 'yes' })).toThrow(/HALLQ_READER_SIM must be on or off/);
	});
});
