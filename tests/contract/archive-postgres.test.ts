/**
 * The ArchiveStore contract on PostgreSQL: one private server for the file (tests/support/
 * postgres-server.ts; PG_TEST_URL to use another), a fresh database per test. Then what only
 * PostgreSQL can show: BIGINT columns come back as JS numbers (and one past 2^53 is an error, not
 * a rounded number), and a committed copy survives a SIGKILL of the server and its crash recovery.
 *
 * Without PostgreSQL's binaries the file fails (startPostgres says how to install them): the
 * archive runs on PostgreSQL in production, so its contract is never skipped quietly.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../server/core/events';
import type { HallDayKey } from '../../server/core/hall-day';
import { SqlArchiveStore } from '../../server/store/sql/sql-archive-store';
import { dailyRollup, dayEvents, openingOf, smallDayFacts } from '../fixtures/archive-facts';
import { startPostgres, type PostgresServer } from '../support/postgres-server';
import { archiveStoreContract } from './archive-store.contract';
import { configStoreContract } from './config-store.contract';
import { deviceTokenStoreContract } from './device-token-store.contract';

let server: PostgresServer;
let databases = 0;

beforeAll(async () => {
	server = await startPostgres();
}, 180_000);
afterAll(async () => {
	await server?.stop();
}, 60_000);

function quoteIdent(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

/** One statement on the server's own database, on a connection of its own. */
async function admin(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
	const client = new pg.Client({ connectionString: server.url });
	client.on('error', () => undefined);
	await client.connect();
	try {
		return await client.query(text, values);
	} finally {
		await client.end();
	}
}

/**
 * A fresh, empty database on the server: its URL and how to drop it. On the private server it
 * collates text by ICU's Chinese rules ('a001' < 'A010', 'hj-001' < 'HJ-001', 'c01' < 'C12'), as a
 * hall's database may: the store must still order by code unit as SQLite does, and the contract's
 * expected orders are by code unit. (A PG_TEST_URL server gets its default collation.)
 */
async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
	const name = `archive_t${process.pid}_${++databases}`;
	const collation = server.external ? '' : ` template template0 encoding 'UTF8' locale_provider icu icu_locale 'zh' locale 'C'`;
	await admin(`create database ${quoteIdent(name)}${collation}`);
	const url = new URL(server.url);
	url.pathname = `/${name}`;
	return { url: url.toString(), drop: async () => void (await admin(`drop database if exists ${quoteIdent(name)} with (force)`)) };
}

archiveStoreContract('postgres (private server, a database per test, ICU zh collation)', async () => {
	const { url, drop } = await freshDatabase();
	return { store: await SqlArchiveStore.open({ kind: 'postgres', url }), cleanup: drop };
});

configStoreContract('postgres (private server, a database per test)', async () => {
	const { url, drop } = await freshDatabase();
	return { store: await SqlArchiveStore.open({ kind: 'postgres', url }), cleanup: drop };
});

deviceTokenStoreContract('postgres (private server, a database per test)', async () => {
	const { url, drop } = await freshDatabase();
	return { store: await SqlArchiveStore.open({ kind: 'postgres', url }), cleanup: drop };
});

async function readAll(store: SqlArchiveStore, key: HallDayKey): Promise<StoredEvent[]> {
	const out: StoredEvent[] = [];
	for (;;) {
		const page = await store.readEvents(key, out[out.length - 1]?.seq ?? 0, 250);
		out.push(...page);
		if (page.length < 250) return out;
	}
}

