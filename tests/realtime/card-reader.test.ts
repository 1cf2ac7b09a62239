/**
 * The identity rules through a real server with simulated cards: the kiosk agent's CardReader polls
 * the SAM simulator, relays each read, and the kiosk takes numbers with the identity token it gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayName } from '../../cardreader/layouts/index';
import { fictitiousCard, seededRandom } from '../../cardreader/simulator/identities';
import type { AlertChangeView, DeviceAlert, DeviceStateView, IssuedTicketView } from '../../server/realtime/contract';
import { birthDateBefore, CARD_HALL_TODAY, startCardHall, type CardHall } from '../support/card-hall';
import { ask, connect, login, must, rid } from '../support/server';
import { PASSWORD, TOKENS } from '../support/test-hall';

let hall: CardHall;
const random = seededRandom(9090);
// Single-surname names only, so the expected mask is the first character and stars.
const person = (birthDate = '1985-04-12') => fictitiousCard('resident', random, { birthDate, name: ['测试一', '样例乙', '李四测试'][Math.floor(random() * 3)] });

beforeAll(async () => {
	hall = await startCardHall({ identity: { elderlyAge: 60, dailyCap: 3, maxReprints: 2 }, env: { HALLQ_ALERT_INTERVAL_MS: '200' } });
});
afterAll(async () => {
	await hall?.close();
});

async function issueWith(token: string | undefined, service: string) {
	return ask<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service, ...(token ? { identity: token } : {}) });
}

describe('ID cards at the kiosk, through the server', () => {
	it('tells the kiosk the masked name and number and a token, never the clear ones', async () => {
		const card = person();
		const read = await hall.present(card);
		const name = displayName(card);
		expect(read).toMatchObject({ state: 'read', holderMasked: `${name.slice(0, 1)}${'*'.repeat(name.length - 1)}`, cardKind: 'resident', green: false });
		expect(read.identityMasked).toBe(`${card.idNumber.slice(0, 4)}**********${card.idNumber.slice(-4)}`);
		const sent = JSON.stringify(hall.states);
		expect(sent).not.toContain(card.idNumber);
		expect(sent).not.toContain(name);
		// The token decodes to hashes and masked forms only.
		const claims = Buffer.from(read.token.split('.')[1] ?? '', 'base64url').toString('utf8');
		expect(claims).not.toContain(card.idNumber);
		expect(claims).toContain(read.identityMasked);
		await hall.takeAway();
	});

	it('prints on the kiosk network printer the server drives while the agent relays only the reader', async () => {
		const printer = hall.server.running.printing.simulator('test', 'K1');
		if (!printer) throw new Error('kiosk K1 has no simulated network printer');
		expect(hall.server.running.printing.printsThroughAgent('test', 'K1')).toBe(false);
		const jobs = printer.jobs.length;
		const read = await hall.present(person());
		const ticket = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S1', identity: read.token });
		const [job] = (await printer.waitForJobs(jobs + 1)).slice(jobs);
		expect(job?.text).toContain(ticket.id);
		await hall.takeAway();
	});

	it('gives the green channel from the birth date: 60 today yes, 60 tomorrow not yet', async () => {
		const sixty = await hall.present(person(birthDateBefore(CARD_HALL_TODAY, 60)));
		expect(sixty.green).toBe(true);
		const old = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S1', identity: sixty.token });
		expect(old).toMatchObject({ priority: 'elderly', reprinted: false, holderMasked: sixty.holderMasked });
		await hall.takeAway();

		const almost = await hall.present(person(birthDateBefore(CARD_HALL_TODAY, 60, 1)));
		expect(almost.green).toBe(false);
		const young = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S1', identity: almost.token });
		expect(young.priority).toBe('none');
		await hall.takeAway();
	});

	it('gives a person presenting the card again their ticket back (a reprint), bounded', async () => {
		const card = person();
		const first = await hall.present(card);
		const ticket = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S2', identity: first.token });
		await hall.takeAway();

		const again = await hall.present(card);
		// Another read gives another token for the same person.
		expect(again.token).not.toBe(first.token);
		const reprint = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S2', identity: again.token });
		expect(reprint).toMatchObject({ id: ticket.id, reprinted: true });
		const printed = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S2', identity: again.token });
		expect(printed).toMatchObject({ id: ticket.id, reprinted: true });
		const refused = await issueWith(again.token, 'S2');
		expect(refused).toMatchObject({ ok: false, error: { code: 'IDENTITY.REPRINT_LIMIT' } });
		// A different person for the same service gets a new number.
		await hall.takeAway();
		const other = await hall.present(person());
		const theirs = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S2', identity: other.token });
		expect(theirs.id).not.toBe(ticket.id);
		expect(theirs.reprinted).toBe(false);
		await hall.takeAway();
	});

	it('keeps one active ticket per person and service, and a daily cap per person', async () => {
		const read = await hall.present(person());
		const a = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S1', identity: read.token });
		const same = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S1', identity: read.token });
		expect(same.id).toBe(a.id);
		// Cancelled, the ticket is no longer active: a new one, which counts towards the cap.
		await must(hall.kiosk, 'ticket:cancel', { requestId: rid(), ticket: a.id });
		const b = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S1', identity: read.token });
		expect(b.id).not.toBe(a.id);
		await must(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S2', identity: read.token });
		expect(await issueWith(read.token, 'S3')).toMatchObject({ ok: false, error: { code: 'IDENTITY.DAILY_CAP' } });
		await hall.takeAway();
	});

	it('refuses a service that requires identity without a card, and issues it with one', async () => {
		expect(await issueWith(undefined, 'S3')).toMatchObject({ ok: false, error: { code: 'IDENTITY.REQUIRED' } });
		const read = await hall.present(person());
		const ticket = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S3', identity: read.token });
		expect(ticket).toMatchObject({ service: 'S3', identityMasked: read.identityMasked, holderMasked: read.holderMasked });
		await hall.takeAway();
	});

	it('accepts a token only at its kiosk and unaltered', async () => {
		const read = await hall.present(person());
		const other = await connect(hall.server.url, { token: TOKENS.kiosk2 });
		try {
			const elsewhere = await ask(other, 'ticket:issue', { requestId: rid(), service: 'S1', identity: read.token });
			expect(elsewhere).toMatchObject({ ok: false, error: { code: 'IDENTITY.INVALID' } });
		} finally {
			other.close();
		}
		const [kid, body, sig] = read.token.split('.') as [string, string, string];
		const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
		const forged = `${kid}.${Buffer.from(JSON.stringify({ ...claims, age: 90 })).toString('base64url')}.${sig}`;
		expect(await issueWith(forged, 'S1')).toMatchObject({ ok: false, error: { code: 'IDENTITY.INVALID' } });
		expect(await issueWith('x'.repeat(40), 'S1')).toMatchObject({ ok: false, error: { code: 'IDENTITY.INVALID' } });
		await hall.takeAway();
	});

	it('answers a resent request with its ticket after the card read expired, and refuses the expired read for a new one', async () => {
		const read = await hall.present(person());
		const requestId = rid();
		const first = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId, service: 'S3', identity: read.token });
		await hall.takeAway();
		hall.advance(6 * 60_000); // past the read's 5 minutes
		const again = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId, service: 'S3', identity: read.token });
		expect(again).toMatchObject({ id: first.id, reprinted: false });
		expect(await issueWith(read.token, 'S3')).toMatchObject({ ok: false, error: { code: 'IDENTITY.INVALID' } });
		const log = await hall.server.running.hallq.runner('test').current();
		expect(Object.values(log.state.tickets).filter((t) => t.identityHash === log.state.tickets[first.id]?.identityHash)).toHaveLength(1);
	});

	it('tells the kiosk of read failures and an unplugged reader as coded states, then reads again; supervisors are alerted of the reader, not of a bad card', async () => {
		const { session } = await login(hall.server.url, 'test', 'sup', PASSWORD);
		const supervisor = await connect(hall.server.url, { session });
		const deviceAlerts: DeviceAlert[] = [];
		const changes: AlertChangeView[] = [];
		supervisor.on('device:alert', (a: DeviceAlert) => deviceAlerts.push(a));
		supervisor.on('alert:changed', (c: AlertChangeView) => changes.push(c));
		const failed = hall.nextState((s) => s.state === 'error' && s.code === 'CARD.READ_FAILED');
		hall.sam.faults.readFailure = 1;
		const card = person();
		const read = hall.nextState((s) => s.state === 'read');
		hall.sam.insert(card);
		await failed;
		await read; // the next poll reads it
		await hall.takeAway();

		// A card that could not be read is not the reader's fault.
		expect(deviceAlerts.filter((a) => a.kind === 'reader')).toEqual([]);

		const unplugged = hall.nextState((s) => s.state === 'error' && s.code === 'CARD.DISCONNECTED');
		hall.plug.unplug();
		await unplugged;
		// S3 needs an ID card: the reader gone is a device fault of kiosk K1, on the monitor and in the alert rules.
		await expect.poll(() => deviceAlerts.find((a) => a.key === 'reader:K1' && a.active), { timeout: 10_000 }).toMatchObject({ kind: 'reader', device: 'K1', problem: 'CARD.DISCONNECTED', condition: 'readerMissing' });
		await expect.poll(() => changes.find((c) => c.type === 'raised' && c.id === 'deviceFault:reader:K1'), { timeout: 10_000 }).toMatchObject({ alert: { kind: 'deviceFault', device: 'K1', fault: { kind: 'reader', problem: 'CARD.DISCONNECTED' } } });
		const states = await must<DeviceStateView[]>(supervisor, 'devices:state', {});
		expect(states.find((d) => d.device === 'K1')?.problem).toBe('CARD.DISCONNECTED');
		// Plugged back in, the reader says it is ready (no card), which clears the kiosk's warning and the device alert.
		const ready = hall.nextState((s) => s.state === 'removed');
		hall.plug.plugIn();
		await ready;
		await expect.poll(() => deviceAlerts.filter((a) => a.key === 'reader:K1').at(-1), { timeout: 10_000 }).toMatchObject({ active: false, previous: 'CARD.DISCONNECTED', condition: 'readerReady' });
		expect((await hall.present(person())).state).toBe('read');
		await hall.takeAway();
		supervisor.close();
	});

	it('takes card reads only from an agent, validated', async () => {
		const fromKiosk = await ask(hall.kiosk, 'card:read', { state: 'removed' });
		expect(fromKiosk).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
		const agent = await connect(hall.server.url, { token: 'test-agent-token-card-K1' });
		try {
			const bad = await ask(agent, 'card:read', { state: 'read', card: { kind: 'resident', idNumber: '1; drop table', name: '', birthDate: '1990-13-45' } });
			expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
			const photo = await ask(agent, 'card:read', { state: 'read', card: { ...person(), photo: 'AAAA' } });
			expect(photo).toMatchObject({ ok: false, error: { code: 'VALIDATION.FAILED' } });
		} finally {
			agent.close();
		}
	});
});
