/**
 * The store-behind alarm (issue 20): when the live store is found with fewer events than this
 * process acknowledged (a late replica took over), the metric counts it and the supervisors get a
 * critical alert for the hall's live store, which stays open for STORE_ALARM_MS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HallQ, STORE_ALARM_MS } from '../../../server/app/hallq';
import { Keyring } from '../../../server/app/keyring';
import { HallQMetrics } from '../../../server/app/metrics';
import { DEMO_KEYS } from '../../../server/config/demo-values';
import type { HallEvent } from '../../../server/core/events';
import { SqliteCaseStore } from '../../../server/store/sqlite/sqlite-case-store';
import { SqliteEventStore } from '../../../server/store/sqlite/sqlite-event-store';
import { SqliteSecurityStore } from '../../../server/store/sqlite/sqlite-security-store';
import { switchableStore } from '../../support/switchable-store';
import { testHall } from '../../support/test-hall';

const dir = mkdtempSync(join(tmpdir(), 'hallq-store-alarm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined };

describe('the store-behind alarm', () => {
	it('a store that lost acknowledged events: counted, and a critical alert of the live store until it is old', async () => {
		const primary = SqliteEventStore.open(join(dir, 'primary.db'), { synchronous: 'OFF' });
		const replica = SqliteEventStore.open(join(dir, 'replica.db'), { synchronous: 'OFF' });
		const { store: failingOver, switchTo } = switchableStore(primary);
		let now = Date.UTC(2026, 5, 3, 2, 0); // 10:00 in Shanghai, a Wednesday
		const metrics = new HallQMetrics();
		const hallq = new HallQ({
			halls: [testHall()],
			store: failingOver,
			clock: { now: () => now },
			log: quiet,
			security: SqliteSecurityStore.open(join(dir, 'security.db')),
			cases: SqliteCaseStore.open(join(dir, 'cases.db')),
			keys: new Keyring(DEMO_KEYS),
			metrics,
			follow: false
		});
		const runner = hallq.runner('test');
		const issue = (n: number) => runner.execute({ kind: 'issue', req: `k:${n}`, service: 'S1', priority: 'none', kiosk: 'K1', token: `tok${String(n).padStart(13, '0')}`, identity: null });
		await issue(1);
		await issue(2);
		expect(hallq.storeFaults('test', now)).toEqual([]);
		// The replica has only the first event when it takes over.
		const key = runner.keyAt(now);
		const [first] = await primary.readAfter(key, 0, 1);
		const { seq: _seq, ...body } = first!;
		await replica.append(key, 0, [body as HallEvent]);
		switchTo(replica);
		expect((await issue(3)).record.ticket).toBe('A003');

		expect(hallq.storeFaults('test', now)).toEqual([{ device: 'live-store', kind: 'store', problem: 'STORE.BEHIND_RESTORED' }]);
		expect(await metrics.text()).toContain('hallq_store_behind_total{hall="test",restored="yes"} 1');
		const changes = await hallq.alerts.evaluate('test', { staffConnected: new Set(), devices: hallq.storeFaults('test', now) });
		expect(changes.filter((c) => c.type === 'raised' && c.alert.kind === 'deviceFault').map((c) => [c.alert.severity, c.alert.fault])).toEqual([['critical', { kind: 'store', problem: 'STORE.BEHIND_RESTORED' }]]);

		now += STORE_ALARM_MS + 1;
		expect(hallq.storeFaults('test', now)).toEqual([]);
		await hallq.close();
		await primary.close();
		await replica.close();
	});
});
