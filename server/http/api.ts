import type { ReadyReport } from '../app/readiness';
import type { RateLimits } from '../app/rate-limits';
import { clientAddress } from './client-address';
import type { HallQMetrics } from '../app/metrics';
import { answerMetrics } from './metrics-route';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LifecycleStatus } from '../app/day-lifecycle';
import type { TLSSocket } from 'node:tls';
import type { SignedIn } from '../app/accounts';
import type { HallQ } from '../app/hallq';
import { DomainError, fail } from '../core/errors';
import type { StaffConfig } from '../core/model';
import { deviceActionSchema, deviceTokenSchema, loginSchema, passwordChangeSchema, type DeviceTokenView, type IssuedDeviceTokenView, type LoginResponse, type RevokedDeviceView } from '../realtime/contract';
import { validationMessage } from '../realtime/errors';
import { openApiDocument } from './openapi';
import { createAuditRoutes } from './audit-routes';
import { createReportRoutes } from './report-routes';
import { createConfigRoutes } from './config-routes';
import { createAssessmentRoutes } from './assessment-routes';
import { isCrossSite, sessionCookie, sessionFromCookie, type CookiePolicy } from './session-cookie';

const MAX_BODY = 8 * 1024;

type Next = (err?: unknown) => void;
export type HttpHandler = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/** What the API asks of the realtime side, on every process (through the Socket.IO adapter). */
export interface ApiHooks {
	/** Every session of this staff member ended: disconnect its sockets. */
	signedOutEverywhere(hall: string, staff: string): void;
	/** A device token was revoked: disconnect the device. */
	deviceRevoked(hall: string, device: string): void;
}

export interface ApiOptions {
	cookies: CookiePolicy;
	hooks?: ApiHooks;
	/** The hall-day lifecycle's state for /api/health; null when this process runs none. */
	lifecycle?: () => LifecycleStatus | null;
	/** Readiness for /api/ready (boot.ts wires the stores); without it /api/ready says only whether the process is closing. */
	ready?: () => Promise<ReadyReport>;
	/** The `http` limit per client address (not on /api/health and /api/ready, the probes). */
	limits?: RateLimits;
	/** Reverse proxies in front whose X-Forwarded-For is believed (HALLQ_TRUST_PROXY). */
	trustedHops?: number;
	/** GET /metrics here, with this bearer token (HALLQ_METRICS_TOKEN); without a token not served here. */
	metrics?: { registry: HallQMetrics; token: string | null };
}

/** What /api/health tells of the lifecycle: no error messages (they may name hosts), the codes only. */
function lifecycleHealth(status: LifecycleStatus | null) {
	if (!status) return null;
	return {
		lastRoundAt: status.lastRoundAt,
		archived: status.archived,
		dropped: status.dropped,
		failing: status.failing.map((f) => ({ hall: f.hall, day: f.day, code: f.code, since: f.since, attempts: f.attempts }))
	};
}

const STATUS: Record<string, number> = {
	'AUTH.INVALID': 401,
	'AUTH.REQUIRED': 401,
	'AUTH.FORBIDDEN': 403,
	'AUTH.CROSS_SITE': 403,
	'AUTH.LOCKED': 423,
	'AUTH.DISABLED': 403,
	'AUTH.RATE_LIMITED': 429,
	'RATE.LIMITED': 429,
	'VALIDATION.FAILED': 400,
	'PASSWORD.WEAK': 400,
	'DEVICE.NOT_FOUND': 404,
	'DEVICE.NO_REGISTRY': 503,
	'CONFIG.INVALID': 422,
	'CONFIG.CONFLICT': 409,
	'CONFIG.NOT_FOUND': 404,
	'CONFIG.IN_USE': 409,
	'HALL.NOT_FOUND': 404,
	'ASSESSMENT.CONFIRMED': 409,
	'ASSESSMENT.MONTH_OPEN': 409,
	'ASSESSMENT.BUSY': 409,
	'STORE.UNAVAILABLE': 503
};

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const json = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
	res.end(json);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
	send(res, status, { error: { code, message } });
}

function readJson(req: IncomingMessage, limit = MAX_BODY): Promise<unknown> {
	return new Promise((resolve, reject) => {
		let size = 0;
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => {
			size += c.length;
			// Keep reading (and dropping) the rest, so the 400 can still be sent on this connection.
			if (size <= limit) chunks.push(c);
		});
		req.on('end', () => {
			if (size > limit) return reject(new DomainError('VALIDATION.FAILED', `body larger than ${limit} bytes`));
			try {
				resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
			} catch {
				reject(new DomainError('VALIDATION.FAILED', 'body is not valid JSON'));
			}
		});
		req.on('error', reject);
	});
}

