/**
 * Privacy (A5): a kiosk session with a fictitious ID card through a real server — the agent relays
 * the card read, the kiosk takes a number for a service that requires identity, has it reprinted,
 * a counter calls it — then every file the server wrote (SQLite: the database, its -wal and -shm;
 * Redis: its append-only file; the printed ticket previews) and everything the server and the agent
 * logged are searched for the ID number, the name and the birth date in clear. The masked forms
 * must be there (so the search looks in the right place), the clear ones nowhere.
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
import { startRedis, type RedisServer } from '../support/redis-server';
import { connect, login, must, rid } from '../support/server';
import { PASSWORD } from '../support/test-hall';

const dirs: string[] = [];
const redisServers: RedisServer[] = [];
afterAll(async () => {
	for (const d of dirs) rmSync(d, { recursive: true, force: true });
	for (const r of redisServers) await r.stop();
});

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

describe.each(['sqlite', 'redis'] as const)('privacy of a kiosk session with an ID card (%s)', (store) => {
	it('keeps the ID number, the name and the birth date out of the stored files and the logs', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'hallq-privacy-'));
		dirs.push(dir);
		let redis: RedisServer | null = null;
		if (store === 'redis') redisServers.push((redis = await startRedis()));
		let logged = '';
		const sink = new Writable({
			write(chunk: Buffer, _enc, done) {
				logged += chunk.toString('utf8');
				done();
			}
		});
		const hall = await startCardHall({ logger: createLogger('debug', sink), dir, env: redis ? { STORE: 'redis', REDIS_URL: redis.url } : {} });
		// A fictitious holder of 70: green channel.
		const card = fictitiousCard('resident', seededRandom(4242), { name: '欧阳样例', birthDate: birthDateBefore(CARD_HALL_TODAY, 70) });
		if (card.kind !== 'resident') throw new Error('expected a resident card');
		const stored = () => [...filesUnder(dir), ...(redis ? filesUnder(redis.dir) : [])];
		let ticket: IssuedTicketView;
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
			// While the server runs: SQLite's newest writes are in the -wal file, Redis's in its AOF (fsync every second).
			if (store === 'sqlite') expect(stored().some((f) => f.endsWith('.db-wal'))).toBe(true);
			await expect.poll(() => filesHolding(stored(), '欧阳**').length, { timeout: 5000 }).toBeGreaterThan(0);
			for (const clear of [card.idNumber, card.name, card.birthDate]) expect(filesHolding(stored(), clear)).toEqual([]);
		} finally {
			await hall.close();
		}

		// Closed (SQLite checkpointed its -wal into the database, Redis still holds its AOF).
		const files = stored();
		expect(files.some((f) => f.endsWith(store === 'sqlite' ? 'hallq.db' : '.aof'))).toBe(true);
		// The masked forms are stored: the search reads the right files.
		expect(filesHolding(files, ticket.identityMasked ?? '?').length).toBeGreaterThan(0);
		expect(filesHolding(files, '欧阳**').length).toBeGreaterThan(0);
		// The printed tickets (previews of the simulated printer): green channel, and the reprint marked.
		const previews = files.filter((f) => f.endsWith('.svg'));
		expect(previews).toHaveLength(2);
		expect(filesHolding(previews, '绿色通道')).toHaveLength(2);
		expect(filesHolding(previews, '补打')).toHaveLength(1);
		for (const clear of [card.idNumber, card.name, card.birthDate]) expect(filesHolding(files, clear)).toEqual([]);

		const logs = `${logged}\n${hall.agentLog.join('\n')}`;
		expect(logged).toContain(ticket.id);
		expect(logged).toContain('ticket reprinted');
		expect(logged).toContain('card reader');
		for (const clear of [card.idNumber, card.name, card.birthDate]) expect(logs).not.toContain(clear);
	}, 60_000);
});
