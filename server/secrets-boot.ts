/**
 * The deployment's keys (docs/security.md "Keys"): from HALLQ_SECRETS_FILE (JSON that only its owner
 * may read), or from HALLQ_MASTER_KEYS and HALLQ_ID_PEPPERS; without either, the demo keys, which a
 * production start refuses. Never from a hall file: those are committed.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { keyMaterialProblems, type IdPepper, type KeyMaterial, type MasterKey } from './app/keyring';
import { DEMO_KEYS, DEMO_SECRET_MARK } from './config/demo-values';

export interface DeploymentKeys {
	material: KeyMaterial;
	/** Where they came from: a reload reads the same place again. */
	source: 'file' | 'environment' | 'demo';
}

const secretsFileSchema = z.strictObject({
	masterKeys: z.array(z.strictObject({ id: z.string(), secret: z.string() })).min(1, 'at least one master key (the first signs)'),
	idPeppers: z.array(z.strictObject({ id: z.string(), secret: z.string(), from: z.string().optional() })).min(1, 'at least one ID pepper')
});

/** The keys this environment names; throws one message that says what to fix. */
export function loadDeploymentKeys(env: NodeJS.ProcessEnv): DeploymentKeys {
	const file = env.HALLQ_SECRETS_FILE;
	const inEnv = env.HALLQ_MASTER_KEYS !== undefined || env.HALLQ_ID_PEPPERS !== undefined;
	if (file && inEnv) throw new Error('HALLQ_SECRETS_FILE and HALLQ_MASTER_KEYS / HALLQ_ID_PEPPERS are both set: give the keys one way');
	const keys: DeploymentKeys = file ? { material: readSecretsFile(resolve(file)), source: 'file' } : inEnv ? { material: keysFromEnv(env), source: 'environment' } : { material: DEMO_KEYS, source: 'demo' };
	const problems = keyMaterialProblems(keys.material);
	if (problems.length > 0) throw new Error(`the deployment's keys (${keys.source === 'file' ? `HALLQ_SECRETS_FILE ${file}` : 'HALLQ_MASTER_KEYS / HALLQ_ID_PEPPERS'}): ${problems.join('; ')}`);
	return keys;
}

/** What a production deployment may not use as keys; empty when it may. */
export function keyProblems(keys: DeploymentKeys): string[] {
	if (keys.source === 'demo') return ['no keys: set HALLQ_SECRETS_FILE (or HALLQ_MASTER_KEYS and HALLQ_ID_PEPPERS), see docs/security.md'];
	const demo = [...keys.material.masterKeys.map((k) => ['master key', k] as const), ...keys.material.idPeppers.map((k) => ['ID pepper', k] as const)].filter(([, k]) => k.secret.includes(DEMO_SECRET_MARK));
	return demo.map(([kind, k]) => `${kind} ${k.id} is the committed demo value: make a random one (docs/security.md)`);
}

function readSecretsFile(file: string): KeyMaterial {
	let mode: number;
	try {
		mode = statSync(file).mode;
	} catch (err) {
		throw new Error(`HALLQ_SECRETS_FILE ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
	}
	if ((mode & 0o077) !== 0) throw new Error(`HALLQ_SECRETS_FILE ${file} may be read by others (mode ${(mode & 0o777).toString(8).padStart(4, '0')}): chmod 600 it`);
	let json: unknown;
	try {
		json = JSON.parse(readFileSync(file, 'utf8'));
	} catch (err) {
		throw new Error(`HALLQ_SECRETS_FILE ${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
	}
	const parsed = secretsFileSchema.safeParse(json);
	if (!parsed.success) throw new Error(`HALLQ_SECRETS_FILE ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
	return { masterKeys: parsed.data.masterKeys, idPeppers: parsed.data.idPeppers.map(({ id, secret, from }) => (from === undefined ? { id, secret } : { id, secret, from })) };
}

/** `id:secret,id:secret` (the first signs) and `id[@YYYY-MM-DD]:secret,…`. */
function keysFromEnv(env: NodeJS.ProcessEnv): KeyMaterial {
	const entries = (name: string): { head: string; secret: string }[] => {
		const value = env[name];
		if (!value) throw new Error(`${name} is missing: HALLQ_MASTER_KEYS and HALLQ_ID_PEPPERS are set together`);
		return value.split(',').map((entry) => {
			const at = entry.indexOf(':');
			if (at < 0) throw new Error(`${name}: "${entry.slice(0, 8)}…" is not id:secret`);
			return { head: entry.slice(0, at).trim(), secret: entry.slice(at + 1).trim() };
		});
	};
	const masterKeys: MasterKey[] = entries('HALLQ_MASTER_KEYS').map(({ head, secret }) => ({ id: head, secret }));
	const idPeppers: IdPepper[] = entries('HALLQ_ID_PEPPERS').map(({ head, secret }) => {
		const [id = '', from] = head.split('@');
		return from === undefined ? { id, secret } : { id, secret, from };
	});
	return { masterKeys, idPeppers };
}
