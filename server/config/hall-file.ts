/**
 * The text of a hall file: JSON with tabs, short arrays and objects kept on one line, so the files
 * stay readable and diffable. The sample halls are written with it, and a configuration version
 * exports with it, so a file imported and exported again is the same bytes.
 */

/** Arrays and objects whose one-line JSON, with the indent, fits this many characters stay on one line. */
const LINE = 110;

function format(value: unknown, indent: string): string {
	const flat = JSON.stringify(value);
	if (flat === undefined) throw new Error('cannot format undefined');
	if (value === null || typeof value !== 'object' || indent.length + flat.length <= LINE) return flat;
	const inner = `${indent}\t`;
	if (Array.isArray(value)) return `[\n${value.map((v) => inner + format(v, inner)).join(',\n')}\n${indent}]`;
	const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
	return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`).join(',\n')}\n${indent}}`;
}

/** The hall file's text for a configuration (a JSON value), ending with a newline. */
export function hallFileText(config: unknown): string {
	return `${format(config, '')}\n`;
}
