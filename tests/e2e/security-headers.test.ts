/**
 * The built server (`npm start`) sends its security headers on pages, the API and the phone page:
 * nosniff, no referrer (the phone link's secret is in its URL), no framing; HSTS only over https
 * (here: as the reverse proxy says with X-Forwarded-Proto).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { testHall } from '../support/test-hall';

let server: BuiltServer;
beforeAll(async () => {
	server = await startBuiltServer([testHall()]);
}, 120_000);
afterAll(async () => {
	await server?.stop();
});

describe('security headers', () => {
	it('every page and API answer carries them; HSTS only when the request came over https', async () => {
		for (const path of ['/kiosk/K1', '/counter', '/display/hall', '/reports', '/t/not-a-real-secret', '/api/health', '/api/no-such-route']) {
			const res = await fetch(`${server.url}${path}`);
			expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
			expect(res.headers.get('x-frame-options'), path).toBe('DENY');
			expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
			expect(res.headers.get('strict-transport-security'), path).toBeNull();
		}
		const proxied = await fetch(`${server.url}/kiosk/K1`, { headers: { 'x-forwarded-proto': 'https' } });
		expect(proxied.headers.get('strict-transport-security')).toBe('max-age=31536000');
	});
});
