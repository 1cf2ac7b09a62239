/** When a kiosk's card reader is a device fault (server/realtime/card-state.ts readerProblem). */
import { describe, expect, it } from 'vitest';
import { readerProblem } from '../../../server/realtime/card-state';
import { testHall } from '../../support/test-hall';

const plain = testHall();
const needsCard = { ...plain, services: plain.services.map((s) => (s.code === 'S3' ? { ...s, requiresIdentity: true } : s)) };

describe('readerProblem', () => {
	it('a reader gone (unplugged, none found, no driver) is the fault, where a service needs an ID card', () => {
		for (const code of ['CARD.NO_READER', 'CARD.DISCONNECTED', 'CARD.DRIVER_MISSING']) expect(readerProblem(needsCard, { state: 'error', code })).toBe(code);
	});
	it('is no fault in a hall whose services all do without a card', () => {
		expect(readerProblem(plain, { state: 'error', code: 'CARD.NO_READER' })).toBeNull();
	});
	it('a card that cannot be read says nothing of the reader; a read or a reader ready clears it', () => {
		expect(readerProblem(needsCard, { state: 'error', code: 'CARD.READ_FAILED' })).toBeUndefined();
		expect(readerProblem(needsCard, { state: 'removed' })).toBeNull();
		expect(readerProblem(needsCard, { state: 'read', card: { kind: 'resident', idNumber: '110101199001011237', name: '测试', birthDate: '1990-01-01' } })).toBeNull();
	});
});
