/**
 * A test hall whose kiosk K1 has an agent with a simulated ID-card reader (the SAM simulator in
 * process, fictitious cards only), on a real server: cards are placed on the simulated reader, the
 * agent's real CardReader polls it and relays the reads through a real socket, and the kiosk client
 * gets `card:state`. The server clock starts at a fixed Shanghai time so ages are exact.
 */
import type { Logger } from 'pino';
import { CardReader } from '../../cardreader/reader';
import type { CardIdentity } from '../../cardreader/layouts/index';
import { SimulatedPlug } from '../../cardreader/simulator/in-process-transport';
import { SimulatedSam } from '../../cardreader/simulator/simulated-sam';
import { KioskAgent } from '../../kiosk/agent/kiosk-agent';
import { hashDeviceToken } from '../../server/app/passwords';
import type { HallConfig, HallIdentityRules } from '../../server/core/model';
import type { CardState } from '../../server/realtime/contract';
import { connect, startTestServer, waitFor, type Client, type TestServer } from './server';
import { TOKENS, testHall } from './test-hall';

export const AGENT_TOKEN = 'test-agent-token-card-K1';
/** 2026-06-03 10:00 in Shanghai (UTC+8): the server's clock starts here and runs on. */
export const CARD_HALL_START = Date.UTC(2026, 5, 3, 2, 0);
export const CARD_HALL_TODAY = '2026-06-03';

export interface CardHall {
	server: TestServer;
	sam: SimulatedSam;
	plug: SimulatedPlug;
	agent: KioskAgent;
	kiosk: Client;
	agentLog: string[];
	/** Every card state the kiosk was sent, in order. */
	states: CardState[];
	/** Places a card and resolves with what the kiosk is told. */
	present(card: CardIdentity): Promise<Extract<CardState, { state: 'read' }>>;
	/** Takes the card away and resolves once the kiosk is told. */
	takeAway(): Promise<void>;
	nextState(pred: (s: CardState) => boolean, ms?: number): Promise<CardState>;
	/** Moves the server's clock forward (card reads expire after 5 minutes). */
	advance(ms: number): void;
	close(): Promise<void>;
}

/** The test hall with an agent for K1; S3 (prefix C) requires identity. */
export function cardHallConfig(identity?: HallIdentityRules): HallConfig {
	const hall = testHall();
	hall.services = hall.services.map((s) => (s.code === 'S3' ? { ...s, requiresIdentity: true } : s));
	hall.devices.push({ id: 'A1', kind: 'agent', kiosk: 'K1', name: { zh: '1号取号机代理', en: 'Kiosk 1 agent' }, tokenHash: hashDeviceToken(AGENT_TOKEN) });
	if (identity) hall.identity = identity;
	return hall;
}

export async function startCardHall(
	o: { identity?: HallIdentityRules; logger?: Logger; dir?: string; env?: Record<string, string> } = {}
): Promise<CardHall> {
	const startedAt = Date.now();
	let skew = 0;
	const clock = { now: () => CARD_HALL_START + (Date.now() - startedAt) + skew };
	const server = await startTestServer([cardHallConfig(o.identity)], { clock, logger: o.logger, dir: o.dir, env: o.env });
	const sam = new SimulatedSam({ chunking: { kind: 'fixed', size: 64 } });
	const plug = new SimulatedPlug(sam);
	const agentLog: string[] = [];
	const reader = new CardReader({ open: plug.open, reconnectInitialMs: 100, reconnectMaxMs: 400 });
	const agent = new KioskAgent({ server: server.url, token: AGENT_TOKEN, reader, log: (m) => agentLog.push(m) });
	const kiosk = await connect(server.url, { token: TOKENS.kiosk });
	const states: CardState[] = [];
	kiosk.on('card:state', (s) => states.push(s));
	const connected = new Promise<void>((resolve) => {
		const check = setInterval(() => {
			if (agentLog.includes('connected')) {
				clearInterval(check);
				resolve();
			}
		}, 20);
	});
	agent.start();
	await connected;
	const nextState = (pred: (s: CardState) => boolean, ms = 8000) => waitFor<CardState>(kiosk, 'card:state', pred, ms);
	return {
		server,
		advance: (ms: number) => {
			skew += ms;
		},
		sam,
		plug,
		agent,
		kiosk,
		agentLog,
		states,
		nextState,
		async present(card) {
			const read = nextState((s) => s.state === 'read');
			sam.insert(card);
			return (await read) as Extract<CardState, { state: 'read' }>;
		},
		async takeAway() {
			const removed = nextState((s) => s.state === 'removed');
			sam.remove();
			await removed;
		},
		async close() {
			kiosk.close();
			await agent.stop();
			await server.close();
		}
	};
}

/** "YYYY-MM-DD" `years` before `day`, moved by `days` (the day after: one day short of the age). */
export function birthDateBefore(day: string, years: number, days = 0): string {
	const [y, m, d] = day.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y - years, m - 1, d + days)).toISOString().slice(0, 10);
}
