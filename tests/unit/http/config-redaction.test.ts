/**
 * The admin API shows password and token hashes as KEPT and puts them back on save
 * (server/http/config-redaction.ts): a round trip changes nothing, a new entry gets no hash from
 * another, and a hash the admin gave stays.
 */
import { describe, expect, it } from 'vitest';
import { KEPT, redactHashes, restoreHashes } from '../../../server/http/config-redaction';

const base = {
	id: 'hall',
	staff: [
		{ id: 'u1', name: '王晓明', passwordHash: 'scrypt$16384$8$1$aaaa$bbbb' },
		{ id: 'u2', name: '李红', passwordHash: 'scrypt$16384$8$1$cccc$dddd' }
	],
	devices: [
		{ id: 'K1', kind: 'kiosk', tokenHash: 'a'.repeat(64) },
		{ id: 'B9', kind: 'display' }
	]
};

describe('hashes in the admin API', () => {
	it('are shown as KEPT, and a save of the page’s copy gives the same configuration back', () => {
		const shown = redactHashes(base) as typeof base;
		expect(JSON.stringify(shown)).not.toMatch(/scrypt|aaaa/);
		expect(shown.staff.map((s) => s.passwordHash)).toEqual([KEPT, KEPT]);
		expect(shown.devices[1]).toEqual({ id: 'B9', kind: 'display' });
		expect(base.staff[0]?.passwordHash).toBe('scrypt$16384$8$1$aaaa$bbbb');
		expect(restoreHashes(structuredClone(shown), base)).toEqual(base);
	});

	it('a new entry with KEPT gets none (the schema then asks for one); a hash the admin gave stays', () => {
		const edited = redactHashes(base) as { staff: Record<string, unknown>[]; devices: Record<string, unknown>[] };
		edited.staff.push({ id: 'u9', name: '新同事', passwordHash: KEPT });
		edited.devices[0] = { ...edited.devices[0], tokenHash: 'b'.repeat(64) };
		const restored = restoreHashes(edited, base) as typeof edited;
		expect(restored.staff[2]).toEqual({ id: 'u9', name: '新同事' });
		expect(restored.devices[0]?.tokenHash).toBe('b'.repeat(64));
		expect(restored.staff[1]?.passwordHash).toBe('scrypt$16384$8$1$cccc$dddd');
	});
});
