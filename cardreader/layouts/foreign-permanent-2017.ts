/**
 * Foreigner's permanent residence ID card, 2017 version (外国人永久居留身份证), type marker 'I'.
 * Layout from the t_idforeigner struct of a public reader SDK header (English name 120, sex 2,
 * number 30, nationality 6, Chinese name 30, validity 16 + 16, birth 16, version 4, authority code 8,
 * type 2, reserved 6), matching the byte counts in yechangpeng/Paperless IDCardDef.h.
 */
import {
	readDate, readGender, readText, readValidity, writeDate, writeGender, writeText, writeValidity,
	TYPE_MARKER_OFFSET, type FieldTable, type Gender, type Validity
} from './text-block';

export const FOREIGN_2017_FIELDS = {
	englishName: { offset: 0, length: 120 },
	gender: { offset: 120, length: 2 },
	idNumber: { offset: 122, length: 30 },
	nationality: { offset: 152, length: 6 },
	chineseName: { offset: 158, length: 30 },
	validFrom: { offset: 188, length: 16 },
	validUntil: { offset: 204, length: 16 },
	birthDate: { offset: 220, length: 16 },
	cardVersion: { offset: 236, length: 4 },
	authorityCode: { offset: 240, length: 8 },
	typeMarker: { offset: TYPE_MARKER_OFFSET, length: 2 }
} as const satisfies FieldTable<string>;

export interface ForeignPermanentResidence2017 {
	readonly kind: 'foreign-2017';
	readonly englishName: string;
	/** May be empty: not every holder has a Chinese name. */
	readonly chineseName: string;
	readonly gender: Gender;
	/** 15 characters: three-letter nationality and 12 digits. */
	readonly idNumber: string;
	/** ISO 3166-1 alpha-3. */
	readonly nationality: string;
	/** YYYY-MM-DD */
	readonly birthDate: string;
	readonly validity: Validity;
	readonly cardVersion: string;
	/** 当次申请受理机关代码 */
	readonly authorityCode: string;
}

export function decodeForeign2017(block: Uint8Array): ForeignPermanentResidence2017 {
	const f = FOREIGN_2017_FIELDS;
	return {
		kind: 'foreign-2017',
		englishName: readText(block, f.englishName),
		chineseName: readText(block, f.chineseName),
		gender: readGender(block, f.gender),
		idNumber: readText(block, f.idNumber).toUpperCase(),
		nationality: readText(block, f.nationality),
		birthDate: readDate(block, f.birthDate, 'birth date'),
		validity: readValidity(block, f.validFrom, f.validUntil),
		cardVersion: readText(block, f.cardVersion),
		authorityCode: readText(block, f.authorityCode)
	};
}

export function encodeForeign2017(card: ForeignPermanentResidence2017, block: Uint8Array): void {
	const f = FOREIGN_2017_FIELDS;
	writeText(block, f.englishName, card.englishName);
	writeGender(block, f.gender, card.gender);
	writeText(block, f.idNumber, card.idNumber);
	writeText(block, f.nationality, card.nationality);
	writeText(block, f.chineseName, card.chineseName);
	writeValidity(block, f.validFrom, f.validUntil, card.validity);
	writeDate(block, f.birthDate, card.birthDate);
	writeText(block, f.cardVersion, card.cardVersion);
	writeText(block, f.authorityCode, card.authorityCode);
	writeText(block, f.typeMarker, 'I');
}
