import { describe, expect, it } from 'vitest';
import type { IssuedIdentity } from '../../../server/core/commands';
import { ageOn, identityRules, priorityFor } from '../../../server/core/identity-rules';
import type { HallConfig, HallIdentityRules, ServiceConfig } from '../../../server/core/model';
import { cmd, makeHall, MINUTE, newDay, refusal, SVC, ticketOf } from '../../fixtures/core/hall';

function hallWith(identity?: HallIdentityRules, services: Partial<Record<string, Partial<ServiceConfig>>> = {}): HallConfig {
	return { ...makeHall({ services }), identity };
}

/** A person as the server hands them to the core: a keyed hash, masked forms and an age. */
function person(n: number, age: number | null = 40): IssuedIdentity {
	return { hash: `hash-of-person-${n}`, masked: `1101**********${String(n).padStart(4, '0')}`, holderMasked: '测*', age };
}

describe('age from the birth date', () => {
	it.each([
		['1964-06-03', '2024-06-03', 60],
		['1964-06-04', '2024-06-03', 59],
		['1964-05-31', '2024-06-03', 60],
		['1964-12-31', '2024-06-03', 59],
		['2000-02-29', '2024-02-28', 23],
		['2000-02-29', '2024-02-29', 24],
		['2000-02-29', '2023-03-01', 23]
	])('born %s, on %s: %i', (birth, today, age) => {
		expect(ageOn(birth, today)).toBe(age);
	});
});

describe('green channel', () => {
	it('is given from the age, at the hall\'s threshold and not a day before', () => {
		const d = newDay(hallWith());
		const older = d.issue(SVC.tax, { identity: person(1, 60) });
		const younger = d.issue(SVC.tax, { identity: person(2, 59) });
		expect(ticketOf(d.state, older).priority).toBe('elderly');
		expect(ticketOf(d.state, younger).priority).toBe('none');
	});

	it('follows a threshold set in the hall file', () => {
		const d = newDay(hallWith({ elderlyAge: 65 }));
		expect(ticketOf(d.state, d.issue(SVC.tax, { identity: person(1, 64) })).priority).toBe('none');
		expect(ticketOf(d.state, d.issue(SVC.tax, { identity: person(2, 65) })).priority).toBe('elderly');
	});

	it('is given for the categories the hall grants it to, and refused for others', () => {
		const rules = identityRules(hallWith({ greenCategories: ['disabled'] }));
		expect(priorityFor(rules, 'disabled', 30)).toBe('disabled');
		expect(refusal(() => priorityFor(rules, 'military', 30)).code).toBe('PRIORITY.NOT_OFFERED');
		// Without 'elderly' among them, age gives nothing.
		expect(priorityFor(rules, 'none', 80)).toBe('none');
		const d = newDay(hallWith({ greenCategories: ['disabled'] }));
		expect(ticketOf(d.state, d.issue(SVC.tax, { priority: 'disabled' })).priority).toBe('disabled');
		expect(refusal(() => d.do(cmd.issue(SVC.tax, { priority: 'pregnant' }))).code).toBe('PRIORITY.NOT_OFFERED');
	});

	it('keeps a category chosen at the kiosk over the age', () => {
		const d = newDay(hallWith());
		expect(ticketOf(d.state, d.issue(SVC.tax, { identity: person(1, 70), priority: 'disabled' })).priority).toBe('disabled');
	});
});

