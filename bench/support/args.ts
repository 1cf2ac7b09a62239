/** A small parser for `--name value`, `--name=value` and `--flag` arguments of the bench scripts. */
export function parseFlags(argv: string[], known: { values: string[]; flags: string[] }, usage: string): Map<string, string> {
	const out = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i] ?? '';
		const [name, inline] = a.startsWith('--') ? (a.slice(2).split(/=(.*)/s) as [string, string | undefined]) : ['', undefined];
		if (known.flags.includes(name) && inline === undefined) out.set(name, 'true');
		else if (known.values.includes(name)) {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`--${name} needs a value; usage: ${usage}`);
			out.set(name, v);
		} else throw new Error(`unknown argument ${a}; usage: ${usage}`);
	}
	return out;
}

/** A whole number flag within [min, max]. */
export function intFlag(flags: Map<string, string>, name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
	const raw = flags.get(name);
	if (raw === undefined) return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}, not ${raw}`);
	return n;
}
