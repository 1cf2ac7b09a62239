import { describe, expect, it } from 'vitest';
import { diffConfigs } from '../../../server/core/config-diff';

const hall = () => ({
	id: 'h',
	hours: [{ from: '08:30', to: '12:00' }],
	services: [
		{ code: 'S1', name: { zh: '甲', en: 'A' }, avgHandleMinutes: 10 },
		{ code: 'S2', name: { zh: '乙', en: 'B' }, avgHandleMinutes: 5 }
	],
	counters: [{ id: 'C1', services: [{ service: 'S1', weight: 1 }] }],
	staff: [{ id: 'u1', name: '张三', passwordHash: 'scrypt$old' }]
});

describe('diffConfigs', () => {
	it('finds nothing between equal configurations, whatever the order of entries with ids', () => {
		const b = hall();
		b.services.reverse();
		expect(diffConfigs(hall(), b)).toEqual([]);
	});

	it('names entries by id and the field that changed; other lists change as a whole', () => {
		const b = hall();
		b.services[1]!.name.zh = '丙';
		b.counters[0]!.services.push({ service: 'S2', weight: 2 });
		b.hours = [{ from: '09:00', to: '12:00' }];
		expect(diffConfigs(hall(), b)).toEqual([
			{ path: 'hours', kind: 'changed', before: [{ from: '08:30', to: '12:00' }], after: [{ from: '09:00', to: '12:00' }] },
			{ path: 'services[S2].name.zh', kind: 'changed', before: '乙', after: '丙' },
			{ path: 'counters[C1].services[S2]', kind: 'added', after: { service: 'S2', weight: 2 } }
		]);
	});

	it('shows added and removed entries without their hashes, and a changed hash only as changed', () => {
		const b = hall();
		b.staff = [{ id: 'u1', name: '张三', passwordHash: 'scrypt$new' }, { id: 'u2', name: '李四', passwordHash: 'scrypt$x' }];
		b.services = b.services.filter((s) => s.code !== 'S1');
		expect(diffConfigs(hall(), b)).toEqual([
			{ path: 'services[S1]', kind: 'removed', before: { code: 'S1', name: { zh: '甲', en: 'A' }, avgHandleMinutes: 10 } },
			{ path: 'staff[u1].passwordHash', kind: 'changed', hidden: true },
			{ path: 'staff[u2]', kind: 'added', after: { id: 'u2', name: '李四' } }
		]);
	});
});
