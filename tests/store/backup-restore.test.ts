/**
 * `npm run backup -- <folder>` while a server runs, then a restore (docs/deployment.md "Backups and
 * restore"): the copies are whole SQLite files (integrity checked), and a server started on them
 * has every ticket issued before the backup and goes on numbering after them. What came after the
 * backup is not in it: the documented cost of restoring during the day.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { IssuedTicketView } from '../../server/realtime/contract';
import { connect, must, rid, startTestServer } from '../support/server';
import { TOKENS, testHall } from '../support/test-hall';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'hallq-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
/** 2026-06-03 10:00 in Shanghai: the test hall is open. */
const clock = { now: () => Date.UTC(2026, 5, 3, 2, 0) };

function backup(folder: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(process.execPath, ['--import', 'tsx', 'server/cli/backup.ts', folder], { cwd: ROOT, env: { ...process.env, STORE: 'sqlite', ARCHIVE_URL: '', HALLQ_ARCHIVE_DB: '', ...env } }, (err, stdout, stderr) =>
			resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr })
		);
	});
}

describe('npm run backup, and a restore', () => {
	it('copies the live store and the archive while the server runs; a server on the copies goes on from them', async () => {
		const running = join(dir, 'running');
		const server = await startTestServer([testHall()], { dir: running, clock });
		const kiosk = await connect(server.url, { token: TOKENS.kiosk });
		const issue = async () => (await must<IssuedTicketView>(kiosk, 'ticket:issue', { requestId: rid(), service: 'S1' })).id;
		try {
			expect([await issue(), await issue(), await issue()]).toEqual(['A001', 'A002', 'A003']);
			const copies = join(dir, 'backups');
			const r = await backup(copies, { HALLQ_DB: server.dbFile });
			expect(r.stderr).toBe('');
			expect(r.code).toBe(0);
			expect(r.stdout).toMatch(/hallq\.db → .*hallq-\d{8}T\d{6}Z\.db \(\d+ KiB, integrity ok\)/);
			expect(r.stdout).toMatch(/hallq-archive\.db → .*hallq-archive-\d{8}T\d{6}Z\.db/);
			// Issued after the backup: not in it.
			expect(await issue()).toBe('A004');
			kiosk.close();
			await server.close();

			const files = readdirSync(copies);
			const restored = join(dir, 'restored');
			await startTestServer([testHall()], { dir: restored, clock }).then((s) => s.close()); // makes the folder
			copyFileSync(join(copies, files.find((f) => f.startsWith('hallq-2'))!), join(restored, 'hallq.db'));
			copyFileSync(join(copies, files.find((f) => f.startsWith('hallq-archive-'))!), join(restored, 'hallq-archive.db'));
			for (const leftover of readdirSync(restored).filter((f) => f.endsWith('-wal') || f.endsWith('-shm'))) rmSync(join(restored, leftover));
			const again = await startTestServer([testHall()], { dir: restored, clock });
			const kiosk2 = await connect(again.url, { token: TOKENS.kiosk2 });
			try {
				expect((await must<IssuedTicketView>(kiosk2, 'ticket:issue', { requestId: rid(), service: 'S1' })).id).toBe('A004');
			} finally {
				kiosk2.close();
				await again.close();
			}
		} finally {
			kiosk.close();
		}
	});

	it('says what is wrong: no folder, a store that is not there', async () => {
		expect((await backup('', {})).code).toBe(2);
		const r = await backup(join(dir, 'none'), { HALLQ_DB: join(dir, 'absent', 'hallq.db') });
		expect(r.code).toBe(1);
		expect(r.stderr).toContain('does not exist: nothing to back up');
	});
});
