/**
 * Relays the kiosk's card reader to HallQ: each card read, its removal and reader failures become
 * one `card:read` each. The clear number and name go only to the server over the agent's socket;
 * they are not logged here, not kept after the send, and the photo is never sent (the reader drops it).
 */
import type { CardReadPayload } from '$contract';
import { displayName, type CardIdentity } from '../../cardreader/layouts/index';
import type { CardReader } from '../../cardreader/reader';

export type SendCardRead = (payload: CardReadPayload) => void;

/** The part of a card worth sending: kind, number, the name to greet with and the birth date. */
export function cardReadOf(card: CardIdentity): CardReadPayload {
	return { state: 'read', card: { kind: card.kind, idNumber: card.idNumber, name: displayName(card), birthDate: card.birthDate } };
}

/** Wires a reader to `send`; returns a function that unwires it. */
export function relayCardReads(reader: CardReader, send: SendCardRead, log?: (message: string) => void): () => void {
	const off = [
		reader.on('card', (e) => {
			log?.(`card read (${e.identity.kind})`);
			send(cardReadOf(e.identity));
		}),
		reader.on('removed', () => send({ state: 'removed' })),
		reader.on('error', (err) => {
			log?.(`card reader: ${err.code}`);
			send({ state: 'error', code: err.code });
		}),
		reader.on('disconnected', () => send({ state: 'error', code: 'CARD.DISCONNECTED' })),
		// A reader (re)opened has no card reported yet: the kiosk may drop an earlier failure.
		reader.on('connected', () => send({ state: 'removed' }))
	];
	return () => off.forEach((f) => f());
}
