/**
 * A whole number from the environment within [min, max], or `fallback` when unset or empty; anything
 * else stops the start with a message naming the variable (and the unit, when given).
 */
export function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, unit?: string): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number ${unit ? `of ${unit} ` : ''}from ${min} to ${max}, not ${raw}`);
	return n;
}
