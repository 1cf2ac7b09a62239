/**
 * The audit trail's log part (server/core/audit.ts): each event type as its entry — the action
 * code, who acted (the staff member, the device, a supervisor acting for another, the system), the
 * ticket and counter, the typed reason and the details — worked out by hand; and the filter.
 */
import { describe, expect, it } from 'vitest';
import { auditEntriesOf, logEntryMatches, LOG_ACTIONS, type LogAuditEntry } from '../../../server/core/audit';
import type { HallEvent, StoredEvent } from '../../../server/core/events';
import { indexHall } from '../../../server/core/hall-index';
import { testHall } from '../../support/test-hall';

const index = indexHall(testHall());
const DAY = '2026-12-07';
const T = Date.UTC(2026, 11, 7, 1, 0);
const alert = { id: 'queueLong:S1', kind: 'queueLong' as const, severity: 'warning' as const, service: 'S1', counter: null, ticket: null, device: null, value: 12, limit: 10 };

const cases: [HallEvent, Omit<LogAuditEntry, 'hall' | 'day' | 'seq' | 'at'>][] = [
	[{ type: 'CounterOpened', at: T, req: 'u1:1', counter: 'C1', staff: 'u1' }, { action: 'counter.open', actor: 'u1', ticket: null, counter: 'C1', reason: null, detail: null }],
	[
		{ type: 'TicketIssued', at: T, req: 'K1:2', ticket: 'A001', prefix: 'A', serial: 1, service: 'S1', priority: 'none', kiosk: 'K1', token: 'secret', identityHash: 'h', identityMasked: '1101**********0012', holderMasked: '张*' },
		{ action: 'ticket.issue', actor: 'K1', ticket: 'A001', counter: null, reason: null, detail: 'service=S1 priority=none kiosk=K1' }
	],
	[{ type: 'TicketReprinted', at: T, req: 'K2:3', ticket: 'A001', kiosk: 'K2' }, { action: 'ticket.reprint', actor: 'K2', ticket: 'A001', counter: null, reason: null, detail: 'kiosk=K2' }],
	[{ type: 'TicketCalled', at: T, req: 'u1:4', ticket: 'A001', counter: 'C1', staff: 'u1', reason: null }, { action: 'ticket.call', actor: 'u1', ticket: 'A001', counter: 'C1', reason: null, detail: null }],
	[{ type: 'TicketCalled', at: T, req: 'u1:5', ticket: 'A002', counter: 'C1', staff: 'u1', reason: '老人优先' }, { action: 'ticket.callSpecific', actor: 'u1', ticket: 'A002', counter: 'C1', reason: '老人优先', detail: null }],
	[{ type: 'TicketRecalled', at: T, req: 'u1:6', ticket: 'A002', counter: 'C1' }, { action: 'ticket.recall', actor: 'u1', ticket: 'A002', counter: 'C1', reason: null, detail: null }],
	[{ type: 'ServiceStarted', at: T, req: 'u1:7', ticket: 'A002', counter: 'C1' }, { action: 'ticket.start', actor: 'u1', ticket: 'A002', counter: 'C1', reason: null, detail: null }],
	[{ type: 'TicketFinished', at: T, req: 'u1:8', ticket: 'A002', counter: 'C1', outcome: 'done' }, { action: 'ticket.finish', actor: 'u1', ticket: 'A002', counter: 'C1', reason: null, detail: 'outcome=done' }],
	[{ type: 'TicketNoShow', at: T, req: 'u1:9', ticket: 'A001', counter: 'C1' }, { action: 'ticket.noShow', actor: 'u1', ticket: 'A001', counter: 'C1', reason: null, detail: null }],
	[{ type: 'TicketRequeued', at: T, req: 'u1:9', ticket: 'A001', counter: 'C1' }, { action: 'ticket.requeue', actor: 'u1', ticket: 'A001', counter: 'C1', reason: null, detail: null }],
	[{ type: 'TicketReactivated', at: T, req: 'u1:10', ticket: 'A001', counter: 'C1', staff: 'u1' }, { action: 'ticket.reactivate', actor: 'u1', ticket: 'A001', counter: 'C1', reason: null, detail: null }],
	[{ type: 'TicketParked', at: T, req: 'u1:11', ticket: 'A001', counter: 'C1', staff: 'u1' }, { action: 'ticket.park', actor: 'u1', ticket: 'A001', counter: 'C1', reason: null, detail: null }],
	[{ type: 'TicketCalledBack', at: T, req: 'u1:12', ticket: 'A001', counter: 'C1', staff: 'u1' }, { action: 'ticket.callBack', actor: 'u1', ticket: 'A001', counter: 'C1', reason: null, detail: null }],
	[
		{ type: 'TicketTransferred', at: T, req: 'u1:13', ticket: 'A001', fromCounter: 'C1', toService: 'S3', toCounter: 'C3' },
		{ action: 'ticket.transfer', actor: 'u1', ticket: 'A001', counter: 'C1', reason: null, detail: 'toService=S3 toCounter=C3' }
	],
	[
		{ type: 'TicketTransferred', at: T, req: 'sup:14', ticket: 'A003', fromCounter: null, toService: 'S2', toCounter: null, by: 'sup', reason: '材料在二楼 办理' },
		{ action: 'ticket.move', actor: 'sup', ticket: 'A003', counter: null, reason: '材料在二楼 办理', detail: 'toService=S2' }
	],
	[{ type: 'TicketCancelled', at: T, req: 'K1:15', ticket: 'A004', by: 'K1' }, { action: 'ticket.cancel', actor: 'K1', ticket: 'A004', counter: null, reason: null, detail: null }],
	[
		{ type: 'TicketRated', at: T, req: 'E1:16', ticket: 'A002', counter: 'C1', staff: 'u1', device: 'E1', overall: 2, efficiency: 2, level: 3, attitude: 2, reasons: ['waitTooLong', 'attitude'], comment: '太慢了' },
		{ action: 'ticket.rate', actor: 'E1', ticket: 'A002', counter: 'C1', reason: null, detail: 'overall=2 staff=u1 reasons=waitTooLong,attitude' }
	],
	[{ type: 'CounterPaused', at: T, req: 'u1:17', counter: 'C1', reason: 'break' }, { action: 'counter.pause', actor: 'u1', ticket: null, counter: 'C1', reason: 'break', detail: null }],
	[{ type: 'CounterResumed', at: T, req: 'u1:18', counter: 'C1' }, { action: 'counter.resume', actor: 'u1', ticket: null, counter: 'C1', reason: null, detail: null }],
	[{ type: 'CounterClosed', at: T, req: 'u1:19', counter: 'C1' }, { action: 'counter.close', actor: 'u1', ticket: null, counter: 'C1', reason: null, detail: null }],
	[{ type: 'CounterClosed', at: T, req: 'sup:20', counter: 'C2', by: 'sup', note: '李红已下班' }, { action: 'counter.closeFor', actor: 'sup', ticket: null, counter: 'C2', reason: '李红已下班', detail: null }],
	[{ type: 'AlertRaised', at: T, req: 'alerts:21', alert }, { action: 'alert.raise', actor: null, ticket: null, counter: null, reason: null, detail: 'alert=queueLong:S1 severity=warning value=12 limit=10' }],
	[{ type: 'AlertEscalated', at: T, req: 'alerts:22', alert: { ...alert, severity: 'critical', value: 20 } }, { action: 'alert.escalate', actor: null, ticket: null, counter: null, reason: null, detail: 'alert=queueLong:S1 severity=critical value=20 limit=10' }],
	[{ type: 'AlertAcknowledged', at: T, req: 'sup:23', id: 'queueLong:S1', by: 'sup', note: '已开2号窗' }, { action: 'alert.acknowledge', actor: 'sup', ticket: null, counter: null, reason: '已开2号窗', detail: 'alert=queueLong:S1' }],
	[{ type: 'AlertCleared', at: T, req: 'alerts:24', id: 'queueLong:S1' }, { action: 'alert.clear', actor: null, ticket: null, counter: null, reason: null, detail: 'alert=queueLong:S1' }],
	[{ type: 'ConfigApplied', at: T, req: 'config-3-abc', version: 3, by: 'adm' }, { action: 'config.apply', actor: 'adm', ticket: null, counter: null, reason: null, detail: 'version=3' }],
	[{ type: 'DayClosed', at: T, req: 'schedule:2026-12-07', reason: 'schedule', by: null, note: null }, { action: 'day.close', actor: null, ticket: null, counter: null, reason: null, detail: 'cause=schedule' }]
];

