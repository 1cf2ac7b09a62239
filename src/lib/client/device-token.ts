import { replaceState } from '$app/navigation';

/**
 * A device (kiosk, board) is set up once by opening its page with ?token=…; the token is kept in
 * localStorage and removed from the address bar so it is not shown or bookmarked.
 */
export function deviceToken(deviceId: string): string | null {
	const key = `hallq.token.${deviceId}`;
	const url = new URL(location.href);
	const fromUrl = url.searchParams.get('token');
	if (fromUrl) {
		localStorage.setItem(key, fromUrl);
		url.searchParams.delete('token');
		// The current page's own URL, base path included: nothing to resolve.
		// eslint-disable-next-line svelte/no-navigation-without-resolve
		replaceState(url, {});
		return fromUrl;
	}
	return localStorage.getItem(key);
}
