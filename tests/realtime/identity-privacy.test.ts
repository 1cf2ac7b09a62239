/**
 * Privacy (A5): a kiosk session with a fictitious ID card through a real server on SQLite — the
 * agent relays the card read, the kiosk takes a number for a service that requires identity, has
 * it reprinted, a counter calls it — then every file the server wrote (the SQLite database, its
 * -wal and -shm, the printed ticket previews) and everything the server and the agent logged are
 * searched for the ID number and the name in clear. The masked forms must be there (so the search
 * looks in the right place), the clear ones nowhere.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { fictitiousCard, seededRandom } from '../../cardreader/simulator/identities';
import { createLogger } from '../../server/logger';
import type { ConsoleState, IssuedTicketView } from '../../server/realtime/contract';
import { birthDateBefore, CARD_HALL_TODAY, startCardHall } from '../support/card-hall';
import { connect, login, must, rid } from '../support/server';
import { PASSWORD } from '../support/test-hall';

const dir = mkdtempSync(join(tmpdir(), 'hallq-privacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function filesUnder(path: string): string[] {
	return readdirSync(path).flatMap((name) => {
		const full = join(path, name);
		return statSync(full).isDirectory() ? filesUnder(full) : [full];
	});
}

/** Which of the files hold `text` (as UTF-8 or UTF-16LE bytes). */
function filesHolding(files: string[], text: string): string[] {
	const needles = [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')];
	return files.filter((f) => {
		const bytes = readFileSync(f);
		return needles.some((n) => bytes.includes(n));
	});
}

describe('privacy of a kiosk session with an ID card', () => {
	it('keeps the ID number and the name out of the database files and the logs', async () => {
		let logged = '';
		const sink = new Writable({
			write(chunk: Buffer, _enc, done) {
				logged += chunk.toString('utf8');
				done();
			}
		});
		const hall = await startCardHall({ logger: createLogger('debug', sink), dir });
		// A fictitious holder of 70: green channel.
		const card = fictitiousCard('resident', seededRandom(4242), { name: '欧阳样例', birthDate: birthDateBefore(CARD_HALL_TODAY, 70) });
		if (card.kind !== 'resident') throw new Error('expected a resident card');
		let ticket: IssuedTicketView;
		let files: string[];
		try {
			const read = await hall.present(card);
			expect(read).toMatchObject({ holderMasked: '欧阳**', green: true });
			ticket = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S3', identity: read.token });
			expect(ticket).toMatchObject({ priority: 'elderly', holderMasked: '欧阳**', identityMasked: read.identityMasked });
			await hall.takeAway();
			const again = await hall.present(card);
			const reprint = await must<IssuedTicketView>(hall.kiosk, 'ticket:issue', { requestId: rid(), service: 'S3', identity: again.token });
			expect(reprint).toMatchObject({ id: ticket.id, reprinted: true });
			await hall.takeAway();

			const { session } = await login(hall.server.url, 'test', 'u3', PASSWORD);
			const staff = await connect(hall.server.url, { session });
			try {
				await must(staff, 'counter:open', { requestId: rid(), counter: 'C3' });
				const state = await must<ConsoleState>(staff, 'ticket:callNext', { requestId: rid() });
				expect(state.current).toMatchObject({ id: ticket.id, holderMasked: '欧阳**' });
			} finally {
				staff.close();
			}
			// While the server runs, the newest writes are in the -wal file.
			files = filesUnder(dir);
			expect(files.some((f) => f.endsWith('.db-wal'))).toBe(true);
			expect(filesHolding(files, card.idNumber)).toEqual([]);
			expect(filesHolding(files, card.name)).toEqual([]);
			expect(filesHolding(files, card.birthDate)).toEqual([]);
		} finally {
			await hall.close();
		}

		files = filesUnder(dir);
		expect(files.some((f) => f.endsWith('hallq.db'))).toBe(true);
		// The masked forms and the keyed hash are stored: the search reads the right files.
		expect(filesHolding(files, ticket.identityMasked ?? '?').length).toBeGreaterThan(0);
		expect(filesHolding(files, '欧阳**').length).toBeGreaterThan(0);
		// The printed tickets (previews of the simulated printer): green channel, and the reprint marked.
		const previews = files.filter((f) => f.endsWith('.svg'));
		expect(previews).toHaveLength(2);
		expect(filesHolding(previews, '绿色通道')).toHaveLength(2);
		expect(filesHolding(previews, '补打')).toHaveLength(1);
		expect(filesHolding(files, card.idNumber)).toEqual([]);
		expect(filesHolding(files, card.name)).toEqual([]);
		expect(filesHolding(files, card.birthDate)).toEqual([]);

		const logs = `${logged}\n${hall.agentLog.join('\n')}`;
		expect(logged).toContain(ticket.id);
		expect(logged).toContain('ticket reprinted');
		expect(logged).toContain('card reader');
		expect(logs).not.toContain(card.idNumber);
		expect(logs).not.toContain(card.name);
		expect(logs).not.toContain(card.birthDate);
	}, 60_000);
});
