/**
 * The demo's card reader (HALLQ_READER_SIM=on): a kiosk with no agent in its hall file may ask for
 * a fictitious card read (`card:simulate`); the server draws one of the reader simulator's
 * fictitious people and relays it exactly as an agent's `card:read`.
 */
import { displayName } from '../../cardreader/layouts/index';
import { fictitiousCard } from '../../cardreader/simulator/identities';
import { localTime } from '../core/clock';
import { fail } from '../core/errors';
import { identityRules } from '../core/identity-rules';
import type { HallConfig } from '../core/model';
import type { Principal } from './auth';
import type { CardReadPayload } from './contract';
import type { On } from './on';

export type SimulatedHolder = 'adult' | 'elderly';

/** HALLQ_READER_SIM: `on` or `off` (the default). */
export function readerSimulation(env: NodeJS.ProcessEnv): boolean {
	const mode = env.HALLQ_READER_SIM ?? 'off';
	if (mode !== 'on' && mode !== 'off') throw new Error(`HALLQ_READER_SIM must be on or off, not ${mode}`);
	return mode === 'on';
}

/** Whether this kiosk may simulate card reads: the setting is on and no agent serves it. */
export function cardSimulationFor(hall: HallConfig, kiosk: string, enabled: boolean): boolean {
	return enabled && !hall.devices.some((d) => d.kind === 'agent' && d.kiosk === kiosk);
}

/** A fictitious resident card; an elderly holder is five to fifteen years past the hall's green-channel age. */
export function simulatedCardRead(hall: HallConfig, holder: SimulatedHolder, now: number, random: () => number = Math.random): CardReadPayload {
	const today = localTime(now, hall.timeZone).date;
	const elderlyAge = identityRules(hall).elderlyAge;
	const years = holder === 'elderly' ? elderlyAge + 5 + Math.floor(random() * 10) : Math.min(25 + Math.floor(random() * 20), elderlyAge - 1);
	const birthDate = `${Number(today.slice(0, 4)) - years}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
	const card = fictitiousCard('resident', random, { birthDate });
	return { state: 'read', card: { kind: card.kind, idNumber: card.idNumber, name: displayName(card), birthDate: card.birthDate } };
}

/** Registers `card:simulate` (kiosks only); `relay` is the path of an agent's `card:read`. */
export function registerCardSimulation(on: On, principal: Principal, hall: HallConfig, enabled: boolean, now: () => number, relay: (kiosk: string, report: CardReadPayload) => void): void {
	on('card:simulate', ['kiosk'], async (p) => {
		const kiosk = principal.data.actor;
		if (!enabled) fail('AUTH.FORBIDDEN', 'card simulation is off (HALLQ_READER_SIM)');
		if (!cardSimulationFor(hall, kiosk, enabled)) fail('AUTH.FORBIDDEN', 'this kiosk has a card reader agent; place a real card');
		relay(kiosk, simulatedCardRead(hall, p.holder, now()));
		return null;
	});
}
