import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../server/core/errors';
import { daysOf, nextPeriod, previousPeriod, reportPeriod, wholeMonths } from '../../../server/core/report-period';

describe('report periods', () => {
	it('finds the day, the Monday-to-Sunday week and the calendar month of a day', () => {
		expect(reportPeriod('day', '2026-11-17', undefined, 400)).toEqual({ period: 'day', from: '2026-11-17', to: '2026-11-17', days: 1 });
		// 2026-11-17 is a Tuesday; 2026-11-22 a Sunday.
		expect(reportPeriod('week', '2026-11-17', undefined, 400)).toEqual({ period: 'week', from: '2026-11-16', to: '2026-11-22', days: 7 });
		expect(reportPeriod('week', '2026-11-22', undefined, 400).from).toBe('2026-11-16');
		expect(reportPeriod('month', '2026-02-14', undefined, 400)).toEqual({ period: 'month', from: '2026-02-01', to: '2026-02-28', days: 28 });
		expect(reportPeriod('month', '2028-02-29', undefined, 400).days).toBe(29);
		expect(reportPeriod('range', '2026-12-30', '2027-01-02', 400)).toEqual({ period: 'range', from: '2026-12-30', to: '2027-01-02', days: 4 });
	});

	it('compares a month with the calendar month before, a range with as many days before', () => {
		expect(previousPeriod(reportPeriod('month', '2026-03-31', undefined, 400))).toEqual({ period: 'month', from: '2026-02-01', to: '2026-02-28', days: 28 });
		expect(previousPeriod(reportPeriod('month', '2026-01-05', undefined, 400))).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
		expect(previousPeriod(reportPeriod('week', '2026-01-01', undefined, 400))).toMatchObject({ from: '2025-12-22', to: '2025-12-28' });
		expect(previousPeriod(reportPeriod('range', '2026-11-01', '2026-11-10', 400))).toEqual({ period: 'range', from: '2026-10-22', to: '2026-10-31', days: 10 });
		expect(nextPeriod(reportPeriod('month', '2026-12-10', undefined, 400))).toMatchObject({ from: '2027-01-01', to: '2027-01-31' });
		expect(daysOf({ from: '2026-02-27', to: '2026-03-02' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
	});

	it('refuses dates off the calendar, a range backwards or too long, an end day outside a range', () => {
		const refused = (f: () => unknown) => {
			try {
				f();
			} catch (err) {
				return err instanceof DomainError ? err.code : 'other';
			}
			return 'accepted';
		};
		expect(refused(() => reportPeriod('day', '2026-02-30', undefined, 400))).toBe('VALIDATION.FAILED');
		expect(refused(() => reportPeriod('range', '2026-11-05', '2026-11-01', 400))).toBe('VALIDATION.FAILED');
		expect(refused(() => reportPeriod('range', '2026-01-01', '2026-12-31', 100))).toBe('VALIDATION.FAILED');
		expect(refused(() => reportPeriod('range', '2026-01-01', undefined, 100))).toBe('VALIDATION.FAILED');
		expect(refused(() => reportPeriod('month', '2026-01-01', '2026-01-31', 100))).toBe('VALIDATION.FAILED');
		expect(refused(() => reportPeriod('range', '2026-01-01', '2026-04-10', 100))).toBe('accepted');
	});
});

describe('wholeMonths', () => {
	it('splits days into the calendar months they cover wholly and the days left over', () => {
		expect(wholeMonths('2026-11-01', '2026-11-30')).toEqual({ months: ['2026-11'], ranges: [] });
		expect(wholeMonths('2026-01-15', '2026-03-10')).toEqual({ months: ['2026-02'], ranges: [{ from: '2026-01-15', to: '2026-01-31' }, { from: '2026-03-01', to: '2026-03-10' }] });
		// No whole month: one range, even across a month's end.
		expect(wholeMonths('2026-01-15', '2026-02-10')).toEqual({ months: [], ranges: [{ from: '2026-01-15', to: '2026-02-10' }] });
		expect(wholeMonths('2026-02-01', '2026-02-27')).toEqual({ months: [], ranges: [{ from: '2026-02-01', to: '2026-02-27' }] });
		// A year's trend across a leap February, and a December into January.
		expect(wholeMonths('2027-12-01', '2028-02-29')).toEqual({ months: ['2027-12', '2028-01', '2028-02'], ranges: [] });
		expect(wholeMonths('2026-12-06', '2026-12-06')).toEqual({ months: [], ranges: [{ from: '2026-12-06', to: '2026-12-06' }] });
	});
});
