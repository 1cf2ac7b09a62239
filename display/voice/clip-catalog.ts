/**
 * Every pre-rendered voice clip a board can play, with the text it is rendered from. Boards play
 * announcements from these clips (no speech voice needed in the browser); the clip script
 * (scripts/make-voice-clips.ts) renders them into static/voice/<id>.wav.
 */
import { ENGLISH_NUMBER_CLIP_VALUES } from './english-numerals';
import { ZH_DIGITS } from './chinese-numerals';

export type ClipLanguage = 'zh' | 'en';

export interface ClipSpec {
	id: ClipId;
	/** `tone`: generated in code (the chime), not spoken. */
	lang: ClipLanguage | 'tone';
	/** What the speech engine is given. */
	text: string;
}

/** A clip id: the name of a file under /voice/ without `.wav`, or a pause (silence, no file). */
export type ClipId = string;

/** Silences inside a sequence: between the parts of a sentence, and between repeats. */
export const PAUSES = { 'pause-short': 0.12, 'pause-long': 0.6 } as const satisfies Record<string, number>;
export type PauseId = keyof typeof PAUSES;

export function isPause(id: ClipId): id is PauseId {
	return id in PAUSES;
}

export const CHIME: ClipId = 'chime';
export const LETTERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];

/** The Chinese words of "请 A012 号到 5 号窗口办理". */
export const ZH_WORDS = { qing: '请', hao: '号', dao: '到', chuangkou: '窗口', banli: '办理', shi: '十', bai: '百', qian: '千' } as const;
export type ZhWord = keyof typeof ZH_WORDS;

/** The English phrases of "Number A012, please go to counter 5". */
export const EN_PHRASES = { number: 'Number', 'please-go-to-counter': 'please go to counter', hundred: 'hundred', thousand: 'thousand' } as const;
export type EnPhrase = keyof typeof EN_PHRASES;

export const zhWordClip = (w: ZhWord): ClipId => `zh-${w}`;
export const zhDigitClip = (d: number): ClipId => `zh-digit-${d}`;
export const zhLetterClip = (letter: string): ClipId => `zh-letter-${letter.toLowerCase()}`;
export const enPhraseClip = (p: EnPhrase): ClipId => `en-${p}`;
export const enNumberClip = (n: number): ClipId => `en-${n}`;
export const enLetterClip = (letter: string): ClipId => `en-letter-${letter.toLowerCase()}`;

const ZH_PLACE_WORDS: Record<string, ZhWord> = { 十: 'shi', 百: 'bai', 千: 'qian' };

/** The clip of one Chinese numeral character (零–九, 十, 百, 千). */
export function zhNumeralClip(ch: string): ClipId {
	const digit = (ZH_DIGITS as readonly string[]).indexOf(ch);
	if (digit >= 0) return zhDigitClip(digit);
	const place = ZH_PLACE_WORDS[ch];
	if (!place) throw new RangeError(`no clip for the numeral ${ch}`);
	return zhWordClip(place);
}

/** Every clip, chime first. */
export const CLIPS: readonly ClipSpec[] = [
	{ id: CHIME, lang: 'tone', text: '' },
	...(Object.entries(ZH_WORDS) as [ZhWord, string][]).map(([w, text]) => ({ id: zhWordClip(w), lang: 'zh' as const, text })),
	...ZH_DIGITS.map((text, d) => ({ id: zhDigitClip(d), lang: 'zh' as const, text })),
	...LETTERS.map((l) => ({ id: zhLetterClip(l), lang: 'zh' as const, text: l })),
	...(Object.entries(EN_PHRASES) as [EnPhrase, string][]).map(([p, text]) => ({ id: enPhraseClip(p), lang: 'en' as const, text })),
	...ENGLISH_NUMBER_CLIP_VALUES.map((n) => ({ id: enNumberClip(n), lang: 'en' as const, text: String(n) })),
	...LETTERS.map((l) => ({ id: enLetterClip(l), lang: 'en' as const, text: l }))
];

export const CLIP_IDS: ReadonlySet<ClipId> = new Set(CLIPS.map((c) => c.id));

/** Where a clip is served from, under the board's voice folder (static/voice → /voice). */
export function clipUrl(id: ClipId, base = '/voice'): string {
	return `${base}/${id}.wav`;
}
