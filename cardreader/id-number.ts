/**
 * GB 11643-1999 citizen identity numbers (also used by the Hong Kong / Macao / Taiwan residence
 * permit, 81/82/83…): 6-digit region, 8-digit birth date, 3-digit sequence (odd = male), and a check
 * character by ISO 7064 MOD 11-2: Σ digit × weight mod 11 → "10X98765432".
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character of the first 17 digits. */
export function checkDigit(first17: string): string {
	if (!/^\d{17}$/.test(first17)) throw new RangeError('a check digit needs exactly 17 digits');
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
	return CHECK_CHARS[sum % 11] ?? '';
}

export type IdNumberProblem = 'format' | 'birth-date' | 'check-digit';

export type IdNumberCheck =
	| { ok: true; idNumber: string; birthDate: string; gender: 'male' | 'female' }
	| { ok: false; problem: IdNumberProblem };

/**
 * Checks an 18-character number: format, a real birth date (not after `today` when given, as
 * YYYY-MM-DD) and the check character. A lower-case x is accepted and returned upper-case.
 */
export function validateIdNumber(input: string, today?: string): IdNumberCheck {
	const idNumber = input.trim().toUpperCase();
	if (!/^\d{17}[\dX]$/.test(idNumber)) return { ok: false, problem: 'format' };
	const birthDate = isoDate(idNumber.slice(6, 14));
	if (!birthDate || (today !== undefined && birthDate > today)) return { ok: false, problem: 'birth-date' };
	if (checkDigit(idNumber.slice(0, 17)) !== idNumber[17]) return { ok: false, problem: 'check-digit' };
	return { ok: true, idNumber, birthDate, gender: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female' };
}

export function isValidIdNumber(input: string, today?: string): boolean {
	return validateIdNumber(input, today).ok;
}

/** "YYYYMMDD" → "YYYY-MM-DD" when it is a real calendar date, else undefined. */
export function isoDate(yyyymmdd: string): string | undefined {
	const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
	if (!m) return undefined;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const date = new Date(Date.UTC(y, mo - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
	return `${m[1]}-${m[2]}-${m[3]}`;
}

/**
 * Completed years (周岁) on `today`; both dates as YYYY-MM-DD in the hall's calendar. Someone born on
 * 29 February becomes a year older on 1 March in a common year.
 */
export function ageOn(birthDate: string, today: string): number {
	const b = /^(\d{4})-(\d{2}-\d{2})$/.exec(birthDate);
	const t = /^(\d{4})-(\d{2}-\d{2})$/.exec(today);
	if (!b || !t) throw new RangeError('dates must be YYYY-MM-DD');
	const years = Number(t[1]) - Number(b[1]);
	return (t[2] ?? '') >= (b[2] ?? '') ? years : years - 1;
}

/** The green channel test: at least `threshold` full years old on `today`. */
export function isAtLeastAge(birthDate: string, today: string, threshold: number): boolean {
	return ageOn(birthDate, today) >= threshold;
}

/**
 * "310101199001011234" → "3101**********1234". The same rule as server/core/privacy.ts, kept here so
 * the card reader package stands alone (the agent masks before anything leaves it).
 */
export function maskIdNumber(idNumber: string): string {
	const s = idNumber.trim();
	if (s.length <= 8) return '*'.repeat(s.length);
	return s.slice(0, 4) + '*'.repeat(s.length - 8) + s.slice(-4);
}
