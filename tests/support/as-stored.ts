/**
 * A value as a store keeps it (a JSON round trip: undefined fields gone), for comparing states by
 * value with `toStrictEqual` or `isDeepStrictEqual`. Never compare serialisations: the key order of
 * a hall-day state depends on its history (folded from the first event or loaded from a snapshot)
 * and means nothing.
 */
export function asStored<T>(value: T): unknown {
	return JSON.parse(JSON.stringify(value)) as unknown;
}
