/** How Mandarin reads numbers on a call: ticket digits one by one, counter numbers as numbers. */

export const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
export type ZhDigit = (typeof ZH_DIGITS)[number];
/** The place words a counter number up to 9999 needs. */
export type ZhPlace = '十' | '百' | '千';

/** One syllable of a number read aloud: a digit word or a place word. */
export type ZhNumeralWord = ZhDigit | ZhPlace;

export const MAX_COUNTER_NUMBER = 9999;

/**
 * A counter number as it is read: 5 → 五, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五,
 * 110 → 一百一十, 1005 → 一千零五. A zero inside is read once (零), trailing zeros not at all;
 * a leading 一 before 十 is dropped only when 十 comes first (十二, but 一百一十二).
 */
export function counterNumberWords(n: number): ZhNumeralWord[] {
	if (!Number.isInteger(n) || n < 0 || n > MAX_COUNTER_NUMBER) throw new RangeError(`a counter number is an integer 0–${MAX_COUNTER_NUMBER}, not ${n}`);
	if (n === 0) return ['零'];
	const places: [number, ZhPlace | null][] = [
		[1000, '千'],
		[100, '百'],
		[10, '十'],
		[1, null]
	];
	const words: ZhNumeralWord[] = [];
	let pendingZero = false;
	for (const [size, place] of places) {
		const digit = Math.floor(n / size) % 10;
		if (digit === 0) {
			if (words.length > 0) pendingZero = true;
			continue;
		}
		if (pendingZero) words.push('零');
		pendingZero = false;
		const leadingTen = place === '十' && digit === 1 && words.length === 0;
		if (!leadingTen) words.push(ZH_DIGITS[digit]!);
		if (place) words.push(place);
	}
	return words;
}

/** The digits of a ticket number read one by one: "012" → 零一二. Other characters are dropped. */
export function digitWords(digits: string): ZhDigit[] {
	return [...digits].filter((ch) => ch >= '0' && ch <= '9').map((ch) => ZH_DIGITS[Number(ch)]!);
}
