import { describe, expect, it } from 'vitest';
import { encodeResponse, parseResponse } from '../../../cardreader/frame';
import { CARD_ERROR_CODES, CardReaderError, expectSuccess, interpretStatus, SW3 } from '../../../cardreader/status-words';

// SW3 → code, from the table on softs.im and the SDK headers (see status-words.ts).
const TABLE: [number, string][] = [
	[0x91, 'CARD.NO_CONTENT'],
	[0x10, 'CARD.CHECKSUM'],
	[0x11, 'CARD.LENGTH'],
	[0x21, 'CARD.UNKNOWN_COMMAND'],
	[0x23, 'CARD.UNAUTHORISED'],
	[0x24, 'CARD.UNRECOGNISED_ERROR'],
	[0x31, 'CARD.CARD_REJECTED_SAM'],
	[0x32, 'CARD.SAM_REJECTED_CARD'],
	[0x33, 'CARD.VERIFY_FAILED'],
	[0x40, 'CARD.UNKNOWN_CARD_TYPE'],
	[0x41, 'CARD.READ_FAILED'],
	[0x47, 'CARD.RANDOM_FAILED'],
	[0x60, 'CARD.SELF_TEST_FAILED'],
	[0x66, 'CARD.SAM_UNAUTHORISED'],
	[0x80, 'CARD.NO_CARD'],
	[0x81, 'CARD.SELECT_FAILED']
];

describe('status words', () => {
	it('treats 90 (done) and 9F (card found) as success', () => {
		expect(interpretStatus(0x90)).toEqual({ ok: true, sw3: 0x90 });
		expect(interpretStatus(0x9f)).toEqual({ ok: true, sw3: 0x9f });
		expect(SW3.OK).toBe(0x90);
		expect(SW3.FOUND).toBe(0x9f);
	});

	it.each(TABLE)('maps SW3 0x%s to its stable code', (sw3, code) => {
		const outcome = interpretStatus(sw3);
		expect(outcome.ok).toBe(false);
		if (outcome.ok) return;
		expect(outcome.error).toBeInstanceOf(CardReaderError);
		expect(outcome.error.code).toBe(code);
		expect(outcome.error.sw3).toBe(sw3);
		expect(outcome.error.message).toContain(`0x${sw3.toString(16).padStart(2, '0')}`);
	});

	it('gives an unknown SW3 its own code instead of guessing', () => {
		const outcome = interpretStatus(0x55);
		expect(outcome.ok ? undefined : outcome.error.code).toBe('CARD.UNKNOWN_STATUS');
	});

	it('declares every code it can produce, each once', () => {
		const produced = TABLE.map(([, code]) => code);
		for (const code of produced) expect(CARD_ERROR_CODES).toContain(code);
		expect(new Set(CARD_ERROR_CODES).size).toBe(CARD_ERROR_CODES.length);
	});

	it('returns the data of a successful response and throws the error of a failed one', () => {
		const ok = parseResponse(encodeResponse([0, 0, 0x90], Uint8Array.of(7)).subarray(7, -1));
		const failed = parseResponse(encodeResponse([0, 0, 0x41]).subarray(7, -1));
		if (!ok || !failed) throw new Error('responses did not parse');
		expect(Array.from(expectSuccess(ok))).toEqual([7]);
		expect(() => expectSuccess(failed)).toThrow(expect.objectContaining({ code: 'CARD.READ_FAILED', name: 'CardReaderError' }));
	});
});
