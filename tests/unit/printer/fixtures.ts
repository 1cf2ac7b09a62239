import type { TicketInput } from '../../../printer/ticket/ticket';

/** A fictitious ticket (no real hall, no real person). */
export const sampleTicket: TicketInput = {
	hallName: '青山市政务服务中心',
	ticketNumber: 'A023',
	serviceName: '不动产登记（个人）',
	zoneName: 'A区 一楼东侧',
	counters: ['3', '5', '12'],
	peopleAhead: 7,
	estimatedWaitMinutes: 18,
	issuedAt: '2025-03-14T01:05:00Z',
	timeZone: 'Asia/Shanghai',
	statusUrl: 'https://hallq.example.cn/t/city/2025-03-14/A023?k=3f9a',
	english: { hallName: 'Qingshan City Government Service Center', serviceName: 'Real estate registration', zoneName: 'Zone A, ground floor east' }
};
