/** Production entry: one http server for the SvelteKit pages, the API and Socket.IO. */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from './config/load';
import { startHallQ } from './boot';
import { setSecurityHeaders } from './http/security-headers';

type Handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void;

async function main(): Promise<void> {
	const port = Number(process.env.PORT ?? 3000);
	const host = process.env.HOST ?? '0.0.0.0';
	// HALLQ_BUILD_DIR: another build's folder (a deploy that keeps the previous build beside the new one).
	const handlerFile = resolve(process.env.HALLQ_BUILD_DIR ?? 'build', 'handler.js');
	if (!existsSync(handlerFile)) {
		console.error(`${handlerFile} is missing: run "npm run build" first (npm run hall does both).`);
		process.exit(1);
	}
	const { handler: kit } = (await import(pathToFileURL(handlerFile).href)) as { handler: Handler };

	const server = createServer();
	let hallq;
	try {
		hallq = await startHallQ({ httpServer: server });
	} catch (err) {
		// A bad hall file or setting stops the server with its own lines, not a stack trace.
		console.error(err instanceof ConfigError ? err.message : `hallq: ${err instanceof Error ? err.message : String(err)}`);
		process.exit(1);
	}
	const { httpHandler, logger } = hallq;
	server.on('request', (req, res) => {
		// Socket.IO answers its own path; everything else is the API or SvelteKit.
		if (req.url?.startsWith('/socket.io/')) return;
		setSecurityHeaders(req, res);
		httpHandler(req, res, () => kit(req, res, () => {
			res.statusCode = 404;
			res.end('not found');
		}));
	});

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		logger.info({ signal }, 'shutting down');
		const force = setTimeout(() => process.exit(1), 10_000);
		force.unref();
		server.close();
		hallq
			.close()
			.then(() => process.exit(0))
			.catch((err: unknown) => {
				logger.error({ err: String(err) }, 'shutdown failed');
				process.exit(1);
			});
	};
	process.on('SIGHUP', () => {
		try {
			hallq.reloadKeys();
		} catch (err) {
			logger.error({ err: err instanceof Error ? err.message : String(err) }, 'keys not reloaded: the keys in use stay');
		}
	});
	process.on('SIGTERM', () => stop('SIGTERM'));
	process.on('SIGINT', () => stop('SIGINT'));

	server.once('error', (err: NodeJS.ErrnoException) => {
		console.error(`hallq: cannot listen on ${host}:${port}: ${err.code ?? err.message}`);
		process.exit(1);
	});
	server.listen(port, host, () => {
		const addr = server.address();
		const shown = typeof addr === 'object' && addr ? `${host}:${addr.port}` : String(addr);
		logger.info({ url: `http://${shown}` }, 'listening');
	});
}

void main();
