import { describe, expect, it } from 'vitest';
import { isValidIdNumber } from '../../../cardreader/id-number';
import { CARD_KINDS, decodeTextBlock, displayName, encodeTextBlock, TEXT_BLOCK_SIZE, type CardIdentity } from '../../../cardreader/layouts/index';
import { NATIONS, nationOf } from '../../../cardreader/layouts/nations';
import { encodeReadData, parseReadData, PHOTO_SIZE } from '../../../cardreader/read-response';
import { fictitiousCard, seededRandom } from '../../../cardreader/simulator/identities';

/** Writes UCS-2LE text at a byte offset, padding with spaces to `length` bytes: built by hand, not by the encoder. */
function put(block: Uint8Array, offset: number, length: number, text: string): void {
	const padded = text.padEnd(length / 2, ' ');
	for (let i = 0; i < padded.length; i++) {
		block[offset + 2 * i] = padded.charCodeAt(i) & 0xff;
		block[offset + 2 * i + 1] = padded.charCodeAt(i) >> 8;
	}
}

function blank(): Uint8Array {
	const block = new Uint8Array(TEXT_BLOCK_SIZE);
	put(block, 0, TEXT_BLOCK_SIZE, '');
	return block;
}

describe('resident card text block', () => {
	it('decodes fields at the published offsets and trims the padding', () => {
		const block = blank();
		put(block, 0, 30, '测试一');
		put(block, 30, 2, '1');
		put(block, 32, 4, '05');
		put(block, 36, 16, '19640229');
		put(block, 52, 70, '测试省样例市演示区模拟路8号');
		put(block, 122, 36, '31010119640229001x');
		put(block, 158, 30, '样例市公安局测试分局');
		put(block, 188, 16, '20150101');
		put(block, 204, 16, '长期');
		expect(decodeTextBlock(block)).toEqual({
			kind: 'resident',
			name: '测试一',
			gender: 'male',
			nation: { code: '05', name: '维吾尔' },
			birthDate: '1964-02-29',
			address: '测试省样例市演示区模拟路8号',
			idNumber: '31010119640229001X',
			authority: '样例市公安局测试分局',
			validity: { from: '2015-01-01', until: 'long-term' }
		});
	});

	it('fails with CARD.BAD_LAYOUT on a block that is not a card', () => {
		const block = blank();
		put(block, 30, 2, '1');
		put(block, 36, 16, '1964XX29');
		expect(() => decodeTextBlock(block)).toThrow(expect.objectContaining({ code: 'CARD.BAD_LAYOUT' }));
		expect(() => decodeTextBlock(new Uint8Array(200))).toThrow(expect.objectContaining({ code: 'CARD.BAD_LAYOUT' }));
		const badSex = blank();
		put(badSex, 30, 2, '7');
		expect(() => decodeTextBlock(badSex)).toThrow(/sex code/);
	});

	it('knows all 56 groups by code, with names as printed on the card', () => {
		const groups = Object.keys(NATIONS).filter((code) => Number(code) <= 56).sort();
		expect(groups).toHaveLength(56);
		expect(groups).toEqual(Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')));
		expect(nationOf('01').name).toBe('汉');
		expect(nationOf('31').name).toBe('达斡尔');
		expect(nationOf('56').name).toBe('基诺');
		expect(new Set(groups.map((c) => NATIONS[c])).size).toBe(56);
		expect(nationOf('77')).toEqual({ code: '77', name: '' });
	});
});

describe('residence permit for Hong Kong, Macao and Taiwan residents (J)', () => {
	it('reads the marker at byte 248, the pass number at 220 and the issue count at 238', () => {
		const block = blank();
		put(block, 0, 30, '样例乙');
		put(block, 30, 2, '2');
		put(block, 36, 16, '19950615');
		put(block, 52, 70, '测试省样例市居住路3号');
		put(block, 122, 36, '810000199506150025');
		put(block, 158, 30, '样例市公安局测试分局');
		put(block, 188, 16, '20210601');
		put(block, 204, 16, '20260601');
		put(block, 220, 18, 'H12345678');
		put(block, 238, 4, '01');
		put(block, 248, 2, 'J');
		const card = decodeTextBlock(block);
		expect(card).toMatchObject({ kind: 'hmt-residence', name: '样例乙', gender: 'female', passNumber: 'H12345678', issueCount: '01', idNumber: '810000199506150025' });
		expect(isValidIdNumber(card.idNumber)).toBe(true);
	});
});

describe('foreign permanent residence card, 2017 (I)', () => {
	it('reads the English name from the first 120 bytes and the rest at their offsets', () => {
		const block = blank();
		put(block, 0, 120, 'TEST SAMPLE ONE');
		put(block, 120, 2, '1');
		put(block, 122, 30, 'CAN310101123456');
		put(block, 152, 6, 'CAN');
		put(block, 158, 30, '样例外籍');
		put(block, 188, 16, '20170701');
		put(block, 204, 16, '20270701');
		put(block, 220, 16, '19800101');
		put(block, 236, 4, '17');
		put(block, 240, 8, '3100');
		put(block, 248, 2, 'I');
		expect(decodeTextBlock(block)).toEqual({
			kind: 'foreign-2017',
			englishName: 'TEST SAMPLE ONE',
			chineseName: '样例外籍',
			gender: 'male',
			idNumber: 'CAN310101123456',
			nationality: 'CAN',
			birthDate: '1980-01-01',
			validity: { from: '2017-07-01', until: '2027-07-01' },
			cardVersion: '17',
			authorityCode: '3100'
		});
	});
});

describe('foreign permanent residence card, 2023 (Y)', () => {
	it('joins the English name from its two fields (characters 1–35 at 52, 36–46 at 220)', () => {
		const block = blank();
		put(block, 0, 30, '样例新外籍');
		put(block, 30, 2, '2');
		put(block, 32, 4, '00');
		put(block, 36, 16, '19850315');
		put(block, 52, 70, 'SAMPLE HOLDER OF A VERY LONG TEST N');
		put(block, 122, 36, '93112419850315002X');
		put(block, 188, 16, '20231201');
		put(block, 204, 16, '20331201');
		put(block, 220, 22, 'AME');
		put(block, 242, 6, 'CAN');
		put(block, 248, 2, 'Y');
		expect(decodeTextBlock(block)).toMatchObject({
			kind: 'foreign-2023',
			chineseName: '样例新外籍',
			englishName: 'SAMPLE HOLDER OF A VERY LONG TEST NAME',
			gender: 'female',
			renewalCount: '00',
			birthDate: '1985-03-15',
			idNumber: '93112419850315002X',
			nationality: 'CAN',
			previousNumberLink: ''
		});
	});
});

describe('every layout round trips through the simulator\'s encoder', () => {
	it.each(CARD_KINDS)('%s', (kind) => {
		const random = seededRandom(42);
		for (let i = 0; i < 20; i++) {
			const card: CardIdentity = fictitiousCard(kind, random);
			const block = encodeTextBlock(card);
			expect(block).toHaveLength(256);
			expect(decodeTextBlock(block)).toEqual(card);
			expect(displayName(card).length).toBeGreaterThan(0);
		}
	});

	it('gives resident, J and Y cards numbers with valid check digits', () => {
		const random = seededRandom(3);
		for (const kind of ['resident', 'hmt-residence', 'foreign-2023'] as const) {
			for (let i = 0; i < 20; i++) expect(isValidIdNumber(fictitiousCard(kind, random).idNumber)).toBe(true);
		}
	});

	it('writes an overlong value as an error, not a truncated card', () => {
		const card = fictitiousCard('resident', seededRandom(1), { name: '测试'.repeat(8) });
		expect(() => encodeTextBlock(card)).toThrow(RangeError);
	});
});

describe('the read answer', () => {
	it('yields the text block and the photo length, and wipes the photo bytes', () => {
		const text = encodeTextBlock(fictitiousCard('resident'));
		const data = encodeReadData(text, { filler: (n) => new Uint8Array(n).fill(0x5a) });
		expect(data.length).toBe(4 + 256 + PHOTO_SIZE);
		const read = parseReadData(data, false);
		expect(Array.from(read.textBlock)).toEqual(Array.from(text));
		expect(read.photoLength).toBe(1024);
		expect(read.fingerprintLength).toBe(0);
		expect(data.subarray(260).every((b) => b === 0)).toBe(true);
		expect(Object.values(read).some((v) => v instanceof Uint8Array && v.length === PHOTO_SIZE)).toBe(false);
	});

	it('parses the fingerprint form (30 10) with 1024, 512 or 0 fingerprint bytes', () => {
		const text = encodeTextBlock(fictitiousCard('resident'));
		for (const fingerprintLength of [1024, 512, 0]) {
			const data = encodeReadData(text, { fingerprintLength });
			expect(data.length).toBe(6 + 256 + 1024 + fingerprintLength);
			expect(parseReadData(data, true)).toMatchObject({ photoLength: 1024, fingerprintLength });
		}
	});

	it('refuses lengths that do not add up', () => {
		const data = encodeReadData(encodeTextBlock(fictitiousCard('resident')));
		expect(() => parseReadData(data.subarray(0, 1000), false)).toThrow(expect.objectContaining({ code: 'CARD.BAD_RESPONSE' }));
		expect(() => parseReadData(Uint8Array.of(0, 255, 4, 0), false)).toThrow(expect.objectContaining({ code: 'CARD.BAD_RESPONSE' }));
		expect(() => parseReadData(Uint8Array.of(1), false)).toThrow(expect.objectContaining({ code: 'CARD.BAD_RESPONSE' }));
	});
});
