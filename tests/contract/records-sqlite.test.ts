import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteCaseStore } from '../../server/store/sqlite/sqlite-case-store';
import { SqliteSecurityStore } from '../../server/store/sqlite/sqlite-security-store';
import { caseStoreContract } from './case-store.contract';
import { securityStoreContract } from './security-store.contract';

async function tempFile(): Promise<{ file: string; cleanup: () => Promise<void> }> {
	const dir = await mkdtemp(join(tmpdir(), 'hallq-records-'));
	return { file: join(dir, 'hallq.db'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

securityStoreContract('sqlite (temp file)', async () => {
	const { file, cleanup } = await tempFile();
	return { store: SqliteSecurityStore.open(file), reopen: async () => SqliteSecurityStore.open(file), cleanup };
});

caseStoreContract('sqlite (temp file)', async () => {
	const { file, cleanup } = await tempFile();
	return { store: SqliteCaseStore.open(file), reopen: async () => SqliteCaseStore.open(file), cleanup };
});
