import type { HallConfig } from '../../server/core/model';
import { hashDeviceToken, hashPassword } from '../../server/app/passwords';

export const PASSWORD = 'test-password';
export const TOKENS = {
	kiosk: 'test-kiosk-token',
	kiosk2: 'test-kiosk-token-2',
	hallBoard: 'test-hall-board-token',
	zoneBoardB: 'test-zone-b-board-token',
	evaluator: 'test-evaluator-token',
	wall: 'test-wall-monitor-token'
};

// One fixed salt keeps the test hall cheap to build; real halls use random salts.
const hash = hashPassword(PASSWORD, Buffer.alloc(16, 7));
const text = (zh: string, en: string) => ({ zh, en });

/**
 * A small hall for realtime and browser tests, open all day every day:
 * zone A (services S1 prefix A, S2 prefix B) with counters C1 (S1, S2) and C2 (S1);
 * zone B (service S3 prefix C) with counter C3.
 */
export function testHall(id = 'test'): HallConfig {
	return {
		id,
		name: text('测试政务服务中心', 'Test Service Hall'),
		level: 'township',
		timeZone: 'Asia/Shanghai',
		hours: [{ from: '00:00', to: '24:00' }],
		zones: [
			{ id: 'za', name: text('社会事务区', 'Social affairs'), location: text('一楼', '1F'), icon: 'users' },
			{ id: 'zb', name: text('税务服务区', 'Taxation'), location: text('二楼', '2F'), icon: 'receipt' }
		],
		departments: [{ id: 'd1', name: text('民政局', 'Civil Affairs Bureau') }],
		services: [
			svc('S1', '社保卡申领', 'Social security card', 'za', 'A'),
			svc('S2', '养老保险查询', 'Pension enquiry', 'za', 'B'),
			svc('S3', '个人所得税申报', 'Personal income tax', 'zb', 'C')
		],
		counters: [
			counter('C1', 1, 'za', ['S1', 'S2']),
			counter('C2', 2, 'za', ['S1']),
			counter('C3', 3, 'zb', ['S3'])
		],
		staff: [
			{ id: 'u1', name: '王晓明', role: 'staff', counters: ['C1', 'C2'], passwordHash: hash },
			{ id: 'u2', name: '李红', role: 'staff', counters: ['C2'], passwordHash: hash },
			{ id: 'u3', name: '赵强', role: 'staff', counters: ['C3'], passwordHash: hash },
			{ id: 'sup', name: '陈主管', role: 'supervisor', counters: [], passwordHash: hash }
		],
		devices: [
			{ id: 'K1', kind: 'kiosk', name: text('1号取号机', 'Kiosk 1'), tokenHash: hashDeviceToken(TOKENS.kiosk) },
			{ id: 'K2', kind: 'kiosk', name: text('2号取号机', 'Kiosk 2'), tokenHash: hashDeviceToken(TOKENS.kiosk2) },
			{ id: 'hall', kind: 'display', board: 'hall', name: text('大厅屏', 'Hall board'), tokenHash: hashDeviceToken(TOKENS.hallBoard) },
			{ id: 'zone-zb', kind: 'display', board: 'zone', zone: 'zb', name: text('税务区屏', 'Tax zone board'), tokenHash: hashDeviceToken(TOKENS.zoneBoardB) },
			{ id: 'E1', kind: 'evaluator', counter: 'C1', name: text('评价器', 'Evaluator'), tokenHash: hashDeviceToken(TOKENS.evaluator) },
			{ id: 'W1', kind: 'monitor', name: text('后台监控屏', 'Back-office monitor'), tokenHash: hashDeviceToken(TOKENS.wall) }
		],
		notices: [text('请保管好您的号票', 'Please keep your ticket')]
	};
}

function svc(code: string, zh: string, en: string, zone: string, prefix: string): HallConfig['services'][number] {
	return {
		code,
		name: text(zh, en),
		zone,
		department: 'd1',
		prefix,
		dailyQuota: null,
		hours: [],
		avgHandleMinutes: 6,
		targetWaitMinutes: 20,
		documents: [text('居民身份证', 'Resident ID card')]
	};
}

function counter(id: string, number: number, zone: string, services: string[]): HallConfig['counters'][number] {
	return {
		id,
		number,
		name: text(`${number}号窗口`, `Counter ${number}`),
		zone,
		services: services.map((service) => ({ service, weight: 1 })),
		strategy: 'longestWait',
		maxPriorityInRow: 2,
		maxRecalls: 2
	};
}
