/**
 * An ID card read at a kiosk as the server takes it from the agent (in clear, used at once and
 * forgotten) and as the kiosk page may know it (masked forms and a signed token). Shared with the
 * socket contract, so it stays here in the core: nothing of the server's crypto reaches a browser.
 */

export const CARD_KINDS = ['resident', 'hmt-residence', 'foreign-2017', 'foreign-2023'] as const;
export type CardKindName = (typeof CARD_KINDS)[number];

/** A card read as the agent sends it: in clear, and only what the rules need. */
export interface ClearCard {
	kind: CardKindName;
	idNumber: string;
	name: string;
	/** YYYY-MM-DD */
	birthDate: string;
}

/** What the kiosk page may know of the person on the reader. */
export interface CardHolder {
	/** The signed identity token the kiosk sends back with `ticket:issue`. */
	token: string;
	/** How long the token is accepted from now. */
	validMs: number;
	holderMasked: string;
	identityMasked: string;
	cardKind: CardKindName;
	/** Green channel by age (the hall's threshold). */
	green: boolean;
}