describe('one active ticket per person and service; presenting the card again reprints it', () => {
	it('gives the same ticket back as a reprint, not a new number', () => {
		const d = newDay(hallWith());
		const first = d.issue(SVC.tax, { identity: person(1) });
		const [again] = d.do(cmd.issue(SVC.tax, { identity: person(1), kiosk: 'k2' }));
		expect(again).toMatchObject({ type: 'TicketReprinted', ticket: first, kiosk: 'k2' });
		expect(d.state.order).toEqual([first]);
		expect(d.state.services[SVC.tax]?.issued).toBe(1);
		expect(ticketOf(d.state, first).reprintedBy).toHaveLength(1);
		// Another service, or another person, is a new ticket.
		expect(d.issue(SVC.social, { identity: person(1) })).not.toBe(first);
		expect(d.issue(SVC.tax, { identity: person(2) })).not.toBe(first);
	});

	it('answers a retried reprint with the first answer', () => {
		const d = newDay(hallWith());
		const first = d.issue(SVC.tax, { identity: person(1) });
		const retry = cmd.issue(SVC.tax, { identity: person(1), req: 'reprint-once' });
		expect(d.do(retry)).toHaveLength(1);
		expect(d.do(retry)).toEqual([]);
		expect(d.state.requests['reprint-once']).toEqual({ kind: 'issue', ticket: first, counter: null });
		expect(ticketOf(d.state, first).reprintedBy).toEqual(['reprint-once']);
	});

	it('reprints a called ticket too, and a new ticket once the first is done', () => {
		const d = newDay(hallWith());
		d.do(cmd.open('c2', 's1'));
		const first = d.issue(SVC.tax, { identity: person(1) });
		expect(d.callNext('c2', 's1')).toBe(first);
		expect(d.do(cmd.issue(SVC.tax, { identity: person(1) }))[0]?.type).toBe('TicketReprinted');
		d.do(cmd.start('c2', 's1'));
		d.do(cmd.finish('c2', 's1'));
		d.tick(MINUTE);
		expect(d.issue(SVC.tax, { identity: person(1) })).not.toBe(first);
	});

	it('follows a transferred ticket to its new service', () => {
		const d = newDay(hallWith());
		d.do(cmd.open('c2', 's1'));
		const first = d.issue(SVC.tax, { identity: person(1) });
		d.callNext('c2', 's1');
		d.do(cmd.transfer('c2', 's1', SVC.realEstate));
		expect(d.do(cmd.issue(SVC.realEstate, { identity: person(1) }))[0]).toMatchObject({ type: 'TicketReprinted', ticket: first });
	});

	it('reprints a ticket restored from a snapshot saved before reprints existed', () => {
		const d = newDay(hallWith());
		const first = d.issue(SVC.tax, { identity: person(1) });
		delete ticketOf(d.state, first).reprintedBy;
		expect(d.do(cmd.issue(SVC.tax, { identity: person(1) }))[0]).toMatchObject({ type: 'TicketReprinted', ticket: first });
		expect(ticketOf(d.state, first).reprintedBy).toHaveLength(1);
	});

	it('bounds the reprints of one ticket', () => {
		const d = newDay(hallWith({ maxReprints: 2 }));
		d.issue(SVC.tax, { identity: person(1) });
		d.do(cmd.issue(SVC.tax, { identity: person(1) }));
		d.do(cmd.issue(SVC.tax, { identity: person(1) }));
		expect(refusal(() => d.do(cmd.issue(SVC.tax, { identity: person(1) }))).code).toBe('IDENTITY.REPRINT_LIMIT');
	});

	it('reprints even when the service has stopped issuing (quota reached)', () => {
		const d = newDay(hallWith({}, { [SVC.tax]: { dailyQuota: 1 } }));
		const first = d.issue(SVC.tax, { identity: person(1) });
		expect(refusal(() => d.do(cmd.issue(SVC.tax, { identity: person(2) }))).code).toBe('SERVICE.QUOTA_EXHAUSTED');
		expect(d.do(cmd.issue(SVC.tax, { identity: person(1) }))[0]).toMatchObject({ type: 'TicketReprinted', ticket: first });
	});
});

describe('daily cap per person', () => {
	it('refuses the ticket past the cap, counting cancelled and finished ones, not reprints', () => {
		const d = newDay(hallWith({ dailyCap: 3 }));
		const a = d.issue(SVC.tax, { identity: person(1) });
		d.do(cmd.issue(SVC.tax, { identity: person(1) })); // a reprint
		d.do(cmd.cancel(a));
		d.issue(SVC.tax, { identity: person(1) });
		d.issue(SVC.social, { identity: person(1) });
		expect(refusal(() => d.do(cmd.issue(SVC.realEstate, { identity: person(1) }))).code).toBe('IDENTITY.DAILY_CAP');
		// Someone else is not affected, and nothing was written by the refusal.
		const before = d.state.version;
		expect(d.issue(SVC.realEstate, { identity: person(2) })).toBeTruthy();
		expect(d.state.version).toBe(before + 1);
	});

	it('is five tickets by default', () => {
		const d = newDay(hallWith());
		const [tax] = [SVC.tax, SVC.social, SVC.realEstate, SVC.bizReg, SVC.bizChange].map((s) => d.issue(s, { identity: person(1) }));
		d.do(cmd.cancel(tax as string));
		expect(refusal(() => d.do(cmd.issue(SVC.tax, { identity: person(1) }))).code).toBe('IDENTITY.DAILY_CAP');
	});
});

describe('services that require identity', () => {
	it('refuse a ticket without an ID card read, and issue one with it', () => {
		const d = newDay(hallWith({}, { [SVC.realEstate]: { requiresIdentity: true } }));
		expect(refusal(() => d.do(cmd.issue(SVC.realEstate))).code).toBe('IDENTITY.REQUIRED');
		expect(d.state.order).toEqual([]);
		const t = d.issue(SVC.realEstate, { identity: person(1) });
		expect(ticketOf(d.state, t)).toMatchObject({ identityHash: 'hash-of-person-1', identityMasked: '1101**********0001', holderMasked: '测*' });
		// Other services still issue without a card.
		expect(d.issue(SVC.tax)).toBeTruthy();
	});
});
