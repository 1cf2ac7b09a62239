/**
 * Every `npm run <script>` the README and the docs tell an operator to type exists in package.json
 * (the archive and purge commands were documented for a while without being there).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const scripts = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts);
const documents = ['README.md', 'bench/README.md', 'config/README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('documented commands', () => {
	it('each npm run in the README and docs is a script of package.json', () => {
		const named = new Map<string, string>();
		for (const doc of documents) for (const m of readFileSync(join(root, doc), 'utf8').matchAll(/npm run ([a-z][\w:-]*)/g)) named.set(m[1]!, doc);
		expect(named.size).toBeGreaterThan(10);
		const missing = [...named].filter(([name]) => !scripts.includes(name)).map(([name, doc]) => `${name} (${doc})`);
		expect(missing).toEqual([]);
	});
});
