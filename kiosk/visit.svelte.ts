import { lang } from '$lib/client/lang.svelte';

/**
 * What belongs to the person at the kiosk now, and must not outlive their visit: the display modes
 * they chose, spoken guidance, what they typed into the search, and (once the card reader comes)
 * the identity read from their card. `reset()` is the one place that forgets it all; the kiosk
 * calls it when a visit ends (Done, the ticket timeout, the idle timeout).
 */
export class Visit {
	largeText = $state(false);
	highContrast = $state(false);
	/** Mandarin spoken guidance of each step (only offered when the browser has a Chinese voice). */
	spoken = $state(false);
	searchQuery = $state('');
	/** The identity read from an ID card for this visit (`card:state`): masked forms and a token only. */
	identity = $state.raw<VisitIdentity | null>(null);

	/** Anything the next person must not inherit. */
	get personalised(): boolean {
		return this.largeText || this.highContrast || this.spoken || this.searchQuery !== '' || this.identity !== null || lang.current !== 'zh';
	}

	reset(): void {
		this.largeText = false;
		this.highContrast = false;
		this.spoken = false;
		this.searchQuery = '';
		this.identity = null;
		if (lang.current !== 'zh') lang.set('zh');
	}
}

/** What the kiosk may keep of an ID card during one visit: never the number in clear. */
export interface VisitIdentity {
	/** Masked, for the screen: 张*. */
	maskedName: string;
	/** Masked, for the screen: 3101**********1234. */
	maskedNumber: string;
	/** The server's signed identity token, sent back with `ticket:issue`. */
	token: string;
	/** When the token stops being accepted (epoch ms, server clock). */
	expiresAt: number;
	/** Green channel by age. */
	green: boolean;
}
