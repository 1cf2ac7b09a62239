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
		history.replaceState(history.state, '', url);
		return fromUrl;
	}
	return localStorage.getItem(key);
}
