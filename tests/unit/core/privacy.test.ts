import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName } from '../../../server/core/privacy';

describe('maskName', () => {
	it.each([
		['张三', '张*'],
		['李小龙', '李**'],
		['欧阳娜娜', '欧阳**'],
		['司马相如', '司马**'],
		['诸葛亮', '诸葛*'],
		['王', '王*'],
		['欧阳', '欧*'], // two characters: a surname and a given name, not a compound surname alone
		['阿依古丽·买买提', '阿*******'],
		['Li Lei', 'L*****'],
		['  张三  ', '张*'],
		['', ''],
		['   ', '']
	])('%j → %j', (name, masked) => {
		expect(maskName(name)).toBe(masked);
	});

	it('counts characters, not UTF-16 units (names with CJK Extension B characters)', () => {
		// 𠀾 is outside the BMP (a surrogate pair in UTF-16).
		expect(maskName('𠀾三')).toBe('𠀾*');
		expect(maskName('张𠀾')).toBe('张*');
	});

	it('never shows the given name', () => {
		for (const name of ['张三丰', '欧阳修', '上官婉儿', '慕容复']) {
			const masked = maskName(name);
			expect(Array.from(masked)).toHaveLength(Array.from(name).length);
			expect(masked.endsWith('*')).toBe(true);
			expect(masked).not.toContain(Array.from(name).at(-1));
		}
	});
});

describe('maskIdNumber', () => {
	it.each([
		['310101199001011234', '3101**********1234'],
		['11010519491231002X', '1101**********002X'],
		['110105491231002', '1101*******1002'], // 15-digit first-generation number
		[' 310101199001011234 ', '3101**********1234'],
		['12345678', '********'],
		['1234', '****'],
		['', '']
	])('%j → %j', (id, masked) => {
		expect(maskIdNumber(id)).toBe(masked);
	});

	it('hides the birth date of an 18-digit number', () => {
		const masked = maskIdNumber('310101199001011234');
		expect(masked).toHaveLength(18);
		expect(masked).not.toContain('19900101');
		expect(masked.slice(4, 14)).toBe('*'.repeat(10));
	});
});
