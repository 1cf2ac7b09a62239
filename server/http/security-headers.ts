/**
 * Headers every response carries (pages and API): no sniffing, no referrer (a phone's ticket link
 * holds its secret in the URL), no framing by another site, and HSTS when the request came over
 * https (directly or through the reverse proxy). The Content-Security-Policy set here is the one of
 * answers that are no page (the API's JSON, files): nothing may load from them. SvelteKit replaces
 * it on every page with the page's own (svelte.config.js `kit.csp`, with the nonce of its script).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'x-frame-options': 'DENY',
	'content-security-policy': "default-src 'none'; frame-ancestors 'none'"
};

export const HSTS = 'max-age=31536000';

export function setSecurityHeaders(req: IncomingMessage, res: ServerResponse): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
	const https = (req.socket as TLSSocket).encrypted === true || req.headers['x-forwarded-proto'] === 'https';
	if (https) res.setHeader('strict-transport-security', HSTS);
}
