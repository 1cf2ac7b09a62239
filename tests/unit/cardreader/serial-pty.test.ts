/**
 * A serial ID-card reader through the real `serialport` package at the speed `--reader
 * serial:<path>@<baud>` names: socat makes a pseudo-terminal whose other end is the GA 467 simulator
 * on TCP, and `stty` reads back the speed the agent set on the tty while it reads a card.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CardReader } from '../../../cardreader/reader';
import { fictitiousCard } from '../../../cardreader/simulator/identities';
import { startSimulatorServer, type SimulatorServer } from '../../../cardreader/simulator/server';
import { SimulatedSam } from '../../../cardreader/simulator/simulated-sam';
import { openReader, parseReaderTarget } from '../../../kiosk/agent/reader-target';

const SOCAT = '/usr/bin/socat';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const c of cleanups.splice(0).reverse()) await c();
});

/** The simulator behind a pseudo-terminal set to `baud` (as a reader configured to that speed). */
async function readerOnTty(sam: SimulatedSam, baud: number): Promise<string> {
	if (!existsSync(SOCAT)) throw new Error(`socat not found at ${SOCAT}: run "sh scripts/install-system-packages.sh" (Debian package socat)`);
	const server: SimulatorServer = await startSimulatorServer(sam);
	cleanups.push(() => server.close());
	const dir = mkdtempSync(join(tmpdir(), 'hallq-reader-tty-'));
	cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
	const tty = join(dir, 'ttyIDR0');
	const socat: ChildProcess = spawn(SOCAT, [`pty,link=${tty},raw,echo=0,b${baud}`, `tcp:127.0.0.1:${server.port}`], { stdio: 'ignore' });
	cleanups.push(() => void socat.kill());
	for (let i = 0; i < 200 && !existsSync(tty); i++) await new Promise((r) => setTimeout(r, 50));
	if (!existsSync(tty)) throw new Error('socat did not make the pseudo-terminal');
	return tty;
}

const speedOf = (tty: string) => Number(execFileSync('stty', ['-F', tty, 'speed'], { encoding: 'utf8' }).trim());

describe('a serial card reader (serialport on a pseudo-terminal)', () => {
	for (const baud of [115200, 9600]) {
		it(`reads a card at ${baud} baud`, async () => {
			const sam = new SimulatedSam();
			const tty = await readerOnTty(sam, baud);
			const value = baud === 115200 ? `serial:${tty}` : `serial:${tty}@${baud}`;
			const reader = new CardReader({ open: openReader(parseReaderTarget(value)), reconnectInitialMs: 50 });
			cleanups.push(() => reader.stop());
			const cards: string[] = [];
			reader.on('card', (e) => cards.push(e.identity.kind));
			sam.insert(fictitiousCard('resident'));
			reader.start();
			await expect.poll(() => cards, { timeout: 10_000, interval: 50 }).toEqual(['resident']);
			expect(speedOf(tty)).toBe(baud);
		}, 20_000);
	}
});
