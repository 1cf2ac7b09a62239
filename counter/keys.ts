/** The console's actions and their keyboard shortcuts: one key per action, F-keys as the alternative. */
export type ActionName = 'callNext' | 'recall' | 'start' | 'finish' | 'noShow' | 'transfer' | 'pause' | 'resume' | 'close';

export interface Shortcut {
	/** `KeyboardEvent.code` values that trigger the action. */
	codes: string[];
	/** What the button shows. */
	label: string;
}

export const SHORTCUTS: Record<ActionName, Shortcut> = {
	callNext: { codes: ['Space', 'F1'], label: 'Space / F1' },
	recall: { codes: ['KeyR', 'F2'], label: 'R / F2' },
	start: { codes: ['KeyS', 'F3'], label: 'S / F3' },
	finish: { codes: ['KeyF', 'F4'], label: 'F / F4' },
	noShow: { codes: ['KeyN', 'F5'], label: 'N / F5' },
	transfer: { codes: ['KeyT'], label: 'T' },
	pause: { codes: ['KeyP'], label: 'P' },
	resume: { codes: ['KeyP'], label: 'P' },
	close: { codes: ['KeyC'], label: 'C' }
};

/**
 * The action a key press asks for, or null. `paused` decides whether P means pause or resume.
 * Keys with Ctrl, Alt or Meta are left to the browser; `code` is layout-independent, so the
 * shortcuts work with a Chinese input method switched to English mode as well.
 */
export function actionForKey(e: Pick<KeyboardEvent, 'code' | 'ctrlKey' | 'altKey' | 'metaKey'>, paused: boolean): ActionName | null {
	if (e.ctrlKey || e.altKey || e.metaKey) return null;
	if (e.code === 'KeyP') return paused ? 'resume' : 'pause';
	for (const [name, s] of Object.entries(SHORTCUTS) as [ActionName, Shortcut][]) {
		if (name === 'pause' || name === 'resume') continue;
		if (s.codes.includes(e.code)) return name;
	}
	return null;
}

/** Keys the console takes from the browser (F1 help, F3 find, F5 reload, Space scrolling or pressing the focused button). */
export function isReservedKey(code: string): boolean {
	return code === 'Space' || /^F[1-5]$/.test(code);
}
