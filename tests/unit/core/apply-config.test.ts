/**
 * Putting a configuration version in force in a hall-day (decide `applyConfig`): versions only move
 * forward, a service with open tickets today or an open counter cannot be removed (disable the
 * service instead), and the tickets after it keep the version.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../../server/core/commands';
import { decide } from '../../../server/core/decide';
import { evolve, initialState } from '../../../server/core/evolve';
import { indexHall } from '../../../server/core/hall-index';
import type { HallDayState } from '../../../server/core/model';
import { testHall } from '../../support/test-hall';

const index = indexHall(testHall());
const T = Date.UTC(2026, 11, 8, 2, 0);
let n = 0;
const ALL = { services: ['S1', 'S2', 'S3'], counters: ['C1', 'C2', 'C3'] };

function run(state: HallDayState, cmd: Command): HallDayState {
	for (const e of decide(index, state, cmd, T + ++n)) evolve(state, e);
	return state;
}
const apply = (version: number, has = ALL): Command => ({ kind: 'applyConfig', req: `cfg-${++n}`, version, by: 'adm', ...has });
const issue = (service: string): Command => ({ kind: 'issue', req: `k-${++n}`, service, priority: 'none', kiosk: 'K1', token: `t${n}`, identity: null });

describe('applyConfig', () => {
	it('puts a version in force; the tickets after it keep it, those before keep theirs', () => {
		const state = initialState('test', '2026-12-08');
		run(state, issue('S1'));
		const four = apply(4);
		run(state, four);
		run(state, issue('S1'));
		expect(state.configVersion).toBe(4);
		expect(Object.values(state.tickets).map((t) => [t.id, t.configVersion])).toEqual([
			['A001', null],
			['A002', 4]
		]);
		expect(state.requests[four.req]).toEqual({ kind: 'applyConfig', ticket: null, counter: null });
	});

	it('refuses a version that is not newer than the one in force', () => {
		const state = run(initialState('test', '2026-12-08'), apply(4));
		expect(() => run(state, apply(4))).toThrow(expect.objectContaining({ code: 'CONFIG.CONFLICT' }));
		expect(() => run(state, apply(3))).toThrow(expect.objectContaining({ code: 'CONFIG.CONFLICT' }));
		expect(state.configVersion).toBe(4);
	});

	it('refuses to remove a service with an open ticket today, and allows it once its tickets are done', () => {
		const state = initialState('test', '2026-12-08');
		run(state, issue('S2'));
		const withoutS2 = { services: ['S1', 'S3'], counters: ALL.counters };
		expect(() => run(state, apply(2, withoutS2))).toThrow(expect.objectContaining({ code: 'CONFIG.IN_USE', message: expect.stringContaining('S2') }));
		expect(state.configVersion).toBeNull();
		run(state, { kind: 'cancel', req: `c-${++n}`, ticket: 'B001', by: 'K1', onlyFromKiosk: null });
		run(state, apply(2, withoutS2));
		expect(state.configVersion).toBe(2);
	});

	it('refuses to remove an open counter, and allows it once closed', () => {
		const state = run(initialState('test', '2026-12-08'), { kind: 'openCounter', req: `o-${++n}`, counter: 'C3', staff: 'u3' });
		const withoutC3 = { services: ALL.services, counters: ['C1', 'C2'] };
		expect(() => run(state, apply(2, withoutC3))).toThrow(expect.objectContaining({ code: 'CONFIG.IN_USE', message: expect.stringContaining('C3') }));
		run(state, { kind: 'closeCounter', req: `x-${++n}`, counter: 'C3', staff: 'u3' });
		run(state, apply(2, withoutC3));
		expect(state.configVersion).toBe(2);
	});
});
