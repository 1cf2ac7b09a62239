/**
 * /api/config…: a hall's configuration versions for its admins (issue 22): the one in force, the
 * history, any version, the comparison of two, the hall file of one; saving a change, rolling back
 * and importing a hall file, each a new version put in force at once (HallQ.saveConfig). Only the
 * hall's own admins; every check on the server. Password and token hashes are never sent to the
 * page (config-redaction.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { ConfigInvalidError } from '../app/config-versions';
import type { HallQ } from '../app/hallq';
import { DomainError, fail } from '../core/errors';
import type { StaffConfig } from '../core/model';
import { validationMessage } from '../realtime/errors';
import { redactHashes, restoreHashes } from './config-redaction';
import { getRoutes, type Route } from './get-routes';
import { parseQuery } from './query-string';

type Session = { claims: { hall: string }; staff: StaffConfig };
type Send = (res: ServerResponse, status: number, body: unknown, headers?: Record<string, string>) => void;

/** A hall file is up to a few hundred KB (the city hall's 275 services: 240 KB). */
export const MAX_CONFIG_BODY = 4 * 1024 * 1024;

const version = z.coerce.number().int().min(1).max(1_000_000_000);
const reason = z.string().max(500);
const saveSchema = z.strictObject({ config: z.unknown(), basedOn: version.nullable(), reason });
const rollbackSchema = z.strictObject({ to: version, basedOn: version, reason });
const importSchema = z.strictObject({ file: z.string().min(2).max(MAX_CONFIG_BODY), reason });
const historyQuery = z.strictObject({ before: version.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
const versionQuery = z.strictObject({ version: version.optional() });
const compareQuery = z.strictObject({ from: version, to: version });

export interface ConfigRoutes {
	handle(path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean>;
	posts: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>;
}

export function createConfigRoutes(hallq: HallQ, admin: (req: IncomingMessage) => Promise<Session>, send: Send, readJson: (req: IncomingMessage, limit: number) => Promise<unknown>): ConfigRoutes {
	const versions = () => hallq.configVersions ?? fail('CONFIG.NOT_FOUND', 'this server keeps no configuration versions (no relational store)');

	/** The body, read only after the caller is known to be an admin (a large body is allowed here alone). */
	async function body<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
		const parsed = schema.safeParse(await readJson(req, MAX_CONFIG_BODY));
		if (!parsed.success) fail('VALIDATION.FAILED', validationMessage(parsed.error));
		return parsed.data;
	}

	/** A refused configuration answers every problem at its field. */
	async function saving(res: ServerResponse, save: () => Promise<unknown>): Promise<void> {
		try {
			send(res, 200, await save());
		} catch (err) {
			if (err instanceof ConfigInvalidError) return send(res, 422, { error: { code: err.code, message: err.message, problems: err.problems } });
			throw err;
		}
	}

	const routes: Record<string, Route> = {
		'/api/config': async (req, res) => {
			const s = await admin(req);
			const { version: v } = parseQuery(versionQuery, req.url ?? '');
			const found = v === undefined ? await versions().current(s.claims.hall) : await versions().version(s.claims.hall, v);
			if (!found) fail('CONFIG.NOT_FOUND', `hall ${s.claims.hall} has no configuration version yet`);
			const inForce = hallq.runner(s.claims.hall).configVersion;
			send(res, 200, { ...found, config: redactHashes(found.config), inForce });
		},
		'/api/config/versions': async (req, res) => {
			const s = await admin(req);
			const q = parseQuery(historyQuery, req.url ?? '');
			send(res, 200, await versions().history(s.claims.hall, q.before === undefined ? { limit: q.limit } : { before: q.before, limit: q.limit }));
		},
		'/api/config/compare': async (req, res) => {
			const s = await admin(req);
			const q = parseQuery(compareQuery, req.url ?? '');
			send(res, 200, await versions().compare(s.claims.hall, q.from, q.to));
		},
		'/api/config/export': async (req, res) => {
			const s = await admin(req);
			const { version: v } = parseQuery(versionQuery, req.url ?? '');
			const text = await versions().exportFile(s.claims.hall, v);
			res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${s.claims.hall}.json"` });
			res.end(text);
		}
	};

	const posts: ConfigRoutes['posts'] = {
		'/api/config': async (req, res) => {
			const s = await admin(req);
			const b = await body(req, saveSchema);
			const hall = s.claims.hall;
			// The page was given the hashes as KEPT: they come back from the version it started from.
			// An unknown `basedOn` is not the latest either: the save answers CONFIG.CONFLICT.
			const base = b.basedOn === null ? null : await versions().version(hall, b.basedOn).catch((err: unknown) => (err instanceof DomainError && err.code === 'CONFIG.NOT_FOUND' ? null : Promise.reject(err)));
			const config = restoreHashes(b.config, base?.config ?? null);
			await saving(res, () => hallq.saveConfig(hall, s.staff.id, (v) => v.save({ hall, config, basedOn: b.basedOn, author: s.staff.id, reason: b.reason })));
		},
		'/api/config/rollback': async (req, res) => {
			const s = await admin(req);
			const b = await body(req, rollbackSchema);
			const hall = s.claims.hall;
			await saving(res, () => hallq.saveConfig(hall, s.staff.id, (v) => v.rollback(hall, b.to, b.basedOn, s.staff.id, b.reason)));
		},
		'/api/config/import': async (req, res) => {
			const s = await admin(req);
			const b = await body(req, importSchema);
			const hall = s.claims.hall;
			await saving(res, () => hallq.saveConfig(hall, s.staff.id, (v) => v.importFile(hall, b.file, s.staff.id, b.reason)));
		}
	};

	return { posts, handle: getRoutes(routes) };
}
