import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Every page's Content-Security-Policy (docs/security.md "Content-Security-Policy"): scripts only
		// from this origin plus Kit's own inline start-up script by its nonce, never inline or eval.
		// Styles may be inline (Svelte writes style attributes); images also as data: (the ticket's QR
		// code); sockets and fetches to this origin only; no plugins, no framing, no other base or form target.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'media-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
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
			$ticketNumber: 'server/core/ticket-number.ts',
			$reportContract: 'server/http/report-contract.ts',
			$assessmentContract: 'server/http/assessment-contract.ts',
			$auditContract: 'server/http/audit-contract.ts'
		}
	}
};

export default config;
