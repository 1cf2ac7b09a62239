/**
 * HALLQ_ENV=production refuses what a demo may use and a hall may not (server/production-mode.ts):
 * the committed sample halls and a bare environment give one line per problem; a deployment with
 * its own secrets, tokens and passwords and a production environment gives none; each setting on its
 * own gives its one line.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashDeviceToken } from '../../server/app/passwords';
import { loadHalls } from '../../server/boot';
import type { HallConfig } from '../../server/core/model';
import { hallqEnv, productionProblems } from '../../server/production-mode';
import { testHall } from '../support/test-hall';

const PRODUCTION_ENV = { HALLQ_ENV: 'production', HALLQ_PUBLIC_URL: 'https://hall.example.gov.cn', HALLQ_COOKIE_SECURE: 'on' };

/** The test hall as a deployment makes it: its own secret and device tokens (its staff's password is not the demo one). */
function deployedHall(): HallConfig {
	const hall = testHall();
	return { ...hall, secret: randomBytes(32).toString('base64url'), devices: hall.devices.map((d) => ({ ...d, tokenHash: hashDeviceToken(randomBytes(24).toString('base64url')) })) };
}

describe('production mode', () => {
	it('the sample halls with a bare environment: every demo value and missing setting, one line each', async () => {
		const problems = await productionProblems({}, loadHalls({}));
		expect(problems.slice(0, 2)).toEqual([
			'HALLQ_PUBLIC_URL is missing: set the https address citizens’ phones open (the ticket’s QR code)',
			'HALLQ_COOKIE_SECURE must be on: staff session cookies are sent over https only'
		]);
		for (const hall of ['city', 'county', 'township']) {
			const mine = problems.filter((p) => p.startsWith(`hall ${hall}: `));
			expect(mine, hall).toHaveLength(3);
			expect(mine[0]).toContain('its secret is the committed demo value');
			expect(mine[1]).toMatch(/device\(s\) keep their demo token/);
			expect(mine[2]).toMatch(/staff member\(s\) have the demo password/);
		}
		expect(problems).toHaveLength(2 + 9);
		expect(problems.find((p) => p.startsWith('hall city: ') && p.includes('demo token'))).toContain('94 device(s)');
	}, 60_000);

	it('a deployment with its own secret, tokens and passwords and a production environment starts', async () => {
		expect(await productionProblems(PRODUCTION_ENV, [deployedHall()])).toEqual([]);
	});

	it('each setting a demo may use is refused on its own, with what to do', async () => {
		const hall = deployedHall();
		const one = async (env: Record<string, string>) => productionProblems({ ...PRODUCTION_ENV, ...env }, [hall]);
		expect(await one({ HALLQ_PRINTER_SIM: 'on' })).toEqual(['HALLQ_PRINTER_SIM is on: the printer simulator does not run in production (leave it unset or off)']);
		expect(await one({ HALLQ_READER_SIM: 'on' })).toEqual(['HALLQ_READER_SIM is on: the card reader simulator does not run in production (leave it unset or off)']);
		expect(await one({ HALLQ_HOURS: 'always' })).toEqual(['HALLQ_HOURS=always opens every hall around the clock: leave it unset (the halls’ own hours)']);
		expect(await one({ HALLQ_SIM_CLOCK: '0,0,1' })).toEqual(['HALLQ_SIM_CLOCK is set: a production server runs on the real clock']);
		expect(await one({ HALLQ_PUBLIC_URL: 'http://hall.example.gov.cn' })).toEqual(['HALLQ_PUBLIC_URL must be an https address, not http://hall.example.gov.cn']);
		expect(await one({ HALLQ_COOKIE_SECURE: 'auto' })).toEqual(['HALLQ_COOKIE_SECURE must be on: staff session cookies are sent over https only']);
		expect(await one({ HALLQ_PRINTER_SIM: 'off', HALLQ_READER_SIM: 'off' })).toEqual([]);
	});

	it('a short secret, one demo token and one demo password in an otherwise deployed hall', async () => {
		const hall = deployedHall();
		const sample = loadHalls({}).find((h) => h.id === 'township') as HallConfig;
		const withDemo: HallConfig = {
			...hall,
			secret: 'too-short-secret',
			devices: hall.devices.map((d) => (d.id === 'K2' ? { ...d, tokenHash: hashDeviceToken('demo-test-kiosk-K2') } : d)),
			staff: hall.staff.map((s) => (s.id === 'u3' ? { ...s, passwordHash: sample.staff[0]?.passwordHash ?? '' } : s))
		};
		expect(await productionProblems(PRODUCTION_ENV, [withDemo])).toEqual([
			'hall test: its secret has 16 characters, fewer than 32',
			'hall test: 1 device(s) keep their demo token (K2): give each a new random token',
			'hall test: 1 staff member(s) have the demo password (u3): set a password for each'
		]);
	});

	it('HALLQ_ENV is demo by default, production when asked, and nothing else', () => {
		expect(hallqEnv({})).toBe('demo');
		expect(hallqEnv({ HALLQ_ENV: 'production' })).toBe('production');
		expect(() => hallqEnv({ HALLQ_ENV: 'prod' })).toThrow('HALLQ_ENV must be demo or production, not prod');
	});
});