describe('audit entries of the hall-day log', () => {
	const events: StoredEvent[] = cases.map(([e], i) => ({ ...e, at: T + i * 1_000, seq: i + 1 }));
	const entries = auditEntriesOf(index, DAY, events);

	it('maps each event to its action, actor, ticket, counter, reason and details', () => {
		expect(entries).toStrictEqual(cases.map(([, want], i) => ({ hall: 'test', day: DAY, seq: i + 1, at: T + i * 1_000, ...want })));
	});

	it('covers every log action and carries no identity, token or rating comment', () => {
		expect(new Set(entries.map((e) => e.action))).toStrictEqual(new Set(LOG_ACTIONS));
		const text = JSON.stringify(entries);
		for (const secret of ['secret', '1101', '张*', '太慢了']) expect(text).not.toContain(secret);
	});

	it('a purged typed reason (emptied) leaves a call out of order one, without a reason', () => {
		const [purged] = auditEntriesOf(index, DAY, [{ type: 'TicketCalled', at: T, req: 'u1:1', ticket: 'A002', counter: 'C1', staff: 'u1', reason: '', seq: 1 }]);
		expect(purged).toMatchObject({ action: 'ticket.callSpecific', reason: null });
	});

	it('a request id that names nobody: the clerk on duty at the counter did its steps, the kiosk issued its ticket, the system did the rest', () => {
		const day: HallEvent[] = [
			{ type: 'CounterOpened', at: T, req: 'import-1', counter: 'C2', staff: 'u2' },
			{ type: 'TicketIssued', at: T, req: 'import-2', ticket: 'B001', prefix: 'B', serial: 1, service: 'S2', priority: 'none', kiosk: 'K2', token: '', identityHash: null, identityMasked: null, holderMasked: null },
			{ type: 'ServiceStarted', at: T, req: 'import-3', ticket: 'B001', counter: 'C2' },
			{ type: 'TicketTransferred', at: T, req: 'import-4', ticket: 'B001', fromCounter: 'C2', toService: 'S1', toCounter: null },
			{ type: 'CounterClosed', at: T, req: 'import-5', counter: 'C2' },
			{ type: 'TicketRecalled', at: T, req: 'import-6', ticket: 'B001', counter: 'C2' },
			{ type: 'TicketIssued', at: T, req: 'import-7', ticket: 'B002', prefix: 'B', serial: 2, service: 'S2', priority: 'none', kiosk: null, token: '', identityHash: null, identityMasked: null, holderMasked: null }
		];
		const actors = auditEntriesOf(index, DAY, day.map((e, i) => ({ ...e, seq: i + 1 }))).map((e) => e.actor);
		// The close is the clerk's (the counter was theirs); after it nobody is on duty at C2.
		expect(actors).toStrictEqual(['u2', 'K2', 'u2', 'u2', 'u2', null, null]);
	});

	it('filters by days, actor, ticket and action code or family', () => {
		const f = { hall: 'test', from: DAY, to: DAY };
		const count = (more: object) => entries.filter((e) => logEntryMatches(e, { ...f, ...more })).length;
		expect(count({})).toBe(cases.length);
		expect(count({ from: '2026-12-08', to: '2026-12-08' })).toBe(0);
		expect(count({ actor: 'sup' })).toBe(3);
		expect(count({ ticket: 'A002' })).toBe(5);
		expect(count({ action: 'alert' })).toBe(4);
		// A code is matched whole: ticket.call is not a prefix of ticket.callSpecific.
		expect(count({ action: 'ticket.call' })).toBe(1);
		expect(count({ action: 'counter', actor: 'u1' })).toBe(4);
	});
});
