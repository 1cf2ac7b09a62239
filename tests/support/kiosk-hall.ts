import type { HallConfig } from '../../server/core/model';
import { testHall } from './test-hall';

const text = (zh: string, en: string) => ({ zh, en });

/** ISO weekday (1 = Monday) of now in the hall's zone. */
export function weekdayNow(timeZone: string): number {
	const name = new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone }).format(Date.now());
	return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1;
}

/**
 * The test hall with services to search for and services that do not issue now:
 * - S1 社保卡申领 (sbk), S2 养老保险查询, S3 个人所得税申报 as in the test hall;
 * - G1 个体工商户设立登记 (gtgshsldj: "gsdj" finds it), G2 企业设立登记;
 * - Q1 婚姻登记 with a daily quota of 1 (full after one ticket);
 * - H1 不动产登记 that issues only tomorrow, 08:30–12:00.
 */
export function kioskHall(): HallConfig {
	const hall = testHall();
	const base = hall.services[0]!;
	const tomorrow = (weekdayNow(hall.timeZone) % 7) + 1;
	const more = (code: string, zh: string, en: string, prefix: string, extra: Partial<typeof base> = {}) => ({
		...base,
		code,
		name: text(zh, en),
		prefix,
		documents: [text('居民身份证', 'Resident ID card'), text('营业执照', 'Business licence')],
		keywords: [],
		...extra
	});
	hall.services.push(
		more('G1', '个体工商户设立登记', 'Sole proprietor registration', 'D'),
		more('G2', '企业设立登记', 'Company registration', 'E'),
		more('Q1', '婚姻登记', 'Marriage registration', 'F', { dailyQuota: 1 }),
		more('H1', '不动产登记', 'Real-estate registration', 'G', { hours: [{ days: [tomorrow], from: '08:30', to: '12:00' }] })
	);
	const c1 = hall.counters.find((c) => c.id === 'C1')!;
	c1.services.push(...['G1', 'G2', 'Q1', 'H1'].map((service) => ({ service, weight: 1 })));
	return hall;
}
