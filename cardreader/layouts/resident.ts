/**
 * Resident identity card (居民身份证). Field lengths from the IDCardDemo README table (qiwenming,
 * CSDN 50698927) and the t_idcardinfor struct of a public reader SDK header; bytes 220–255 are reserved.
 */
import { nationOf, type Nation } from './nations';
import {
	readDate, readGender, readText, readValidity, writeDate, writeGender, writeText, writeValidity,
	type FieldTable, type Gender, type Validity
} from './text-block';

export const RESIDENT_FIELDS = {
	name: { offset: 0, length: 30 },
	gender: { offset: 30, length: 2 },
	nation: { offset: 32, length: 4 },
	birthDate: { offset: 36, length: 16 },
	address: { offset: 52, length: 70 },
	idNumber: { offset: 122, length: 36 },
	authority: { offset: 158, length: 30 },
	validFrom: { offset: 188, length: 16 },
	validUntil: { offset: 204, length: 16 }
} as const satisfies FieldTable<string>;

export interface ResidentCard {
	readonly kind: 'resident';
	readonly name: string;
	readonly gender: Gender;
	readonly nation: Nation;
	/** YYYY-MM-DD */
	readonly birthDate: string;
	readonly address: string;
	readonly idNumber: string;
	readonly authority: string;
	readonly validity: Validity;
}

export function decodeResident(block: Uint8Array): ResidentCard {
	const f = RESIDENT_FIELDS;
	return {
		kind: 'resident',
		name: readText(block, f.name),
		gender: readGender(block, f.gender),
		nation: nationOf(readText(block, f.nation)),
		birthDate: readDate(block, f.birthDate, 'birth date'),
		address: readText(block, f.address),
		idNumber: readText(block, f.idNumber).toUpperCase(),
		authority: readText(block, f.authority),
		validity: readValidity(block, f.validFrom, f.validUntil)
	};
}

export function encodeResident(card: ResidentCard, block: Uint8Array): void {
	const f = RESIDENT_FIELDS;
	writeText(block, f.name, card.name);
	writeGender(block, f.gender, card.gender);
	writeText(block, f.nation, card.nation.code);
	writeDate(block, f.birthDate, card.birthDate);
	writeText(block, f.address, card.address);
	writeText(block, f.idNumber, card.idNumber);
	writeText(block, f.authority, card.authority);
	writeValidity(block, f.validFrom, f.validUntil, card.validity);
}
