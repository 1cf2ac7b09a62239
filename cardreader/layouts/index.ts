/** Picks the layout by the type marker at byte 248 and decodes the text block into one identity. */
import { decodeForeign2017, encodeForeign2017, type ForeignPermanentResidence2017 } from './foreign-permanent-2017';
import { decodeForeign2023, encodeForeign2023, type ForeignPermanentResidence2023 } from './foreign-permanent-2023';
import { decodeHmtResidencePermit, encodeHmtResidencePermit, type HmtResidencePermit } from './hmt-residence-permit';
import { decodeResident, encodeResident, type ResidentCard } from './resident';
import { badLayout, TEXT_BLOCK_SIZE, typeMarker } from './text-block';

export type CardIdentity = ResidentCard | HmtResidencePermit | ForeignPermanentResidence2017 | ForeignPermanentResidence2023;
export type CardKind = CardIdentity['kind'];
export const CARD_KINDS: readonly CardKind[] = ['resident', 'hmt-residence', 'foreign-2017', 'foreign-2023'];

export type { ResidentCard, HmtResidencePermit, ForeignPermanentResidence2017, ForeignPermanentResidence2023 };
export type { Gender, Validity } from './text-block';
export { TEXT_BLOCK_SIZE } from './text-block';

export function decodeTextBlock(block: Uint8Array): CardIdentity {
	if (block.length !== TEXT_BLOCK_SIZE) throw badLayout(`text block of ${block.length} bytes, expected ${TEXT_BLOCK_SIZE}`);
	switch (typeMarker(block)) {
		case 'J':
			return decodeHmtResidencePermit(block);
		case 'I':
			return decodeForeign2017(block);
		case 'Y':
			return decodeForeign2023(block);
		default:
			return decodeResident(block);
	}
}

export function encodeTextBlock(card: CardIdentity): Uint8Array {
	// Unused bytes are spaces, as on a card.
	const block = new Uint8Array(TEXT_BLOCK_SIZE);
	for (let i = 0; i < TEXT_BLOCK_SIZE; i += 2) block[i] = 0x20;
	switch (card.kind) {
		case 'resident':
			encodeResident(card, block);
			break;
		case 'hmt-residence':
			encodeHmtResidencePermit(card, block);
			break;
		case 'foreign-2017':
			encodeForeign2017(card, block);
			break;
		case 'foreign-2023':
			encodeForeign2023(card, block);
			break;
	}
	return block;
}

/** The holder's name to greet with: the Chinese name when the card has one. */
export function displayName(card: CardIdentity): string {
	switch (card.kind) {
		case 'resident':
		case 'hmt-residence':
			return card.name;
		default:
			return card.chineseName || card.englishName;
	}
}
