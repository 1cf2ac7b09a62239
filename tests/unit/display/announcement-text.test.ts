import { describe, expect, it } from 'vitest';
import { shownChinese, shownEnglish, spokenChinese, spokenEnglish } from '../../../display/voice/announcement-text';
import { counterNumberWords, digitWords } from '../../../display/voice/chinese-numerals';
import { englishNumberWords, englishWord } from '../../../display/voice/english-numerals';
import { ticketParts } from '../../../display/voice/ticket-number';

describe('counter numbers read as numbers in Mandarin', () => {
	const cases: [number, string][] = [
		[1, '一'],
		[5, '五'],
		[10, '十'],
		[12, '十二'],
		[20, '二十'],
		[21, '二十一'],
		[99, '九十九'],
		[100, '一百'],
		[101, '一百零一'],
		[105, '一百零五'],
		[110, '一百一十'],
		[112, '一百一十二'],
		[250, '二百五十'],
		[253, '二百五十三'],
		[1000, '一千'],
		[1005, '一千零五'],
		[1010, '一千零一十'],
		[2300, '二千三百']
	];
	it.each(cases)('%i → %s', (n, words) => {
		expect(counterNumberWords(n).join('')).toBe(words);
	});

	it('refuses what is not a counter number', () => {
		expect(() => counterNumberWords(-1)).toThrow(RangeError);
		expect(() => counterNumberWords(1.5)).toThrow(RangeError);
		expect(() => counterNumberWords(10_000)).toThrow(RangeError);
	});
});

describe('ticket numbers read letter by letter and digit by digit', () => {
	it('splits prefix letters from digits, keeping leading zeros', () => {
		expect(ticketParts('A012')).toEqual({ letters: ['A'], digits: '012' });
		expect(ticketParts('vip007')).toEqual({ letters: ['V', 'I', 'P'], digits: '007' });
		expect(digitWords('012')).toEqual(['零', '一', '二']);
		expect(digitWords('999')).toEqual(['九', '九', '九']);
	});
});

describe('the announcement sentences', () => {
	const cases: [string, number, string, string][] = [
		['A012', 5, '请 A 零一二 号，到 五 号窗口办理', 'Number A, 0, 1, 2, please go to counter 5'],
		['A001', 1, '请 A 零零一 号，到 一 号窗口办理', 'Number A, 0, 0, 1, please go to counter 1'],
		['B120', 10, '请 B 一二零 号，到 十 号窗口办理', 'Number B, 1, 2, 0, please go to counter 10'],
		['E007', 12, '请 E 零零七 号，到 十二 号窗口办理', 'Number E, 0, 0, 7, please go to counter 12'],
		['V999', 20, '请 V 九九九 号，到 二十 号窗口办理', 'Number V, 9, 9, 9, please go to counter 20'],
		['A001', 21, '请 A 零零一 号，到 二十一 号窗口办理', 'Number A, 0, 0, 1, please go to counter 21'],
		['B120', 99, '请 B 一二零 号，到 九十九 号窗口办理', 'Number B, 1, 2, 0, please go to counter 99'],
		['E007', 100, '请 E 零零七 号，到 一百 号窗口办理', 'Number E, 0, 0, 7, please go to counter 100'],
		['V999', 105, '请 V 九九九 号，到 一百零五 号窗口办理', 'Number V, 9, 9, 9, please go to counter 105'],
		['A012', 250, '请 A 零一二 号，到 二百五十 号窗口办理', 'Number A, 0, 1, 2, please go to counter 250']
	];
	it.each(cases)('%s at counter %i', (ticket, counterNumber, zh, en) => {
		expect(spokenChinese({ ticket, counterNumber })).toBe(zh);
		expect(spokenEnglish({ ticket, counterNumber })).toBe(en);
	});

	it('shows the sentence with the numbers as written', () => {
		expect(shownChinese({ ticket: 'A012', counterNumber: 5 })).toBe('请 A012 号到 5 号窗口办理');
		expect(shownEnglish({ ticket: 'A012', counterNumber: 5 })).toBe('Number A012, please go to counter 5');
	});
});

describe('counter numbers read as numbers in English', () => {
	const cases: [number, string][] = [
		[1, 'one'],
		[5, 'five'],
		[10, 'ten'],
		[12, 'twelve'],
		[20, 'twenty'],
		[21, 'twenty one'],
		[99, 'ninety nine'],
		[100, 'one hundred'],
		[105, 'one hundred five'],
		[250, 'two hundred fifty'],
		[1012, 'one thousand twelve']
	];
	it.each(cases)('%i → %s', (n, words) => {
		expect(englishNumberWords(n).map(englishWord).join(' ')).toBe(words);
	});
});
