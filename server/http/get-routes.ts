import type { IncomingMessage, ServerResponse } from 'node:http';
import { fail } from '../core/errors';

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Answers a GET of one of `routes` by its path; false when the path is none of them; another method is VALIDATION.FAILED. */
export function getRoutes(routes: Readonly<Record<string, Route>>): (path: string, req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
	return async (path, req, res) => {
		const route = routes[path];
		if (!route) return false;
		if (req.method !== 'GET') fail('VALIDATION.FAILED', 'use GET');
		await route(req, res);
		return true;
	};
}
