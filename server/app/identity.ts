/**
 * What the server makes of an ID card read at a kiosk. The clear number and name arrive from the
 * kiosk's agent and live only in this call: the number becomes an HMAC-SHA256 keyed with the
 * deployment's ID-number pepper of the hall and day (to match the same person) and a masked form, the
 * name a masked form, the birth date an age in the hall's time zone. What goes on to the kiosk page
 * is an identity token: those derived forms, signed with the deployment's identity-token key, bound
 * to the kiosk and the hall-day and valid a few minutes, so any server process can check the
 * `ticket:issue` that brings it back. The photo never reaches the server.
 */
import { z } from 'zod';
import { localTime } from '../core/clock';
import type { IssuedIdentity } from '../core/commands';
import { fail } from '../core/errors';
import { ageOn, greenByAge, identityRules } from '../core/identity-rules';
import type { HallConfig } from '../core/model';
import type { Keyring } from './keyring';
import { CARD_KINDS, type CardHolder, type ClearCard } from '../core/card-read';
import { maskIdNumber, maskName } from '../core/privacy';

/** How long a read stays usable for taking a number. */
export const IDENTITY_TOKEN_MS = 5 * 60_000;

const claimsSchema = z.strictObject({
	hall: z.string(),
	kiosk: z.string(),
	/** The hall-day of the read: the hash is that day's (its pepper). */
	day: z.string(),
	hash: z.string().regex(/^[0-9a-f]{64}$/),
	masked: z.string().max(40),
	holder: z.string().max(80),
	age: z.number().int().min(0).max(150).nullable(),
	kind: z.enum(CARD_KINDS),
	exp: z.number().int()
});
type Claims = z.infer<typeof claimsSchema>;

/** Derives the masked forms, age and token of a read; the clear values go no further. */
export function cardHolder(keys: Keyring, hall: HallConfig, kiosk: string, card: ClearCard, now: number): CardHolder {
	const today = localTime(now, hall.timeZone).date;
	const age = ageOn(card.birthDate, today);
	const claims: Claims = {
		hall: hall.id,
		kiosk,
		day: today,
		hash: keys.idNumberHash(hall.id, today, card.idNumber),
		masked: maskIdNumber(card.idNumber.toUpperCase()),
		holder: maskName(card.name),
		age: age >= 0 && age <= 150 ? age : null,
		kind: card.kind,
		exp: now + IDENTITY_TOKEN_MS
	};
	return {
		token: keys.sign('identity-token', Buffer.from(JSON.stringify(claims)).toString('base64url')),
		validMs: IDENTITY_TOKEN_MS,
		holderMasked: claims.holder,
		identityMasked: claims.masked,
		cardKind: claims.kind,
		green: greenByAge(identityRules(hall), claims.age)
	};
}

/** The identity a token stands for, when it was signed for this hall, kiosk and day and has not expired. */
export function identityFromToken(keys: Keyring, hall: HallConfig, kiosk: string, token: string, now: number): IssuedIdentity {
	const claims = verifyClaims(keys, token);
	if (!claims || claims.hall !== hall.id || claims.kiosk !== kiosk) fail('IDENTITY.INVALID', 'the ID card read is not valid here; please place the card again');
	// A hash is of its day's pepper: one made before midnight would not match the person's tickets after it.
	if (claims.exp <= now || claims.day !== localTime(now, hall.timeZone).date) fail('IDENTITY.INVALID', 'the ID card read has expired; please place the card again');
	return { hash: claims.hash, masked: claims.masked, holderMasked: claims.holder, age: claims.age };
}

function verifyClaims(keys: Keyring, token: string): Claims | null {
	const body = token.length <= 2048 ? keys.open('identity-token', token) : null;
	if (body === null) return null;
	try {
		const parsed = claimsSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}
