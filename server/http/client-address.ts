import type { IncomingMessage } from 'node:http';

/**
 * The client's address as the login limiter, the rate limits and the audit log see it. Behind
 * `trustedHops` reverse proxies (HALLQ_TRUST_PROXY) it is the address the outermost of them saw:
 * counted from the right of `X-Forwarded-For` plus the connection's own address, so entries a
 * client wrote into the header itself (to the left) are never taken. Without trusted hops the
 * header is ignored.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustedHops: number): string {
	const direct = req.socket.remoteAddress ?? 'unknown';
	if (trustedHops <= 0) return direct;
	const header = req.headers['x-forwarded-for'];
	const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
		.split(',')
		.map((a) => a.trim())
		.filter(Boolean);
	const chain = [...forwarded, direct];
	return chain[Math.max(0, chain.length - 1 - trustedHops)] ?? direct;
}
