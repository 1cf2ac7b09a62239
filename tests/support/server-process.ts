/**
 * A HallQ server process for crash and cluster tests: the test hall (or, with HALLQ_CONFIG, those
 * hall files) on the store the environment names, on a free port; prints "READY <port>" when it
 * takes traffic. With HALLQ_SIM_CLOCK (server/sim-clock.ts) it runs on an accelerated clock.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHallQ } from '../../server/boot';
import { createLogger } from '../../server/logger';
import { testHall } from './test-hall';

const httpServer = createServer();
const running = await startHallQ({ httpServer, halls: process.env.HALLQ_CONFIG ? undefined : [testHall()], logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent') });
httpServer.on('request', (req, res) => {
	if (req.url?.startsWith('/socket.io/')) return;
	running.httpHandler(req, res, () => res.writeHead(404).end());
});
httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	console.log(`READY ${(httpServer.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
