import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, with the flags the closed network needs; playwright gives every
 * launch a fresh temporary profile. Fails clearly when Chromium is missing.
 */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(`Chromium not found at ${CHROMIUM}: run "sh scripts/install-system-packages.sh" (Debian package chromium) or set CHROMIUM_PATH`);
	}
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			...extraArgs
		]
	});
}

/** Where browser tests leave their screenshots for people to look at (ignored by git). */
export function screenshotPath(name: string): string {
	return join(process.env.SCREENSHOT_DIR ?? 'artifacts/screens', `${name}.png`);
}
