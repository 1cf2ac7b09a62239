/**
 * The kiosk and the counter console on the Redis store while Redis stops answering for 3 s
 * (SIGSTOP): both say "please wait" and keep resending the same request, and when Redis answers
 * again the press ends in exactly one ticket and one call, without anyone touching anything.
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fold, initialState } from '../../server/core/evolve';
import { hallDayOf } from '../../server/core/hall-day';
import { RedisEventStore } from '../../server/store/redis/redis-event-store';
import { launchBrowser, screenshotPath } from '../support/browser';
import { startBuiltServer, type BuiltServer } from '../support/built-server';
import { startRedis, type RedisServer } from '../support/redis-server';
import { connect, must, rid } from '../support/server';
import { PASSWORD, TOKENS, testHall } from '../support/test-hall';

let redis: RedisServer;
let server: BuiltServer;
let browser: Browser;

beforeAll(async () => {
	mkdirSync('artifacts/screens', { recursive: true });
	redis = await startRedis();
	server = await startBuiltServer([testHall()], { STORE: 'redis', REDIS_URL: redis.url });
	browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
	redis?.resume();
	await browser?.close();
	await server?.stop();
	await redis?.stop();
});

describe('Redis stops answering for 3 s', () => {
	it('the kiosk and the console show that they are waiting, then finish the press by themselves with one ticket', async () => {
		const viewport = { width: 1080, height: 1920 };
		const kiosk = await browser.newPage({ viewport });
		await kiosk.goto(`${server.url}/kiosk/K1?token=${TOKENS.kiosk}`);
		const counter = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await counter.goto(`${server.url}/counter`);
		await counter.getByTestId('login-hall').fill('test');
		await counter.getByTestId('login-staff').fill('u1');
		await counter.getByTestId('login-password').fill(PASSWORD);
		await counter.getByTestId('login-submit').click();
		await counter.getByTestId('open-counter-C1').click();
		await counter.getByTestId('call-next').waitFor();
		// A ticket from another kiosk is waiting for the counter before Redis stops.
		const other = await connect(server.url, { token: TOKENS.kiosk2 });
		await must(other, 'ticket:issue', { requestId: rid(), service: 'S1' });
		other.close();

		await kiosk.getByTestId('zone-za').click();
		await kiosk.getByTestId('service-S1').click();
		redis.pause();
		const pausedAt = Date.now();
		await kiosk.getByTestId('take-number').click();
		// The kiosk says it is taking the number and, after the first refusal, that it is trying again.
		await expect.poll(async () => (await kiosk.getByTestId('issuing').textContent()) ?? '', { timeout: 6000 }).toMatch(/2/);
		await kiosk.screenshot({ path: screenshotPath('redis-pause-kiosk-waiting') });
		await counter.getByTestId('call-next').click();
		await expect.poll(async () => (await counter.getByTestId('console-retrying').textContent()) ?? '', { timeout: 6000 }).toContain('请稍候');
		await counter.screenshot({ path: screenshotPath('redis-pause-counter-waiting') });
		// Both are waiting on a Redis that is still stopped; it answers again after 3 s at the least.
		await new Promise((r) => setTimeout(r, Math.max(0, 3000 - (Date.now() - pausedAt))));
		redis.resume();

		const number = (await kiosk.getByTestId('ticket-number').textContent({ timeout: 15_000 }))?.trim();
		expect(number).toBe('A002');
		await expect.poll(async () => (await counter.getByTestId('current-ticket').textContent()) ?? '', { timeout: 15_000 }).toContain('A001');
		await kiosk.screenshot({ path: screenshotPath('redis-pause-kiosk-ticket') });

		// One press, one ticket; one call.
		const store = await RedisEventStore.connect(redis.url);
		try {
			const hall = testHall();
			const key = hallDayOf(hall.id, hall.timeZone, Date.now());
			const events = await store.readAfter(key, 0, 100);
			expect(events.filter((e) => e.type === 'TicketIssued')).toHaveLength(2);
			expect(events.filter((e) => e.type === 'TicketCalled').map((e) => ('ticket' in e ? e.ticket : ''))).toEqual(['A001']);
			expect(Object.keys(fold(initialState(key.hall, key.day), events).tickets)).toEqual(['A001', 'A002']);
		} finally {
			await store.close();
		}
	}, 60_000);
});
