/**
 * Foreigner's permanent residence ID card, 2023 version, type marker 'Y'. Layout from the
 * t_idforeigner2023 struct of a public reader SDK header: Chinese name 30, sex 2, renewal count 4,
 * birth 16, English name (characters 1–35) 70, number 36, reserved 30, validity 16 + 16, English name
 * (characters 36–46) 22, nationality 6, type 2, and 6 bytes linking to the previous 15-character number.
 */
import {
	readDate, readGender, readRaw, readText, readValidity, trimPadding, writeDate, writeGender, writeText, writeValidity,
	TYPE_MARKER_OFFSET, type FieldTable, type Gender, type Validity
} from './text-block';

export const FOREIGN_2023_FIELDS = {
	chineseName: { offset: 0, length: 30 },
	gender: { offset: 30, length: 2 },
	renewalCount: { offset: 32, length: 4 },
	birthDate: { offset: 36, length: 16 },
	englishName: { offset: 52, length: 70 },
	idNumber: { offset: 122, length: 36 },
	validFrom: { offset: 188, length: 16 },
	validUntil: { offset: 204, length: 16 },
	englishNameContinued: { offset: 220, length: 22 },
	nationality: { offset: 242, length: 6 },
	typeMarker: { offset: TYPE_MARKER_OFFSET, length: 2 },
	previousNumberLink: { offset: 250, length: 6 }
} as const satisfies FieldTable<string>;

const FIRST_PART_CHARS = FOREIGN_2023_FIELDS.englishName.length / 2;

export interface ForeignPermanentResidence2023 {
	readonly kind: 'foreign-2023';
	readonly chineseName: string;
	/** Up to 46 characters, stored in two fields. */
	readonly englishName: string;
	readonly gender: Gender;
	readonly renewalCount: string;
	/** YYYY-MM-DD */
	readonly birthDate: string;
	/** 18 characters starting with 9. */
	readonly idNumber: string;
	readonly validity: Validity;
	/** ISO 3166-1 alpha-3. */
	readonly nationality: string;
	/** Relates the number to the holder's earlier 15-character number, when there was one. */
	readonly previousNumberLink: string;
}

export function decodeForeign2023(block: Uint8Array): ForeignPermanentResidence2023 {
	const f = FOREIGN_2023_FIELDS;
	return {
		kind: 'foreign-2023',
		chineseName: readText(block, f.chineseName),
		englishName: trimPadding(readRaw(block, f.englishName) + readRaw(block, f.englishNameContinued)),
		gender: readGender(block, f.gender),
		renewalCount: readText(block, f.renewalCount),
		birthDate: readDate(block, f.birthDate, 'birth date'),
		idNumber: readText(block, f.idNumber).toUpperCase(),
		validity: readValidity(block, f.validFrom, f.validUntil),
		nationality: readText(block, f.nationality),
		previousNumberLink: readText(block, f.previousNumberLink)
	};
}

export function encodeForeign2023(card: ForeignPermanentResidence2023, block: Uint8Array): void {
	const f = FOREIGN_2023_FIELDS;
	writeText(block, f.chineseName, card.chineseName);
	writeGender(block, f.gender, card.gender);
	writeText(block, f.renewalCount, card.renewalCount);
	writeDate(block, f.birthDate, card.birthDate);
	writeText(block, f.englishName, card.englishName.slice(0, FIRST_PART_CHARS));
	writeText(block, f.englishNameContinued, card.englishName.slice(FIRST_PART_CHARS));
	writeText(block, f.idNumber, card.idNumber);
	writeValidity(block, f.validFrom, f.validUntil, card.validity);
	writeText(block, f.nationality, card.nationality);
	writeText(block, f.typeMarker, 'Y');
	writeText(block, f.previousNumberLink, card.previousNumberLink);
}
