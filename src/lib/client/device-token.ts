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
		// SvelteKit's replaceState throws until its router has started, which is after the first
		// render that reads the token; removing the token from the address bar can wait until then.
		const strip = (tries: number) =>
			setTimeout(() => {
				try {
					// The current page's own URL, base path included: nothing to resolve.
					// eslint-disable-next-line svelte/no-navigation-without-resolve
					replaceState(url, {});
				} catch {
					if (tries > 0) strip(tries - 1);
				}
			}, 100);
		strip(20);
		return fromUrl;
	}
	return localStorage.getItem(key);
}
