/**
 * Pages after a deploy (docs/protocol.md "Versions and deploys"): every handshake says the page's
 * protocol version and build; a server of another build says so in `server:hello`, and the page
 * reloads itself at its next quiet moment to get the new pages (a board keeps its last sequence in
 * localStorage and replays what it missed); a server that no longer speaks the page's protocol
 * refuses it with PROTOCOL.UNSUPPORTED, and the page reloads with a growing pause.
 */
import { dev, version } from '$app/environment';
import type { ClientVersion, ProtocolVersion, ServerHello } from '$contract';

/** Typed by the contract: when the server's version changes, this line stops compiling until it does too. */
export const PROTOCOL_VERSION: ProtocolVersion = 1;

export const CLIENT_VERSION: ClientVersion = { protocol: PROTOCOL_VERSION, build: version };

const RELOADS_KEY = 'hallq-reloads';
/** A build mismatch that reloading does not cure (a misconfigured server): give up after this many. */
const MAX_BUILD_RELOADS = 6;

function reloadsSoFar(): number {
	try {
		return Number(sessionStorage.getItem(RELOADS_KEY) ?? '0') || 0;
	} catch {
		return 0;
	}
}

/** A reload is on its way (or waits for a quiet moment): the hellos and refusals of reconnections add nothing. */
let reloading = false;

function reloadAfterPause(): void {
	const n = reloadsSoFar();
	try {
		sessionStorage.setItem(RELOADS_KEY, String(n + 1));
	} catch {
		/* storage off: reload anyway */
	}
	// 1 s, 2 s, 4 s … at most a minute: a fleet of kiosks does not reload in one instant either.
	const pause = Math.min(60_000, 1000 * 2 ** n) * (0.5 + Math.random() / 2);
	setTimeout(() => location.reload(), pause);
}

/** What to do on the server's hello: nothing for the same build; else reload once `quiet()`. */
export function onServerHello(hello: ServerHello, quiet: () => boolean): void {
	if (dev || hello.build === 'dev') return;
	if (hello.build === version) {
		try {
			sessionStorage.removeItem(RELOADS_KEY);
		} catch {
			/* nothing kept */
		}
		return;
	}
	if (reloading || reloadsSoFar() >= MAX_BUILD_RELOADS) return;
	reloading = true;
	const attempt = () => (quiet() ? reloadAfterPause() : setTimeout(attempt, 2000));
	attempt();
}

/** What to do when the server refuses the page's protocol: reload, with a growing pause. */
export function onProtocolRefused(): void {
	if (reloading) return;
	reloading = true;
	reloadAfterPause();
}
