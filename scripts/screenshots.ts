/**
 * Screenshots of every page of the walking hall for people to look at:
 * `npx tsx scripts/screenshots.ts` (after `npm run build`) writes PNGs to artifacts/screens/.
 * Runs the built server on the sample city hall with a throw-away database, issues a few tickets,
 * calls one, then shoots kiosk, console and hall board at 1920×1080 and 1080×1920.
 */
import { mkdirSync } from 'node:fs';
import { io } from 'socket.io-client';
import { launchBrowser, screenshotPath } from '../tests/support/browser';
import { startBuiltServer } from '../tests/support/built-server';
import { loadHallConfig } from '../server/config/load';

const hall = loadHallConfig('config/city-hall.json');
hall.hours = [{ from: '00:00', to: '24:00' }];
for (const s of hall.services) s.hours = [];

mkdirSync('artifacts/screens', { recursive: true });
const server = await startBuiltServer([hall]);
const browser = await launchBrowser();
try {
	const kioskSocket = io(server.url, { auth: { token: 'demo-city-kiosk-K02' }, transports: ['websocket'] });
	const served = hall.counters.find((c) => c.id === 'C01')?.services.map((s) => s.service) ?? [];
	for (let i = 0; i < 12; i++) {
		const service = served[i % served.length] ?? hall.services[0]!.code;
		await kioskSocket.timeout(5000).emitWithAck('ticket:issue', { requestId: `shot-${i}-${Date.now()}`, service, priority: i === 3 ? 'elderly' : 'none' });
	}
	kioskSocket.close();

	const counter = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
	await counter.goto(`${server.url}/counter`);
	await counter.getByTestId('login-hall').fill('city');
	await counter.getByTestId('login-staff').fill('s001');
	await counter.getByTestId('login-password').fill('hallq-demo');
	await counter.getByTestId('login-submit').click();
	await counter.getByTestId('open-counter-C01').click();
	await counter.getByTestId('call-next').click();
	await counter.getByTestId('current-ticket').waitFor();
	await new Promise((r) => setTimeout(r, 500));
	await counter.screenshot({ path: screenshotPath('counter-landscape-called') });
	await counter.getByTestId('pause').click();
	await counter.getByTestId('pause-dialog').waitFor();
	await counter.screenshot({ path: screenshotPath('counter-landscape-pause-dialog') });
	await counter.keyboard.press('Escape');

	for (const [orientation, viewport] of ([
		['landscape', { width: 1920, height: 1080 }],
		['portrait', { width: 1080, height: 1920 }]
	] as const)) {
		const page = await browser.newPage({ viewport });
		await page.goto(`${server.url}/kiosk/K01?token=demo-city-kiosk-K01`);
		await page.getByTestId(`zone-${hall.zones[0]!.id}`).waitFor();
		await page.screenshot({ path: screenshotPath(`kiosk-${orientation}-start`) });
		await page.getByTestId(`zone-${hall.zones[0]!.id}`).click();
		await page.screenshot({ path: screenshotPath(`kiosk-${orientation}-zone`) });
		await page.getByTestId(`service-${served[0]}`).click();
		await page.screenshot({ path: screenshotPath(`kiosk-${orientation}-service`) });
		await page.getByTestId('take-number').click();
		await page.getByTestId('ticket-number').waitFor();
		await page.screenshot({ path: screenshotPath(`kiosk-${orientation}-ticket`) });
		await page.close();
	}

	for (const [orientation, viewport] of [
		['landscape', { width: 1920, height: 1080 }],
		['portrait', { width: 1080, height: 1920 }]
	] as const) {
		const board = await browser.newPage({ viewport });
		await board.goto(`${server.url}/display/hall?token=demo-city-board-hall`);
		await board.getByTestId('recent-calls').waitFor();
		await new Promise((r) => setTimeout(r, 3500));
		await board.screenshot({ path: screenshotPath(`board-${orientation}`) });
		await board.close();
	}
	console.log('screenshots in artifacts/screens/');
} finally {
	await browser.close();
	await server.stop();
}
