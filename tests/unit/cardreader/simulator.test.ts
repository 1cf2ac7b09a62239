import { describe, expect, it } from 'vitest';
import { COMMANDS, encodeRequest, parseResponse, toHex } from '../../../cardreader/frame';
import { decodeTextBlock } from '../../../cardreader/layouts/index';
import { parseReadData } from '../../../cardreader/read-response';
import { FrameReassembler } from '../../../cardreader/reassembler';
import { FICTITIOUS_NAMES, fictitiousCard, seededRandom } from '../../../cardreader/simulator/identities';
import { SimulatedSam } from '../../../cardreader/simulator/simulated-sam';

function ask(sam: SimulatedSam, bytes: Uint8Array): string[] {
	const r = new FrameReassembler();
	return sam.receive(bytes).flatMap((c) => r.push(c)).map((i) => (i.kind === 'frame' ? toHex(i.body.subarray(0, 3)) : i.error.code));
}

describe('the simulated SAM', () => {
	it('answers find and select with the published frames', () => {
		const sam = new SimulatedSam();
		expect(toHex(sam.receive(encodeRequest(COMMANDS.findCard))[0] ?? new Uint8Array())).toBe('AA AA AA 96 69 00 04 00 00 80 84');
		sam.insert(fictitiousCard('resident'));
		expect(toHex(sam.receive(encodeRequest(COMMANDS.findCard))[0] ?? new Uint8Array())).toBe('AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97');
		expect(toHex(sam.receive(encodeRequest(COMMANDS.selectCard))[0] ?? new Uint8Array())).toBe('AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C');
	});

	it('answers a read with 1295 bytes that decode to the inserted card', () => {
		const sam = new SimulatedSam();
		const card = fictitiousCard('foreign-2023');
		sam.insert(card);
		sam.receive(encodeRequest(COMMANDS.selectCard));
		const [frame] = sam.receive(encodeRequest(COMMANDS.read));
		expect(frame).toHaveLength(1295);
		const body = new FrameReassembler().push(frame ?? new Uint8Array())[0];
		if (body?.kind !== 'frame') throw new Error('no frame');
		const response = parseResponse(body.body);
		expect(response?.sw3).toBe(0x90);
		expect(decodeTextBlock(parseReadData(response?.data ?? new Uint8Array(), false).textBlock)).toEqual(card);
	});

	it('refuses to read an unselected card or an empty slot', () => {
		const sam = new SimulatedSam();
		expect(ask(sam, encodeRequest(COMMANDS.read))).toEqual(['00 00 41']);
		expect(ask(sam, encodeRequest(COMMANDS.selectCard))).toEqual(['00 00 81']);
		sam.insert(fictitiousCard('resident'));
		expect(ask(sam, encodeRequest(COMMANDS.read))).toEqual(['00 00 41']);
	});

	it('answers the SAM commands, an unknown command, and a host frame with a bad checksum', () => {
		const sam = new SimulatedSam();
		expect(ask(sam, encodeRequest(COMMANDS.reset))).toEqual(['00 00 90']);
		expect(ask(sam, encodeRequest(COMMANDS.samStatus))).toEqual(['00 00 90']);
		expect(ask(sam, encodeRequest(COMMANDS.samId))).toEqual(['00 00 90']);
		expect(ask(sam, encodeRequest({ cmd: 0x77, para: 0x01 }))).toEqual(['00 00 21']);
		const bad = encodeRequest(COMMANDS.findCard);
		bad[bad.length - 1] = 0;
		expect(ask(sam, bad)).toEqual(['00 00 10']);
		sam.insert(fictitiousCard('resident'));
		expect(ask(sam, encodeRequest(COMMANDS.readAppendedAddress))).toEqual(['00 00 91']);
	});

	it('injects each fault once per count', () => {
		const sam = new SimulatedSam();
		sam.insert(fictitiousCard('resident'));
		sam.faults.badChecksum = 1;
		expect(ask(sam, encodeRequest(COMMANDS.findCard))).toEqual(['CARD.FRAME_CHECKSUM']);
		expect(ask(sam, encodeRequest(COMMANDS.findCard))).toEqual(['00 00 9F']);
		sam.faults.noAnswer = 1;
		expect(ask(sam, encodeRequest(COMMANDS.findCard))).toEqual([]);
		sam.faults.selectFailure = 1;
		expect(ask(sam, encodeRequest(COMMANDS.selectCard))).toEqual(['00 00 81']);
		expect(ask(sam, encodeRequest(COMMANDS.selectCard))).toEqual(['00 00 90']);
		sam.faults.readFailure = 1;
		expect(ask(sam, encodeRequest(COMMANDS.read))).toEqual(['00 00 41']);
		sam.faults.garbage = 5;
		expect(sam.receive(encodeRequest(COMMANDS.findCard))[0]?.subarray(0, 5)).toEqual(Uint8Array.of(0xaa, 0x55, 0xaa, 0x55, 0xaa));
	});

	it('cuts answers at 64-byte boundaries or at random', () => {
		const sam = new SimulatedSam({ chunking: { kind: 'fixed', size: 64 } });
		sam.insert(fictitiousCard('resident'));
		sam.receive(encodeRequest(COMMANDS.selectCard));
		const chunks = sam.receive(encodeRequest(COMMANDS.read));
		expect(chunks.map((c) => c.length)).toEqual([...Array(20).fill(64), 15]);
		sam.chunking = { kind: 'random', max: 10 };
		const pieces = sam.receive(encodeRequest(COMMANDS.findCard));
		expect(pieces.length).toBeGreaterThan(1);
		expect(pieces.every((p) => p.length >= 1 && p.length <= 10)).toBe(true);
	});
});

describe('fictitious identities', () => {
	it('are the same for the same seed and use only the fictitious names', () => {
		expect(fictitiousCard('resident', seededRandom(5))).toEqual(fictitiousCard('resident', seededRandom(5)));
		const random = seededRandom(9);
		for (let i = 0; i < 30; i++) {
			const card = fictitiousCard('resident', random);
			if (card.kind !== 'resident') throw new Error('kind');
			expect(FICTITIOUS_NAMES).toContain(card.name);
			expect(card.address).toMatch(/^测试省样例市/);
		}
	});

	it('take a given birth date and gender, reflected in the number', () => {
		const card = fictitiousCard('resident', seededRandom(2), { birthDate: '1950-03-01', gender: 'female' });
		expect(card.birthDate).toBe('1950-03-01');
		expect(card.idNumber.slice(6, 14)).toBe('19500301');
		expect(Number(card.idNumber[16]) % 2).toBe(0);
	});
});
