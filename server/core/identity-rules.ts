/**
 * Per-person rules for tickets issued with an ID card read at the kiosk (K3, K5): the green channel
 * from the birth date and for the categories the hall grants it to, one active ticket per person
 * and service (presenting the card again reprints it), a daily cap per person, and services that
 * issue only to an identified person. Pure: the person is known only by the keyed hash of their
 * ID number and an age the server worked out from the card in the hall's time zone.
 */
import type { IssueTicket } from './commands';
import { fail } from './errors';
import type { HallDayState, HallIdentityRules, HallConfig, PriorityClass, ServiceConfig, Ticket } from './model';

/** The age of a 老年人 in PRC law (老年人权益保障法 art. 2), the default green-channel threshold. */
export const DEFAULT_ELDERLY_AGE = 60;
export const DEFAULT_DAILY_CAP = 5;
/** Reprints of one ticket: enough for a lost slip, not a printer of free paper. */
export const DEFAULT_MAX_REPRINTS = 3;
export const GREEN_CATEGORIES: readonly PriorityClass[] = ['elderly', 'disabled', 'pregnant', 'military'];

export type IdentityRules = Required<HallIdentityRules>;

export function identityRules(hall: HallConfig): IdentityRules {
	const r = hall.identity ?? {};
	return {
		elderlyAge: r.elderlyAge ?? DEFAULT_ELDERLY_AGE,
		dailyCap: r.dailyCap ?? DEFAULT_DAILY_CAP,
		maxReprints: r.maxReprints ?? DEFAULT_MAX_REPRINTS,
		greenCategories: r.greenCategories ?? [...GREEN_CATEGORIES]
	};
}

/** Whole years from a birth date to a day, both "YYYY-MM-DD" (the day before a birthday it is one less). */
export function ageOn(birthDate: string, today: string): number {
	const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
	const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
	return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Whether an age read from a card gives the green channel in this hall. */
export function greenByAge(rules: IdentityRules, age: number | null | undefined): boolean {
	return age !== null && age !== undefined && age >= rules.elderlyAge && rules.greenCategories.includes('elderly');
}

/** The priority a ticket gets: what the kiosk asked for when the hall grants it, else elderly by age, else none. */
export function priorityFor(rules: IdentityRules, requested: PriorityClass, age: number | null | undefined): PriorityClass {
	if (requested !== 'none') {
		if (!rules.greenCategories.includes(requested)) fail('PRIORITY.NOT_OFFERED', `this hall gives no green channel for "${requested}"`);
		return requested;
	}
	return greenByAge(rules, age) ? 'elderly' : 'none';
}

const ACTIVE: ReadonlySet<Ticket['status']> = new Set(['waiting', 'called', 'serving']);

/** The person's ticket for this service that is still waiting, called or being served. */
export function activeTicketOf(state: HallDayState, hash: string, service: string): Ticket | undefined {
	const mine = ticketIdsOf(state, hash);
	for (let i = mine.length - 1; i >= 0; i--) {
		const t = state.tickets[mine[i] as string];
		if (t && ACTIVE.has(t.status) && (t.service === service || t.issuedService === service)) return t;
	}
	return undefined;
}

/** Tickets issued to the person today, any service, any outcome (reprints are not new tickets). */
export function ticketsIssuedTo(state: HallDayState, hash: string): number {
	return ticketIdsOf(state, hash).length;
}

function ticketIdsOf(state: HallDayState, hash: string): readonly string[] {
	return (Object.hasOwn(state.byPerson, hash) ? state.byPerson[hash] : undefined) ?? [];
}

export type IdentityOutcome = { kind: 'reprint'; ticket: Ticket } | { kind: 'issue'; priority: PriorityClass };

/**
 * What the identity rules make of an issue command, before hours and quota are looked at (a person
 * who holds a ticket gets it reprinted even when the service has closed meanwhile). Throws the
 * refusals: IDENTITY.REQUIRED, IDENTITY.REPRINT_LIMIT, IDENTITY.DAILY_CAP, PRIORITY.NOT_OFFERED.
 */
export function applyIdentityRules(hall: HallConfig, state: HallDayState, service: ServiceConfig, cmd: IssueTicket): IdentityOutcome {
	const rules = identityRules(hall);
	const person = cmd.identity;
	if (!person) {
		if (service.requiresIdentity) fail('IDENTITY.REQUIRED', `service ${service.code} issues tickets only after the ID card is read`);
		return { kind: 'issue', priority: priorityFor(rules, cmd.priority, null) };
	}
	const held = activeTicketOf(state, person.hash, service.code);
	if (held) {
		const reprints = held.reprintedBy?.length ?? 0;
		if (reprints >= rules.maxReprints) fail('IDENTITY.REPRINT_LIMIT', `ticket ${held.id} was reprinted ${reprints} times; please ask the staff`);
		return { kind: 'reprint', ticket: held };
	}
	if (ticketsIssuedTo(state, person.hash) >= rules.dailyCap)
		fail('IDENTITY.DAILY_CAP', `this person has taken ${rules.dailyCap} tickets today, the most one person may`);
	return { kind: 'issue', priority: priorityFor(rules, cmd.priority, person.age) };
}
