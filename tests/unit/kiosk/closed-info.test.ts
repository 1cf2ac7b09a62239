/** What the kiosk says of a service that gives no number now: why, and when numbers are given out again. */
import { describe, expect, it } from 'vitest';
import { closedInfo, nextOpeningText } from '../../../kiosk/strings';

const next = (inDays: number, date: string, weekday: number, at = '08:30') => ({ date, weekday, at, today: inDays === 0, inDays });

describe('the kiosk on a closed service', () => {
	it('names the next opening today, tomorrow, within the week, and with its date after a long holiday', () => {
		expect(nextOpeningText(next(0, '2026-12-07', 1, '13:30'))).toEqual({ zh: '今天 13:30', en: 'today at 13:30' });
		expect(nextOpeningText(next(1, '2026-12-08', 2))).toEqual({ zh: '明天（周二）08:30', en: 'tomorrow (Tuesday) at 08:30' });
		expect(nextOpeningText(next(3, '2026-12-07', 1))).toEqual({ zh: '周一 08:30', en: 'Monday at 08:30' });
		expect(nextOpeningText(next(9, '2027-02-18', 4))).toEqual({ zh: '2月18日（周四）08:30', en: 'Thursday 18 Feb at 08:30' });
	});

	it('says the day is over once the hall-day closed, with the next opening', () => {
		expect(closedInfo({ issuing: { open: false, reason: 'closed', nextOpen: next(1, '2026-12-08', 2) } })).toEqual({
			marker: { zh: '今日取号已结束', en: 'Closed for today' },
			reason: { zh: '今日取号已结束，请下次开放时间再来', en: 'Numbers for today have ended. Please come back when the hall opens again' },
			next: { zh: '明天（周二）08:30', en: 'tomorrow (Tuesday) at 08:30' }
		});
		expect(closedInfo({ issuing: { open: false, reason: 'quota', nextOpen: next(1, '2026-12-08', 2) } })?.marker.zh).toBe('今日号已取完');
		expect(closedInfo({ issuing: { open: false, reason: 'hours', nextOpen: null } })?.marker.zh).toBe('暂停取号');
		expect(closedInfo({ issuing: { open: true, remaining: null } })).toBeNull();
	});
});
