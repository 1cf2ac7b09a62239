/** Which engine a board speaks with: a browser speech voice only where a suitable one exists. */
import type { VoicePreference } from './voice-settings';

/** What a board needs to know of a speech voice (SpeechSynthesisVoice has these). */
export interface VoiceInfo {
	name: string;
	lang: string;
	localService: boolean;
}

export type VoiceEngine<V extends VoiceInfo = VoiceInfo> = { kind: 'clips' } | { kind: 'speech'; zh: V; en: V | null } | { kind: 'off' };

/** Mainland Mandarin: zh-CN, zh_CN, cmn-CN, zh-Hans(-CN), cmn-Hans-CN, or a bare zh / cmn. */
export function isMandarinVoice(v: VoiceInfo): boolean {
	return /^(zh|cmn)([-_]hans)?([-_]cn)?$/i.test(v.lang.trim());
}

export function isEnglishVoice(v: VoiceInfo): boolean {
	return /^en([-_]|$)/i.test(v.lang.trim());
}

/**
 * `auto` takes a speech voice only if a local Mandarin voice exists (a network voice fails in a
 * closed hall network) and, when English is spoken, a local English one; `speech` takes any
 * Mandarin voice; otherwise, and always for `clips`, the clips.
 */
export function chooseVoiceEngine<V extends VoiceInfo>(preference: VoicePreference, voices: readonly V[], english: boolean): VoiceEngine<V> {
	if (preference === 'off') return { kind: 'off' };
	if (preference === 'clips') return { kind: 'clips' };
	const usable = preference === 'auto' ? voices.filter((v) => v.localService) : voices;
	const zh = usable.find((v) => isMandarinVoice(v) && /cn/i.test(v.lang)) ?? usable.find(isMandarinVoice);
	if (!zh) return { kind: 'clips' };
	const en = english ? (usable.find((v) => isEnglishVoice(v)) ?? null) : null;
	if (english && !en && preference === 'auto') return { kind: 'clips' };
	return { kind: 'speech', zh, en };
}
