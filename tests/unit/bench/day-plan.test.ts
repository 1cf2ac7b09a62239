/**
 * The simulated day's visitors of services that require an ID card bring one: a fictitious person
 * each (never the same number twice, a valid check digit), some of green-channel age who then ask
 * for no priority (the card gives it); visitors of other services bring none.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ageOn, isValidIdNumber } from '../../../cardreader/id-number';
import { cardHolders, planDay } from '../../../bench/support/day-plan';
import { seededRandom } from '../../../cardreader/simulator/identities';
import type { HallConfig } from '../../../server/core/model';

const hall = JSON.parse(readFileSync('config/city-hall.json', 'utf8')) as HallConfig;
const DAY = '2025-03-12';

describe('the day plan', () => {
	it('gives every visitor of a service that requires an ID card a card of their own', () => {
		const plan = planDay(hall, { tickets: 3000, seed: 42, day: DAY });
		const requires = new Set(hall.services.filter((s) => s.requiresIdentity).map((s) => s.code));
		const withCard = plan.visits.filter((v) => v.card);
		expect(withCard.length).toBeGreaterThan(300);
		for (const v of plan.visits) expect(v.card !== null).toBe(requires.has(v.service));
		const numbers = withCard.map((v) => v.card?.idNumber ?? '');
		expect(new Set(numbers).size).toBe(numbers.length);
		expect(numbers.every((n) => isValidIdNumber(n, DAY))).toBe(true);
		const green = withCard.filter((v) => ageOn(v.card?.birthDate ?? '', DAY) >= 60);
		expect(green.length).toBeGreaterThan(10);
		expect(green.every((v) => v.priority === 'none')).toBe(true);
	});

	it('draws holders of exactly the ages asked for, on either side of the green-channel age', () => {
		const next = cardHolders(hall, DAY, seededRandom(3));
		for (let i = 0; i < 2000; i++) {
			const green = i % 2 === 0;
			const age = ageOn(next(green).birthDate, DAY);
			if (green) expect(age).toBeGreaterThanOrEqual(60);
			else expect(age).toBeGreaterThanOrEqual(18);
			if (!green) expect(age).toBeLessThanOrEqual(58);
		}
	});

	it('is the same day for the same seed', () => {
		expect(planDay(hall, { tickets: 200, seed: 7, day: DAY })).toEqual(planDay(hall, { tickets: 200, seed: 7, day: DAY }));
	});
});
