/**
 * Where the deployment's keys come from (server/secrets-boot.ts): a secrets file only its owner may
 * read, or the environment, never both; without either the demo keys, which production refuses.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_KEYS } from '../../server/config/demo-values';
import { keyProblems, loadDeploymentKeys } from '../../server/secrets-boot';

const dir = mkdtempSync(join(tmpdir(), 'hallq-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const M = 'm'.repeat(43);
const P = 'p'.repeat(43);

function secretsFile(name: string, content: unknown, mode = 0o600): string {
	const file = join(dir, name);
	writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
	chmodSync(file, mode);
	return file;
}

describe('the deployment keys', () => {
	it('from a 0600 file: master keys (the first signs) and dated peppers', () => {
		const file = secretsFile('ok.json', { masterKeys: [{ id: '2026-12', secret: M }, { id: '2026-06', secret: `${M}x` }], idPeppers: [{ id: 'p2', secret: P, from: '2027-01-01' }, { id: 'p1', secret: `${P}x` }] });
		expect(loadDeploymentKeys({ HALLQ_SECRETS_FILE: file })).toEqual({
			source: 'file',
			material: { masterKeys: [{ id: '2026-12', secret: M }, { id: '2026-06', secret: `${M}x` }], idPeppers: [{ id: 'p2', secret: P, from: '2027-01-01' }, { id: 'p1', secret: `${P}x` }] }
		});
	});

	it('a file others may read is refused, with the chmod to run', () => {
		const file = secretsFile('open.json', { masterKeys: [{ id: 'k1', secret: M }], idPeppers: [{ id: 'p1', secret: P }] }, 0o644);
		expect(() => loadDeploymentKeys({ HALLQ_SECRETS_FILE: file })).toThrow(`HALLQ_SECRETS_FILE ${file} may be read by others (mode 0644): chmod 600 it`);
		chmodSync(file, 0o640);
		expect(() => loadDeploymentKeys({ HALLQ_SECRETS_FILE: file })).toThrow('(mode 0640)');
	});

	it('a missing, broken or incomplete file says what is wrong', () => {
		expect(() => loadDeploymentKeys({ HALLQ_SECRETS_FILE: join(dir, 'none.json') })).toThrow('cannot be read: ENOENT');
		expect(() => loadDeploymentKeys({ HALLQ_SECRETS_FILE: secretsFile('broken.json', '{"masterKeys": [') })).toThrow('is not JSON');
		expect(() => loadDeploymentKeys({ HALLQ_SECRETS_FILE: secretsFile('empty.json', { masterKeys: [], idPeppers: [{ id: 'p1', secret: P }] }) })).toThrow('masterKeys: at least one master key (the first signs)');
		expect(() => loadDeploymentKeys({ HALLQ_SECRETS_FILE: secretsFile('extra.json', { masterKeys: [{ id: 'k1', secret: M }], idPeppers: [{ id: 'p1', secret: P }], hall: 'x' }) })).toThrow('(file): Unrecognized key: "hall"');
		expect(() => loadDeploymentKeys({ HALLQ_SECRETS_FILE: secretsFile('short.json', { masterKeys: [{ id: 'k1', secret: 'short' }], idPeppers: [{ id: 'p1', secret: P }] }) })).toThrow('master key k1: 5 characters, fewer than 32');
	});

	it('from the environment: id:secret lists, a pepper with @its first day', () => {
		expect(loadDeploymentKeys({ HALLQ_MASTER_KEYS: `k2:${M},k1:${M}y`, HALLQ_ID_PEPPERS: `p2@2027-01-01:${P}, p1:${P}y` })).toEqual({
			source: 'environment',
			material: { masterKeys: [{ id: 'k2', secret: M }, { id: 'k1', secret: `${M}y` }], idPeppers: [{ id: 'p2', secret: P, from: '2027-01-01' }, { id: 'p1', secret: `${P}y` }] }
		});
		expect(() => loadDeploymentKeys({ HALLQ_MASTER_KEYS: `k1:${M}` })).toThrow('HALLQ_ID_PEPPERS is missing');
		expect(() => loadDeploymentKeys({ HALLQ_MASTER_KEYS: M, HALLQ_ID_PEPPERS: `p1:${P}` })).toThrow('HALLQ_MASTER_KEYS: "mmmmmmmm…" is not id:secret');
	});

	it('a file and the environment at once is refused', () => {
		const file = secretsFile('both.json', { masterKeys: [{ id: 'k1', secret: M }], idPeppers: [{ id: 'p1', secret: P }] });
		expect(() => loadDeploymentKeys({ HALLQ_SECRETS_FILE: file, HALLQ_MASTER_KEYS: `k1:${M}`, HALLQ_ID_PEPPERS: `p1:${P}` })).toThrow('give the keys one way');
	});

	it('none: the demo keys, which production refuses, as it refuses any demo value', () => {
		const demo = loadDeploymentKeys({});
		expect(demo).toEqual({ source: 'demo', material: DEMO_KEYS });
		expect(keyProblems(demo)).toEqual(['no keys: set HALLQ_SECRETS_FILE (or HALLQ_MASTER_KEYS and HALLQ_ID_PEPPERS), see docs/security.md']);
		const copied = loadDeploymentKeys({ HALLQ_MASTER_KEYS: `k1:${DEMO_KEYS.masterKeys[0]!.secret}`, HALLQ_ID_PEPPERS: `p1:${P}` });
		expect(keyProblems(copied)).toEqual(['master key k1 is the committed demo value: make a random one (docs/security.md)']);
		expect(keyProblems(loadDeploymentKeys({ HALLQ_MASTER_KEYS: `k1:${M}`, HALLQ_ID_PEPPERS: `p1:${P}` }))).toEqual([]);
	});
});
