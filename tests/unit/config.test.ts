import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashDeviceToken, verifyPassword } from '../../server/app/passwords';
import { checkHallFile, checkNetworkOf } from '../../server/config/cli';
import { checkNetwork, ConfigError, loadHallConfig, parseHallConfig } from '../../server/config/load';
import { networkProblems } from '../../server/core/network';
import { initialState } from '../../server/core/evolve';
import { indexHall } from '../../server/core/hall-index';
import { issuingStatus } from '../../server/core/issuing';
import type { HallConfig } from '../../server/core/model';
import { tinyHall } from '../../scripts/make-sample-halls';

const CITY = 'config/city-hall.json';
const COUNTY = 'config/county-hall.json';
const TOWNSHIP = 'config/township.json';
const TINY = 'tests/fixtures/halls/tiny.json';

const raw = (file: string): HallConfig => JSON.parse(readFileSync(file, 'utf8')) as HallConfig;
const city = loadHallConfig(CITY);
const county = loadHallConfig(COUNTY);
const township = loadHallConfig(TOWNSHIP);
const tiny = loadHallConfig(TINY);
const halls = { city, county, township, tiny };

const tmp = mkdtempSync(join(tmpdir(), 'hallq-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The problem lines parseHallConfig reports for `hall`, or [] when it is valid. */
function problems(hall: unknown): string[] {
	try {
		parseHallConfig(hall, 'broken.json');
		return [];
	} catch (err) {
		if (!(err instanceof ConfigError)) throw err;
		return err.problems;
	}
}

function counts(hall: HallConfig) {
	return {
		zones: hall.zones.length,
		departments: hall.departments.length,
		services: hall.services.length,
		counters: hall.counters.length,
		staff: hall.staff.length
	};
}

describe('shipped hall files', () => {
	it('parse', () => {
		for (const file of [CITY, COUNTY, TOWNSHIP, TINY]) expect(() => loadHallConfig(file), file).not.toThrow();
	});

	it('the city hall has the numbers of the source report', () => {
		expect(counts(city)).toEqual({ zones: 10, departments: 45, services: 275, counters: 70, staff: 151 });
		expect(city.level).toBe('city');
		expect(city.timeZone).toBe('Asia/Shanghai');
		expect(city.zones.map((z) => z.id)).toEqual(['invest', 'business', 'estate', 'social', 'police', 'tax', 'hr', 'fund', 'trade', 'utility']);
		// 10 counters for intermediaries and supporting services
		expect(city.counters.filter((c) => c.zone === 'utility')).toHaveLength(10);
		expect(city.counters.map((c) => c.number)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
		expect(city.counters.map((c) => c.id)).toEqual(Array.from({ length: 70 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`));
		const roles = city.staff.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.role]: (acc[s.role] ?? 0) + 1 }), {});
		expect(roles).toEqual({ staff: 138, supervisor: 11, admin: 2 });
		expect(new Set(city.services.map((s) => s.department)).size).toBe(45);
		expect(Object.keys(city)).not.toContain('secret');
	});

	it('the county hall and the township center', () => {
		expect(counts(county)).toEqual({ zones: 10, departments: 49, services: 150, counters: 60, staff: 89 });
		expect(county.level).toBe('county');
		expect(counts(township)).toEqual({ zones: 2, departments: 6, services: 30, counters: 5, staff: 8 });
		expect(township.level).toBe('township');
		const comprehensive = township.counters.find((c) => c.name.zh === '综合窗口');
		expect(comprehensive?.services.map((s) => s.service).sort()).toEqual(township.services.map((s) => s.code).sort());
		// township services are county services, with the county's codes, so statistics line up across levels
		const known = new Set(county.services.map((s) => s.code));
		expect(township.services.filter((s) => !known.has(s.code)).map((s) => s.code)).toEqual([
			'agri-t01',
			'agri-t02',
			'agri-t03',
			'agri-t04',
			'agri-t05'
		]);
	});

	it('every service is served by a counter, in every hall', () => {
		for (const [name, hall] of Object.entries(halls)) {
			const served = new Set(hall.counters.flatMap((c) => c.services.map((s) => s.service)));
			expect(hall.services.filter((s) => !served.has(s.code)).map((s) => s.code), name).toEqual([]);
		}
	});

	it('city and county counters serve 2–12 services of their own zone, with weights 1–3', () => {
		for (const hall of [city, county]) {
			const zoneOf = new Map(hall.services.map((s) => [s.code, s.zone]));
			for (const c of hall.counters) {
				expect(c.services.length, c.id).toBeGreaterThanOrEqual(2);
				expect(c.services.length, c.id).toBeLessThanOrEqual(12);
				for (const s of c.services) {
					expect(zoneOf.get(s.service), `${c.id} ${s.service}`).toBe(c.zone);
					expect([1, 2, 3]).toContain(s.weight);
				}
				expect([2, 3]).toContain(c.maxPriorityInRow);
				expect(c.maxRecalls).toBe(3);
			}
			const strategies = new Set(hall.counters.map((c) => c.strategy));
			expect(strategies).toEqual(new Set(['strict', 'longestWait', 'weightedWait']));
		}
	});

	it('prefixes are one to three capital letters, one group per zone', () => {
		for (const [name, hall] of Object.entries(halls)) {
			const zoneOfPrefix = new Map<string, string>();
			for (const s of hall.services) {
				expect(s.prefix, `${name} ${s.code}`).toMatch(/^[A-Z]{1,3}$/);
				const zone = zoneOfPrefix.get(s.prefix) ?? s.zone;
				expect(s.zone, `${name} ${s.code}: prefix ${s.prefix} shared across zones`).toBe(zone);
				zoneOfPrefix.set(s.prefix, zone);
			}
		}
	});

	it('services have realistic figures and documents', () => {
		for (const hall of [city, county, township]) {
			for (const s of hall.services) {
				expect(s.avgHandleMinutes, s.code).toBeGreaterThanOrEqual(5);
				expect(s.avgHandleMinutes, s.code).toBeLessThanOrEqual(40);
				expect(s.targetWaitMinutes, s.code).toBeGreaterThanOrEqual(15);
				expect(s.targetWaitMinutes, s.code).toBeLessThanOrEqual(30);
				expect(s.documents.length, s.code).toBeGreaterThanOrEqual(1);
				expect(s.documents.length, s.code).toBeLessThanOrEqual(4);
				expect(s.keywords?.[0], s.code).toMatch(/^[a-z0-9]+$/); // pinyin initials first
			}
		}
		const byName = new Map(city.services.map((s) => [s.name.zh, s]));
		expect(byName.get('企业设立登记')).toMatchObject({ prefix: 'B', zone: 'business', dailyQuota: 150, keywords: expect.arrayContaining(['qysldj']) });
		expect(byName.get('居民身份证换领')).toMatchObject({ zone: 'police', requiresIdentity: true, keywords: expect.arrayContaining(['jmsfzhl']) });
		expect(byName.get('企业银行开户预约')?.keywords?.[0]).toBe('qyyhkhyy'); // 银行: yínháng
	});

	it('demo credentials: password "hallq-demo", the documented staff ids and counters', async () => {
		for (const [hall, first, second] of [
			[city, 's001', 's002'],
			[county, 'c001', 'c002'],
			[township, 't001', 't002']
		] as const) {
			const byId = new Map(hall.staff.map((s) => [s.id, s]));
			expect(byId.get(first)).toMatchObject({ role: 'staff', counters: ['C01', 'C02'] });
			expect(byId.get(second)).toMatchObject({ role: 'staff', counters: ['C02', 'C03'] });
			expect(byId.get('sup01')?.role).toBe('supervisor');
			expect(byId.get('admin')?.role).toBe('admin');
			expect(await verifyPassword('hallq-demo', byId.get(first)?.passwordHash ?? '')).toBe(true);
			expect(await verifyPassword('hallq-demo', byId.get('admin')?.passwordHash ?? '')).toBe(true);
			expect(await verifyPassword('wrong', byId.get('admin')?.passwordHash ?? '')).toBe(false);
		}
	});

	it('demo device tokens: only their sha256 is stored', () => {
		for (const hall of [city, county, township]) {
			const hashOf = new Map(hall.devices.map((d) => [d.id, d.tokenHash]));
			expect(hashOf.get('K01')).toBe(hashDeviceToken(`demo-${hall.id}-kiosk-K01`));
			expect(hashOf.get('hall')).toBe(hashDeviceToken(`demo-${hall.id}-board-hall`));
			for (const z of hall.zones) expect(hashOf.get(`zone-${z.id}`)).toBe(hashDeviceToken(`demo-${hall.id}-board-zone-${z.id}`));
			for (const c of hall.counters) expect(hashOf.get(`eval-${c.id}`)).toBe(hashDeviceToken(`demo-${hall.id}-eval-${c.id}`));
			expect(JSON.stringify(hall)).not.toContain(`demo-${hall.id}-`);
		}
		expect(city.devices.filter((d) => d.kind === 'kiosk').map((d) => d.id)).toEqual(['K01', 'K02', 'K03', 'K04', 'K05', 'K06']);
		expect(city.devices.find((d) => d.id === 'counter-C01')).toMatchObject({ kind: 'display', board: 'counter', counter: 'C01' });
	});
});

describe('tiny test hall', () => {
	it('is what the generator writes', () => {
		expect(raw(TINY)).toEqual(JSON.parse(JSON.stringify(tinyHall())));
	});

	it('has the ids the other tests use', async () => {
		expect(tiny.zones.map((z) => z.id)).toEqual(['biz', 'soc']);
		expect(tiny.services.map((s) => [s.code, s.prefix, s.zone])).toEqual([
			['biz-reg', 'A', 'biz'],
			['biz-chg', 'A', 'biz'],
			['soc-id', 'B', 'soc'],
			['soc-pen', 'C', 'soc']
		]);
		expect(tiny.counters.map((c) => [c.id, c.number, c.strategy, c.services.map((s) => `${s.service}×${s.weight}`)])).toEqual([
			['C01', 1, 'weightedWait', ['biz-reg×2', 'biz-chg×1']],
			['C02', 2, 'strict', ['biz-chg×1', 'biz-reg×1']],
			['C03', 3, 'longestWait', ['soc-id×1', 'soc-pen×1']]
		]);
		expect(tiny.staff.map((s) => [s.id, s.role, s.counters])).toEqual([
			['s001', 'staff', ['C01', 'C02']],
			['sup01', 'supervisor', ['C02', 'C03']],
			['admin', 'admin', []]
		]);
		expect(tiny.devices.map((d) => [d.id, d.kind, d.tokenHash])).toEqual([
			['K01', 'kiosk', hashDeviceToken('test-kiosk')],
			['hall', 'display', hashDeviceToken('test-board')],
			['eval-C01', 'evaluator', hashDeviceToken('test-eval')]
		]);
		expect(tiny.services.find((s) => s.code === 'soc-pen')?.dailyQuota).toBe(3);
		expect(await verifyPassword('hallq-demo', tiny.staff[0]?.passwordHash ?? '')).toBe(true);
	});

	it('issues at any hour of any day', () => {
		const index = indexHall(tiny);
		const state = initialState('tiny', '2025-01-05');
		const service = tiny.services[0];
		if (!service) throw new Error('no service');
		// Sunday 2025-01-05 03:00 and Wednesday 2025-01-08 23:59, Shanghai time
		for (const at of ['2025-01-05T03:00:00+08:00', '2025-01-08T23:59:00+08:00', '2025-01-06T00:00:00+08:00']) {
			expect(issuingStatus(index, service, state, Date.parse(at)), at).toEqual({ open: true, remaining: null });
		}
	});
});

describe('broken hall files', () => {
	const copy = (): HallConfig => structuredClone(city);

	it('a valid copy has no problems', () => {
		expect(problems(copy())).toEqual([]);
	});

	it('unknown zone on a service', () => {
		const hall = copy();
		(hall.services[12] as HallConfig['services'][number]).zone = 'Z9';
		expect(problems(hall)).toEqual(['services[12].zone: unknown zone "Z9"']);
	});

	it('a calendar with a false date, a weekday as make-up workday, a day both off and worked; a grace out of range', () => {
		const hall = copy();
		hall.calendar = { holidays: ['2026-02-30', '2026-10-01'], workdays: ['2026-09-27'], workdayHoursOf: 6 };
		hall.dayClose = { graceMinutes: 300 };
		expect(problems(hall)).toEqual([
			'calendar.holidays[0]: not a date of the calendar',
			'calendar.workdayHoursOf: Too big: expected number to be <=5',
			'dayClose.graceMinutes: Too big: expected number to be <=240'
		]);
		const ok = copy();
		ok.calendar = { holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-09-27', '2026-10-11'] };
		expect(problems(ok)).toEqual([]);
		const clash = copy();
		clash.calendar = { holidays: ['2026-10-03'], workdays: ['2026-10-03', '2026-09-30'] };
		expect(problems(clash)).toEqual(['calendar.workdays: 2026-10-03 both a holiday and a workday', 'calendar.workdays[1]: 2026-09-30 is a weekday: a make-up workday is a Saturday or Sunday']);
	});

	it('alert thresholds: accepted within range, an unknown service or a bad reason code refused', () => {
		const ok = copy();
		const code = ok.services[0]?.code ?? '';
		ok.alerts = { queueOver: 40, pauseMinutes: { break: 20, meeting: 90 }, consoleMissingMinutes: 3, clearAfterSeconds: 60, services: { [code]: { timeLimitMinutes: 45 } } };
		expect(problems(ok)).toEqual([]);
		const hall = copy();
		hall.alerts = { queueOver: 0, forecastMinutes: 1 };
		expect(problems(hall)).toEqual(['alerts.queueOver: Too small: expected number to be >=1', 'alerts.forecastMinutes: Too small: expected number to be >=5']);
		const names = copy();
		names.alerts = { pauseMinutes: { 'Lunch break': 30 }, services: { 'NO-SUCH': { queueOver: 5 } } };
		expect(problems(names)).toEqual(['alerts.services.NO-SUCH: unknown service "NO-SUCH"', 'alerts.pauseMinutes.Lunch break: a pause reason code, such as break or meeting']);
	});

	it('duplicate counter number', () => {
		const hall = copy();
		(hall.counters[1] as HallConfig['counters'][number]).number = 1;
		expect(problems(hall)).toEqual(['counters: counter number "1" appears more than once']);
	});

	it('bad time "25:00"', () => {
		const hall = copy();
		(hall.hours[1] as HallConfig['hours'][number]).to = '25:00';
		expect(problems(hall)).toEqual(['hours[1].to: a time "HH:MM"']);
		// as a start time it is also after the end, a second problem on the same window
		const late = copy();
		(late.hours[0] as HallConfig['hours'][number]).from = '25:00';
		expect(problems(late)).toEqual(['hours[0].from: a time "HH:MM"', 'hours[0]: "from" must be before "to"']);
	});

	it('bad time in a service\'s own hours', () => {
		const hall = copy();
		const i = hall.services.findIndex((s) => s.hours.length > 0);
		const service = hall.services[i] as HallConfig['services'][number];
		service.hours = [{ days: [1, 2, 3, 4, 5], from: '08:30', to: '12:60' }];
		expect(problems(hall)).toEqual([`services[${i}].hours[0].to: a time "HH:MM"`]);
	});

	it('a secret in a hall file (they are committed: keys come from the deployment)', () => {
		expect(problems({ ...copy(), secret: 'DEMO-ONLY-not-for-production-hallq-city-00000000' })).toEqual([
			'secret: a hall file holds no secret: remove it and give the deployment its keys (HALLQ_SECRETS_FILE or HALLQ_MASTER_KEYS, docs/security.md)'
		]);
	});

	it('unknown service in a counter', () => {
		const hall = copy();
		const counter = hall.counters[3] as HallConfig['counters'][number];
		counter.services.push({ service: 'no-such-service', weight: 1 });
		expect(problems(hall)).toEqual([`counters[3].services[${counter.services.length - 1}].service: unknown service "no-such-service"`]);
	});

	it('a display without board kind', () => {
		const hall = copy();
		const i = hall.devices.findIndex((d) => d.id === 'hall');
		delete (hall.devices[i] as HallConfig['devices'][number]).board;
		expect(problems(hall)).toEqual([`devices[${i}].board: a display needs a board kind`]);
	});

	it('the hall\'s voice for its boards', () => {
		const hall: HallConfig = { ...copy(), voice: { engine: 'clips', repeat: 3, english: true, maxAgeSeconds: 90 } };
		expect(problems(hall)).toEqual([]);
		const bad = { ...copy(), voice: { engine: 'loud', repeat: 9 } } as unknown as HallConfig;
		expect(problems(bad)).toEqual(['voice.engine: Invalid option: expected one of "auto"|"clips"|"speech"|"off"', 'voice.repeat: Too big: expected number to be <=5']);
	});

	it('the hall\'s identity rules: green-channel age, daily cap, reprints and categories', () => {
		const hall: HallConfig = { ...copy(), identity: { elderlyAge: 65, dailyCap: 3, maxReprints: 1, greenCategories: ['elderly', 'disabled'] } };
		expect(problems(hall)).toEqual([]);
		const bad = { ...copy(), identity: { elderlyAge: 12, dailyCap: 0, greenCategories: ['none'], extra: 1 } } as unknown as HallConfig;
		expect(problems(bad)).toEqual([
			'identity.elderlyAge: Too small: expected number to be >=50',
			'identity.dailyCap: Too small: expected number to be >=1',
			'identity.greenCategories[0]: Invalid option: expected one of "elderly"|"disabled"|"pregnant"|"military"',
			'identity: Unrecognized key: "extra"'
		]);
	});

	it('a kiosk printer: a network printer with a valid port, and only on kiosks', () => {
		const hall = copy();
		const kiosk = hall.devices.findIndex((d) => d.kind === 'kiosk');
		const board = hall.devices.findIndex((d) => d.id === 'hall');
		(hall.devices[kiosk] as HallConfig['devices'][number]).printer = { kind: 'network', host: '10.0.0.41', port: 9100, paper: 58, qr: 'raster' };
		expect(problems(hall)).toEqual([]);
		(hall.devices[kiosk] as HallConfig['devices'][number]).printer = { kind: 'network', host: '10.0.0.41', port: 70000 };
		(hall.devices[board] as HallConfig['devices'][number]).printer = { kind: 'network', host: 'printer.local' };
		expect(problems(hall)).toEqual([`devices[${kiosk}].printer.port: Too big: expected number to be <=65535`, `devices[${board}].printer: only a kiosk has a ticket printer`]);
	});

	it('extra unknown keys, at the top and inside', () => {
		const hall = { ...copy(), colour: 'red' };
		(hall.services[0] as unknown as Record<string, unknown>).colour = 'blue';
		expect(problems(hall)).toEqual(['services[0]: Unrecognized key: "colour"', '(root): Unrecognized key: "colour"']);
	});

	it('a service no counter serves', () => {
		const hall = copy();
		const code = hall.services[0]?.code ?? '';
		for (const c of hall.counters) c.services = c.services.filter((s) => s.service !== code);
		expect(problems(hall)).toEqual([`services[0].code: no counter serves "${code}"`]);
	});

	it('several problems at once: one line each, naming the path', () => {
		const hall = { ...copy(), colour: 'red' };
		(hall.services[12] as HallConfig['services'][number]).zone = 'Z9';
		(hall.counters[1] as HallConfig['counters'][number]).number = 1;
		(hall.hours[1] as HallConfig['hours'][number]).to = '25:00';
		const counter = hall.counters[3] as HallConfig['counters'][number];
		counter.services.push({ service: 'no-such-service', weight: 1 });
		const hallBoard = hall.devices.findIndex((d) => d.id === 'hall');
		delete (hall.devices[hallBoard] as HallConfig['devices'][number]).board;
		(hall.staff[0] as HallConfig['staff'][number]).counters.push('C99');
		expect(problems(hall)).toEqual([
			'hours[1].to: a time "HH:MM"',
			'(root): Unrecognized key: "colour"',
			'counters: counter number "1" appears more than once',
			'services[12].zone: unknown zone "Z9"',
			`counters[3].services[${counter.services.length - 1}].service: unknown service "no-such-service"`,
			'staff[0].counters[2]: unknown counter "C99"',
			`devices[${hallBoard}].board: a display needs a board kind`
		]);
	});

	it('ConfigError names the file and counts the problems', () => {
		const hall = copy();
		(hall.services[12] as HallConfig['services'][number]).zone = 'Z9';
		const file = join(tmp, 'broken.json');
		writeFileSync(file, JSON.stringify(hall));
		try {
			loadHallConfig(file);
			expect.unreachable();
		} catch (err) {
			expect(err).toBeInstanceOf(ConfigError);
			const e = err as ConfigError;
			expect(e.file).toBe(file);
			expect(e.problems).toEqual(['services[12].zone: unknown zone "Z9"']);
			expect(e.message).toBe(`${file}: 1 problem(s)\n  services[12].zone: unknown zone "Z9"`);
		}
	});

	it('malformed JSON gives one clear line', () => {
		const file = join(tmp, 'malformed.json');
		writeFileSync(file, '{\n  "id": "x",\n');
		expect(() => loadHallConfig(file)).toThrow(ConfigError);
		try {
			loadHallConfig(file);
		} catch (err) {
			const e = err as ConfigError;
			expect(e.problems).toHaveLength(1);
			expect(e.problems[0]).toMatch(/^\(file\): .*JSON/);
		}
	});

	it('a missing file gives one clear line', () => {
		const file = join(tmp, 'missing.json');
		expect(() => loadHallConfig(file)).toThrow(ConfigError);
		try {
			loadHallConfig(file);
		} catch (err) {
			expect((err as ConfigError).problems).toEqual([`(file): ENOENT: no such file or directory, open '${file}'`]);
		}
	});
});

describe('config CLI', () => {
	it('reports a valid file with its counts', () => {
		expect(checkHallFile(CITY)).toEqual({
			file: CITY,
			ok: true,
			lines: ['ok config/city-hall.json: 10 zones, 275 services, 70 counters, 151 staff']
		});
		expect(checkHallFile(TINY).lines).toEqual(['ok tests/fixtures/halls/tiny.json: 2 zones, 4 services, 3 counters, 3 staff']);
	});

	it('reports the problems of a broken file, one line each', () => {
		const hall = structuredClone(city);
		(hall.services[12] as HallConfig['services'][number]).zone = 'Z9';
		(hall.counters[1] as HallConfig['counters'][number]).number = 1;
		const file = join(tmp, 'cli-broken.json');
		writeFileSync(file, JSON.stringify(hall));
		expect(checkHallFile(file)).toEqual({
			file,
			ok: false,
			lines: [
				`error ${file}: 2 problem(s)`,
				'  counters: counter number "1" appears more than once',
				'  services[12].zone: unknown zone "Z9"'
			]
		});
	});

	it('exits 1 when any file has a problem, 0 when all are valid', { timeout: 30_000 }, () => {
		const bad = join(tmp, 'cli-malformed.json');
		writeFileSync(bad, '{');
		const tsx = join('node_modules', '.bin', 'tsx');
		const good = spawnSync(tsx, ['server/config/cli.ts', TOWNSHIP, TINY], { encoding: 'utf8' });
		expect(good.status).toBe(0);
		expect(good.stdout).toBe(
			'ok config/township.json: 2 zones, 30 services, 5 counters, 8 staff\nok tests/fixtures/halls/tiny.json: 2 zones, 4 services, 3 counters, 3 staff\n'
		);
		const mixed = spawnSync(tsx, ['server/config/cli.ts', TINY, bad], { encoding: 'utf8' });
		expect(mixed.status).toBe(1);
		expect(mixed.stdout).toContain('ok tests/fixtures/halls/tiny.json');
		expect(mixed.stderr).toMatch(new RegExp(`^error ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 1 problem\\(s\\)\n  \\(file\\): .*JSON`));
	});
});

describe('the network of halls', () => {
	it('links the sample halls city → county → township, with central staff at the top two', () => {
		expect([city.parent, county.parent, township.parent]).toEqual([undefined, 'city', 'county']);
		expect(city.staff.filter((s) => s.scope === 'network').map((s) => [s.id, s.role])).toEqual([['center01', 'supervisor']]);
		expect(checkNetworkOf([CITY, COUNTY, TOWNSHIP])).toEqual({ file: `${CITY},${COUNTY},${TOWNSHIP}`, ok: true, lines: ['ok network: 3 halls, top city'] });
	});

	it('refuses a parent that is not configured, and a loop of parents', () => {
		const a = { ...structuredClone(tiny), id: 'a', parent: 'b' };
		const b = { ...structuredClone(tiny), id: 'b', parent: 'a' };
		expect(() => checkNetwork([a, b])).toThrow(ConfigError);
		expect(networkProblems([a, b])).toEqual(['hall a: its parents lead back to it (a → b → a)']);
		expect(networkProblems([{ id: 't', parent: 'county' }])).toEqual(['hall t: parent "county" is not a configured hall']);
		expect(problems({ ...structuredClone(tiny), parent: 'tiny' })).toEqual(['parent: a hall cannot be its own parent']);
	});

	it('gives the network scope to supervisors and admins only', () => {
		const hall = structuredClone(tiny);
		const clerk = hall.staff.findIndex((s) => s.role === 'staff');
		const supervisor = hall.staff.findIndex((s) => s.role === 'supervisor');
		(hall.staff[supervisor] as HallConfig['staff'][number]).scope = 'network';
		expect(problems(hall)).toEqual([]);
		(hall.staff[clerk] as HallConfig['staff'][number]).scope = 'network';
		expect(problems(hall)).toEqual([`staff[${clerk}].scope: only a supervisor or admin sees the network`]);
	});
});
