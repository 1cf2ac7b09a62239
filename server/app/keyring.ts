/**
 * The deployment's keys (docs/security.md): master keys, of which the first signs and every listed
 * one verifies, and the ID-number peppers by the hall-day they take effect. Each purpose gets its own
 * key derived with HKDF-SHA256, so a value signed for one purpose is worth nothing for another, and a
 * signed value names the master key it was signed under (`<key id>.<body>.<mac>`), so a rotation
 * (new key first, old key kept until what it signed has expired) needs no downtime.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** What the master keys sign: staff sessions and the identity tokens of card reads. */
export type KeyPurpose = 'session' | 'identity-token';

export interface MasterKey {
	id: string;
	secret: string;
}

export interface IdPepper {
	id: string;
	secret: string;
	/** The first hall-day (YYYY-MM-DD, the hall's calendar) it hashes; none: every day before the others. */
	from?: string;
}

export interface KeyMaterial {
	/** The first signs; the others only verify. */
	masterKeys: MasterKey[];
	idPeppers: IdPepper[];
}

export const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** Master keys and peppers: at least this many characters (a random 32 bytes in base64url is 43). */
export const MIN_KEY_LENGTH = 32;

/** Why key material cannot be used; empty when it can. */
export function keyMaterialProblems(m: KeyMaterial): string[] {
	const problems: string[] = [];
	const check = (kind: string, keys: readonly { id: string; secret: string }[]) => {
		if (keys.length === 0) problems.push(`no ${kind}`);
		const seen = new Set<string>();
		for (const k of keys) {
			if (!KEY_ID.test(k.id)) problems.push(`${kind} id "${k.id}": 1 to 32 letters, digits, - or _`);
			if (seen.has(k.id)) problems.push(`${kind} id "${k.id}" is listed twice`);
			seen.add(k.id);
			if (k.secret.length < MIN_KEY_LENGTH) problems.push(`${kind} ${k.id}: ${k.secret.length} characters, fewer than ${MIN_KEY_LENGTH}`);
		}
	};
	check('master key', m.masterKeys);
	check('ID pepper', m.idPeppers);
	const undated = m.idPeppers.filter((p) => p.from === undefined);
	if (undated.length > 1) problems.push(`ID peppers ${undated.map((p) => p.id).join(', ')} have no "from": only one may (the one before all others)`);
	const dates = m.idPeppers.flatMap((p) => (p.from === undefined ? [] : [p.from]));
	for (const d of dates) if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) problems.push(`ID pepper from "${d}": a date YYYY-MM-DD`);
	if (new Set(dates).size !== dates.length) problems.push('two ID peppers take effect on the same day');
	return problems;
}

export class Keyring {
	private material!: KeyMaterial;
	private readonly derived = new Map<string, Buffer>();

	constructor(material: KeyMaterial) {
		this.replace(material);
	}

	/**
	 * Takes new key material at once (a SIGHUP reloading the secrets file): from now on values signed
	 * under a key no longer listed stop verifying. Material with a problem is refused whole.
	 */
	replace(material: KeyMaterial): void {
		const problems = keyMaterialProblems(material);
		if (problems.length > 0) throw new Error(`key material refused: ${problems.join('; ')}`);
		this.material = { masterKeys: [...material.masterKeys], idPeppers: [...material.idPeppers] };
		this.derived.clear();
	}

	/** The id of the key that signs now. */
	get signingKeyId(): string {
		return this.material.masterKeys[0]!.id;
	}

	/** `<key id>.<body>.<mac>`: `body` (base64url, no dots) signed for `purpose` by the first master key. */
	sign(purpose: KeyPurpose, body: string): string {
		const kid = this.signingKeyId;
		return `${kid}.${body}.${this.mac(purpose, kid, body)}`;
	}

	/** The body of a value signed for `purpose` by a key still listed; null when it is not one. */
	open(purpose: KeyPurpose, token: string): string | null {
		const parts = token.split('.');
		if (parts.length !== 3) return null;
		const [kid, body, sig] = parts as [string, string, string];
		if (!body || !this.material.masterKeys.some((k) => k.id === kid)) return null;
		const expected = Buffer.from(this.mac(purpose, kid, body));
		const given = Buffer.from(sig);
		return expected.length === given.length && timingSafeEqual(expected, given) ? body : null;
	}

	/** The key id a signed value names (whether or not it is still listed). */
	static keyIdOf(token: string): string | null {
		const kid = token.split('.', 1)[0] ?? '';
		return KEY_ID.test(kid) ? kid : null;
	}

	/** Whether values signed under `kid` still verify. */
	verifies(kid: string): boolean {
		return this.material.masterKeys.some((k) => k.id === kid);
	}

	/**
	 * The keyed hashes a device token is kept by (the device-token pepper: HKDF of each listed master
	 * key), the signing key's first. A stolen table of them lets no one test guessed tokens without
	 * the master key.
	 */
	deviceTokenHashes(token: string): { kid: string; hash: string }[] {
		return this.material.masterKeys.map((k) => ({ kid: k.id, hash: createHmac('sha256', this.key('device-token', k.id, k.secret)).update(token).digest('hex') }));
	}

	/**
	 * The keyed hash people are matched by: the same number gives the same hash in one hall on every
	 * day one pepper covers; another hall, or a day under the next pepper, gives another.
	 */
	idNumberHash(hall: string, day: string, idNumber: string): string {
		const pepper = this.pepperFor(day);
		return createHmac('sha256', this.key(`id-number/${hall}`, pepper.id, pepper.secret)).update(idNumber.trim().toUpperCase()).digest('hex');
	}

	/** The pepper of a hall-day: the latest whose `from` is not after it (the earliest when all are). */
	pepperFor(day: string): IdPepper {
		const sorted = [...this.material.idPeppers].sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
		let chosen = sorted[0]!;
		for (const p of sorted) if ((p.from ?? '') <= day) chosen = p;
		return chosen;
	}

	private mac(purpose: KeyPurpose, kid: string, body: string): string {
		const secret = this.material.masterKeys.find((k) => k.id === kid)!.secret;
		return createHmac('sha256', this.key(purpose, kid, secret)).update(`${kid}.${body}`).digest('base64url');
	}

	private key(info: string, kid: string, secret: string): Buffer {
		const name = `${info}|${kid}`;
		let key = this.derived.get(name);
		if (!key) {
			key = Buffer.from(hkdfSync('sha256', secret, 'hallq/v1', info, 32));
			this.derived.set(name, key);
		}
		return key;
	}
}
