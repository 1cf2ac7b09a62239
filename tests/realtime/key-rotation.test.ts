/**
 * Rotating the master key while a kiosk (with its card reader) and a counter console are connected
 * (docs/security.md "Rotating keys"): the secrets file gets the new key first, the server reloads it
 * (what SIGHUP does), and nobody notices: the console keeps calling, a card read made before the
 * rotation still takes a number, new sign-ins and reads are signed under the new key, an old session
 * reconnects. Removing the old key afterwards ends the sessions signed under it, and only those.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fictitiousCard, seededRandom } from '../../cardreader/simulator/identities';
import { Keyring } from '../../server/app/keyring';
import type { IssuedTicketView } from '../../server/realtime/contract';
import { startCardHall, type CardHall } from '../support/card-hall';
import { ask, connect, login, must, rid, type Client } from '../support/server';
import { PASSWORD } from '../support/test-hall';

const dir = mkdtempSync(join(tmpdir(), 'hallq-rotation-'));
const secretsFile = join(dir, 'secrets.json');
const key = (id: string) => ({ id, secret: randomBytes(32).toString('base64url') });
const K1 = key('2026-06');
const K2 = key('2026-12');
const PEPPER = key('p1');
const random = seededRandom(4242);

function writeSecrets(masterKeys: { id: string; secret: string }[], mode = 0o600): void {
	writeFileSync(secretsFile, JSON.stringify({ masterKeys, idPeppers: [PEPPER] }));
	chmodSync(secretsFile, mode);
}

let hall: CardHall;
const clients: Client[] = [];
beforeAll(async () => {
	writeSecrets([K1]);
	hall = await startCardHall({ dir, env: { HALLQ_SECRETS_FILE: secretsFile } });
});
afterAll(async () => {
	for (const c of clients) c.close();
	await hall?.close();
	rmSync(dir, { recursive: true, force: true });
});

async function console(session: string): Promise<Client> {
	const c = await connect(hall.server.url, { session });
	clients.push(c);
	return c;
}

describe('rotating the master key under connected clients', () => {
	it('the new key signs, the old one verifies until removed; kiosks and consoles carry on', async () => {
		const { url } = hall.server;
		const before = await login(url, 'test', 'u1', PASSWORD);
		expect(Keyring.keyIdOf(before.session!)).toBe('2026-06');
		const clerk = await console(before.session!);
		await must(clerk, 'counter:open', { requestId: rid(), counter: 'C1' });
		const readBefore = await hall.present(fictitiousCard('resident', random, { birthDate: '1980-01-01', name: '测试一' }));
		expect(Keyring.keyIdOf(readBefore.token)).toBe('2026-06');

		// Step 1: the new key first, the old one kept; reloaded as SIGHUP does.
		writeSecrets([K2, K1]);
		expect(hall.server.running.reloadKeys()).toEqual({ signing: '2026-12', verifying: ['2026-12', '2026-06'] });

		// A read made before the rotation still takes a number; the console calls it on the same socket.
		const ticket = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S1', identity: readBefore.token });
		await hall.takeAway();
		const called = await must<{ current: { id: string } | null }>(clerk, 'ticket:callNext', { requestId: rid() });
		expect(called.current?.id).toBe(ticket.id);
		// New sign-ins and reads are signed under the new key; the old session reconnects.
		const after = await login(url, 'test', 'u2', PASSWORD);
		expect(Keyring.keyIdOf(after.session!)).toBe('2026-12');
		const readAfter = await hall.present(fictitiousCard('resident', random, { birthDate: '1981-02-02', name: '样例乙' }));
		expect(Keyring.keyIdOf(readAfter.token)).toBe('2026-12');
		await must(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S1', identity: readAfter.token });
		await hall.takeAway();
		const again = await console(before.session!);
		expect((await must<{ counter: { id: string } | null }>(again, 'console:state', {})).counter?.id).toBe('C1');

		// A bad file is refused whole: the keys in use stay.
		writeSecrets([K2], 0o644);
		expect(() => hall.server.running.reloadKeys()).toThrow('chmod 600');
		expect((await ask(clerk, 'console:state', {})).ok).toBe(true);

		// Step 2, once every session and read of the old key has expired: the old key goes.
		writeSecrets([K2]);
		expect(hall.server.running.reloadKeys()).toEqual({ signing: '2026-12', verifying: ['2026-12'] });
		const refused = await ask(clerk, 'console:state', {});
		expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH.INVALID' } });
		await expect(connect(url, { session: before.session! }, { reconnection: false })).rejects.toThrow('session expired or invalid');
		const newer = await console(after.session!);
		expect((await ask(newer, 'console:state', {})).ok).toBe(true);
		// Devices hold tokens, not signed values: the kiosk never noticed.
		const last = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' });
		expect(last.id).toMatch(/^A\d{3}$/);
	});
});
