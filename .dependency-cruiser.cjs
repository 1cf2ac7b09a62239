/** Dependency rules of DESIGN.md: the core is pure; pages reach the server only for types. */
module.exports = {
	forbidden: [
		{
			name: 'core-is-pure',
			comment: 'server/core imports nothing outside itself (no I/O, no packages)',
			severity: 'error',
			from: { path: '^server/core/' },
			to: { pathNot: '^server/core/' }
		},
		{
			name: 'nothing-depends-on-outer-layers',
			comment: 'core, stores and app never import realtime, devices, the production entry or pages',
			severity: 'error',
			from: { path: '^server/(core|store|app)/' },
			to: { path: '^(server/(realtime|http|main|boot|devices)|src/|kiosk/|counter/|display/|phone/|supervision/)' }
		},
		{
			name: 'pages-only-types-from-server',
			comment: 'page code imports only types, and only from server/realtime/contract and the reports\' contract; besides, the pure ticket-number format',
			severity: 'error',
			from: { path: '^(src|kiosk|counter|display|phone|supervision)/' },
			to: { path: '^server/', pathNot: '^server/(realtime/contract|http/(report|assessment)-contract|core/ticket-number)\\.ts$' }
		},
		{
			name: 'pages-no-runtime-contract',
			severity: 'error',
			from: { path: '^(src|kiosk|counter|display|phone|supervision)/' },
			to: { path: '^server/(realtime/contract|http/(report|assessment)-contract)\\.ts$', dependencyTypesNot: ['type-only'] }
		},
		{
			name: 'contract-is-browser-safe',
			comment: 'the socket contract is shared with browsers: it imports only the pure core and packages (no node:crypto, no app or stores)',
			severity: 'error',
			from: { path: '^server/realtime/contract\\.ts$' },
			to: { path: '^server/', pathNot: '^server/core/' }
		},
		{
			name: 'ticket-number-stands-alone',
			comment: 'pages import the ticket-number format at run time: it imports nothing',
			severity: 'error',
			from: { path: '^server/core/ticket-number\\.ts$' },
			to: {}
		},
		{ name: 'contract-no-node-builtins', severity: 'error', from: { path: '^server/realtime/contract\\.ts$' }, to: { dependencyTypes: ['core'] } },
		{
			name: 'devices-stand-alone',
			comment: 'the printer and card-reader libraries know nothing of the server or the pages',
			severity: 'error',
			from: { path: '^(printer|cardreader)/' },
			to: { path: '^(server|src|kiosk|counter|display|phone|supervision)/' }
		},
		{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } }
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.svelte'] },
		exclude: { path: '(^|/)(\\.svelte-kit|build|node_modules)/' }
	}
};
