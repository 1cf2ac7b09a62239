/**
 * Fictitious card holders for the simulator and the tests. Names, addresses and authorities are
 * plainly made up (测试, 样例, 演示, TEST, SAMPLE); region codes are real so numbers validate, and
 * every number carries a correct GB 11643 check digit. Never put a real person's data here.
 */
import { checkDigit } from '../id-number';
import type { CardIdentity, CardKind, Gender } from '../layouts/index';
import { nationOf } from '../layouts/nations';

export const FICTITIOUS_NAMES = ['测试一', '测试二', '样例甲', '样例乙', '张三丰样例', '李四测试', '王五样例', '赵六测试', '欧阳测试'] as const;
export const FICTITIOUS_ENGLISH_NAMES = ['TEST SAMPLE ONE', 'SAMPLE PERSON TWO', 'DEMO HOLDER THREE'] as const;

/** County-level codes (GB/T 2260) used only as the prefix of made-up numbers. */
const REGIONS = ['110101', '310101', '440106', '510104', '330106', '420102'] as const;
const HMT_REGIONS = { hongKong: '810000', macao: '820000', taiwan: '830000' } as const;
/** ISO 3166-1 alpha-3 and numeric, for the foreign cards. */
const NATIONALITIES = [
	{ alpha: 'CAN', numeric: '124' },
	{ alpha: 'DEU', numeric: '276' },
	{ alpha: 'FRA', numeric: '250' }
] as const;

/** A small seeded generator (mulberry32), so a seed always gives the same people. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface FictitiousOptions {
	/** YYYY-MM-DD; drawn between 1940 and 2005 when absent. */
	birthDate?: string;
	gender?: 'male' | 'female';
	name?: string;
}

export function fictitiousCard(kind: CardKind, random: () => number = seededRandom(1), options: FictitiousOptions = {}): CardIdentity {
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
	const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
	const gender: Gender = options.gender ?? (random() < 0.5 ? 'male' : 'female');
	const birthDate = options.birthDate ?? randomDate(random, 1940, 2005);
	const compact = birthDate.replaceAll('-', '');
	const validity = { from: '2020-01-01', until: random() < 0.3 ? 'long-term' : '2040-01-01' };
	const numberWith = (prefix6: string): string => {
		const sequence = digits(2) + String(sequenceDigit(random, gender));
		const first17 = prefix6 + compact + sequence;
		return first17 + checkDigit(first17);
	};
	switch (kind) {
		case 'resident':
			return {
				kind,
				name: options.name ?? pick(FICTITIOUS_NAMES),
				gender,
				nation: nationOf(pick(['01', '02', '03', '05', '08', '11'])),
				birthDate,
				address: `测试省样例市演示区模拟路${1 + Math.floor(random() * 99)}号`,
				idNumber: numberWith(pick(REGIONS)),
				authority: '样例市公安局测试分局',
				validity
			};
		case 'hmt-residence': {
			const origin = pick(['hongKong', 'macao', 'taiwan'] as const);
			const passPrefix = origin === 'hongKong' ? 'H' : origin === 'macao' ? 'M' : '';
			return {
				kind,
				name: options.name ?? pick(FICTITIOUS_NAMES),
				gender,
				birthDate,
				address: `测试省样例市演示区居住路${1 + Math.floor(random() * 99)}号`,
				idNumber: numberWith(HMT_REGIONS[origin]),
				authority: '样例市公安局测试分局',
				validity: { from: '2021-06-01', until: '2026-06-01' },
				passNumber: passPrefix + digits(8),
				issueCount: '01'
			};
		}
		case 'foreign-2017': {
			const nationality = pick(NATIONALITIES);
			return {
				kind,
				englishName: options.name ?? pick(FICTITIOUS_ENGLISH_NAMES),
				chineseName: random() < 0.5 ? '样例外籍' : '',
				gender,
				idNumber: nationality.alpha + '31' + compact.slice(2) + digits(4),
				nationality: nationality.alpha,
				birthDate,
				validity: { from: '2017-07-01', until: '2027-07-01' },
				cardVersion: '17',
				authorityCode: '3100'
			};
		}
		case 'foreign-2023': {
			const nationality = pick(NATIONALITIES);
			return {
				kind,
				chineseName: '样例新外籍',
				// Longer than the first 35-character field, so both parts are exercised.
				englishName: options.name ?? 'SAMPLE HOLDER OF A VERY LONG TEST NAME',
				gender,
				renewalCount: '00',
				birthDate,
				idNumber: numberWith('9' + '31' + nationality.numeric),
				validity: { from: '2023-12-01', until: '2033-12-01' },
				nationality: nationality.alpha,
				previousNumberLink: ''
			};
		}
	}
}

function randomDate(random: () => number, fromYear: number, toYear: number): string {
	const start = Date.UTC(fromYear, 0, 1);
	const end = Date.UTC(toYear, 11, 31);
	return new Date(start + Math.floor(random() * ((end - start) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}

/** The 17th digit: odd for men, even for women (GB 11643). */
function sequenceDigit(random: () => number, gender: Gender): number {
	const base = Math.floor(random() * 5) * 2;
	return gender === 'male' ? base + 1 : base;
}