describe('SqlArchiveStore on PostgreSQL', { timeout: 120_000 }, () => {
	const KEY: HallDayKey = { hall: 'city-hall', day: '2025-03-03' };

	it('BIGINT columns come back as JS numbers; one beyond 2^53 is an error, never a rounded number', async () => {
		const { url, drop } = await freshDatabase();
		const store = await SqlArchiveStore.open({ kind: 'postgres', url });
		// A plain client on the fresh database, with pg's global (default) type parsers.
		const plain = new pg.Client({ connectionString: url });
		plain.on('error', () => undefined);
		await plain.connect();
		try {
			const types = await plain.query<{ table_name: string; column_name: string; data_type: string }>(
				`select table_name, column_name, data_type from information_schema.columns
				 where table_schema = current_schema() and column_name in ('closed_at', 'issued_at', 'wait_sum_ms', 'at', 'revoked_at') order by 1, 2`
			);
			// The columns really are BIGINT (int8), the type pg gives back as a string by default.
			expect(types.rows.map((r) => `${r.table_name}.${r.column_name} ${r.data_type}`)).toEqual([
				'archive_days.closed_at bigint',
				'archive_events.at bigint',
				'audit_entries.at bigint',
				'config_versions.at bigint',
				'daily_rollups.wait_sum_ms bigint',
				'daily_totals.wait_sum_ms bigint',
				'device_tokens.issued_at bigint',
				'device_tokens.revoked_at bigint',
				'monthly_rollups.wait_sum_ms bigint',
				'monthly_totals.wait_sum_ms bigint',
				'security_events.at bigint',
				'ticket_facts.issued_at bigint'
			]);

			const events = dayEvents(KEY, 2);
			const closedAt = events[events.length - 1]!.at;
			expect(closedAt).toBeGreaterThan(2 ** 31);
			await store.copyEvents(KEY, events);
			await store.markVerified(KEY, { events: events.length, digest: 'sha256:fake', closedAt, at: openingOf('2025-03-04') });
			const facts = smallDayFacts(KEY);
			const big = dailyRollup(KEY, 'SB-010', 'C07', 'S040', { waitSumMs: 2 ** 53 - 1, serviceSumMs: 5_000_000_000 });
			await store.saveFacts(KEY, { ...facts, rollups: [big] }, openingOf('2025-03-04') + 1);

			const day = await store.day(KEY);
			expect(typeof day?.closedAt).toBe('number');
			expect(day?.closedAt).toBe(closedAt);
			expect(typeof day?.verifiedAt).toBe('number');
			const [ticket] = await store.ticketFacts(KEY.hall, KEY.day, KEY.day);
			expect(typeof ticket?.issuedAt).toBe('number');
			expect(ticket?.issuedAt).toBe(facts.tickets[0]!.issuedAt);
			expect(await store.rollups(KEY.hall, KEY.day, KEY.day)).toStrictEqual([big]);
			expect((await store.monthRollups(KEY.hall, [KEY.day.slice(0, 7)]))[0]?.waitSumMs).toBe(2 ** 53 - 1);

			// Only the archive's pool parses int8 as a number: pg's global parsers are as they were.
			expect((await plain.query('select closed_at from archive_days')).rows).toEqual([{ closed_at: String(closedAt) }]);

			// A value no JS number holds exactly.
			await plain.query('update archive_days set closed_at = 9007199254740993 where hall = $1', [KEY.hall]);
			await expect(store.day(KEY)).rejects.toThrow(/9007199254740993/);
		} finally {
			await plain.end();
			await store.close();
			await drop();
		}
	});

	it('a committed copy survives a SIGKILL of the server and its crash recovery', async () => {
		if (server.external) throw new Error('this test crashes the server: it needs a private PostgreSQL (unset PG_TEST_URL)');
		const { url, drop } = await freshDatabase();
		const events = dayEvents(KEY, 120);
		const facts = smallDayFacts(KEY);
		const store = await SqlArchiveStore.open({ kind: 'postgres', url });
		try {
			await store.copyEvents(KEY, events.slice(0, 300));
			await store.copyEvents(KEY, events.slice(300));
			await store.markVerified(KEY, { events: events.length, digest: 'sha256:fake', closedAt: events[events.length - 1]!.at, at: openingOf('2025-03-04') });
			await store.saveFacts(KEY, facts, openingOf('2025-03-04') + 1);
			// Each call above has been acknowledged: committed. Now the crash, with no shutdown checkpoint.
			server.kill('SIGKILL');
		} finally {
			await store.close();
		}
		await server.restart();
		expect(server.output()).toMatch(/not properly shut down|automatic recovery in progress/);

		const again = await SqlArchiveStore.open({ kind: 'postgres', url });
		try {
			expect(await again.lastSeq(KEY)).toBe(events.length);
			expect(await readAll(again, KEY)).toStrictEqual(events);
			expect(await again.day(KEY)).toMatchObject({ status: 'projected', events: events.length, digest: 'sha256:fake' });
			expect(await again.ticketFacts(KEY.hall, KEY.day, KEY.day)).toStrictEqual(facts.tickets);
			expect(await again.counterSessions(KEY.hall, KEY.day, KEY.day)).toStrictEqual(facts.sessions);
			// And it goes on: the store works on the recovered server.
			await again.markDropped(KEY, openingOf('2025-03-04') + 2);
			expect((await again.day(KEY))?.status).toBe('dropped');
		} finally {
			await again.close();
			await drop();
		}
	});
});
