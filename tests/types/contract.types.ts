/**
 * Type tests of the socket contract, checked by `npm run check` (svelte-check): each
 * `@ts-expect-error` line must fail to compile, or the check fails with "unused directive".
 * Nothing here runs.
 */
import { request, requestRetrying, type HallSocket } from '$lib/client/socket';
import type { Catalog, ConsoleState, IssuedTicketView } from '$contract';
import type { On } from '../../server/realtime/on';

declare const on: On;
declare const socket: HallSocket;
declare const catalog: Catalog;
declare const consoleState: ConsoleState;

export function handlers(): void {
	on('kiosk:catalog', ['kiosk'], async () => catalog);
	on('ticket:callNext', ['staff'], async (p) => (p.requestId === '' ? consoleState : consoleState));
	// @ts-expect-error an event the contract does not have
	on('kiosk:catalogue', ['kiosk'], async () => catalog);
	// @ts-expect-error a console command answers a ConsoleState, not the catalog
	on('ticket:callNext', ['staff'], async () => catalog);
	// @ts-expect-error a board's report answers null
	on('board:report', ['display'], async () => true);
	// @ts-expect-error ticket:issue's payload has no counter
	on('ticket:issue', ['kiosk'], async (p) => (p.counter ? catalog : catalog));
	// @ts-expect-error the parsed payload's requestId is a string
	on('ticket:finish', ['staff'], async (p) => (p.requestId > 1 ? consoleState : consoleState));
	// @ts-expect-error not a role
	on('kiosk:catalog', ['clerk'], async () => catalog);
}

export async function clientCalls(): Promise<void> {
	const got: Catalog = await request(socket, 'kiosk:catalog', {});
	const ticket: IssuedTicketView = await request(socket, 'ticket:issue', { requestId: 'abcdefgh', service: 'S1' });
	const retried: ConsoleState = await requestRetrying(socket, 'ticket:callNext', { requestId: 'abcdefgh' }, { attempts: 2, timeoutMs: 1, reconnectWaitMs: 1, backoffMs: 1 });
	// @ts-expect-error the catalog is not a ConsoleState
	const wrong: ConsoleState = await request(socket, 'kiosk:catalog', {});
	// @ts-expect-error an event the contract does not have
	await request(socket, 'kiosk:catalogue', {});
	// @ts-expect-error ticket:issue needs a request id
	await request(socket, 'ticket:issue', { service: 'S1' });
	// @ts-expect-error a service is a code (string)
	await request(socket, 'ticket:issue', { requestId: 'abcdefgh', service: 1 });
	// @ts-expect-error a field the contract does not have
	await request(socket, 'ticket:callNext', { requestId: 'abcdefgh', urgent: true });
	// @ts-expect-error the answer of rating:submit has no ticket view
	const rated: IssuedTicketView = await requestRetrying(socket, 'rating:submit', { requestId: 'abcdefgh', ticket: 'A001', overall: 5, efficiency: 5, level: 5, attitude: 5 }, { attempts: 2, timeoutMs: 1, reconnectWaitMs: 1, backoffMs: 1 });
	void [got, ticket, retried, wrong, rated];
}
