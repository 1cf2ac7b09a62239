import type { ParsedPayload, RequestEvent, RequestResults, SocketData } from './contract';

/**
 * Registers the handler of one request (handlers.ts `on`): the role check, the payload parsed with
 * the contract's schema of that event, one answer. The event names the payload and result types, so
 * a handler of the wrong payload or result does not compile (tests/types/contract-types.ts).
 */
export type On = <E extends RequestEvent>(event: E, roles: readonly SocketData['role'][], handle: (payload: ParsedPayload<E>) => Promise<RequestResults[E]>) => void;
