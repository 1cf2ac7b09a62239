import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HallQ } from '../app/hallq';
import { DomainError } from '../core/errors';
import { loginSchema, type LoginResponse } from '../realtime/contract';
import { validationMessage } from '../realtime/errors';
import { openApiDocument } from './openapi';

const MAX_BODY = 8 * 1024;

type Next = (err?: unknown) => void;
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

function send(res: ServerResponse, status: number, body: unknown): void {
	const json = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
	res.end(json);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
	send(res, status, { error: { code, message } });
}

function readJson(req: IncomingMessage): Promise<unknown> {
	return new Promise((resolve, reject) => {
		let size = 0;
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => {
			size += c.length;
			// Keep reading (and dropping) the rest, so the 400 can still be sent on this connection.
			if (size <= MAX_BODY) chunks.push(c);
		});
		req.on('end', () => {
			if (size > MAX_BODY) return reject(new DomainError('VALIDATION.FAILED', `body larger than ${MAX_BODY} bytes`));
			try {
				resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
			} catch {
				reject(new DomainError('VALIDATION.FAILED', 'body is not valid JSON'));
			}
		});
		req.on('error', reject);
	});
}

/** The REST API under /api; everything else goes to `next` (SvelteKit). */
export function createApiHandler(hallq: HallQ, isClosing: () => boolean): HttpHandler {
	return (req, res, next) => {
		const url = req.url ?? '/';
		if (!url.startsWith('/api/')) return next();
		const path = url.split('?')[0];
		void (async () => {
			if (path === '/api/health' && req.method === 'GET') {
				return send(res, isClosing() ? 503 : 200, { ok: !isClosing(), halls: [...hallq.runners.keys()] });
			}
			if (path === '/api/openapi.json' && req.method === 'GET') return send(res, 200, openApiDocument);
			if (path === '/api/login') {
				if (req.method !== 'POST') return sendError(res, 405, 'VALIDATION.FAILED', 'use POST');
				const parsed = loginSchema.safeParse(await readJson(req));
				if (!parsed.success) return sendError(res, 400, 'VALIDATION.FAILED', validationMessage(parsed.error));
				const { hall, staff, password } = parsed.data;
				const s = await hallq.login(hall, staff, password, req.socket.remoteAddress ?? 'unknown');
				const body: LoginResponse = {
					session: s.session,
					expiresAt: s.expiresAt,
					staff: { id: s.staff.id, name: s.staff.name, role: s.staff.role, counters: s.staff.counters },
					hall: { id: s.hall.id, name: s.hall.name }
				};
				return send(res, 200, body);
			}
			sendError(res, 404, 'NOT_FOUND', `no route ${req.method} ${path}`);
		})().catch((err: unknown) => {
			if (err instanceof DomainError) {
				const status = { 'AUTH.INVALID': 401, 'AUTH.RATE_LIMITED': 429, 'VALIDATION.FAILED': 400 }[err.code as string] ?? 409;
				return sendError(res, status, err.code, err.message);
			}
			sendError(res, 500, 'INTERNAL', 'internal error');
		});
	};
}
