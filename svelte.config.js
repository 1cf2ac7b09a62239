import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		alias: {
			$kiosk: 'kiosk',
			$counter: 'counter',
			$display: 'display',
			$ui: 'src/lib/ui',
			$contract: 'server/realtime/contract.ts'
		}
	}
};

export default config;
