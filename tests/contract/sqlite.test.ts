import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../../server/store/sqlite/sqlite-event-store';
import { eventStoreContract } from './event-store.contract';

eventStoreContract('sqlite (temp file, synchronous FULL)', async () => {
	const dir = await mkdtemp(join(tmpdir(), 'hallq-sqlite-'));
	const file = join(dir, 'events.db');
	return {
		store: SqliteEventStore.open(file),
		reopen: async () => SqliteEventStore.open(file),
		cleanup: () => rm(dir, { recursive: true, force: true })
	};
});
