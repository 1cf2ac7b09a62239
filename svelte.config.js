import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		typescript: {
			// The feature folders sit beside src/; include them in the generated tsconfig.
			config: (tsconfig) => {
				tsconfig.include.push('../kiosk/**/*.ts', '../kiosk/**/*.svelte', '../counter/**/*.ts', '../counter/**/*.svelte', '../display/**/*.ts', '../display/**/*.svelte', '../phone/**/*.ts', '../phone/**/*.svelte', '../supervision/**/*.ts', '../supervision/**/*.svelte');
				return tsconfig;
			}
		},
		alias: {
			$kiosk: 'kiosk',
			$counter: 'counter',
			$display: 'display',
			$phone: 'phone',
			$supervision: 'supervision',
			$ui: 'src/lib/ui',
			$contract: 'server/realtime/contract.ts',
			$reportContract: 'server/http/report-contract.ts',
			$assessmentContract: 'server/http/assessment-contract.ts',
			$auditContract: 'server/http/audit-contract.ts'
		}
	}
};

export default config;
