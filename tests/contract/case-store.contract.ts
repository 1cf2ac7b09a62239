/** What every follow-up CaseStore adapter must do (server/core/follow-up.ts). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advanceCase, type CaseStore, type FollowUpCase } from '../../server/core/follow-up';

export interface CaseStoreFixture {
	store: CaseStore;
	reopen: () => Promise<CaseStore>;
	cleanup: () => Promise<void>;
}

const T0 = Date.UTC(2026, 8, 30, 2, 0, 0);

function aCase(hall: string, ticket: string, ratedAt: number): FollowUpCase {
	return { id: `2026-09-30-${ticket}`, hall, day: '2026-09-30', ticket, counter: 'C1', staff: 'u1', overall: 1, reasons: ['attitude'], comment: '', ratedAt, due: '2026-10-27', status: 'open', history: [] };
}

export function caseStoreContract(name: string, makeStore: () => Promise<CaseStoreFixture>): void {
	describe(`CaseStore contract: ${name}`, () => {
		let f: CaseStoreFixture;
		const handles: CaseStore[] = [];
		beforeEach(async () => {
			f = await makeStore();
			handles.push(f.store);
		});
		afterEach(async () => {
			for (const h of handles.splice(0)) await h.close();
			await f.cleanup();
		});

		it('opens a case once, lists a hall’s cases by rating time, keeps them for another handle', async () => {
			expect(await f.store.open(aCase('h', 'A002', T0 + 5))).toBe(true);
			expect(await f.store.open(aCase('h', 'A001', T0))).toBe(true);
			expect(await f.store.open({ ...aCase('h', 'A001', T0), comment: 'second' })).toBe(false);
			expect(await f.store.open(aCase('other', 'A001', T0))).toBe(true);
			const b = await f.reopen();
			handles.push(b);
			expect((await b.list('h')).map((c) => [c.ticket, c.comment])).toEqual([
				['A001', ''],
				['A002', '']
			]);
			expect(await b.get('h', '2026-09-30-A001')).toMatchObject({ ticket: 'A001', due: '2026-10-27', status: 'open' });
			expect(await b.get('h', 'nope')).toBeNull();
		});

		it('changes a case only from the status it was read in', async () => {
			const c = aCase('h', 'A001', T0);
			await f.store.open(c);
			const b = await f.reopen();
			handles.push(b);
			const called = advanceCase(c, 'calledBack', 'sup', 'called the citizen', T0 + 1000);
			expect(await f.store.update('h', c.id, 'open', called)).toBe(true);
			// A second supervisor who read it as open loses.
			expect(await b.update('h', c.id, 'open', advanceCase(c, 'calledBack', 'sup2', 'me too', T0 + 2000))).toBe(false);
			expect(await b.get('h', c.id)).toMatchObject({ status: 'calledBack', history: [{ by: 'sup', note: 'called the citizen', status: 'calledBack' }] });
			expect(await b.update('h', 'nope', 'open', called)).toBe(false);
		});
	});
}
