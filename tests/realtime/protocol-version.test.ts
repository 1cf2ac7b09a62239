/**
 * Versions in the handshake (docs/protocol.md "Versions and deploys"): every connection hears the
 * server's protocol and build first; a page of another protocol is refused with PROTOCOL.UNSUPPORTED
 * (and the server's hello, so it knows what to reload into); no version at all (tools, tests, pages
 * from before versions) is protocol 1. The build is HALLQ_BUILD_ID, else the built pages' version.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildId } from '../../server/boot';
import { PROTOCOL_VERSION, type ServerHello } from '../../server/realtime/contract';
import { startTestServer, type TestServer } from '../support/server';
import { TOKENS, testHall } from '../support/test-hall';

let server: TestServer;
beforeAll(async () => {
	server = await startTestServer([testHall()], { env: { HALLQ_BUILD_ID: 'build-b' } });
});
afterAll(async () => {
	await server?.close();
});

/** Connects with `auth`; resolves with the hello, or the refusal's code and data. */
function handshake(auth: object): Promise<{ hello?: ServerHello; refused?: { code: string; server?: ServerHello } }> {
	return new Promise((resolve) => {
		const s = io(server.url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
		s.once('server:hello', (hello: ServerHello) => (s.close(), resolve({ hello })));
		s.once('connect_error', (err: Error & { data?: { code: string; server?: ServerHello } }) => (s.close(), resolve({ refused: err.data ?? { code: err.message } })));
	});
}

describe('protocol versions', () => {
	it('a page of this protocol hears the server build first, whatever its own build', async () => {
		expect(await handshake({ token: TOKENS.kiosk, protocol: PROTOCOL_VERSION, build: 'build-a' })).toEqual({ hello: { protocol: PROTOCOL_VERSION, build: 'build-b' } });
		// No version: a tool, a test, a page from before versions.
		expect(await handshake({ token: TOKENS.hallBoard })).toEqual({ hello: { protocol: PROTOCOL_VERSION, build: 'build-b' } });
	});

	it('another protocol is refused with PROTOCOL.UNSUPPORTED and the server hello, before any token is looked at', async () => {
		for (const protocol of [PROTOCOL_VERSION + 1, 0, 'one', 1.5]) {
			const { refused } = await handshake({ token: TOKENS.kiosk, protocol, build: 'build-a' });
			expect(refused, String(protocol)).toMatchObject({ code: 'PROTOCOL.UNSUPPORTED', server: { protocol: PROTOCOL_VERSION, build: 'build-b' } });
		}
		expect((await handshake({ token: 'not-a-token', protocol: 99 })).refused?.code).toBe('PROTOCOL.UNSUPPORTED');
	});

	it('the build: HALLQ_BUILD_ID, else the version of the pages in HALLQ_BUILD_DIR, else dev', () => {
		const dir = mkdtempSync(join(tmpdir(), 'hallq-build-'));
		try {
			mkdirSync(join(dir, 'client', '_app'), { recursive: true });
			writeFileSync(join(dir, 'client', '_app', 'version.json'), JSON.stringify({ version: '1796000000000' }));
			expect(buildId({ HALLQ_BUILD_DIR: dir })).toBe('1796000000000');
			expect(buildId({ HALLQ_BUILD_DIR: dir, HALLQ_BUILD_ID: 'release-7' })).toBe('release-7');
			expect(buildId({ HALLQ_BUILD_DIR: join(dir, 'none') })).toBe('dev');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
