import { cardHolder } from '../app/identity';
import type { HallConfig } from '../core/model';
import type { CardReadPayload, CardState } from './contract';

/** What a kiosk page is told of its agent's card report: for a read, masked forms and a token only. */
export function cardState(hall: HallConfig, kiosk: string, report: CardReadPayload, now: number): CardState {
	if (report.state === 'removed') return { state: 'removed' };
	if (report.state === 'error') return { state: 'error', code: report.code };
	return { state: 'read', ...cardHolder(hall, kiosk, report.card, now) };
}
