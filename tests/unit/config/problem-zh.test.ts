/**
 * Configuration problems in Chinese (server/config/problem-zh.ts): each message of the hall
 * schema has its translation, worked out here by hand, and a hall with many problems gets a
 * Chinese message at every field.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseHallConfig } from '../../../server/config/load';
import { schemaMessageInChinese } from '../../../server/config/problem-zh';

const CASES: [string, string][] = [
	['a date "YYYY-MM-DD"', '应为日期，格式 YYYY-MM-DD'],
	['not a date of the calendar', '日历上没有这一天'],
	['letters, digits, "-" or "_", at most 40', '只能用字母、数字、“-”或“_”，最多 40 个字符'],
	['a time "HH:MM"', '应为时间，格式 HH:MM'],
	['"from" must be before "to"', '开始时间（from）应早于结束时间（to）'],
	['one to three capital letters', '应为一至三个大写字母'],
	['unknown zone "Z9"', '没有区域“Z9”'],
	['unknown counter "C9"', '没有窗口“C9”'],
	['service code "S1" appears more than once', '事项编码“S1”重复出现'],
	['counter number "5" appears more than once', '窗口号“5”重复出现'],
	['service "S1" listed twice', '事项“S1”列了两次'],
	['2027-01-02 both a holiday and a workday', '2027-01-02 既是节假日又是调休工作日'],
	['2027-01-04 is a weekday: a make-up workday is a Saturday or Sunday', '2027-01-04 是工作日：调休上班日应为周六或周日'],
	['no counter serves "S7"', '没有窗口办理事项“S7”'],
	['a zone board needs a zone', '区域屏需要指定区域'],
	['kiosk K1 prints through its agent, but no agent belongs to it', '取号机 K1 通过代理程序打印，但没有代理程序属于它'],
	['say why the configuration changes', '请说明修改原因']
];

/** Every message the schema writes itself: its quoted literals and the fixed parts of its templates. */
function schemaMessages(): string[] {
	const source = readFileSync('server/config/schema.ts', 'utf8');
	const literals = [...source.matchAll(/(?:regex\([^,]+,|refine\([^,]+,|message: |issue\(\[[^\]]*\], )\s*(['`])((?:(?!\1).)*)\1/g)].map((m) => m[2] ?? '');
	return literals.filter((m) => m.includes(' '));
}

describe('configuration problems in Chinese', () => {
	it('translates the schema’s messages, worked out by hand', () => {
		for (const [en, zh] of CASES) expect(schemaMessageInChinese(en), en).toBe(zh);
		expect(schemaMessageInChinese('something nobody wrote')).toBeNull();
	});

	it('knows every message the hall schema writes', () => {
		const messages = schemaMessages();
		expect(messages.length).toBeGreaterThan(25);
		// Templates are tried with a sample value in each ${…}.
		const unknown = messages.map((m) => m.replace(/\$\{[^}]+\}/g, 'X1')).filter((m) => schemaMessageInChinese(m) === null);
		expect(unknown).toEqual([]);
	});

	it('a hall with problems gets a Chinese message at every field', () => {
		const hall = JSON.parse(readFileSync('tests/fixtures/halls/tiny.json', 'utf8')) as Record<string, unknown> & { services: Record<string, unknown>[]; counters: Record<string, unknown>[] };
		hall.timeZone = 'Mars/Olympus';
		hall.services[0] = { ...hall.services[0], zone: 'nowhere', prefix: 'a1', avgHandleMinutes: 'six', extra: true };
		let err: unknown;
		try {
			parseHallConfig(hall, 'tiny');
		} catch (e) {
			err = e;
		}
		if (!(err instanceof ConfigError)) throw new Error('no ConfigError');
		expect(err.fields.length).toBeGreaterThanOrEqual(4);
		for (const p of err.fields) expect(p.zh, `${p.path}: ${p.message}`).toMatch(/[\u4e00-\u9fff]/);
	});
});
