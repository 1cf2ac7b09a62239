/** How a board speaks. Defaults suit a hall board; the hall file, then the board's address, may change them. */
import type { HallVoice } from '$contract';

/**
 * `auto`: the browser's speech voice where a local Mandarin (zh-CN) voice exists, else the clips;
 * `clips`: always the pre-rendered clips; `speech`: any Mandarin speech voice, else the clips;
 * `off`: silent board.
 */
export type VoicePreference = 'auto' | 'clips' | 'speech' | 'off';

export interface VoiceSettings {
	preference: VoicePreference;
	/** How many times the sentence is spoken after the chime (1–5). */
	repeat: number;
	/** Speak the English sentence after each Chinese one. */
	english: boolean;
	/** A call replayed after a reconnect is spoken only if it is younger than this. */
	maxAgeMs: number;
}

export const DEFAULT_VOICE: VoiceSettings = { preference: 'auto', repeat: 2, english: false, maxAgeMs: 120_000 };

const PREFERENCES: readonly VoicePreference[] = ['auto', 'clips', 'speech', 'off'];

/** The hall's settings (its hall file's `voice`) over the boards' defaults. */
export function voiceSettingsOfHall(hall: HallVoice | null, defaults: VoiceSettings = DEFAULT_VOICE): VoiceSettings {
	if (!hall) return defaults;
	return {
		preference: hall.engine ?? defaults.preference,
		repeat: hall.repeat ?? defaults.repeat,
		english: hall.english ?? defaults.english,
		maxAgeMs: hall.maxAgeSeconds ? hall.maxAgeSeconds * 1000 : defaults.maxAgeMs
	};
}

/**
 * Settings from the board's address, e.g. `/display/hall?token=…&voice=clips&repeat=3&english=1`;
 * values out of range fall back to the defaults.
 */
export function voiceSettingsFromQuery(query: URLSearchParams, defaults: VoiceSettings = DEFAULT_VOICE): VoiceSettings {
	const voice = query.get('voice');
	const repeat = Number(query.get('repeat'));
	const english = query.get('english');
	const maxAge = Number(query.get('voiceMaxAge'));
	return {
		preference: PREFERENCES.includes(voice as VoicePreference) ? (voice as VoicePreference) : defaults.preference,
		repeat: Number.isInteger(repeat) && repeat >= 1 && repeat <= 5 ? repeat : defaults.repeat,
		english: english === null ? defaults.english : english === '1' || english === 'true',
		maxAgeMs: Number.isFinite(maxAge) && maxAge > 0 && maxAge <= 3600 ? maxAge * 1000 : defaults.maxAgeMs
	};
}
