import { cardHolder } from '../app/identity';
import type { Keyring } from '../app/keyring';
import type { HallConfig } from '../core/model';
import type { CardReadPayload, CardState } from './contract';

/** What a kiosk page is told of its agent's card report: for a read, masked forms and a token only. */
export function cardState(keys: Keyring, hall: HallConfig, kiosk: string, report: CardReadPayload, now: number): CardState {
	if (report.state === 'removed') return { state: 'removed' };
	if (report.state === 'error') return { state: 'error', code: report.code };
	return { state: 'read', ...cardHolder(keys, hall, kiosk, report.card, now) };
}

/** The agent's reports that say the reader itself is gone (unplugged, no driver), not that a card failed. */
const READER_GONE = new Set(['CARD.NO_READER', 'CARD.DISCONNECTED', 'CARD.DRIVER_MISSING']);

/**
 * The kiosk's reader alert after an agent's report: its code when the reader is gone and a service of
 * the hall needs an ID card; null once it works again (a read, or a reader opened reports `removed`);
 * undefined when the report says nothing of the reader (a card that could not be read).
 */
export function readerProblem(hall: HallConfig, report: CardReadPayload): string | null | undefined {
	if (report.state !== 'error') return null;
	if (!READER_GONE.has(report.code)) return undefined;
	return hall.services.some((s) => s.requiresIdentity === true) ? report.code : null;
}
