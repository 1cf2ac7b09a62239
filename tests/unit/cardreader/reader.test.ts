import { afterEach, describe, expect, it, vi } from 'vitest';
import { CardReader, type CardEvent, type CardReaderOptions } from '../../../cardreader/reader';
import type { CardReaderError } from '../../../cardreader/status-words';
import { fictitiousCard, seededRandom } from '../../../cardreader/simulator/identities';
import { SimulatedPlug } from '../../../cardreader/simulator/in-process-transport';
import { SimulatedSam, type SimulatedSamOptions } from '../../../cardreader/simulator/simulated-sam';
import { FakeClock } from './fake-clock';

interface Rig {
	sam: SimulatedSam;
	plug: SimulatedPlug;
	clock: FakeClock;
	reader: CardReader;
	cards: CardEvent[];
	errors: CardReaderError[];
	log: string[];
}

let running: CardReader[] = [];

function rig(samOptions: SimulatedSamOptions = {}, readerOptions: Partial<CardReaderOptions> = {}): Rig {
	const clock = new FakeClock();
	const sam = new SimulatedSam(samOptions);
	const plug = new SimulatedPlug(sam, clock);
	const reader = new CardReader({ open: plug.open, clock, ...readerOptions });
	const cards: CardEvent[] = [];
	const errors: CardReaderError[] = [];
	const log: string[] = [];
	reader.on('card', (e) => (cards.push(e), log.push('card')));
	reader.on('removed', () => log.push('removed'));
	reader.on('error', (e) => (errors.push(e), log.push(`error ${e.code}`)));
	reader.on('connected', () => log.push('connected'));
	reader.on('disconnected', () => log.push('disconnected'));
	running.push(reader);
	reader.start();
	return { sam, plug, clock, reader, cards, errors, log };
}

/** Lets the polling loop run for `ms` of virtual time. */
async function runFor(r: Rig, ms: number): Promise<void> {
	const until = r.clock.time + ms;
	await vi.waitFor(() => expect(r.clock.time).toBeGreaterThanOrEqual(until), { timeout: 5000, interval: 1 });
}

afterEach(async () => {
	await Promise.all(running.map((r) => r.stop()));
	running = [];
});

const random = seededRandom(11);

