import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeResponse, fromHex, toHex } from '../../../cardreader/frame';
import { FrameReassembler, type ReassembledItem } from '../../../cardreader/reassembler';

const FOUND = fromHex('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
const NO_CARD = fromHex('AA AA AA 96 69 00 04 00 00 80 84');

function bodies(items: ReassembledItem[]): string[] {
	return items.map((i) => (i.kind === 'frame' ? toHex(i.body) : `error ${i.error.code}`));
}

function feed(chunks: Uint8Array[]): ReassembledItem[] {
	const r = new FrameReassembler();
	return chunks.flatMap((c) => r.push(c));
}

function cut(bytes: Uint8Array, sizes: number[]): Uint8Array[] {
	const out: Uint8Array[] = [];
	let at = 0;
	for (const size of sizes) {
		if (at >= bytes.length) break;
		out.push(bytes.subarray(at, at + size));
		at += size;
	}
	if (at < bytes.length) out.push(bytes.subarray(at));
	return out;
}

function join(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

describe('frame reassembler', () => {
	it('yields a whole frame given in one chunk, without preamble, LEN or checksum', () => {
		expect(bodies(feed([FOUND]))).toEqual(['00 00 9F 00 00 00 00']);
	});

	it('waits for the rest of a frame split anywhere, even inside the preamble', () => {
		const r = new FrameReassembler();
		expect(r.push(FOUND.subarray(0, 2))).toEqual([]);
		expect(r.push(FOUND.subarray(2, 6))).toEqual([]);
		expect(r.buffered).toBe(6);
		expect(bodies(r.push(FOUND.subarray(6)))).toEqual(['00 00 9F 00 00 00 00']);
		expect(r.buffered).toBe(0);
	});

	it('yields every frame of a chunk holding several', () => {
		expect(bodies(feed([join(FOUND, NO_CARD, FOUND)]))).toEqual(['00 00 9F 00 00 00 00', '00 00 80', '00 00 9F 00 00 00 00']);
	});

	it('skips noise before a preamble, including a run of AA', () => {
		expect(bodies(feed([join(Uint8Array.of(0x00, 0x13, 0xaa, 0xaa), NO_CARD)]))).toEqual(['00 00 80']);
		expect(bodies(feed([join(Uint8Array.of(0xaa, 0xaa, 0xaa, 0xaa, 0xaa), NO_CARD)]))).toEqual(['00 00 80']);
	});

	it('drops HID zero padding between frames', () => {
		const report = new Uint8Array(64);
		report.set(NO_CARD);
		expect(bodies(feed([report, report]))).toEqual(['00 00 80', '00 00 80']);
	});

	it('reports a bad checksum, then finds the next frame', () => {
		const bad = NO_CARD.slice();
		bad[bad.length - 1] = 0x00;
		expect(bodies(feed([join(bad, FOUND)]))).toEqual(['error CARD.FRAME_CHECKSUM', '00 00 9F 00 00 00 00']);
	});

	it('recovers a good frame hidden behind a corrupted LEN', () => {
		// The LEN byte of the first frame is damaged to claim 9 bytes, swallowing the start of the next frame.
		const damaged = NO_CARD.slice();
		damaged[6] = 0x09;
		expect(bodies(feed([join(damaged, NO_CARD)]))).toEqual(['error CARD.FRAME_CHECKSUM', '00 00 80']);
	});

	it('reports an impossible LEN and resynchronises', () => {
		const huge = fromHex('AA AA AA 96 69 FF FF 00');
		const tiny = fromHex('AA AA AA 96 69 00 01 00');
		expect(bodies(feed([join(huge, NO_CARD)]))).toEqual(['error CARD.FRAME_LENGTH', '00 00 80']);
		expect(bodies(feed([join(tiny, NO_CARD)]))).toEqual(['error CARD.FRAME_LENGTH', '00 00 80']);
	});

	it('forgets a partial frame on reset', () => {
		const r = new FrameReassembler();
		r.push(FOUND.subarray(0, 9));
		r.reset();
		expect(r.buffered).toBe(0);
		expect(bodies(r.push(NO_CARD))).toEqual(['00 00 80']);
	});

	it('yields the same frames however a stream is cut (64-byte reports, bursts, single bytes)', () => {
		const read = encodeResponse([0, 0, 0x90], Uint8Array.from({ length: 1284 }, (_, i) => (i * 37) & 0xff));
		const frameArb = fc.oneof(
			fc.constant(FOUND),
			fc.constant(NO_CARD),
			fc.constant(read),
			fc.uint8Array({ minLength: 0, maxLength: 300 }).map((data) => encodeResponse([0, 0, 0x90], data))
		);
		fc.assert(
			fc.property(fc.array(frameArb, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 80 }), (frames, sizes) => {
				const stream = join(...frames);
				const expected = frames.map((f) => toHex(f.subarray(7, -1)));
				expect(bodies(feed(cut(stream, sizes)))).toEqual(expected);
				expect(bodies(feed(cut(stream, Array(Math.ceil(stream.length / 64)).fill(64))))).toEqual(expected);
			}),
			{ numRuns: 200 }
		);
	});

	it('keeps every good frame after noise and corrupted frames, whatever the cut', () => {
		fc.assert(
			fc.property(
				fc.uint8Array({ maxLength: 40 }).filter((noise) => !toHex(noise).includes('AA AA AA 96 69')),
				fc.array(fc.integer({ min: 1, max: 70 }), { maxLength: 40 }),
				(noise, sizes) => {
					const bad = FOUND.slice();
					bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0x01;
					const items = feed(cut(join(noise, bad, NO_CARD, FOUND), sizes));
					expect(bodies(items).filter((b) => !b.startsWith('error'))).toEqual(['00 00 80', '00 00 9F 00 00 00 00']);
					expect(bodies(items)).toContain('error CARD.FRAME_CHECKSUM');
				}
			),
			{ numRuns: 200 }
		);
	});
});
