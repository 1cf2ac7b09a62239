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
const inFirstZone = hall.services.filter((s) => s.zone === hall.zones[0]!.id);
/** Full today: a quota of one, taken below. */
const full = inFirstZone[1]!;
full.dailyQuota = 1;
/** Closed now: it issues only tomorrow morning. */
const closedToday = inFirstZone[2]!;
const todayIso = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(new Intl.DateTimeFormat('en-US', { weekday: 'short', timeZone: hall.timeZone }).format(Date.now())) + 1;
closedToday.hours = [{ days: [(todayIso % 7) + 1], from: '08:30', to: '12:00' }];
/** Found by "gsdj". */
const gsdj = hall.services.find((s) => s.name.zh === '个体工商户设立登记')!;

mkdirSync('artifacts/screens', { recursive: true });
const server = await startBuiltServer([hall]);
const browser = await launchBrowser();
let stopped = false;
try {
	const kioskSocket = io(server.url, { auth: { token: 'demo-city-kiosk-K02' }, transports: ['websocket'] });
	const served = hall.counters.find((c) => c.id === 'C01')?.services.map((s) => s.service) ?? [];
	for (let i = 0; i < 12; i++) {
		const service = served[i % served.length] ?? hall.services[0]!.code;
		await kioskSocket.timeout(5000).emitWithAck('ticket:issue', { requestId: `shot-${i}-${Date.now()}`, service, priority: i === 3 ? 'elderly' : 'none' });
	}
	for (const service of [full.code, gsdj.code, gsdj.code]) {
		await kioskSocket.timeout(5000).emitWithAck('ticket:issue', { requestId: `shot-${service}-${Math.random().toString(36).slice(2)}`, service, priority: 'none' });
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

	// The kiosk at both sizes: every screen and state a visitor can meet.
	const offlinePages: { page: import('playwright-core').Page; orientation: string }[] = [];
	for (const [orientation, viewport] of [
		['portrait', { width: 1080, height: 1920 }],
		['landscape', { width: 1920, height: 1080 }]
	] as const) {
		const shot = (name: string) => page.screenshot({ path: screenshotPath(`kiosk-${orientation}-${name}`) });
		const page = await browser.newPage({ viewport });
		await page.goto(`${server.url}/kiosk/K01?token=demo-city-kiosk-K01`);
		await page.getByTestId(`zone-${hall.zones[0]!.id}`).waitFor();
		await shot('start');
		await page.getByTestId('search-open').click();
		await page.getByTestId('search-input').waitFor();
		await shot('search-empty');
		for (const key of 'gsdj') await page.locator(`[data-key="${key}"]`).click();
		await page.getByTestId(`result-${gsdj.code}`).waitFor();
		await shot('search-gsdj');
		await page.getByTestId('home').click();
		await page.getByTestId(`zone-${hall.zones[0]!.id}`).click();
		await shot('zone');
		await page.getByTestId(`service-${full.code}`).click();
		await page.getByTestId('service-closed').waitFor();
		await shot('service-full');
		await page.getByTestId('back').click();
		await page.getByTestId(`service-${closedToday.code}`).click();
		await page.getByTestId('service-closed').waitFor();
		await shot('service-closed-hours');
		await page.getByTestId('back').click();
		await page.getByTestId(`service-${served[0]}`).click();
		await shot('service');
		await page.getByTestId('take-number').click();
		await page.getByTestId('ticket-number').waitFor();
		await shot('ticket');
		await page.getByTestId('ticket-done').click();

		await page.getByTestId('large-text-toggle').click();
		await shot('large-text-start');
		await page.getByTestId(`zone-${hall.zones[0]!.id}`).click();
		await page.getByTestId(`service-${served[0]}`).click();
		await shot('large-text-service');
		await page.getByTestId('large-text-toggle').click();
		await page.getByTestId('high-contrast-toggle').click();
		await shot('high-contrast-service');
		await page.getByTestId('home').click();
		await shot('high-contrast-start');
		await page.getByTestId('search-open').click();
		for (const key of 'sbk') await page.locator(`[data-key="${key}"]`).click();
		await shot('high-contrast-search');
		await page.getByTestId('home').click();
		await page.getByTestId('high-contrast-toggle').click();
		await page.close();

		// The idle countdown, on a kiosk told to wait 2 s without a touch.
		const idle = await browser.newPage({ viewport });
		await idle.goto(`${server.url}/kiosk/K01?token=demo-city-kiosk-K01&idle=2`);
		await idle.getByTestId(`zone-${hall.zones[0]!.id}`).click();
		await idle.getByTestId('idle-overlay').waitFor({ timeout: 10_000 });
		await idle.screenshot({ path: screenshotPath(`kiosk-${orientation}-idle`) });
		await idle.close();

		const offline = await browser.newPage({ viewport });
		await offline.goto(`${server.url}/kiosk/K01?token=demo-city-kiosk-K01`);
		await offline.getByTestId(`zone-${hall.zones[0]!.id}`).waitFor();
		offlinePages.push({ page: offline, orientation });
	}

	// Boards: hall, the zone of counter C01, and C01's counter board (voice off: no sound hint).
	const c01Zone = hall.counters.find((c) => c.id === 'C01')?.zone ?? hall.zones[0]!.id;
	for (const [kind, path] of [
		['hall', 'hall?token=demo-city-board-hall'],
		['zone', `zone-${c01Zone}?token=demo-city-board-zone-${c01Zone}`],
		['counter', 'counter-C01?token=demo-city-board-counter-C01']
	] as const) {
		for (const [orientation, viewport] of [
			['landscape', { width: 1920, height: 1080 }],
			['portrait', { width: 1080, height: 1920 }]
		] as const) {
			const board = await browser.newPage({ viewport });
			await board.goto(`${server.url}/display/${path}&voice=off`);
			await board.getByTestId('board').and(board.locator(`[data-kind="${kind}"]`)).waitFor();
			await new Promise((r) => setTimeout(r, 3500));
			await board.screenshot({ path: screenshotPath(kind === 'hall' ? `board-${orientation}` : `board-${kind}-${orientation}`) });
			await board.close();
		}
	}
	// The server gone: the kiosk says so, full screen, and waits for it by itself.
	await server.stop();
	stopped = true;
	for (const { page, orientation } of offlinePages) {
		await page.getByTestId('offline-overlay').waitFor();
		await page.screenshot({ path: screenshotPath(`kiosk-${orientation}-offline`) });
	}
	console.log('screenshots in artifacts/screens/');
} finally {
	await browser.close();
	if (!stopped) await server.stop();
}