describe('the reader driver with the simulated reader', () => {
	it('reports an inserted card once, however long it stays', async () => {
		const r = rig();
		await runFor(r, 1000);
		expect(r.cards).toHaveLength(0);
		const card = fictitiousCard('resident', random);
		r.sam.insert(card);
		await runFor(r, 3000);
		expect(r.cards).toHaveLength(1);
		expect(r.cards[0]?.identity).toEqual(card);
		expect(r.cards[0]?.photoLength).toBe(1024);
		expect(r.log).toEqual(['connected', 'card']);
		expect(r.reader.hasCard).toBe(true);
	});

	it('reports the removal, and a card put back as a new insertion', async () => {
		const r = rig();
		r.sam.insert(fictitiousCard('hmt-residence', random));
		await runFor(r, 1000);
		r.sam.remove();
		await runFor(r, 1000);
		r.sam.insert(fictitiousCard('foreign-2023', random));
		await runFor(r, 1000);
		expect(r.log).toEqual(['connected', 'card', 'removed', 'card']);
		expect(r.cards.map((c) => c.identity.kind)).toEqual(['hmt-residence', 'foreign-2023']);
	});

	it('polls at least 300 ms apart, whatever it is configured to', async () => {
		for (const [configured, expected] of [[undefined, 300], [50, 300], [500, 500]] as const) {
			const r = rig({}, configured === undefined ? {} : { pollIntervalMs: configured });
			await runFor(r, 5000);
			const finds = r.sam.requests.filter((q) => q.command === 'findCard').map((q) => q.at);
			expect(finds.length).toBeGreaterThan(5);
			const gaps = finds.slice(1).map((t, i) => t - (finds[i] ?? 0));
			expect(Math.min(...gaps)).toBe(expected);
		}
	});

	it('reads with find, select, read in that order', async () => {
		const r = rig();
		r.sam.insert(fictitiousCard('resident', random));
		await runFor(r, 700);
		expect(r.sam.requests.map((q) => q.command).slice(0, 3)).toEqual(['findCard', 'selectCard', 'read']);
	});

	it('reads with fingerprint (30 10) when asked, and keeps no fingerprint', async () => {
		const r = rig({ fingerprintLength: 512 }, { withFingerprint: true });
		r.sam.insert(fictitiousCard('resident', random));
		await runFor(r, 700);
		expect(r.sam.requests.map((q) => q.command)).toContain('readWithFingerprint');
		expect(r.cards[0]).toMatchObject({ fingerprintLength: 512, photoLength: 1024 });
		expect(Object.values(r.cards[0] ?? {}).some((v) => v instanceof Uint8Array)).toBe(false);
	});

	it('reports a read failure and reads the card on a later poll', async () => {
		const r = rig();
		r.sam.faults.readFailure = 1;
		r.sam.insert(fictitiousCard('resident', random));
		await runFor(r, 2000);
		expect(r.log).toEqual(['connected', 'error CARD.READ_FAILED', 'card']);
	});

	it('reports a failure repeated poll after poll once (a damaged card left on the reader)', async () => {
		const r = rig();
		r.sam.faults.readFailure = 5;
		r.sam.insert(fictitiousCard('resident', random));
		await runFor(r, 4000);
		expect(r.log).toEqual(['connected', 'error CARD.READ_FAILED', 'card']);
	});

	it('reports a select failure', async () => {
		const r = rig();
		r.sam.faults.selectFailure = 1;
		r.sam.insert(fictitiousCard('resident', random));
		await runFor(r, 2000);
		expect(r.log).toEqual(['connected', 'error CARD.SELECT_FAILED', 'card']);
	});

	it('reports a corrupted answer and carries on', async () => {
		const r = rig();
		r.sam.insert(fictitiousCard('foreign-2017', random));
		r.sam.faults.badChecksum = 1;
		await runFor(r, 2000);
		expect(r.log).toEqual(['connected', 'error CARD.FRAME_CHECKSUM', 'card']);
		expect(r.cards).toHaveLength(1);
	});

	it('times out on silence and takes no late answer for the next command', async () => {
		const r = rig({}, { commandTimeoutMs: 1000 });
		r.sam.faults.noAnswer = 1;
		r.sam.insert(fictitiousCard('resident', random));
		await runFor(r, 3000);
		expect(r.log).toEqual(['connected', 'error CARD.TIMEOUT', 'card']);
	});

	it('reads cards whose answers come in 64-byte reports, random pieces, or after noise', async () => {
		for (const chunking of [{ kind: 'fixed', size: 64 }, { kind: 'random', max: 50 }, { kind: 'fixed', size: 1 }] as const) {
			const r = rig({ chunking });
			const card = fictitiousCard('resident', random);
			r.sam.faults.garbage = 9;
			r.sam.insert(card);
			await runFor(r, 1000);
			expect(r.cards.map((c) => c.identity)).toEqual([card]);
			expect(r.errors).toEqual([]);
		}
	});

	it('does not call a card removed when only find goes quiet after a read', async () => {
		const r = rig({ silentFindAfterRead: true });
		r.sam.insert(fictitiousCard('resident', random));
		await runFor(r, 3000);
		expect(r.log).toEqual(['connected', 'card']);
		r.sam.remove();
		await runFor(r, 1000);
		expect(r.log).toEqual(['connected', 'card', 'removed']);
	});

	it('reconnects with growing backoff after an unplug and reads the card again', async () => {
		const r = rig({}, { reconnectInitialMs: 700, reconnectMaxMs: 5000 });
		r.sam.insert(fictitiousCard('resident', random));
		await runFor(r, 1000);
		r.plug.unplug();
		await runFor(r, 20_000);
		expect(r.log).toEqual(['connected', 'card', 'removed', 'disconnected', 'error CARD.DISCONNECTED']);
		expect(r.reader.connected).toBe(false);
		// Poll pauses are 300 and timeouts 1000/3000; the rest are reconnect waits, doubling up to the cap.
		const backoffs = r.clock.sleeps.filter((ms) => ms !== 300 && ms !== 1000 && ms !== 3000);
		expect(backoffs.slice(0, 5)).toEqual([700, 1400, 2800, 5000, 5000]);
		r.plug.plugIn();
		await runFor(r, 6000);
		expect(r.log.slice(-2)).toEqual(['connected', 'card']);
		expect(r.plug.opened).toBe(2);
	});

	it('stops polling and closes the connection on stop', async () => {
		const r = rig();
		await runFor(r, 1000);
		await r.reader.stop();
		const count = r.sam.requests.length;
		await new Promise((res) => setTimeout(res, 20));
		expect(r.sam.requests.length).toBe(count);
		expect(r.log.at(-1)).toBe('disconnected');
	});
});
