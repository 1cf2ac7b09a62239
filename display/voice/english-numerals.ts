/** How the optional English announcement reads numbers: ticket digits one by one, counters as numbers. */

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'] as const;
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;

/** One English number word: 0–19 and the tens are single words; `hundred`, `thousand` the places. */
export type EnNumeralWord = number | 'hundred' | 'thousand';

/**
 * A counter number as English words, each word a number 0–19, a ten (20, 30, … 90) or a place:
 * 5 → [5], 21 → [20, 1], 105 → [1, 'hundred', 5], 250 → [2, 'hundred', 50].
 */
export function englishNumberWords(n: number): EnNumeralWord[] {
	if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`a counter number is an integer 0–9999, not ${n}`);
	if (n === 0) return [0];
	const words: EnNumeralWord[] = [];
	const thousands = Math.floor(n / 1000);
	const hundreds = Math.floor(n / 100) % 10;
	const rest = n % 100;
	if (thousands > 0) words.push(thousands, 'thousand');
	if (hundreds > 0) words.push(hundreds, 'hundred');
	if (rest >= 20) {
		words.push(rest - (rest % 10));
		if (rest % 10 > 0) words.push(rest % 10);
	} else if (rest > 0) words.push(rest);
	return words;
}

/** The spelling of one English number word: 20 → "twenty", 'hundred' → "hundred". */
export function englishWord(w: EnNumeralWord): string {
	if (typeof w === 'string') return w;
	if (w < 20) return ONES[w]!;
	return TENS[Math.floor(w / 10)]!;
}

/** The number words 0–19 and the tens 20–90: the English number clips there are. */
export const ENGLISH_NUMBER_CLIP_VALUES: readonly number[] = [...ONES.keys(), 20, 30, 40, 50, 60, 70, 80, 90];
