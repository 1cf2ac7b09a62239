/**
 * HALLQ_ENV=production: a deployment refuses to start with anything a demo may use and a hall may
 * not (docs/deployment.md "Production mode"). `npm run hall` stays the demo (HALLQ_ENV unset or
 * `demo`). Each problem is one line that says what to do.
 */
import { hashDeviceToken, verifyPassword } from './app/passwords';
import { DEMO_PASSWORD, demoDeviceToken } from './config/demo-values';
import type { HallConfig } from './core/model';
import { keyProblems, type DeploymentKeys } from './secrets-boot';
import { SIM_CLOCK_ENV } from './sim-clock';

export type HallQEnv = 'demo' | 'production';

/** HALLQ_ENV: `demo` (the default) or `production`; anything else stops the start. */
export function hallqEnv(env: NodeJS.ProcessEnv): HallQEnv {
	const value = env.HALLQ_ENV ?? 'demo';
	if (value !== 'demo' && value !== 'production') throw new Error(`HALLQ_ENV must be demo or production, not ${value}`);
	return value;
}

/** Why this environment and these halls may not run as a production deployment; empty when they may. */
export async function productionProblems(env: NodeJS.ProcessEnv, halls: readonly HallConfig[], keys: DeploymentKeys): Promise<string[]> {
	const problems: string[] = keyProblems(keys);
	if ((env.HALLQ_PRINTER_SIM ?? 'off') !== 'off') problems.push('HALLQ_PRINTER_SIM is on: the printer simulator does not run in production (leave it unset or off)');
	if ((env.HALLQ_READER_SIM ?? 'off') !== 'off') problems.push('HALLQ_READER_SIM is on: the card reader simulator does not run in production (leave it unset or off)');
	if (env.HALLQ_HOURS === 'always') problems.push('HALLQ_HOURS=always opens every hall around the clock: leave it unset (the halls’ own hours)');
	if (env.HALLQ_RATE_LIMITS?.trim() === 'off') problems.push('HALLQ_RATE_LIMITS=off: a production server limits every device, person and address (leave it unset, or change single limits)');
	if (env[SIM_CLOCK_ENV]) problems.push(`${SIM_CLOCK_ENV} is set: a production server runs on the real clock`);
	const publicUrl = env.HALLQ_PUBLIC_URL;
	if (!publicUrl) problems.push('HALLQ_PUBLIC_URL is missing: set the https address citizens’ phones open (the ticket’s QR code)');
	else if (!/^https:\/\/[^/\s]+/.test(publicUrl)) problems.push(`HALLQ_PUBLIC_URL must be an https address, not ${publicUrl}`);
	if (env.HALLQ_COOKIE_SECURE !== 'on') problems.push('HALLQ_COOKIE_SECURE must be on: staff session cookies are sent over https only');

	for (const hall of halls) {
		const where = `hall ${hall.id}`;
		const demoDevices = hall.devices.filter((d) => d.tokenHash === hashDeviceToken(demoDeviceToken(hall.id, d))).map((d) => d.id);
		if (demoDevices.length > 0) problems.push(`${where}: ${demoDevices.length} device(s) keep their demo token (${listed(demoDevices)}): issue each a token from the server (POST /api/devices/token, then remove its tokenHash) or give it a new random one`);
		const checks = await Promise.all(hall.staff.map(async (s) => ((await verifyPassword(DEMO_PASSWORD, s.passwordHash)) ? s.id : null)));
		const demoStaff = checks.filter((id): id is string => id !== null);
		if (demoStaff.length > 0) problems.push(`${where}: ${demoStaff.length} staff member(s) have the demo password (${listed(demoStaff)}): set a password for each`);
	}
	return problems;
}

function listed(ids: readonly string[]): string {
	return ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`;
}

/** Thrown by the start in production mode: its message is the problems, one a line. */
export class ProductionRefusal extends Error {
	constructor(readonly problems: string[]) {
		super(`HALLQ_ENV=production: ${problems.length} problem(s), not starting\n${problems.map((p) => `  ${p}`).join('\n')}`);
		this.name = 'ProductionRefusal';
	}
}
