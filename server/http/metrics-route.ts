/**
 * GET /metrics (Prometheus text): on the main port only with `Authorization: Bearer
 * <HALLQ_METRICS_TOKEN>`, or without a token on the management port HALLQ_METRICS_PORT (bound to
 * HALLQ_METRICS_HOST, 127.0.0.1 by default), which the balancer does not expose. Neither set: not
 * served. docs/deployment.md "Metrics".
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { HallQMetrics } from '../app/metrics';
import { wholeNumber } from '../env-number';

export interface MetricsAccess {
	token: string | null;
	port: number | null;
	host: string;
}

/** HALLQ_METRICS_TOKEN, HALLQ_METRICS_PORT and HALLQ_METRICS_HOST (docs/deployment.md "Metrics"). */
export function metricsSettings(env: NodeJS.ProcessEnv): MetricsAccess {
	const token = env.HALLQ_METRICS_TOKEN?.trim() || null;
	if (token !== null && token.length < 32) throw new Error(`HALLQ_METRICS_TOKEN has ${token.length} characters: give it at least 32 (openssl rand -hex 16)`);
	const port = env.HALLQ_METRICS_PORT === undefined || env.HALLQ_METRICS_PORT === '' ? null : wholeNumber(env, 'HALLQ_METRICS_PORT', 0, 0, 65_535);
	return { token, port, host: env.HALLQ_METRICS_HOST?.trim() || '127.0.0.1' };
}

/** Writes the metrics, or refuses: 401 without the token. */
export async function answerMetrics(req: IncomingMessage, res: ServerResponse, metrics: HallQMetrics, token: string | null): Promise<void> {
	if (req.method !== 'GET') {
		res.writeHead(405, { allow: 'GET' }).end();
		return;
	}
	if (token !== null && !bearerIs(req, token)) {
		res.writeHead(401, { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer' }).end(JSON.stringify({ error: { code: 'AUTH.REQUIRED', message: 'the metrics need their token' } }));
		return;
	}
	const text = await metrics.text();
	res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(text);
}

function bearerIs(req: IncomingMessage, token: string): boolean {
	const auth = req.headers.authorization ?? '';
	const given = Buffer.from(auth.startsWith('Bearer ') ? auth.slice(7).trim() : '');
	const expected = Buffer.from(token);
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The management port's server: /metrics and nothing else. Resolves once it listens. */
export async function startMetricsServer(metrics: HallQMetrics, port: number, host: string): Promise<Server> {
	const server = createServer((req, res) => {
		if ((req.url ?? '').split('?')[0] === '/metrics') void answerMetrics(req, res, metrics, null).catch(() => res.destroy());
		else res.writeHead(404).end();
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve());
	});
	return server;
}
