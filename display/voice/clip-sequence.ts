/**
 * A call as the list of clips that say it: the chime, then "请 A 零一二 号 到 五 号 窗口 办理"
 * `repeat` times, each followed by the English sentence when asked for.
 */
import type { CallToAnnounce } from './announcement-text';
import { counterNumberWords, digitWords } from './chinese-numerals';
import { CHIME, type ClipId, enLetterClip, enNumberClip, enPhraseClip, zhLetterClip, zhNumeralClip, zhWordClip } from './clip-catalog';
import { englishNumberWords } from './english-numerals';
import { ticketParts } from './ticket-number';

export interface SequenceOptions {
	repeat: number;
	english: boolean;
}

/** 请 A 零 一 二 号 · 到 五 号 窗口 办理 */
export function chineseClips(c: CallToAnnounce): ClipId[] {
	const { letters, digits } = ticketParts(c.ticket);
	return [
		zhWordClip('qing'),
		...letters.map(zhLetterClip),
		...digitWords(digits).map(zhNumeralClip),
		zhWordClip('hao'),
		'pause-short',
		zhWordClip('dao'),
		...counterNumberWords(c.counterNumber).map(zhNumeralClip),
		zhWordClip('hao'),
		zhWordClip('chuangkou'),
		zhWordClip('banli')
	];
}

/** Number A zero one two · please go to counter five */
export function englishClips(c: CallToAnnounce): ClipId[] {
	const { letters, digits } = ticketParts(c.ticket);
	return [
		enPhraseClip('number'),
		...letters.map(enLetterClip),
		...[...digits].map((d) => enNumberClip(Number(d))),
		'pause-short',
		enPhraseClip('please-go-to-counter'),
		...englishNumberWords(c.counterNumber).map((w) => (typeof w === 'number' ? enNumberClip(w) : enPhraseClip(w)))
	];
}

/** The whole announcement: chime, then the sentence(s) `repeat` times with a pause between. */
export function announcementClips(c: CallToAnnounce, o: SequenceOptions): ClipId[] {
	const once = o.english ? [...chineseClips(c), 'pause-long', ...englishClips(c)] : chineseClips(c);
	const out: ClipId[] = [CHIME, 'pause-short'];
	for (let i = 0; i < Math.max(1, o.repeat); i++) {
		if (i > 0) out.push('pause-long');
		out.push(...once);
	}
	return out;
}
