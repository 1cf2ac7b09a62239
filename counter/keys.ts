/** The console's actions and their keyboard shortcuts: one key per action, F-keys as the alternative. */
export type ActionName =
	| 'callNext'
	| 'recall'
	| 'start'
	| 'finish'
	| 'noShow'
	| 'transfer'
	| 'pause'
	| 'resume'
	| 'close'
	| 'requeue'
	| 'park'
	| 'callBack'
	| 'reactivate'
	| 'callTicket';

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
	close: { codes: ['KeyC'], label: 'C' },
	requeue: { codes: ['KeyQ', 'F6'], label: 'Q / F6' },
	park: { codes: ['KeyK', 'F7'], label: 'K / F7' },
	callBack: { codes: ['KeyB'], label: 'B' },
	reactivate: { codes: ['KeyV'], label: 'V' },
	callTicket: { codes: ['KeyG'], label: 'G' }
};

/** Toggles auto-call after finish (not a server action). */
export const AUTO_CALL_KEY = { code: 'KeyA', label: 'A' };
/** Switches 中文 / English. */
export const LANG_KEY = { code: 'KeyL', label: 'L' };

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

/** Keys the console takes from the browser (F1 help, F3 find, F5 reload, F6 address bar, F7 caret browsing, Space scrolling or pressing the focused button). */
export function isReservedKey(code: string): boolean {
	return code === 'Space' || /^F[1-7]$/.test(code);
}
