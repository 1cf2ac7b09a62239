/**
 * HALLQ_ENV=production refuses what a demo may use and a hall may not (server/production-mode.ts):
 * the committed sample halls, the demo keys and a bare environment give one line per problem; a
 * deployment with its own keys, tokens and passwords and a production environment gives none; each
 * setting on its own gives its one line.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashDeviceToken } from '../../server/app/passwords';
import { loadHalls } from '../../server/boot';
import type { HallConfig } from '../../server/core/model';
import { hallqEnv, productionProblems } from '../../server/production-mode';
import { DEMO_KEYS } from '../../server/config/demo-values';
import type { DeploymentKeys } from '../../server/secrets-boot';
import { testHall } from '../support/test-hall';

const PRODUCTION_ENV = { HALLQ_ENV: 'production', HALLQ_PUBLIC_URL: 'https://hall.example.gov.cn', HALLQ_COOKIE_SECURE: 'on' };

const random = () => randomBytes(32).toString('base64url');
const DEPLOYED_KEYS: DeploymentKeys = { source: 'file', material: { masterKeys: [{ id: 'k1', secret: random() }], idPeppers: [{ id: 'p1', secret: random() }] } };
const DEMO: DeploymentKeys = { source: 'demo', material: DEMO_KEYS };

/** The test hall as a deployment makes it: its own device tokens (its staff's password is not the demo one). */
function deployedHall(): HallConfig {
	const hall = testHall();
	return { ...hall, devices: hall.devices.map((d) => ({ ...d, tokenHash: hashDeviceToken(randomBytes(24).toString('base64url')) })) };
}

describe('production mode', () => {
	it('the sample halls with a bare environment: every demo value and missing setting, one line each', async () => {
		const problems = await productionProblems({}, loadHalls({}), DEMO);
		expect(problems.slice(0, 3)).toEqual([
			'no keys: set HALLQ_SECRETS_FILE (or HALLQ_MASTER_KEYS and HALLQ_ID_PEPPERS), see docs/security.md',
			'HALLQ_PUBLIC_URL is missing: set the https address citizens’ phones open (the ticket’s QR code)',
			'HALLQ_COOKIE_SECURE must be on: staff session cookies are sent over https only'
		]);
		for (const hall of ['city', 'county', 'township']) {
			const mine = problems.filter((p) => p.startsWith(`hall ${hall}: `));
			expect(mine, hall).toHaveLength(2);
			expect(mine[0]).toMatch(/device\(s\) keep their demo token/);
			expect(mine[1]).toMatch(/staff member\(s\) have the demo password/);
		}
		expect(problems).toHaveLength(3 + 6);
		expect(problems.find((p) => p.startsWith('hall city: ') && p.includes('demo token'))).toContain('94 device(s)');
	}, 60_000);

	it('a deployment with its own keys, tokens and passwords and a production environment starts', async () => {
		expect(await productionProblems(PRODUCTION_ENV, [deployedHall()], DEPLOYED_KEYS)).toEqual([]);
	});

	it('each setting a demo may use is refused on its own, with what to do', async () => {
		const hall = deployedHall();
		const one = async (env: Record<string, string>) => productionProblems({ ...PRODUCTION_ENV, ...env }, [hall], DEPLOYED_KEYS);
		expect(await one({ HALLQ_PRINTER_SIM: 'on' })).toEqual(['HALLQ_PRINTER_SIM is on: the printer simulator does not run in production (leave it unset or off)']);
		expect(await one({ HALLQ_READER_SIM: 'on' })).toEqual(['HALLQ_READER_SIM is on: the card reader simulator does not run in production (leave it unset or off)']);
		expect(await one({ HALLQ_HOURS: 'always' })).toEqual(['HALLQ_HOURS=always opens every hall around the clock: leave it unset (the halls’ own hours)']);
		expect(await one({ HALLQ_SIM_CLOCK: '0,0,1' })).toEqual(['HALLQ_SIM_CLOCK is set: a production server runs on the real clock']);
		expect(await one({ HALLQ_PUBLIC_URL: 'http://hall.example.gov.cn' })).toEqual(['HALLQ_PUBLIC_URL must be an https address, not http://hall.example.gov.cn']);
		expect(await one({ HALLQ_COOKIE_SECURE: 'auto' })).toEqual(['HALLQ_COOKIE_SECURE must be on: staff session cookies are sent over https only']);
		expect(await one({ HALLQ_PRINTER_SIM: 'off', HALLQ_READER_SIM: 'off' })).toEqual([]);
	});

	it('a demo key, one demo token and one demo password in an otherwise deployed hall', async () => {
		const hall = deployedHall();
		const sample = loadHalls({}).find((h) => h.id === 'township') as HallConfig;
		const withDemo: HallConfig = {
			...hall,
			devices: hall.devices.map((d) => (d.id === 'K2' ? { ...d, tokenHash: hashDeviceToken('demo-test-kiosk-K2') } : d)),
			staff: hall.staff.map((s) => (s.id === 'u3' ? { ...s, passwordHash: sample.staff[0]?.passwordHash ?? '' } : s))
		};
		const demoPepper: DeploymentKeys = { source: 'environment', material: { ...DEPLOYED_KEYS.material, idPeppers: DEMO_KEYS.idPeppers } };
		expect(await productionProblems(PRODUCTION_ENV, [withDemo], demoPepper)).toEqual([
			'ID pepper demo is the committed demo value: make a random one (docs/security.md)',
			'hall test: 1 device(s) keep their demo token (K2): issue each a token from the server (POST /api/devices/token, then remove its tokenHash) or give it a new random one',
			'hall test: 1 staff member(s) have the demo password (u3): set a password for each'
		]);
	});

	it('HALLQ_ENV is demo by default, production when asked, and nothing else', () => {
		expect(hallqEnv({})).toBe('demo');
		expect(hallqEnv({ HALLQ_ENV: 'production' })).toBe('production');
		expect(() => hallqEnv({ HALLQ_ENV: 'prod' })).toThrow('HALLQ_ENV must be demo or production, not prod');
	});
});
