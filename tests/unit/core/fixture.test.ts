import { describe, expect, it } from 'vitest';
import { hallConfigSchema } from '../../../server/config/schema';
import { makeHall } from '../../fixtures/core/hall';

describe('test hall fixture', () => {
	it('is a valid hall configuration', () => {
		const result = hallConfigSchema.safeParse(makeHall());
		expect(result.error?.issues ?? []).toEqual([]);
	});

	it('applies overrides to services and counters', () => {
		const hall = makeHall({ services: { tax: { dailyQuota: 3 } }, counters: { c1: { maxRecalls: 0 } }, timeZone: 'UTC' });
		expect(hall.services.find((s) => s.code === 'tax')?.dailyQuota).toBe(3);
		expect(hall.counters.find((c) => c.id === 'c1')?.maxRecalls).toBe(0);
		expect(hall.timeZone).toBe('UTC');
		expect(hallConfigSchema.safeParse(hall).success).toBe(true);
	});
});