/** The body's fields, or VALIDATION.FAILED. */
async function body<T>(req: IncomingMessage, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }): Promise<T> {
	const parsed = schema.safeParse(await readJson(req));
	if (!parsed.success) fail('VALIDATION.FAILED', validationMessage(parsed.error));
	return parsed.data;
}

function profile(s: { expiresAt: number; staff: StaffConfig; hall: { config: { id: string; name: { zh: string; en: string } } } }): LoginResponse {
	return {
		expiresAt: s.expiresAt,
		staff: { id: s.staff.id, name: s.staff.name, role: s.staff.role, counters: s.staff.counters },
		hall: { id: s.hall.config.id, name: s.hall.config.name }
	};
}

/** The REST API under /api; everything else goes to `next` (SvelteKit). */
export function createApiHandler(hallq: HallQ, isClosing: () => boolean, options: ApiOptions = { cookies: { secure: 'auto', allowedOrigins: [] } }): HttpHandler {
	const accounts = hallq.accounts;
	const encrypted = (req: IncomingMessage) => (req.socket as TLSSocket).encrypted === true;
	const setCookie = (req: IncomingMessage, token: string, maxAgeMs: number) => sessionCookie(token, maxAgeMs, options.cookies, req.headers, encrypted(req));
	const signedIn = (req: IncomingMessage, res: ServerResponse, s: SignedIn, bearer: boolean) =>
		send(res, 200, bearer ? { ...profile(s), session: s.session } : profile(s), { 'set-cookie': setCookie(req, s.session, s.expiresAt - hallq.clock.now()) });

	/** The caller's session: the cookie, or `Authorization: Bearer` (tools); AUTH.REQUIRED / AUTH.INVALID. */
	async function session(req: IncomingMessage) {
		const auth = req.headers.authorization;
		const token = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : sessionFromCookie(req.headers);
		if (!token) fail('AUTH.REQUIRED', 'sign in first');
		const checked = await accounts.checkSession(token);
		if (!checked) fail('AUTH.INVALID', 'session expired or invalid, please sign in again');
		return { ...checked, bearer: auth?.startsWith('Bearer ') === true };
	}
	async function admin(req: IncomingMessage) {
		const s = await session(req);
		if (s.staff.role !== 'admin') fail('AUTH.FORBIDDEN', 'only an administrator may do this');
		return s;
	}

	const reportRoutes = createReportRoutes(hallq, session, send);
	const auditRoutes = createAuditRoutes(hallq, session, send);
	const assessmentRoutes = createAssessmentRoutes(hallq, session, send, body);
	const configRoutes = createConfigRoutes(hallq, admin, send, readJson);

	const posts: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>> = {
		'/api/login': async (req, res) => {
			const { hall, staff, password, bearer } = await body(req, loginSchema);
			signedIn(req, res, await accounts.login(hall, staff, password, clientAddress(req, options.trustedHops ?? 0)), bearer === true);
		},
		'/api/logout': async (req, res) => {
			send(res, 200, { ok: true }, { 'set-cookie': setCookie(req, '', 0) });
		},
		'/api/logout-everywhere': async (req, res) => {
			const s = await session(req);
			await accounts.signOutEverywhere(s.claims.hall, s.staff.id, s.staff.id);
			options.hooks?.signedOutEverywhere(s.claims.hall, s.staff.id);
			send(res, 200, { ok: true }, { 'set-cookie': setCookie(req, '', 0) });
		},
		'/api/password': async (req, res) => {
			const s = await session(req);
			const { current, next } = await body(req, passwordChangeSchema);
			const fresh = await accounts.changePassword(s.claims.hall, s.staff.id, current, next, clientAddress(req, options.trustedHops ?? 0));
			// Every other session of this person ends; this one gets a new cookie (its socket reconnects with it).
			options.hooks?.signedOutEverywhere(s.claims.hall, s.staff.id);
			signedIn(req, res, fresh, s.bearer);
		},
		'/api/devices/revoke': async (req, res) => {
			const s = await admin(req);
			const { device } = await body(req, deviceActionSchema);
			const r = await accounts.revokeDevice(s.claims.hall, device, s.staff.id);
			options.hooks?.deviceRevoked(s.claims.hall, device);
			send(res, 200, { device: r.device, at: r.at, by: r.by } satisfies RevokedDeviceView);
		},
		'/api/devices/token': async (req, res) => {
			const s = await admin(req);
			const { device, replace } = await body(req, deviceTokenSchema);
			const issued = await accounts.issueDeviceToken(s.claims.hall, device, s.staff.id, { replace });
			if (issued.replaced > 0) options.hooks?.deviceRevoked(s.claims.hall, device);
			// The token is in this answer only (every answer is sent no-store).
			send(res, 200, issued satisfies IssuedDeviceTokenView);
		},
		'/api/devices/restore': async (req, res) => {
			const s = await admin(req);
			const { device } = await body(req, deviceActionSchema);
			send(res, 200, { device, restored: await accounts.restoreDevice(s.claims.hall, device, s.staff.id) });
		},
		...assessmentRoutes.posts,
		...configRoutes.posts
	};

	return (req, res, next) => {
		const url = req.url ?? '/';
		if (options.metrics?.token && url.split('?')[0] === '/metrics') {
			void answerMetrics(req, res, options.metrics.registry, options.metrics.token).catch(() => res.destroy());
			return;
		}
		if (!url.startsWith('/api/')) return next();
		const path = url.split('?')[0] ?? '';
		void (async () => {
			if (path === '/api/health' && req.method === 'GET') {
				return send(res, isClosing() ? 503 : 200, { ok: !isClosing(), halls: [...hallq.runners.keys()], lifecycle: lifecycleHealth(options.lifecycle?.() ?? null) });
			}
			if (path === '/api/ready' && req.method === 'GET') {
				if (isClosing()) return send(res, 503, { ready: false, checks: [], code: 'SERVER.CLOSING' });
				const report: ReadyReport = (await options.ready?.()) ?? { ready: true, checks: [] };
				return send(res, report.ready ? 200 : 503, report);
			}
			const waitMs = options.limits?.take('http', clientAddress(req, options.trustedHops ?? 0)) ?? 0;
			if (waitMs > 0) {
				const seconds = Math.ceil(waitMs / 1000);
				return send(res, 429, { error: { code: 'RATE.LIMITED', message: `too many requests from this address; try again in ${seconds} s` } }, { 'retry-after': String(seconds) });
			}
			if (path === '/api/openapi.json' && req.method === 'GET') return send(res, 200, openApiDocument);
			if (path === '/api/session' && req.method === 'GET') {
				const s = await session(req);
				const index = hallq.runner(s.claims.hall).index;
				return send(res, 200, profile({ expiresAt: s.claims.exp, staff: s.staff, hall: index }));
			}
			if (path === '/api/devices/revoked' && req.method === 'GET') {
				const s = await admin(req);
				const list = await accounts.security.revokedDevices(s.claims.hall);
				return send(res, 200, list.map((r): RevokedDeviceView => ({ device: r.device, at: r.at, by: r.by })));
			}
			if (path === '/api/devices/tokens' && req.method === 'GET') {
				const s = await admin(req);
				return send(res, 200, (await accounts.issuedTokens(s.claims.hall)) satisfies DeviceTokenView[]);
			}
			if (path.startsWith('/api/reports') && (await reportRoutes.handle(path, req, res))) return;
			if (path.startsWith('/api/audit') && (await auditRoutes.handle(path, req, res))) return;
			if (path.startsWith('/api/config') && req.method === 'GET' && (await configRoutes.handle(path, req, res))) return;
			if (path.startsWith('/api/assessment') && req.method === 'GET' && (await assessmentRoutes.handle(path, req, res))) return;
			const post = posts[path];
			if (post) {
				if (req.method !== 'POST') return sendError(res, 405, 'VALIDATION.FAILED', 'use POST');
				// CSRF: a state-changing request from another site's page is refused (the cookie is also SameSite=Strict).
				if (isCrossSite(req.headers, options.cookies)) return sendError(res, 403, 'AUTH.CROSS_SITE', 'requests from another site are refused');
				return post(req, res);
			}
			sendError(res, 404, 'NOT_FOUND', `no route ${req.method} ${path}`);
		})().catch((err: unknown) => {
			// An export that failed after its header was sent can only end the connection.
			if (res.headersSent) return res.destroy();
			if (err instanceof DomainError) return sendError(res, STATUS[err.code] ?? 409, err.code, err.message);
			// The security store (Redis) is not reachable.
			if (err instanceof Error && 'code' in err && err.code === 'STORE.UNAVAILABLE') return sendError(res, 503, 'STORE.UNAVAILABLE', 'please try again shortly');
			sendError(res, 500, 'INTERNAL', 'internal error');
		});
	};
}
