import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageOn, checkDigit, isAtLeastAge, isoDate, isValidIdNumber, maskIdNumber, validateIdNumber } from '../../../cardreader/id-number';

describe('GB 11643 check digit', () => {
	it('gives X for the standard\'s own example 11010519491231002X', () => {
		// 1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5 + 0·8 + 0·4 + 2·2 = 167; 167 mod 11 = 2 → X
		expect(checkDigit('11010519491231002')).toBe('X');
	});

	it('gives 4 for the standard\'s other example 440524188001010014', () => {
		// sum 195; 195 mod 11 = 8 → 4
		expect(checkDigit('44052418800101001')).toBe('4');
	});

	it('matches hand-computed fictitious numbers', () => {
		// 3·7 + 1·9 + 1·5 + 1·4 + 2·2 + 2·9 + 2·10 + 9·5 + 1·2 = 128; mod 11 = 7 → 5
		expect(checkDigit('31010120000229001')).toBe('5');
		// 8·7 + 1·9 + 1·2 + 9·1 + 9·6 + 5·3 + 6·9 + 1·10 + 5·5 + 2·2 = 238; mod 11 = 7 → 5
		expect(checkDigit('81000019950615002')).toBe('5');
	});

	it('refuses anything but 17 digits', () => {
		expect(() => checkDigit('1101051949123100')).toThrow(RangeError);
		expect(() => checkDigit('1101051949123100A')).toThrow(RangeError);
	});

	it('catches every single-digit change of a valid number', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
				const id = '31010120000229001';
				const changed = id.slice(0, position) + String((Number(id[position]) + delta) % 10) + id.slice(position + 1);
				expect(checkDigit(changed)).not.toBe('5');
			})
		);
	});
});

describe('validating an ID number', () => {
	it('accepts a valid number, upper-cases x and reads birth date and gender', () => {
		expect(validateIdNumber('11010519491231002x')).toEqual({ ok: true, idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' });
		expect(validateIdNumber(' 310101200002290015 ')).toEqual({ ok: true, idNumber: '310101200002290015', birthDate: '2000-02-29', gender: 'male' });
	});

	it('names the problem: format, birth date or check digit', () => {
		expect(validateIdNumber('3101012000022900')).toEqual({ ok: false, problem: 'format' });
		expect(validateIdNumber('31010120000229001Y')).toEqual({ ok: false, problem: 'format' });
		expect(validateIdNumber('310101199902290011')).toEqual({ ok: false, problem: 'birth-date' }); // 1999 is not a leap year
		expect(validateIdNumber('310101200013010011')).toEqual({ ok: false, problem: 'birth-date' });
		expect(validateIdNumber('310101200002290016')).toEqual({ ok: false, problem: 'check-digit' });
	});

	it('refuses a birth date after today when today is given', () => {
		expect(isValidIdNumber('310101200002290015', '2000-02-28')).toBe(false);
		expect(isValidIdNumber('310101200002290015', '2000-02-29')).toBe(true);
	});

	it('reads only real calendar dates', () => {
		expect(isoDate('20240229')).toBe('2024-02-29');
		expect(isoDate('20230229')).toBeUndefined();
		expect(isoDate('2023022')).toBeUndefined();
	});
});

describe('age for the green channel', () => {
	it('counts completed years, the birthday itself included', () => {
		expect(ageOn('1965-06-15', '2025-06-14')).toBe(59);
		expect(ageOn('1965-06-15', '2025-06-15')).toBe(60);
		expect(isAtLeastAge('1965-06-15', '2025-06-14', 60)).toBe(false);
		expect(isAtLeastAge('1965-06-15', '2025-06-15', 60)).toBe(true);
	});

	it('makes someone born on 29 February a year older on 1 March of a common year', () => {
		expect(ageOn('1964-02-29', '2024-02-29')).toBe(60);
		expect(ageOn('1965-02-28', '2025-02-28')).toBe(60);
		expect(ageOn('1964-02-29', '2025-02-28')).toBe(60);
		expect(ageOn('1964-02-29', '2023-02-28')).toBe(58);
		expect(ageOn('1964-02-29', '2023-03-01')).toBe(59);
	});

	it('refuses dates in another form', () => {
		expect(() => ageOn('19650615', '2025-06-15')).toThrow(RangeError);
	});
});

describe('masking', () => {
	it('keeps the first four and last four characters', () => {
		expect(maskIdNumber('310101200002290015')).toBe('3101**********0015');
		expect(maskIdNumber('CAN310101234567')).toBe('CAN3*******4567');
		expect(maskIdNumber('H1234567')).toBe('********');
	});
});
