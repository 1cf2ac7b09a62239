import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/** In `vite dev`, HallQ's Socket.IO server and API share Vite's http server, as in production. */
function hallqDevServer(): Plugin {
	return {
		name: 'hallq-dev-server',
		apply: 'serve',
		async configureServer(server) {
			if (process.env.VITEST || !server.httpServer) return;
			// Loaded through tsx at run time, not bundled into the config: the server keeps its own module graph.
			const { tsImport } = await import('tsx/esm/api');
			const { startHallQ } = (await tsImport('./server/boot.ts', import.meta.url)) as typeof import('./server/boot');
			// Vite's type also allows an http2 server; HallQ runs on plain http.
			const hallq = await startHallQ({ httpServer: server.httpServer as import('node:http').Server });
			server.middlewares.use(hallq.httpHandler);
			server.httpServer.once('close', () => void hallq.close());
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), hallqDevServer()],
	test: {
		include: ['tests/**/*.test.ts'],
		setupFiles: ['tests/support/unhandled.ts'],
		environment: 'node',
		pool: 'forks',
		// A loaded CI machine can take seconds for one browser step; a hung test still fails.
		testTimeout: 60_000,
		hookTimeout: 60_000,
		fileParallelism: true,
		maxWorkers: 2
	}
});
