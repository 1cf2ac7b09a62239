import { describe, expect, it } from 'vitest';
import { CLIP_IDS, CLIPS, isPause } from '../../../display/voice/clip-catalog';
import { announcementClips, chineseClips, englishClips } from '../../../display/voice/clip-sequence';

const words = (ids: string[]) => ids.filter((id) => !isPause(id)).join(' ');

describe('the clip sequence of a call', () => {
	const zh: [string, number, string][] = [
		['A012', 5, 'zh-qing zh-letter-a zh-digit-0 zh-digit-1 zh-digit-2 zh-hao zh-dao zh-digit-5 zh-hao zh-chuangkou zh-banli'],
		['A001', 1, 'zh-qing zh-letter-a zh-digit-0 zh-digit-0 zh-digit-1 zh-hao zh-dao zh-digit-1 zh-hao zh-chuangkou zh-banli'],
		['B120', 10, 'zh-qing zh-letter-b zh-digit-1 zh-digit-2 zh-digit-0 zh-hao zh-dao zh-shi zh-hao zh-chuangkou zh-banli'],
		['E007', 12, 'zh-qing zh-letter-e zh-digit-0 zh-digit-0 zh-digit-7 zh-hao zh-dao zh-shi zh-digit-2 zh-hao zh-chuangkou zh-banli'],
		['V999', 20, 'zh-qing zh-letter-v zh-digit-9 zh-digit-9 zh-digit-9 zh-hao zh-dao zh-digit-2 zh-shi zh-hao zh-chuangkou zh-banli'],
		['A001', 21, 'zh-qing zh-letter-a zh-digit-0 zh-digit-0 zh-digit-1 zh-hao zh-dao zh-digit-2 zh-shi zh-digit-1 zh-hao zh-chuangkou zh-banli'],
		['B120', 99, 'zh-qing zh-letter-b zh-digit-1 zh-digit-2 zh-digit-0 zh-hao zh-dao zh-digit-9 zh-shi zh-digit-9 zh-hao zh-chuangkou zh-banli'],
		['E007', 100, 'zh-qing zh-letter-e zh-digit-0 zh-digit-0 zh-digit-7 zh-hao zh-dao zh-digit-1 zh-bai zh-hao zh-chuangkou zh-banli'],
		['V999', 105, 'zh-qing zh-letter-v zh-digit-9 zh-digit-9 zh-digit-9 zh-hao zh-dao zh-digit-1 zh-bai zh-digit-0 zh-digit-5 zh-hao zh-chuangkou zh-banli'],
		['A012', 250, 'zh-qing zh-letter-a zh-digit-0 zh-digit-1 zh-digit-2 zh-hao zh-dao zh-digit-2 zh-bai zh-digit-5 zh-shi zh-hao zh-chuangkou zh-banli']
	];
	it.each(zh)('%s at counter %i in Mandarin', (ticket, counterNumber, expected) => {
		expect(words(chineseClips({ ticket, counterNumber }))).toBe(expected);
	});

	const en: [string, number, string][] = [
		['A012', 5, 'en-number en-letter-a en-0 en-1 en-2 en-please-go-to-counter en-5'],
		['B120', 12, 'en-number en-letter-b en-1 en-2 en-0 en-please-go-to-counter en-12'],
		['E007', 21, 'en-number en-letter-e en-0 en-0 en-7 en-please-go-to-counter en-20 en-1'],
		['V999', 105, 'en-number en-letter-v en-9 en-9 en-9 en-please-go-to-counter en-1 en-hundred en-5'],
		['A001', 250, 'en-number en-letter-a en-0 en-0 en-1 en-please-go-to-counter en-2 en-hundred en-50']
	];
	it.each(en)('%s at counter %i in English', (ticket, counterNumber, expected) => {
		expect(words(englishClips({ ticket, counterNumber }))).toBe(expected);
	});

	it('starts with the chime and repeats the sentence as configured', () => {
		const call = { ticket: 'A012', counterNumber: 5 };
		for (const repeat of [1, 2, 3]) {
			const clips = announcementClips(call, { repeat, english: false });
			expect(clips[0]).toBe('chime');
			expect(clips.filter((c) => c === 'chime')).toHaveLength(1);
			expect(clips.filter((c) => c === 'zh-qing')).toHaveLength(repeat);
			expect(clips.filter((c) => c === 'en-number')).toHaveLength(0);
		}
		const both = announcementClips(call, { repeat: 2, english: true });
		expect(both.filter((c) => c === 'en-number')).toHaveLength(2);
		// Chinese first, then English, each time.
		expect(both.indexOf('zh-qing')).toBeLessThan(both.indexOf('en-number'));
		expect(both.lastIndexOf('zh-qing')).toBeLessThan(both.lastIndexOf('en-number'));
		expect(both.indexOf('en-number')).toBeLessThan(both.lastIndexOf('zh-qing'));
	});

	it('uses only clips the catalogue has, for every letter and many counters', () => {
		const ids = new Set<string>();
		for (const letter of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') {
			for (const counterNumber of [...Array.from({ length: 120 }, (_, i) => i + 1), 250, 1234, 9999]) {
				for (const id of announcementClips({ ticket: `${letter}0123456789`, counterNumber }, { repeat: 1, english: true })) ids.add(id);
			}
		}
		const unknown = [...ids].filter((id) => !isPause(id) && !CLIP_IDS.has(id));
		expect(unknown).toEqual([]);
		// …and the catalogue has nothing no call uses.
		expect(CLIPS.map((c) => c.id).filter((id) => !ids.has(id))).toEqual([]);
	});
});
