import type { Text } from '$contract';

export type Lang = 'zh' | 'en';

/** The page language: zh-CN first, English on request; remembered per device. */
class LangState {
	current = $state<Lang>('zh');

	constructor() {
		if (typeof localStorage !== 'undefined' && localStorage.getItem('hallq.lang') === 'en') this.current = 'en';
	}

	set(lang: Lang): void {
		this.current = lang;
		if (typeof localStorage !== 'undefined') localStorage.setItem('hallq.lang', lang);
		if (typeof document !== 'undefined') document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
	}

	toggle(): void {
		this.set(this.current === 'zh' ? 'en' : 'zh');
	}

	/** Picks the text of the current language. */
	t(text: Text): string {
		return text[this.current];
	}
}

export const lang = new LangState();
