/**
 * The deployment's keys (server/app/keyring.ts): values signed for one purpose under the first master
 * key, verified under any listed key and no other purpose; the ID-number hash by hall and by the
 * pepper of the day; device-token hashes under each listed key; sessions and identity tokens through them.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fictitiousCard, seededRandom } from '../../../cardreader/simulator/identities';
import { cardHolder, identityFromToken } from '../../../server/app/identity';
import { Keyring, keyMaterialProblems, type KeyMaterial } from '../../../server/app/keyring';
import { signSession, verifySession } from '../../../server/app/sessions';
import { DomainError } from '../../../server/core/errors';
import { testHall } from '../../support/test-hall';

const K1 = { id: 'k1', secret: 'k1-secret-k1-secret-k1-secret-k1-secret' };
const K2 = { id: 'k2', secret: 'k2-secret-k2-secret-k2-secret-k2-secret' };
const P1 = { id: 'p1', secret: 'p1-pepper-p1-pepper-p1-pepper-p1-pepper' };
const P2 = { id: 'p2', secret: 'p2-pepper-p2-pepper-p2-pepper-p2-pepper', from: '2026-06-04' };
const keys = (m: Partial<KeyMaterial> = {}) => new Keyring({ masterKeys: [K1], idPeppers: [P1], ...m });
const body = Buffer.from('{"a":1}').toString('base64url');

describe('signed values', () => {
	it('name the signing key and open under the same purpose only', () => {
		const ring = keys();
		const token = ring.sign('session', body);
		expect(token.split('.')).toHaveLength(3);
		expect(Keyring.keyIdOf(token)).toBe('k1');
		expect(ring.open('session', token)).toBe(body);
		expect(ring.open('identity-token', token)).toBeNull();
	});

	it('a changed body, signature or key id does not open', () => {
		const ring = keys({ masterKeys: [K1, K2] });
		const [kid, b, sig] = ring.sign('session', body).split('.') as [string, string, string];
		expect(ring.open('session', `${kid}.${Buffer.from('{"a":2}').toString('base64url')}.${sig}`)).toBeNull();
		expect(ring.open('session', `${kid}.${b}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
		// The key id is signed too: the same body and mac under the other listed key's name fail.
		expect(ring.open('session', `k2.${b}.${sig}`)).toBeNull();
		expect(ring.open('session', `${b}.${sig}`)).toBeNull();
		expect(ring.open('session', `zz.${b}.${sig}`)).toBeNull();
	});

	it('rotation: the new first key signs, the old one verifies until it is removed', () => {
		const ring = keys();
		const old = ring.sign('session', body);
		ring.replace({ masterKeys: [K2, K1], idPeppers: [P1] });
		const fresh = ring.sign('session', body);
		expect(Keyring.keyIdOf(fresh)).toBe('k2');
		expect(ring.open('session', old)).toBe(body);
		expect(ring.open('session', fresh)).toBe(body);
		ring.replace({ masterKeys: [K2], idPeppers: [P1] });
		expect(ring.open('session', old)).toBeNull();
		expect(ring.verifies('k1')).toBe(false);
		expect(ring.open('session', fresh)).toBe(body);
	});

	it('material with a problem is refused whole and the keys in use stay', () => {
		const ring = keys();
		const token = ring.sign('session', body);
		expect(() => ring.replace({ masterKeys: [{ id: 'k3', secret: 'short' }], idPeppers: [P1] })).toThrow('master key k3: 5 characters, fewer than 32');
		expect(ring.signingKeyId).toBe('k1');
		expect(ring.open('session', token)).toBe(body);
	});

	it('names each problem of key material', () => {
		expect(keyMaterialProblems({ masterKeys: [], idPeppers: [] })).toEqual(['no master key', 'no ID pepper']);
		expect(keyMaterialProblems({ masterKeys: [K1, { ...K2, id: 'k1' }, { ...K2, id: 'a.b' }], idPeppers: [P1, { ...P2, from: '4 June' }, { ...P1, id: 'p3' }] })).toEqual([
			'master key id "k1" is listed twice',
			'master key id "a.b": 1 to 32 letters, digits, - or _',
			'ID peppers p1, p3 have no "from": only one may (the one before all others)',
			'ID pepper from "4 June": a date YYYY-MM-DD'
		]);
	});
});

describe('the ID-number hash', () => {
	const id = '110101199003070015';

	it('is the same for one number in one hall under one pepper, whatever the case of the X', () => {
		const ring = keys();
		expect(ring.idNumberHash('h1', '2026-06-03', id)).toMatch(/^[0-9a-f]{64}$/);
		expect(ring.idNumberHash('h1', '2026-06-03', '11010119900307001x')).toBe(ring.idNumberHash('h1', '2026-06-05', ' 11010119900307001X'));
		expect(ring.idNumberHash('h2', '2026-06-03', id)).not.toBe(ring.idNumberHash('h1', '2026-06-03', id));
		// Not a hash of the master keys: rotating them leaves the hash alone.
		const rotated = keys({ masterKeys: [K2] });
		expect(rotated.idNumberHash('h1', '2026-06-03', id)).toBe(ring.idNumberHash('h1', '2026-06-03', id));
	});

	it('a new pepper takes effect on its day: the days before keep theirs', () => {
		const before = keys();
		const ring = keys({ idPeppers: [P2, P1] });
		expect(ring.pepperFor('2026-06-03').id).toBe('p1');
		expect(ring.pepperFor('2026-06-04').id).toBe('p2');
		expect(ring.pepperFor('2027-01-01').id).toBe('p2');
		expect(ring.idNumberHash('h1', '2026-06-03', id)).toBe(before.idNumberHash('h1', '2026-06-03', id));
		expect(ring.idNumberHash('h1', '2026-06-04', id)).not.toBe(ring.idNumberHash('h1', '2026-06-03', id));
		// With only dated peppers, days before all of them take the earliest.
		expect(keys({ idPeppers: [P2] }).pepperFor('2020-01-01').id).toBe('p2');
	});
});

describe('sessions and identity tokens', () => {
	const claims = { hall: 'test', staff: 'u1', exp: 2_000, ep: 0 };

	it('a session verifies under any listed key until it expires', () => {
		const ring = keys();
		const session = signSession(claims, ring);
		expect(verifySession(session, ring, 1_000)).toEqual(claims);
		expect(verifySession(session, ring, 2_000)).toBeNull();
		expect(verifySession(session, keys({ masterKeys: [K2] }), 1_000)).toBeNull();
		expect(verifySession(session, keys({ masterKeys: [K2, K1] }), 1_000)).toEqual(claims);
		// A session is no identity token: another purpose, another key.
		expect(() => identityFromToken(ring, testHall(), 'K1', session, 1_000)).toThrow(DomainError);
	});

	it('an identity token read before midnight is refused after it (its hash is of the day before)', () => {
		const ring = keys({ idPeppers: [P2, P1] });
		const hall = testHall();
		const { kind, idNumber, birthDate } = fictitiousCard('resident', seededRandom(11), { birthDate: '1980-05-05', name: '测试二' });
		const card = { kind, idNumber, birthDate, name: '测试二' };
		const lateEvening = Date.UTC(2026, 5, 3, 15, 58); // 23:58 in Shanghai, 2026-06-03
		const read = cardHolder(ring, hall, 'K1', card, lateEvening);
		const identity = identityFromToken(ring, hall, 'K1', read.token, lateEvening + 60_000);
		expect(identity.hash).toBe(ring.idNumberHash(hall.id, '2026-06-03', card.idNumber));
		expect(() => identityFromToken(ring, hall, 'K1', read.token, lateEvening + 3 * 60_000)).toThrow('the ID card read has expired');
		expect(() => identityFromToken(ring, hall, 'K2', read.token, lateEvening + 60_000)).toThrow('not valid here');
	});
});

describe('device-token hashes', () => {
	it('one per listed key, the signing key first: HMAC-SHA256 under HKDF(master key, "device-token"), never the plain sha256', () => {
		const token = 'hqd_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG';
		const ring = keys({ masterKeys: [K2, K1] });
		const hashes = ring.deviceTokenHashes(token);
		expect(hashes.map((h) => h.kid)).toEqual(['k2', 'k1']);
		// Worked out here with node:crypto, not through the keyring.
		const expected = (secret: string) => createHmac('sha256', Buffer.from(hkdfSync('sha256', secret, 'hallq/v1', 'device-token', 32))).update(token).digest('hex');
		expect(hashes.map((h) => h.hash)).toEqual([expected(K2.secret), expected(K1.secret)]);
		expect(hashes[0]?.hash).not.toBe(hashes[1]?.hash);
		expect(hashes.map((h) => h.hash)).not.toContain(createHash('sha256').update(token).digest('hex'));
		// Another token, another hash; the same token, the same hash after a reload of the keys.
		expect(ring.deviceTokenHashes(`${token}x`)[0]?.hash).not.toBe(hashes[0]?.hash);
		ring.replace({ masterKeys: [K2], idPeppers: [P1] });
		expect(ring.deviceTokenHashes(token)).toEqual([hashes[0]]);
	});
});
