import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'data/', 'coverage/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	{ languageOptions: { globals: { ...globals.browser, ...globals.node } } },
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			'no-console': ['error', { allow: ['error', 'warn'] }]
		}
	},
	{ files: ['scripts/**', 'bench/**', 'tests/**', 'server/config/cli.ts', 'server/cli/**'], rules: { 'no-console': 'off' } },
	{
		// The pure core: no I/O, no clock, nothing from outside server/core.
		files: ['server/core/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: ['../*', 'node:*', 'fs', 'path', 'http', 'net', 'crypto', 'socket.io*', 'better-sqlite3', 'ioredis', 'pino', 'zod'] }],
			'no-restricted-globals': ['error', { name: 'Date', message: 'the clock is injected: take `now` as an argument' }, 'setTimeout', 'setInterval', 'process']
		}
	}
);
