/**
 * ID cards at the kiosks of a simulated day, through the real path: each kiosk has an agent (a
 * device of role `agent`, connected like the kiosk PC's agent would be) that sends `card:read` with
 * the card in clear; the server answers the kiosk, on whichever process it is connected to, with
 * `card:state` carrying a signed identity token, which the kiosk sends back in `ticket:issue`.
 * The cards are the reader simulator's fictitious people (day-plan.ts).
 */
import { hashDeviceToken } from '../../server/app/passwords';
import { displayName, type CardIdentity } from '../../cardreader/layouts/index';
import { cardReadOf } from '../../kiosk/agent/card-relay';
import { maskIdNumber, maskName } from '../../server/core/privacy';
import type { HallConfig } from '../../server/core/model';
import type { CardState } from '../../server/realtime/contract';
import { beforeDeadline, FailoverClient } from '../../tests/support/failover-client';

/** How long a kiosk waits for its card read to come back before the card is placed again (real ms). */
const TOLD_WITHIN_MS = 3000;

export const agentToken = (kiosk: string) => `bench-agent-${kiosk}`;

/** The hall with one agent per kiosk (token `bench-agent-<kiosk>`), as a kiosk PC with a card reader has. */
export function hallWithAgents(hall: HallConfig): HallConfig {
	const copy = structuredClone(hall);
	for (const k of hall.devices.filter((d) => d.kind === 'kiosk')) {
		if (hall.devices.some((d) => d.kind === 'agent' && d.kiosk === k.id)) continue;
		copy.devices.push({ id: `agent-${k.id}`, kind: 'agent', kiosk: k.id, name: { zh: `${k.name.zh}代理`, en: `${k.name.en} agent` }, tokenHash: hashDeviceToken(agentToken(k.id)) });
	}
	return copy;
}

export interface CardReadStats {
	/** `card:read` sent by the agents. */
	sent: number;
	/** Reads the kiosk was not told of in time (the card was placed again). */
	notTold: number;
	/** Issues refused because the read had expired meanwhile (IDENTITY.INVALID): the card was read again. */
	expired: number;
	/** Visitors who gave up at the reader (no read came back before the deadline). */
	gaveUp: number;
}

/** Reads the card on the reader: the identity token of a fresh read, or null when none came back before the deadline. */
export type CardRead = () => Promise<string | null>;

/**
 * The card readers of the hall's kiosks: an agent client per kiosk device, and what the kiosk
 * clients were told. Two kiosk clients may share a device (one reader): a visitor holds its reader
 * from placing the card until the ticket is answered, as at a real kiosk.
 */
export class KioskCardReaders {
	readonly stats: CardReadStats = { sent: 0, notTold: 0, expired: 0, gaveUp: 0 };
	readonly agents = new Map<string, FailoverClient>();
	private readonly waiting = new Map<string, Set<(s: CardState) => void>>();
	private readonly busy = new Map<string, Promise<unknown>>();

	constructor(urls: () => string[], kiosks: string[]) {
		kiosks.forEach((k, i) => this.agents.set(k, new FailoverClient(urls, { token: agentToken(k) }, i)));
	}

	/** To be called with every `card:state` a client of kiosk device `kiosk` is pushed. */
	told(kiosk: string, state: CardState): void {
		for (const w of this.waiting.get(kiosk) ?? []) w(state);
	}

	/**
	 * Once the reader of `kiosk` (whose page is `page`) is free, the visitor places `card` on it and
	 * keeps it there while `use` runs, for `ms` at most; `use` gets a function that reads the card
	 * (again) and gives its token, and the deadline (epoch ms).
	 */
	async withCard<T>(kiosk: string, page: FailoverClient, card: CardIdentity, ms: number, use: (read: CardRead, deadline: number) => Promise<T>): Promise<T> {
		const before = this.busy.get(kiosk) ?? Promise.resolve();
		const mine = before
			.catch(() => undefined)
			.then(() => {
				const deadline = Date.now() + ms;
				return use(() => this.read(kiosk, page, card, deadline), deadline);
			});
		this.busy.set(kiosk, mine);
		try {
			return await mine;
		} finally {
			if (this.busy.get(kiosk) === mine) this.busy.delete(kiosk);
		}
	}

	/** Reads the card until the kiosk is told of it (matched by its masked forms), or null after the deadline. */
	private async read(kiosk: string, page: FailoverClient, card: CardIdentity, deadline: number): Promise<string | null> {
		const agent = this.agents.get(kiosk);
		if (!agent) throw new Error(`no agent for kiosk ${kiosk}`);
		const masked = maskIdNumber(card.idNumber);
		const holder = maskName(displayName(card));
		while (Date.now() < deadline) {
			// The page must be connected (in its kiosk's room) when the read is relayed.
			const connected = await beforeDeadline(page.connected(), deadline, () => new Error('kiosk not connected')).then(
				() => true,
				() => false
			);
			if (!connected) break;
			let stop = () => undefined as void;
			const told = new Promise<string | null>((resolve) => {
				const timer = setTimeout(() => resolve(null), Math.min(TOLD_WITHIN_MS, Math.max(0, deadline - Date.now())));
				const waiter = (s: CardState) => {
					if (s.state === 'read' && s.identityMasked === masked && s.holderMasked === holder) resolve(s.token);
				};
				const set = this.waiting.get(kiosk) ?? new Set();
				set.add(waiter);
				this.waiting.set(kiosk, set);
				stop = () => {
					clearTimeout(timer);
					set.delete(waiter);
				};
			});
			this.stats.sent++;
			const sent = await agent.call('card:read', cardReadOf(card), deadline).catch(() => null);
			const token = sent?.ok ? await told : null;
			stop();
			if (token) return token;
			this.stats.notTold++;
		}
		this.stats.gaveUp++;
		return null;
	}

	close(): void {
		for (const a of this.agents.values()) a.close();
	}
}
