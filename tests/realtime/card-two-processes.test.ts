/**
 * A card read and the number it takes on two server processes sharing Redis: the kiosk's agent is
 * connected to A, the kiosk page to B. The read reaches the kiosk through the Socket.IO adapter, and
 * the identity token it carries is accepted by B, and after the kiosk moves, by A (a signature any
 * process checks, no shared session), where presenting it again reprints the same ticket.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fictitiousCard, seededRandom } from '../../cardreader/simulator/identities';
import { cardReadOf } from '../../kiosk/agent/card-relay';
import type { CardState, IssuedTicketView } from '../../server/realtime/contract';
import { AGENT_TOKEN, cardHallConfig } from '../support/card-hall';
import { startRedis, type RedisServer } from '../support/redis-server';
import { ClientPool, connect, must, rid, waitFor } from '../support/server';
import { killed, spawnServer, type ServerProcess } from '../support/spawn-server';
import { TOKENS } from '../support/test-hall';

let redis: RedisServer | undefined;
let dir: string | undefined;
const servers: ServerProcess[] = [];
const pool = new ClientPool(() => servers[0]?.url ?? '');

beforeAll(async () => {
	redis = await startRedis();
	dir = mkdtempSync(join(tmpdir(), 'hallq-card-two-'));
	const hallFile = join(dir, 'hall.json');
	writeFileSync(hallFile, JSON.stringify(cardHallConfig()));
	const env = { STORE: 'redis', REDIS_URL: redis.url, HALLQ_CONFIG: hallFile, HALLQ_PRINTER_SIM: 'off' };
	servers.push(await spawnServer({ ...env, HALLQ_DB: join(dir, 'a.db') }));
	servers.push(await spawnServer({ ...env, HALLQ_DB: join(dir, 'b.db') }));
}, 60_000);

afterAll(async () => {
	pool.closeAll();
	await Promise.all(
		servers.map((s) => {
			s.child.kill('SIGTERM');
			const hard = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
			return killed(s.child).finally(() => clearTimeout(hard));
		})
	);
	await redis?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe('an ID card on two server processes', () => {
	it('reaches the kiosk on the other process, and its token is honoured by either', async () => {
		const [a, b] = servers;
		if (!a || !b) throw new Error('servers did not start');
		const agent = pool.add(await connect(a.url, { token: AGENT_TOKEN }));
		const kioskOnB = pool.add(await connect(b.url, { token: TOKENS.kiosk }));
		const card = fictitiousCard('resident', seededRandom(31), { name: '测试二', birthDate: '1950-01-01' });

		const told = waitFor<CardState>(kioskOnB, 'card:state', (s) => s.state === 'read', 8000);
		await must(agent, 'card:read', cardReadOf(card));
		const read = await told;
		if (read.state !== 'read') throw new Error('expected a read');
		expect(read).toMatchObject({ holderMasked: '测**', green: true });

		const ticket = await must<IssuedTicketView>(kioskOnB, 'ticket:issue', { requestId: rid(), service: 'S3', identity: read.token });
		expect(ticket).toMatchObject({ priority: 'elderly', reprinted: false, identityMasked: read.identityMasked });
		kioskOnB.close();

		const kioskOnA = pool.add(await connect(a.url, { token: TOKENS.kiosk }));
		const again = await must<IssuedTicketView>(kioskOnA, 'ticket:issue', { requestId: rid(), service: 'S3', identity: read.token });
		expect(again).toMatchObject({ id: ticket.id, reprinted: true });
	}, 40_000);
});
