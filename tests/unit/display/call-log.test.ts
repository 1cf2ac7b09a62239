import { describe, expect, it } from 'vitest';
import { CallLog, recentCalls } from '../../../display/call-log';
import type { CallView } from '../../../server/realtime/contract';

function call(seq: number, ticket: string, day = '2026-11-30', recall = false): CallView {
	return {
		seq,
		day,
		at: seq * 1000,
		ticket,
		counter: 'C1',
		counterNumber: 1,
		counterName: { zh: '1号窗口', en: 'Counter 1' },
		zone: 'za',
		service: 'S1',
		serviceName: { zh: '社保卡申领', en: 'Social security card' },
		recall
	};
}

describe('a board’s call log', () => {
	it('keeps each call once, whether it came live or in a catch-up, in seq order', () => {
		const log = new CallLog();
		expect(log.add([call(5, 'A001')]).map((c) => c.seq)).toEqual([5]);
		// a catch-up that overlaps the live call, out of order
		expect(log.add([call(9, 'A003'), call(5, 'A001'), call(7, 'A002')]).map((c) => c.seq)).toEqual([7, 9]);
		expect(log.calls.map((c) => c.seq)).toEqual([5, 7, 9]);
		expect(log.highest).toBe(9);
	});

	it('announces two calls of the same second at different counters both', () => {
		const log = new CallLog();
		const a = { ...call(3, 'A001'), at: 1000 };
		const b = { ...call(4, 'B001'), at: 1000, counter: 'C2', counterNumber: 2 };
		expect(log.add([b, a]).map((c) => c.ticket)).toEqual(['A001', 'B001']);
	});

	it('starts afresh on a new day and ignores calls of an earlier one', () => {
		const log = new CallLog();
		log.add([call(40, 'A040', '2026-11-29')]);
		expect(log.add([call(1, 'A001', '2026-11-30')]).map((c) => c.ticket)).toEqual(['A001']);
		expect(log.highest).toBe(1);
		expect(log.add([call(41, 'A041', '2026-11-29')])).toEqual([]);
	});

	it('lists recent calls newest first, one line per ticket, without the latest', () => {
		const calls = [call(1, 'A001'), call(2, 'A002'), call(3, 'A001', undefined, true), call(4, 'A003')];
		expect(recentCalls(calls, 8).map((c) => c.ticket)).toEqual(['A001', 'A002']);
		expect(recentCalls(calls, 1).map((c) => c.ticket)).toEqual(['A001']);
	});
});
