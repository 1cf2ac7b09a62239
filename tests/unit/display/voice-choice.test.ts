import { describe, expect, it } from 'vitest';
import { speakDeadline } from '../../../display/voice/recency';
import { chooseVoiceEngine, isMandarinVoice } from '../../../display/voice/voice-choice';
import { DEFAULT_VOICE, voiceSettingsFromQuery } from '../../../display/voice/voice-settings';

const voice = (name: string, lang: string, localService = true) => ({ name, lang, localService });

describe('choosing the voice engine', () => {
	it('uses the clips when the browser has no Mandarin voice', () => {
		expect(chooseVoiceEngine('auto', [], false)).toEqual({ kind: 'clips' });
		expect(chooseVoiceEngine('auto', [voice('English', 'en-US'), voice('Cantonese', 'zh-HK'), voice('Taiwan', 'zh-TW')], false)).toEqual({ kind: 'clips' });
	});

	it('takes a local zh-CN voice in auto, never a network one', () => {
		const local = voice('Tingting', 'zh-CN');
		expect(chooseVoiceEngine('auto', [voice('Google 普通话', 'zh-CN', false), local], false)).toEqual({ kind: 'speech', zh: local, en: null });
		expect(chooseVoiceEngine('auto', [voice('Google 普通话', 'zh-CN', false)], false)).toEqual({ kind: 'clips' });
		expect(chooseVoiceEngine('speech', [voice('Google 普通话', 'zh-CN', false)], false).kind).toBe('speech');
	});

	it('needs an English voice too when English is spoken, else the clips (which have both)', () => {
		const zh = voice('Tingting', 'zh_CN');
		const en = voice('Daniel', 'en-GB');
		expect(chooseVoiceEngine('auto', [zh], true)).toEqual({ kind: 'clips' });
		expect(chooseVoiceEngine('auto', [zh, en], true)).toEqual({ kind: 'speech', zh, en });
	});

	it('obeys clips and off whatever the browser has', () => {
		expect(chooseVoiceEngine('clips', [voice('Tingting', 'zh-CN')], false)).toEqual({ kind: 'clips' });
		expect(chooseVoiceEngine('off', [voice('Tingting', 'zh-CN')], false)).toEqual({ kind: 'off' });
	});

	it('knows Mandarin language tags', () => {
		for (const lang of ['zh-CN', 'zh_CN', 'cmn-CN', 'zh-Hans-CN', 'cmn-Hans-CN', 'zh', 'ZH-cn']) expect(isMandarinVoice(voice('x', lang))).toBe(true);
		for (const lang of ['zh-HK', 'yue-HK', 'en-US', 'zh-TW']) expect(isMandarinVoice(voice('x', lang))).toBe(false);
	});
});

describe('voice settings from the board address', () => {
	it('reads voice, repeat, english and the age limit, and falls back on nonsense', () => {
		expect(voiceSettingsFromQuery(new URLSearchParams(''))).toEqual(DEFAULT_VOICE);
		expect(voiceSettingsFromQuery(new URLSearchParams('voice=clips&repeat=3&english=1&voiceMaxAge=60'))).toEqual({ preference: 'clips', repeat: 3, english: true, maxAgeMs: 60_000 });
		expect(voiceSettingsFromQuery(new URLSearchParams('voice=loud&repeat=9&voiceMaxAge=-1'))).toEqual(DEFAULT_VOICE);
	});
});

describe('which calls are spoken', () => {
	it('speaks a live call, and a replayed one only while it is recent', () => {
		const now = 1_000_000;
		expect(speakDeadline(now - 500_000, 'live', now, 120_000)).toBe(now + 120_000);
		expect(speakDeadline(now - 30_000, 'replay', now, 120_000)).toBe(now + 90_000);
		expect(speakDeadline(now - 121_000, 'replay', now, 120_000)).toBeNull();
		// A server clock ahead of the board's does not stretch the limit.
		expect(speakDeadline(now + 60_000, 'replay', now, 120_000)).toBe(now + 120_000);
	});
});
