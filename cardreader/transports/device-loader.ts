/**
 * Native USB packages are loaded only when a reader of their kind is opened, so a kiosk with a
 * serial reader (or a test) never needs them, and a missing one is a coded error, not a crash.
 */
import { CardReaderError } from '../status-words';

/** Loads a native package, turning any failure into CARD.DRIVER_MISSING with what to do about it. */
export async function loadDriver<T>(name: string, load: () => Promise<T>): Promise<T> {
	try {
		return await load();
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		const hint = /libusb/i.test(reason) ? 'install Debian\'s libusb-1.0-0' : `run npm install (the ${name} package and its prebuilt binary)`;
		throw new CardReaderError('CARD.DRIVER_MISSING', `cannot load ${name}: ${reason}; ${hint}`);
	}
}

export function hexId(vendorId: number, productId: number): string {
	const h = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
	return `${h(vendorId)}:${h(productId)}`;
}

export function noReader(kind: string, vendorId: number, productId: number, detail: string): CardReaderError {
	return new CardReaderError(
		'CARD.NO_READER',
		`no ${kind} reader ${hexId(vendorId, productId)} can be opened (${detail}); is it plugged in, and may this user open it (udev rule, docs/hardware.md)?`
	);
}
