/**
 * The monitor's one-line alert text for device faults (supervision/monitor/strings.ts): a device by
 * its id with its problem in words; the live store, which is no device of the hall file, by name.
 */
import { describe, expect, it } from 'vitest';
import type { LoggedAlert } from '../../../server/core/model';
import { alertText } from '../../../supervision/monitor/strings';

const fault = (device: string, kind: NonNullable<LoggedAlert['fault']>['kind'], problem: string): LoggedAlert => ({
	id: `deviceFault:${kind}:${device}`,
	kind: 'deviceFault',
	severity: 'critical',
	service: null,
	counter: null,
	ticket: null,
	device,
	value: 1,
	limit: 0,
	fault: { kind, problem },
	raisedAt: 0,
	acknowledged: null
});
const noNames = { service: (c: string) => c, counter: () => null };

describe('device fault alerts in words', () => {
	it('a printer by its device id, the live store by name', () => {
		expect(alertText(fault('K01', 'printer', 'PRINTER.PAPER_OUT'), noNames.service, noNames.counter).zh).toMatch(/^K01：/);
		const store = alertText(fault('live-store', 'store', 'STORE.BEHIND_RESTORED'), noNames.service, noNames.counter);
		expect(store).toEqual({ zh: '队列存储：队列存储曾丢失记录，本服务器已补回，请通知运维检查', en: 'Queue store: The queue store lost records and this server gave them back: tell operations' });
	});
});
