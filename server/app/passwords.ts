import { createHash, randomBytes, scrypt, scryptSync, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** "scrypt$N$r$p$salt$hash", base64 parts. */
export function hashPassword(password: string, salt: Buffer = randomBytes(16)): string {
	const hash = scryptSync(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r: R, p: P });
	return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) => scrypt(password, salt, length, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** As `hashPassword`, off the event loop (a password change must not stall kiosks and boards). */
export async function hashPasswordAsync(password: string, salt: Buffer = randomBytes(16)): Promise<string> {
	const hash = await scryptAsync(password.normalize('NFKC'), salt, KEY_LENGTH, { N, r: R, p: P });
	return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Checks a password off the event loop (scrypt runs in libuv's pool), so sign-ins never stall kiosks and boards. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64');
	try {
		const actual = await scryptAsync(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
			N: Number(n),
			r: Number(r),
			p: Number(p),
			maxmem: 64 * 1024 * 1024
		});
		return actual.length === expected.length && timingSafeEqual(actual, expected);
	} catch {
		return false; // parameters scrypt refuses: a broken hash never signs anyone in
	}
}

/** Device tokens are stored as their sha256; the token itself is shown once, to whoever sets the device up. */
export function hashDeviceToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}
