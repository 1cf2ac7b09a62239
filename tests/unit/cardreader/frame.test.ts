import { describe, expect, it } from 'vitest';
import {
	COMMANDS, commandName, encodeFrame, encodeRequest, encodeResponse, fromHex, parseRequest, parseResponse, toHex, xor
} from '../../../cardreader/frame';

// Published frames: the IDCardDemo README (qiwenming, CSDN 50698927), a public Java reader class
// (dlrc IdReader: CMD_FIND_SUCC, CMD_FIND_FAIL, CMD_SELECT_FAIL, CMD_READ_FAIL) and a Qt reader
// (SAM status request). softs.im gives 00 00 41 45 and 00 00 32 36 as answers.
const PUBLISHED = {
	findRequest: 'AA AA AA 96 69 00 03 20 01 22',
	selectRequest: 'AA AA AA 96 69 00 03 20 02 21',
	readRequest: 'AA AA AA 96 69 00 03 30 01 32',
	readWithFingerprintRequest: 'AA AA AA 96 69 00 03 30 10 23',
	samStatusRequest: 'AA AA AA 96 69 00 03 11 FF ED',
	found: 'AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97',
	noCard: 'AA AA AA 96 69 00 04 00 00 80 84',
	selected: 'AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C',
	selectFailed: 'AA AA AA 96 69 00 04 00 00 81 85',
	readFailed: 'AA AA AA 96 69 00 04 00 00 41 45',
	samRejectedCard: 'AA AA AA 96 69 00 04 00 00 32 36'
};

describe('GA 467 request frames', () => {
	it('encodes find, select, read and read-with-fingerprint as published', () => {
		expect(toHex(encodeRequest(COMMANDS.findCard))).toBe(PUBLISHED.findRequest);
		expect(toHex(encodeRequest(COMMANDS.selectCard))).toBe(PUBLISHED.selectRequest);
		expect(toHex(encodeRequest(COMMANDS.read))).toBe(PUBLISHED.readRequest);
		expect(toHex(encodeRequest(COMMANDS.readWithFingerprint))).toBe(PUBLISHED.readWithFingerprintRequest);
		expect(toHex(encodeRequest(COMMANDS.samStatus))).toBe(PUBLISHED.samStatusRequest);
	});

	it('encodes reset and SAM id with LEN 3 and the XOR of LEN and body', () => {
		// 00 ^ 03 ^ 10 ^ FF = EC; 00 ^ 03 ^ 12 ^ FF = EE
		expect(toHex(encodeRequest(COMMANDS.reset))).toBe('AA AA AA 96 69 00 03 10 FF EC');
		expect(toHex(encodeRequest(COMMANDS.samId))).toBe('AA AA AA 96 69 00 03 12 FF EE');
	});

	it('counts request data in LEN and in the checksum', () => {
		const frame = encodeRequest({ cmd: 0x60, para: 0x00 }, Uint8Array.of(0x01, 0x02));
		expect(toHex(frame)).toBe('AA AA AA 96 69 00 05 60 00 01 02 66');
		expect(xor(frame, 5)).toBe(0);
	});

	it('names the commands it knows and no others', () => {
		expect(commandName(0x20, 0x01)).toBe('findCard');
		expect(commandName(0x30, 0x10)).toBe('readWithFingerprint');
		expect(commandName(0x20, 0x03)).toBeUndefined();
	});
});

describe('GA 467 response frames', () => {
	it('encodes the published answers byte for byte', () => {
		expect(toHex(encodeResponse([0, 0, 0x9f], new Uint8Array(4)))).toBe(PUBLISHED.found);
		expect(toHex(encodeResponse([0, 0, 0x80]))).toBe(PUBLISHED.noCard);
		expect(toHex(encodeResponse([0, 0, 0x90], new Uint8Array(8)))).toBe(PUBLISHED.selected);
		expect(toHex(encodeResponse([0, 0, 0x81]))).toBe(PUBLISHED.selectFailed);
		expect(toHex(encodeResponse([0, 0, 0x41]))).toBe(PUBLISHED.readFailed);
		expect(toHex(encodeResponse([0, 0, 0x32]))).toBe(PUBLISHED.samRejectedCard);
	});

	it('has the published LEN of a read answer: 05 08 for text and photo, 09 0A with a fingerprint', () => {
		const read = encodeResponse([0, 0, 0x90], new Uint8Array(4 + 256 + 1024));
		expect(toHex(read.subarray(0, 10))).toBe('AA AA AA 96 69 05 08 00 00 90');
		expect(read.length).toBe(1295);
		const withFingerprint = encodeResponse([0, 0, 0x90], new Uint8Array(6 + 256 + 1024 + 1024));
		expect(toHex(withFingerprint.subarray(0, 10))).toBe('AA AA AA 96 69 09 0A 00 00 90');
		expect(withFingerprint.length).toBe(2321);
	});

	it('parses status words and data from a body', () => {
		const body = fromHex(PUBLISHED.found).subarray(7, -1);
		const response = parseResponse(body);
		expect(response).toMatchObject({ sw1: 0, sw2: 0, sw3: 0x9f });
		expect(Array.from(response?.data ?? [])).toEqual([0, 0, 0, 0]);
		expect(parseResponse(Uint8Array.of(0, 0))).toBeUndefined();
	});

	it('parses a request body for the simulator', () => {
		expect(parseRequest(Uint8Array.of(0x30, 0x01))).toMatchObject({ cmd: 0x30, para: 0x01 });
		expect(parseRequest(Uint8Array.of(0x30))).toBeUndefined();
	});

	it('refuses bodies that cannot be framed', () => {
		expect(() => encodeFrame(Uint8Array.of(0x20))).toThrow(RangeError);
		expect(() => encodeFrame(new Uint8Array(5000))).toThrow(RangeError);
		expect(() => fromHex('AA A')).toThrow(SyntaxError);
	});
});
