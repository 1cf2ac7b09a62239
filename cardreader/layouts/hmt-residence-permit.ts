/**
 * Residence permit for Hong Kong, Macao and Taiwan residents (港澳台居民居住证), type marker 'J'.
 * Layout from the t_idcardinfor struct of a public reader SDK header (passID 18, issuesNum 4,
 * typeFlag at 248) and a public C# reader (pass number at 220/18, issue count at 238/4). The nation
 * field of the resident layout is reserved here; the other fields sit where the resident card has them.
 */
import {
	readDate, readGender, readText, readValidity, writeDate, writeGender, writeText, writeValidity,
	TYPE_MARKER_OFFSET, type FieldTable, type Gender, type Validity
} from './text-block';

export const HMT_FIELDS = {
	name: { offset: 0, length: 30 },
	gender: { offset: 30, length: 2 },
	birthDate: { offset: 36, length: 16 },
	address: { offset: 52, length: 70 },
	idNumber: { offset: 122, length: 36 },
	authority: { offset: 158, length: 30 },
	validFrom: { offset: 188, length: 16 },
	validUntil: { offset: 204, length: 16 },
	passNumber: { offset: 220, length: 18 },
	issueCount: { offset: 238, length: 4 },
	typeMarker: { offset: TYPE_MARKER_OFFSET, length: 2 }
} as const satisfies FieldTable<string>;

export interface HmtResidencePermit {
	readonly kind: 'hmt-residence';
	readonly name: string;
	readonly gender: Gender;
	/** YYYY-MM-DD */
	readonly birthDate: string;
	readonly address: string;
	/** 18 characters, 810000… Hong Kong, 820000… Macao, 830000… Taiwan; GB 11643 check digit. */
	readonly idNumber: string;
	readonly authority: string;
	readonly validity: Validity;
	/** The 来往内地（大陆）通行证 number. */
	readonly passNumber: string;
	readonly issueCount: string;
}

export function decodeHmtResidencePermit(block: Uint8Array): HmtResidencePermit {
	const f = HMT_FIELDS;
	return {
		kind: 'hmt-residence',
		name: readText(block, f.name),
		gender: readGender(block, f.gender),
		birthDate: readDate(block, f.birthDate, 'birth date'),
		address: readText(block, f.address),
		idNumber: readText(block, f.idNumber).toUpperCase(),
		authority: readText(block, f.authority),
		validity: readValidity(block, f.validFrom, f.validUntil),
		passNumber: readText(block, f.passNumber),
		issueCount: readText(block, f.issueCount)
	};
}

export function encodeHmtResidencePermit(card: HmtResidencePermit, block: Uint8Array): void {
	const f = HMT_FIELDS;
	writeText(block, f.name, card.name);
	writeGender(block, f.gender, card.gender);
	writeDate(block, f.birthDate, card.birthDate);
	writeText(block, f.address, card.address);
	writeText(block, f.idNumber, card.idNumber);
	writeText(block, f.authority, card.authority);
	writeValidity(block, f.validFrom, f.validUntil, card.validity);
	writeText(block, f.passNumber, card.passNumber);
	writeText(block, f.issueCount, card.issueCount);
	writeText(block, f.typeMarker, 'J');
}
