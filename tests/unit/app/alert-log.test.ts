import { describe, expect, it } from 'vitest';
import { alertLog } from '../../../server/app/alert-log';
import type { OpenAlert } from '../../../server/core/alert-book';

const alert: OpenAlert = {
	id: 'serviceUnstaffed:S3',
	kind: 'serviceUnstaffed',
	severity: 'critical',
	service: 'S3',
	counter: null,
	ticket: null,
	device: null,
	value: 4,
	limit: 0,
	raisedAt: 1000,
	seenAt: 1000,
	goneSince: null,
	acknowledged: null
};

describe('the alert log (the notification port until SMS and webhooks)', () => {
	it('writes one line per change: raised and escalated as warnings, cleared as information', () => {
		const lines: [string, string, object][] = [];
		const notifier = alertLog({ warn: (o, m) => lines.push(['warn', m, o]), info: (o, m) => lines.push(['info', m, o]) });
		notifier.alertsChanged('city', [
			{ type: 'raised', alert },
			{ type: 'escalated', alert: { ...alert, value: 9 } },
			{ type: 'cleared', alert, at: 5000 }
		]);
		expect(lines.map(([level, msg]) => `${level} ${msg}`)).toEqual(['warn alert raised', 'warn alert escalated', 'info alert cleared']);
		expect(lines[1]?.[2]).toMatchObject({ hall: 'city', alert: 'serviceUnstaffed:S3', kind: 'serviceUnstaffed', severity: 'critical', value: 9, service: 'S3' });
	});

	it('falls back to warnings on a log without info', () => {
		const msgs: string[] = [];
		alertLog({ warn: (_o, m) => msgs.push(m) }).alertsChanged('city', [{ type: 'cleared', alert, at: 5000 }]);
		expect(msgs).toEqual(['alert cleared']);
	});
});
